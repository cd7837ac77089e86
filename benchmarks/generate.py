"""Deterministic generator of realistic Activity Records documents for the benchmarks.

usage: python benchmarks/generate.py [--sets one,small,1k,100k,1m,many,...] [--out DIR] [--force]

Every document is written in both formats from the same records, in one streamed pass
(a million records need no more memory than one): XML pretty-printed with 2-space
indentation in the API namespace, JSON compact in the API's JSON shape. The same seed
always gives the same bytes. Sets (under ``benchmarks/data`` by default):

- ``one``: ``input.xml|json``, one record (the per-call start-up case);
- ``small``: ``search``, ``continuation`` and ``errors`` documents;
- ``1k``, ``100k``, ``1m``: ``input`` and ``output`` documents of that many records, and
  ``input-findings`` (the input records with six seeded errors, for the "with findings" rows);
- ``many``: 200 input documents of 1,000 records, half XML and half JSON (``--jobs``);
- ``1k-findings``, ``100k-findings``: the clean ``input`` of that size and the same records
  with findings (``benchmarks/findings.py``): ``input-warnings`` (the warnings mix: 20 %
  without MonitoringPlan, 40 % without Item, 3 % with DataSource, drawn independently),
  ``input-invalid-1pct`` and ``input-invalid-10pct`` (that share of the records broken by
  one mistake each, on top of the warnings mix); ``1m-findings``: ``input`` and
  ``input-warnings`` of 1M records; ``1m-invalid``: the two invalid documents of 1M records.
  Beside each document, ``NAME.expected.json``: the report nwx-schema must give, computed
  from what was broken.

A set is regenerated only when missing or made by another version of the generator
(``manifest.json`` records a fingerprint of its sources: this file, ``records.py`` and
``values.py``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

import orjson

if __package__ in (None, ""):  # run as a script: make the benchmarks package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.findings import Breaker, expected_report
from benchmarks.records import SEEDED_ERRORS, Record, RecordMaker, record_xml, seeded_positions, xml_text

NS: Final = "http://schemas.netwrix.com/api/v1/activity_records/"
NS_ERRORS: Final = "http://schemas.netwrix.com/api/v1/"
SEED: Final = "nwx-schema-benchmarks-1"
HERE: Final = Path(__file__).resolve().parent
DEFAULT_OUT: Final = HERE / "data"
MANY_FILES: Final = 200
MANY_RECORDS: Final = 1_000

#: Record-set name -> number of records.
SIZES: Final[dict[str, int]] = {"1k": 1_000, "100k": 100_000, "1m": 1_000_000}
#: Findings documents: stem -> share of the records broken by a mistake (the warnings
#: mix is on every record of them); ``input`` is the clean document they are compared with.
FINDINGS: Final[dict[str, float]] = {
    "input-warnings": 0.0,
    "input-invalid-1pct": 0.01,
    "input-invalid-10pct": 0.10,
}
#: Findings sets: name -> (the size whose records they break, their documents).
FINDINGS_SETS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "1k-findings": ("1k", ("input", *FINDINGS)),
    "100k-findings": ("100k", ("input", *FINDINGS)),
    "1m-findings": ("1m", ("input", "input-warnings")),
    "1m-invalid": ("1m", ("input-invalid-1pct", "input-invalid-10pct")),
}
SETS: Final = ("one", "small", *SIZES, "many", *FINDINGS_SETS)


@dataclass(frozen=True, slots=True)
class Written:
    """What one document holds."""

    path: Path
    records: int
    bytes: int


def write_records(
    directory: Path,
    stem: str,
    records: int,
    *,
    kind: str = "input",
    seed: str = SEED,
    findings: bool = False,
    formats: tuple[str, ...] = ("xml", "json"),
    breaker: Breaker | None = None,
) -> list[Written]:
    """Write ``stem.xml`` and ``stem.json`` (the same records) in one streamed pass.

    ``findings`` seeds the six errors of :data:`SEEDED_ERRORS` at
    :func:`seeded_positions`; ``breaker`` applies its warnings mix and mistakes, and the
    report nwx-schema must give is written beside each document as
    ``stem.FORMAT.expected.json`` (see :func:`benchmarks.findings.expected_report`);
    otherwise every document is valid for nwx-schema.
    """
    directory.mkdir(parents=True, exist_ok=True)
    maker = RecordMaker(seed, kind)
    output = kind == "output"
    mark = maker.continuation_mark() if output else None
    faults = dict(zip(seeded_positions(records), SEEDED_ERRORS, strict=False)) if findings else {}
    paths = {fmt: directory / f"{stem}.{fmt}" for fmt in formats}
    temps = {fmt: path.with_name(path.name + ".tmp") for fmt, path in paths.items()}
    with _open_all(temps) as files:
        xml, jsn = files.get("xml"), files.get("json")
        if xml is not None:
            xml.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<ActivityRecordList xmlns="{NS}">\n'.encode())
            if mark is not None:
                xml.write(f"  <ContinuationMark>{mark}</ContinuationMark>\n".encode())
        if jsn is not None:
            jsn.write(b'{"ActivityRecordList":[' if output else b"[")
        for index, rec in enumerate(_records(maker, records)):
            fault = faults.get(index)
            if fault is not None:
                fault(rec)
            if breaker is not None:
                breaker.apply(index, rec)
            if xml is not None:
                xml.write(record_xml(rec, output).encode())
            if jsn is not None:
                jsn.write(b"," + orjson.dumps(rec) if index else orjson.dumps(rec))
        if xml is not None:
            xml.write(b"</ActivityRecordList>\n")
        if jsn is not None:
            jsn.write(b"]" if mark is None else b'],"ContinuationMark":' + orjson.dumps(mark) + b"}")
    written = []
    for fmt, path in paths.items():
        os.replace(temps[fmt], path)
        written.append(Written(path, records, path.stat().st_size))
    if breaker is not None:
        for document in list(written):
            expected = document.path.with_name(document.path.name + ".expected.json")
            report = expected_report(breaker.found, document.records, document.bytes)
            expected.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            written.append(Written(expected, 0, expected.stat().st_size))
    return written


def _records(maker: RecordMaker, count: int) -> Iterator[Record]:
    for index in range(count):
        yield maker.record(index)


class _open_all:  # noqa: N801 - used as a context manager, like open()
    """Open several files for binary writing (1 MiB buffers) and close them all."""

    def __init__(self, paths: dict[str, Path]) -> None:
        self.paths = paths
        self.files: dict[str, IO[bytes]] = {}

    def __enter__(self) -> dict[str, IO[bytes]]:
        for fmt, path in self.paths.items():
            self.files[fmt] = open(path, "wb", buffering=1 << 20)
        return self.files

    def __exit__(self, *exc: object) -> None:
        for handle in self.files.values():
            handle.close()


# --- small documents ------------------------------------------------------------------

#: Search filters as (name, operator or None, value); When/WorkingHours values are dicts.
SEARCH_FILTERS: Final[tuple[tuple[str, str | None, Any], ...]] = (
    ("Who", "InGroup", "CORP\\Domain Admins"),
    ("Who", None, "józef.müller"),
    ("DataSource", None, "Active Directory"),
    ("DataSource", "StartsWith", "Exchange"),
    ("MonitoringPlan", "NotEqualTo", "SQL & SharePoint"),
    ("What", "Contains", "\\\\fs01.corp.example.com\\研究開発"),
    ("Action", None, "Added"),
    ("Action", None, "Removed"),
    ("When", None, {"LastSevenDays": ""}),
    ("When", None, {"From": "2024-05-01T00:00:00Z", "To": "2024-05-08T00:00:00+02:00"}),
    ("WorkingHours", "NotEqualTo", {"From": "09:00:00Z", "To": "17:00:00Z"}),
)
ERRORS: Final = (
    ("XMLError", "0xC00CE56D End tag 'DataSource' does not match the start tag 'Who'.", "Line 5, Column 12"),
    ("InputError", "Invalid count parameter specified. 0x80040204", None),
    ("ServerError", "Cannot connect to SQL Server <sql01\\PROD> & retry later.", None),
)


def search_documents(mark: str) -> tuple[str, bytes]:
    """The search parameters (every filter shape, a continuation mark) in XML and JSON."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<ActivityRecordSearch xmlns="{NS}">',
        f"  <ContinuationMark>{mark}</ContinuationMark>",
        "  <FilterList>",
    ]
    grouped: dict[str, list[Any]] = {}
    for name, operator, value in SEARCH_FILTERS:
        attribute = f' Operator="{operator}"' if operator else ""
        if isinstance(value, dict):
            inner = "".join(f"<{k}/>" if v == "" else f"<{k}>{xml_text(v)}</{k}>" for k, v in value.items())
            lines.append(f"    <{name}{attribute}>{inner}</{name}>")
        else:
            lines.append(f"    <{name}{attribute}>{xml_text(value)}</{name}>")
        grouped.setdefault(name, []).append({operator: value} if operator else value)
    lines += ["  </FilterList>", "</ActivityRecordSearch>", ""]
    filters = {name: values[0] if len(values) == 1 else values for name, values in grouped.items()}
    return "\n".join(lines), orjson.dumps({"ContinuationMark": mark, "FilterList": filters})


