"""Benchmarks of nwx-schema against the usual tools: data generator and runner.

Run ``python benchmarks/run.py`` (see ``benchmarks/README.md``).
"""
