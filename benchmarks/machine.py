"""The machine and tool versions a run measured, and the chores around a run (page
cache, bytecode caches, installing the comparison tools)."""

from __future__ import annotations

import contextlib
import importlib.metadata
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import IO, Any, Final

from benchmarks.plan import HERE, ROOT, Tools

#: Distribution name -> label in the machine table.
PACKAGES: Final = (
    "nwx-schema",
    "lxml",
    "orjson",
    "xmlschema",
    "jsonschema",
    "check-jsonschema",
    "fastjsonschema",
    "jsonschema-rs",
    "xmltodict",
)


def dumps(value: Any) -> str:
    """One compact JSON line."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return ""


def _cpu() -> str:
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _memory() -> str:
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    return "?"


def _os() -> str:
    for line in _read("/etc/os-release").splitlines():
        if line.startswith("PRETTY_NAME="):
            return line.split("=", 1)[1].strip('"') + f", kernel {platform.release()}"
    return platform.platform()


def _command(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return (
        (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else "?"
    )


def _libxml2() -> str:
    try:
        from lxml import etree
    except ImportError:
        return "?"
    return ".".join(map(str, etree.LIBXML_VERSION))


def describe(code: str) -> dict[str, str]:
    """CPU, cores, memory, OS, Python, the nwx-schema code measured and the versions of
    every measured tool."""
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    return {
        "CPU": f"{_cpu()}, {os.cpu_count()} logical CPUs",
        "memory": _memory(),
        "OS": _os(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}",
        "nwx-schema measured": code,
        "xmllint": _command(["xmllint", "--version"]).replace("xmllint: ", ""),
        "libxml2 in lxml": _libxml2(),
        "packages": ", ".join(versions),
    }


def snapshot(ref: str, directory: Path) -> tuple[Path, str]:
    """Export ``nwx_schema/`` and ``schemas/`` of commit ``ref`` to ``directory/<sha>``
    (once), so that a run measures exactly that commit whatever happens in the working
    tree meanwhile. Returns the directory (for ``PYTHONPATH``) and a description.

    Raises:
        OSError: ``ref`` is not a commit of the repository.
    """
    sha = _command(["git", "rev-parse", "--short=12", "--verify", f"{ref}^{{commit}}"])
    if sha in ("", "?") or " " in sha:
        raise OSError(f"not a commit: {ref}")
    target = directory / sha
    if not (target / "nwx_schema" / "__init__.py").exists():
        tmp = directory / f"{sha}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", sha, "nwx_schema", "schemas"], capture_output=True, cwd=ROOT, check=True
        )
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            if hasattr(tarfile, "data_filter"):  # Python 3.10.12+, 3.11.4+
                tar.extractall(tmp, filter="data")
            else:  # pragma: no cover - git's own archive of the repository
                tar.extractall(tmp)
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
    last = _command(["git", "log", "-1", "--format=%h %cI %s", sha, "--", "nwx_schema", "schemas"])
    return target, f"{last[:110]} (last change to nwx_schema/ or schemas/ in commit {sha})"


def worktree() -> str:
    """What the working tree holds: its commit, and whether nwx_schema/ has changes on top."""
    commit = _command(["git", "rev-parse", "--short=12", "HEAD"])
    dirty = _command(["git", "status", "--porcelain", "--", "nwx_schema", "schemas"])
    return f"working tree at {commit}" + (
        " with uncommitted changes in nwx_schema/ or schemas/" if dirty not in ("", "?") else ""
    )


def load() -> str:
    """The 1-, 5- and 15-minute load averages (the machine may be shared)."""
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def documents(manifest: dict[str, Any], set_: str) -> str:
    """What the documents of a set weigh, e.g. ``input: XML 68.3 MB, JSON 42.5 MB``."""
    files = manifest.get("sets", {}).get(set_, {})
    if set_ == "many":
        total = sum(f["bytes"] for f in files.values())
        return f"{len(files)} files, {total / 1e6:.1f} MB in all"
    sizes = [
        f"{name} {info['bytes'] / 1e6:.1f} MB"
        for name, info in sorted(files.items())
        if not name.endswith(".expected.json")  # the findings the generator expects
    ]
    return ", ".join(sizes)


def warm_caches(data: Path, sets: list[str], tools: Tools, env: dict[str, str]) -> None:
    """Read every document once (the page cache) and start each tool once (bytecode caches),
    so that the first timed process is not penalised."""
    for set_ in sets:
        for path in sorted((data / set_).glob("*.*")):
            with open(path, "rb") as handle:
                while handle.read(1 << 24):
                    pass
    for argv in (
        [str(tools.bin / "nwx-schema"), "--help"],
        [tools.python, str(HERE / "cases.py"), "warm", "-", "-"],
    ):
        with contextlib.suppress(OSError):  # a missing tool: its cases are skipped and reported
            subprocess.run(
                argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, check=False, env=env
            )


def install_requirements(log: IO[str]) -> None:
    """``pip install -r benchmarks/requirements.txt`` into the running interpreter's venv."""
    print("installing the comparison tools (benchmarks/requirements.txt) ...", file=log, flush=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "-r", str(HERE / "requirements.txt")], check=True
    )
