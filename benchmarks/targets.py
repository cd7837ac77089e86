"""The goals of the issues, each measured side by side in one run of a set: ratios of
wall time (with the same ratio on CPU time beside), speed-ups and peak memory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from benchmarks.answers import FORMATS
from benchmarks.plan import CLEAN_TOOL


@dataclass(frozen=True, slots=True)
class Target:
    """One goal of the issue, measured side by side in one run."""

    label: str
    set: str
    task: str
    measure: str  # "ratio" (nwx / other, wall), "speedup" (other / nwx), "peak" (MiB), "jobs"
    other: str | None
    op: str  # "<=" or ">="
    goal: float
    tool: str | None = None  # the nwx-schema row measured (default: the task's first one)


def _findings_targets() -> tuple[Target, ...]:
    """1M records with ~630k warnings, every output format: wall time beside the clean
    document's ``-o json``, and peak memory."""
    targets = []
    for fmt, memory in (("XML", 64.0), ("JSON", 128.0)):
        task = f"warnings-{fmt.lower()}"
        for out in FORMATS:
            tool = f"nwx-schema validate -o {out}"
            targets.append(
                Target(
                    f"1M records, ~630k warnings, {fmt} `-o {out}` ÷ clean document `-o json` (wall)",
                    "1m-findings",
                    task,
                    "ratio",
                    CLEAN_TOOL,
                    "<=",
                    1.5,
                    tool,
                )
            )
        targets += [
            Target(
                f"Peak memory, 1M records, ~630k warnings, {fmt} `-o {out}` (MiB)",
                "1m-findings",
                task,
                "peak",
                None,
                "<=",
                memory,
                f"nwx-schema validate -o {out}",
            )
            for out in FORMATS
        ]
    return tuple(targets)


TARGETS: Final = (
    Target(
        "XML validation, 100k records: nwx-schema ÷ `xmllint --noout --stream --schema` (wall)",
        "100k",
        "validate-xml",
        "ratio",
        "xmllint --noout --stream --schema",
        "<=",
        1.0,
    ),
    Target(
        "JSON validation, 100k records: nwx-schema ÷ jsonschema-rs (whole process)",
        "100k",
        "validate-json",
        "ratio",
        "jsonschema-rs (validate_formats=True)",
        "<=",
        1.5,
    ),
    Target(
        "JSON validation, 100k records: check-jsonschema ÷ nwx-schema",
        "100k",
        "validate-json",
        "speedup",
        "check-jsonschema --schemafile",
        ">=",
        10.0,
    ),
    Target(
        "XML -> JSON, 100k records: xmltodict ÷ nwx-schema",
        "100k",
        "x2j",
        "speedup",
        "xmltodict.parse + orjson.dumps",
        ">=",
        2.0,
    ),
    Target(
        "JSON -> XML, 100k records: xmltodict ÷ nwx-schema",
        "100k",
        "j2x",
        "speedup",
        "orjson.loads + xmltodict.unparse",
        ">=",
        2.0,
    ),
    Target("Peak memory, XML validation of 1M records (MiB)", "1m", "validate-xml", "peak", None, "<=", 64.0),
    Target("Peak memory, XML -> JSON of 1M records (MiB)", "1m", "x2j", "peak", None, "<=", 64.0),
    Target(
        "Peak memory, JSON validation of 1M records (MiB)", "1m", "validate-json", "peak", None, "<=", 128.0
    ),
    Target("Peak memory, JSON -> XML of 1M records (MiB)", "1m", "j2x", "peak", None, "<=", 128.0),
    Target(
        "One-record JSON file: nwx-schema validate ÷ check-jsonschema (wall)",
        "one",
        "one-json",
        "ratio",
        "check-jsonschema --schemafile",
        "<=",
        0.5,
    ),
    Target(
        "200 files x 1,000 records: `--jobs 1` ÷ `--jobs 2` (speed-up)",
        "many",
        "jobs",
        "jobs",
        None,
        ">=",
        1.6,
    ),
    Target(
        "XML validation, 100k records, 1 % invalid: nwx-schema ÷ `xmllint --noout --stream --schema` (wall)",
        "100k-findings",
        "invalid-1pct-xml",
        "ratio",
        "xmllint --noout --stream --schema",
        "<=",
        1.5,
    ),
    Target(
        "JSON validation, 100k records, 1 % invalid: nwx-schema ÷ jsonschema-rs listing every error (wall)",
        "100k-findings",
        "invalid-1pct-json",
        "ratio",
        "jsonschema-rs (validate_formats=True)",
        "<=",
        2.0,
    ),
    *_findings_targets(),
)