def errors_documents() -> tuple[str, bytes]:
    """An error list (three categories, one without Location) in XML and JSON."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<ErrorList xmlns="{NS_ERRORS}">']
    items = []
    for category, description, location in ERRORS:
        lines += [
            "  <Error>",
            f"    <Category>{category}</Category>",
            f"    <Description>{xml_text(description)}</Description>",
        ]
        item = {"Category": category, "Description": description}
        if location is not None:
            lines.append(f"    <Location>{xml_text(location)}</Location>")
            item["Location"] = location
        lines.append("  </Error>")
        items.append(item)
    lines += ["</ErrorList>", ""]
    return "\n".join(lines), orjson.dumps({"ErrorList": items})


def write_small(directory: Path, seed: str = SEED) -> list[Written]:
    """Write ``search``, ``continuation`` and ``errors`` documents, XML and JSON."""
    directory.mkdir(parents=True, exist_ok=True)
    mark = RecordMaker(f"{seed}/small", "output").continuation_mark()
    search_xml, search_json = search_documents(mark)
    errors_xml, errors_json = errors_documents()
    contents: dict[str, bytes] = {
        "search.xml": search_xml.encode(),
        "search.json": search_json,
        "continuation.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ContinuationMark xmlns="{NS}">{mark}</ContinuationMark>\n'
        ).encode(),
        "continuation.json": orjson.dumps(mark),
        "errors.xml": errors_xml.encode(),
        "errors.json": errors_json,
    }
    written = []
    for name, data in contents.items():
        path = directory / name
        path.write_bytes(data)
        written.append(Written(path, 0, len(data)))
    return written


# --- sets and manifest ----------------------------------------------------------------


def generate_set(name: str, out: Path, seed: str = SEED) -> list[Written]:
    """Write one named set (see the module docstring) under ``out/name``."""
    directory = out / name
    if name == "one":
        return write_records(directory, "input", 1, seed=f"{seed}/one/input")
    if name == "small":
        return write_small(directory, seed)
    if name == "many":
        written = []
        for index in range(MANY_FILES):
            fmt = "xml" if index % 2 == 0 else "json"
            written += write_records(
                directory, f"{index:04d}", MANY_RECORDS, seed=f"{seed}/many/{index}", formats=(fmt,)
            )
        return written
    if name in FINDINGS_SETS:
        return write_findings(directory, name, seed)
    if name not in SIZES:
        raise ValueError(f"unknown set {name!r}: choose from {', '.join(SETS)}")
    records = SIZES[name]
    written = write_records(directory, "input", records, seed=f"{seed}/{name}/input")
    written += write_records(directory, "input-findings", records, seed=f"{seed}/{name}/input", findings=True)
    written += write_records(directory, "output", records, kind="output", seed=f"{seed}/{name}/output")
    return written


def write_findings(directory: Path, name: str, seed: str = SEED, records: int | None = None) -> list[Written]:
    """Write the documents of one findings set: the records of the clean ``input`` of its
    size (the same seed, so the same bytes), broken by a :class:`Breaker` whose warnings
    mix is the same in every document of the set (``records``: another size, for tests)."""
    size, stems = FINDINGS_SETS[name]
    records = SIZES[size] if records is None else records
    written = []
    for stem in stems:
        share = FINDINGS.get(stem)
        breaker = Breaker(f"{seed}/{size}", records, share or 0.0, warnings=share is not None)
        written += write_records(directory, stem, records, seed=f"{seed}/{size}/input", breaker=breaker)
    return written


def fingerprint() -> str:
    """Changes whenever the generator's sources change (stale data is regenerated)."""
    digest = hashlib.sha256()
    for name in ("generate.py", "records.py", "values.py", "findings.py"):
        digest.update((HERE / name).read_bytes())
    return digest.hexdigest()[:16]


