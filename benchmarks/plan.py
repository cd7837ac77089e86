"""The benchmark cases: which commands run on which documents, and what each must answer.

Every case is one command run as a fresh process and timed as a whole (start-up, imports
and schema loading included), exactly as a user or a CI job runs it. Cases of one set run
interleaved (see ``run.py``), so the ratios between them are measured side by side.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from benchmarks.answers import FORMATS
from benchmarks.generate import FINDINGS, FINDINGS_SETS

ROOT: Final = Path(__file__).resolve().parent.parent
HERE: Final = ROOT / "benchmarks"
SCHEMAS: Final = ROOT / "schemas" / "9.0"

#: Task id -> label, in table order.
TASKS: Final[dict[str, str]] = {
    "validate-xml": "XML validation (input)",
    "validate-xml-findings": "XML validation, 6 seeded errors",
    "validate-json": "JSON validation (input)",
    "validate-json-findings": "JSON validation, 6 seeded errors",
    "validate-output-xml": "XML validation (output: enum/search answer)",
    "validate-output-json": "JSON validation (output: enum/search answer)",
    "x2j": "Conversion XML -> JSON",
    "j2x": "Conversion JSON -> XML",
    "one-json": "One-record JSON file",
    "one-xml": "One-record XML file",
    "jobs": "200 files x 1,000 records (100 XML + 100 JSON)",
    "warnings-xml": "XML validation, warnings (20 % no plan, 40 % no item, 3 % DataSource)",
    "warnings-json": "JSON validation, warnings (20 % no plan, 40 % no item, 3 % DataSource)",
    "invalid-1pct-xml": "XML validation, 1 % invalid records + warnings",
    "invalid-10pct-xml": "XML validation, 10 % invalid records + warnings",
    "invalid-1pct-json": "JSON validation, 1 % invalid records + warnings",
    "invalid-10pct-json": "JSON validation, 10 % invalid records + warnings",
}

#: Sets in table order; the number of records each document holds.
SET_RECORDS: Final[dict[str, int]] = {
    "one": 1,
    "1k": 1_000,
    "1k-findings": 1_000,
    "100k": 100_000,
    "100k-findings": 100_000,
    "1m": 1_000_000,
    "1m-findings": 1_000_000,
    "1m-invalid": 1_000_000,
    "many": 200_000,
}
#: The sets a run takes by default: all but the 1M invalid documents (an hour or more).
DEFAULT_SETS: Final = tuple(s for s in SET_RECORDS if s != "1m-invalid")
#: The tool of the clean document the warnings rows are compared with.
CLEAN_TOOL: Final = "nwx-schema validate -o json, clean input"
#: Output formats of the warnings rows, per findings set (every format at 1k and 1M).
WARNING_FORMATS: Final[dict[str, tuple[str, ...]]] = {"100k-findings": ("json",)}


def repeat_1m(set_: str, value: int | None) -> int:
    """Timed runs per case of a 1M set: ``--repeat-1m`` when given, else 3 for ``1m`` and
    2 for the findings sets (their nwx-schema runs are the long ones)."""
    if value is not None:
        return value
    return 3 if set_ == "1m" else 2


@dataclass(frozen=True, slots=True)
class Case:
    """One command on one document, with the exit code a correct answer gives."""

    set: str
    task: str
    tool: str
    argv: tuple[str, ...]
    expect: int
    records: int
    nwx: bool = False
    slow: bool = False  # fewer timed runs at 100k and 1M, and no warm-up there
    once: bool = False  # slow enough (minutes) for a single timed run at 100k and 1M
    output: Path | None = None
    #: How to check the output once (conversions): ``("json-equals", path)`` or ``("xml-equals", path)``.
    check: tuple[str, Path] | None = None
    #: How to judge the report (findings cases): ``(output format, DOCUMENT.expected.json)``.
    answer: tuple[str, Path] | None = None
    #: Why the case cannot run here (a missing tool), or None.
    missing: str | None = None
    inner: bool = False  # a cases.py process that prints its own setup/op timings

    @property
    def id(self) -> str:
        return f"{self.set}/{self.task}/{self.tool}"


@dataclass(slots=True)
class Tools:
    """Where the executables are; what is missing and how to get it."""

    python: str = sys.executable
    bin: Path = field(default_factory=lambda: Path(sys.executable).parent)
    missing: dict[str, str] = field(default_factory=dict)

    def executable(self, name: str, hint: str) -> str:
        local = self.bin / name
        if local.exists():
            return str(local)
        found = shutil.which(name)
        if found is None:
            self.missing[name] = hint
            return name
        return found

    def module(self, name: str, hint: str) -> bool:
        if importlib.util.find_spec(name) is None:
            self.missing[name] = hint
            return False
        return True


PIP_HINT: Final = "pip install -r benchmarks/requirements.txt (or run.py --install)"
APT_HINT: Final = "apt-get install libxml2-utils"
_MODULES: Final = {
    "lxml-xmlschema": "lxml",
    "lxml-iterparse-schema": "lxml",
    "xmlschema-lazy": "xmlschema",
    "jsonschema": "jsonschema",
    "jsonschema-rs": "jsonschema_rs",
    "fastjsonschema": "fastjsonschema",
    "xmltodict-x2j": "xmltodict",
    "xmltodict-j2x": "xmltodict",
}
#: Tool names shown in the tables for the cases.py cases.
LIBRARY_TOOLS: Final = {
    "lxml-xmlschema": "lxml parse + XMLSchema.validate",
    "lxml-iterparse-schema": "lxml iterparse(schema=)",
    "xmlschema-lazy": "xmlschema (lazy)",
    "jsonschema": "jsonschema (Draft202012Validator + FormatChecker)",
    "jsonschema-rs": "jsonschema-rs (validate_formats=True)",
    "fastjsonschema": "fastjsonschema (formats on)",
    "xmltodict-x2j": "xmltodict.parse + orjson.dumps",
    "xmltodict-j2x": "orjson.loads + xmltodict.unparse",
}
SLOW: Final = frozenset({"xmlschema-lazy", "jsonschema", "xmltodict-x2j", "xmltodict-j2x"})


class Planner:
    """Builds the cases of each set for a data directory and an output directory."""

    def __init__(self, data: Path, scratch: Path, tools: Tools | None = None) -> None:
        self.data = data
        self.scratch = scratch
        self.tools = tools or Tools()
        self.nwx = self.tools.executable("nwx-schema", "pip install -e . (the project itself)")
        self.xmllint = self.tools.executable("xmllint", APT_HINT)
        self.check_jsonschema = self.tools.executable("check-jsonschema", PIP_HINT)

    def _missing(self, name: str) -> str | None:
        hint = self.tools.missing.get(name)
        return None if hint is None else f"{name} not found: {hint}"

    def nwx_case(
        self,
        set_: str,
        task: str,
        tool: str,
        args: list[str],
        expect: int,
        records: int,
        *,
        output: Path | None = None,
        check: tuple[str, Path] | None = None,
        answer: tuple[str, Path] | None = None,
    ) -> Case:
        argv = (self.nwx, *args)
        missing = self._missing("nwx-schema")
        return Case(
            set_, task, tool, argv, expect, records, nwx=True, output=output, check=check, answer=answer,
            missing=missing,
        )  # fmt: skip

    def nwx_findings_case(
        self, set_: str, task: str, tool: str, document: Path, fmt: str, expect: int, records: int
    ) -> Case:
        """``nwx-schema validate -o FMT DOCUMENT``, its report judged against the generator's
        expectation (the report goes to a file: stdout is one)."""
        expected = document.with_name(document.name + ".expected.json")
        args = ["validate", "-o", fmt, str(document)]
        return self.nwx_case(set_, task, tool, args, expect, records, answer=(fmt, expected))

    def xmllint_case(
        self, set_: str, task: str, document: Path, kind: str, expect: int, records: int
    ) -> Case:
        argv = (self.xmllint, "--noout", "--stream", "--schema", str(SCHEMAS / f"{kind}.xsd"), str(document))
        return Case(
            set_,
            task,
            "xmllint --noout --stream --schema",
            argv,
            expect,
            records,
            missing=self._missing("xmllint"),
        )

    def check_jsonschema_case(self, set_: str, task: str, document: Path, records: int) -> Case:
        argv = (self.check_jsonschema, "--schemafile", str(SCHEMAS / "input.schema.json"), str(document))
        return Case(
            set_,
            task,
            "check-jsonschema --schemafile",
            argv,
            0,
            records,
            slow=True,
            missing=self._missing("check-jsonschema"),
        )

    def library_case(
        self, set_: str, task: str, name: str, document: Path, schema: Path | None, expect: int, records: int
    ) -> Case:
        module = _MODULES[name]
        missing = None if self.tools.module(module, PIP_HINT) else self._missing(module)
        output = None
        if name.startswith("xmltodict"):
            output = self.scratch / f"{set_}-{name}.{'json' if name.endswith('x2j') else 'xml'}"
        argv = [self.tools.python, str(HERE / "cases.py"), name, str(document), str(schema or "-")]
        if output is not None:
            argv.append(str(output))
        return Case(
            set_,
            task,
            LIBRARY_TOOLS[name],
            tuple(argv),
            expect,
            records,
            slow=name in SLOW,
            once=name == "xmlschema-lazy",
            output=output,
            missing=missing,
            inner=True,
        )

    def cases(self, set_: str) -> list[Case]:
        """Every case of one set (see :data:`SET_RECORDS`)."""
        if set_ == "one":
            return self._one()
        if set_ in FINDINGS_SETS:
            return self._findings(set_)
        if set_ == "many":
            many = self.data / "many"
            return [
                self.nwx_case(
                    "many",
                    "jobs",
                    f"nwx-schema validate --jobs {jobs}",
                    ["validate", "--jobs", str(jobs), str(many)],
                    0,
                    SET_RECORDS["many"],
                )
                for jobs in (1, 2)
            ]
        return self._sized(set_)

    def _one(self) -> list[Case]:
        d = self.data / "one"
        return [
            self.nwx_case(
                "one", "one-json", "nwx-schema validate", ["validate", str(d / "input.json")], 0, 1
            ),
            self.check_jsonschema_case("one", "one-json", d / "input.json", 1),
            self.library_case(
                "one", "one-json", "jsonschema-rs", d / "input.json", SCHEMAS / "input.schema.json", 0, 1
            ),
            self.nwx_case("one", "one-xml", "nwx-schema validate", ["validate", str(d / "input.xml")], 0, 1),
            self.xmllint_case("one", "one-xml", d / "input.xml", "input", 0, 1),
        ]

    def _findings(self, set_: str) -> list[Case]:
        """The warnings documents in every output format beside the clean one (``-o json``);
        the invalid documents beside xmllint and jsonschema-rs listing every error."""
        d = self.data / set_
        n = SET_RECORDS[set_]
        stems = FINDINGS_SETS[set_][1]
        cases = []
        if "input-warnings" in stems:
            for fmt in ("xml", "json"):
                task = f"warnings-{fmt}"
                cases.append(self.nwx_findings_case(set_, task, CLEAN_TOOL, d / f"input.{fmt}", "json", 0, n))
                cases += [
                    self.nwx_findings_case(
                        set_, task, f"nwx-schema validate -o {out}", d / f"input-warnings.{fmt}", out, 0, n
                    )
                    for out in WARNING_FORMATS.get(set_, FORMATS)
                ]
        for stem in (s for s in stems if FINDINGS.get(s)):
            share = stem.rpartition("-")[2]
            for fmt in ("xml", "json"):
                task, document = f"invalid-{share}-{fmt}", d / f"{stem}.{fmt}"
                cases.append(
                    self.nwx_findings_case(set_, task, "nwx-schema validate -o json", document, "json", 1, n)
                )
                if fmt == "xml":
                    cases.append(self.xmllint_case(set_, task, document, "input", 3, n))
                else:
                    jsd = SCHEMAS / "input.schema.json"
                    cases.append(self.library_case(set_, task, "jsonschema-rs", document, jsd, 1, n))
        return cases

    def _sized(self, set_: str) -> list[Case]:
        d = self.data / set_
        n = SET_RECORDS[set_]
        full = set_ != "1m"  # at 1M only nwx-schema and the streaming or fastest comparisons run
        xsd, jsd = SCHEMAS / "input.xsd", SCHEMAS / "input.schema.json"
        x2j_out, j2x_out = self.scratch / f"{set_}-nwx-x2j.json", self.scratch / f"{set_}-nwx-j2x.xml"
        cases = [
            self.nwx_case(
                set_, "validate-xml", "nwx-schema validate", ["validate", str(d / "input.xml")], 0, n
            ),
            self.xmllint_case(set_, "validate-xml", d / "input.xml", "input", 0, n),
            self.library_case(set_, "validate-xml", "lxml-iterparse-schema", d / "input.xml", xsd, 0, n),
        ]
        if full:
            cases += [
                self.library_case(set_, "validate-xml", "lxml-xmlschema", d / "input.xml", xsd, 0, n),
                self.library_case(set_, "validate-xml", "xmlschema-lazy", d / "input.xml", xsd, 0, n),
                self.nwx_case(
                    set_,
                    "validate-xml-findings",
                    "nwx-schema validate -o json",
                    ["validate", "-o", "json", str(d / "input-findings.xml")],
                    1,
                    n,
                ),
                self.xmllint_case(set_, "validate-xml-findings", d / "input-findings.xml", "input", 3, n),
            ]
        cases += [
            self.nwx_case(
                set_, "validate-json", "nwx-schema validate", ["validate", str(d / "input.json")], 0, n
            ),
            self.library_case(set_, "validate-json", "jsonschema-rs", d / "input.json", jsd, 0, n),
        ]
        if full:
            cases += [
                self.library_case(set_, "validate-json", "fastjsonschema", d / "input.json", jsd, 0, n),
                self.library_case(set_, "validate-json", "jsonschema", d / "input.json", jsd, 0, n),
                self.check_jsonschema_case(set_, "validate-json", d / "input.json", n),
                self.nwx_case(
                    set_,
                    "validate-json-findings",
                    "nwx-schema validate -o json",
                    ["validate", "-o", "json", str(d / "input-findings.json")],
                    1,
                    n,
                ),
                self.library_case(
                    set_, "validate-json-findings", "jsonschema-rs", d / "input-findings.json", jsd, 1, n
                ),
                self.nwx_case(
                    set_,
                    "validate-output-xml",
                    "nwx-schema validate",
                    ["validate", str(d / "output.xml")],
                    0,
                    n,
                ),
                self.xmllint_case(set_, "validate-output-xml", d / "output.xml", "output", 0, n),
                self.nwx_case(
                    set_,
                    "validate-output-json",
                    "nwx-schema validate",
                    ["validate", str(d / "output.json")],
                    0,
                    n,
                ),
                self.library_case(
                    set_,
                    "validate-output-json",
                    "jsonschema-rs",
                    d / "output.json",
                    SCHEMAS / "output.schema.json",
                    0,
                    n,
                ),
            ]
        cases.append(
            self.nwx_case(
                set_,
                "x2j",
                "nwx-schema convert --to json",
                ["convert", "--to", "json", "--compact", "-o", str(x2j_out), str(d / "input.xml")],
                0,
                n,
                output=x2j_out,
                check=("json-equals", d / "input.json"),
            )
        )
        if full:
            cases.append(self.library_case(set_, "x2j", "xmltodict-x2j", d / "input.xml", None, 0, n))
        cases.append(
            self.nwx_case(
                set_,
                "j2x",
                "nwx-schema convert --to xml",
                ["convert", "--to", "xml", "--compact", "-o", str(j2x_out), str(d / "input.json")],
                0,
                n,
                output=j2x_out,
                check=("xml-equals", d / "input.json"),
            )
        )
        if full:
            cases.append(self.library_case(set_, "j2x", "xmltodict-j2x", d / "input.json", None, 0, n))
        return cases