def ensure(
    names: list[str], out: Path = DEFAULT_OUT, *, force: bool = False, log: IO[str] | None = None
) -> dict[str, Any]:
    """Generate each named set unless it is already there from this generator version.

    Returns the manifest: ``{"generator": fingerprint, "sets": {name: {file: {records, bytes}}}}``.
    """
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / "manifest.json"
    manifest: dict[str, Any] = {"generator": fingerprint(), "sets": {}}
    if manifest_path.exists():
        old = json.loads(manifest_path.read_text(encoding="utf-8"))
        if old.get("generator") == manifest["generator"]:
            manifest = old
    for name in names:
        known = manifest["sets"].get(name)
        if not force and known and all((out / name / f).exists() for f in known):
            continue
        if log is not None:
            print(f"generating {name} in {out / name} ...", file=log, flush=True)
        written = generate_set(name, out)
        manifest["sets"][name] = {w.path.name: {"records": w.records, "bytes": w.bytes} for w in written}
        tmp = manifest_path.with_name("manifest.json.tmp")
        tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, manifest_path)
    return manifest


def parse_sets(text: str) -> list[str]:
    """``"1k,100K,1M"`` -> ``["1k", "100k", "1m"]`` (unknown names are refused)."""
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    for name in names:
        if name not in SETS:
            raise argparse.ArgumentTypeError(f"unknown set {name!r}: choose from {', '.join(SETS)}")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--sets", type=parse_sets, default=list(SETS), help=f"comma-separated, from {','.join(SETS)}"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument("--force", action="store_true", help="regenerate even when up to date")
    args = parser.parse_args(argv)
    manifest = ensure(args.sets, args.out, force=args.force, log=sys.stderr)
    for name in args.sets:
        files = manifest["sets"][name]
        total = sum(f["bytes"] for f in files.values())
        print(f"{name}: {len(files)} files, {total / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
