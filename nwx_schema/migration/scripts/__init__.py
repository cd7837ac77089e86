"""``migrate_script()``: rewrite a script that writes or reads 8.5 Activity Records for 9.0.

Only files that talk to the Integration API are touched: its endpoint path, its
namespace, port 9699, ``ActivityRecordList``/``ActivityRecordSearch``/``FilterList``, or Activity Record
structure (three of Who, Action, What, When, Where, ObjectType used as keys, tags or
properties within a few lines). Elsewhere ``ManagedObject`` means something else (the
product's internal configuration, an unrelated class) and the file is left alone (NWX824).

Languages: PowerShell (.ps1, .psm1), Python (.py), C# (.cs), JavaScript/TypeScript,
shell scripts (.sh, .bash, or a shell shebang) and XML/JSON templates (.xml, .json).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from nwx_schema.issues import Issue
from nwx_schema.migration.edits import apply_edits
from nwx_schema.migration.scripts.csharp import CSharp
from nwx_schema.migration.scripts.engine import NAMES, Rewriter, ScriptNote
from nwx_schema.migration.scripts.javascript import JavaScript
from nwx_schema.migration.scripts.language import Language
from nwx_schema.migration.scripts.powershell import PowerShell
from nwx_schema.migration.scripts.python_ import Python
from nwx_schema.migration.scripts.shell import Shell
from nwx_schema.migration.scripts.templates import JsonTemplate, XmlTemplate
from nwx_schema.migration.textcodec import Decoded, LineIndex, decode

LANGUAGES: Final[dict[str, type[Language]]] = {
    ".ps1": PowerShell,
    ".psm1": PowerShell,
    ".py": Python,
    ".cs": CSharp,
    ".js": JavaScript,
    ".mjs": JavaScript,
    ".cjs": JavaScript,
    ".jsx": JavaScript,
    ".ts": JavaScript,
    ".mts": JavaScript,
    ".cts": JavaScript,
    ".tsx": JavaScript,
    ".sh": Shell,
    ".bash": Shell,
    ".zsh": Shell,
    ".ksh": Shell,
    ".xml": XmlTemplate,
    ".json": JsonTemplate,
}
LANGUAGE_NAMES: Final[dict[str, type[Language]]] = {lang.name: lang for lang in set(LANGUAGES.values())}
_SHEBANGS: Final[tuple[tuple[re.Pattern[str], type[Language]], ...]] = (
    (re.compile(r"\b(?:pwsh|powershell)\b"), PowerShell),
    (re.compile(r"\bpython[\d.]*\b"), Python),
    (re.compile(r"\b(?:node|deno|bun)\b"), JavaScript),
    (re.compile(r"\b(?:ba|z|k|da)?sh\b"), Shell),
)
_SKIPPED_DIRS: Final = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}
)

_API: Final = re.compile(
    r"activity_records|ActivityRecordList|ActivityRecordSearch|schemas\.netwrix\.com|:9699\b|netwrix/api/v1"
    r"|(?-i:\bFilterList\b)",
    re.I,
)
_FIELD_USE: Final = re.compile(
    r"""<(Who|Action|What|When|Where|ObjectType)>"""
    r"""|(?<![\w$])["'`\\]{0,2}(Who|Action|What|When|Where|ObjectType)["'`\\]{0,2}\s*[:=](?![=:])"""
    r"""|\.(Who|Action|What|When|Where|ObjectType)\b"""
    r"""|\[["'](Who|Action|What|When|Where|ObjectType)["']\]"""
)
_WINDOW: Final = 30


@dataclass(slots=True)
class ScriptMigration:
    """The outcome of :func:`migrate_script` for one file.

    Attributes:
        path: the file name (or the name given).
        language: the language family used (``powershell``, ``python``...).
        about_api: whether the file talks to the Integration API (else it is left alone).
        original: the bytes read.
        document: the rewritten bytes, in the original's encoding, BOM and line endings
            (equal to :attr:`original` when nothing changes).
        changes: one entry per place rewritten (NWX820) or ``-Depth`` raised (NWX821).
        findings: places left for a human (NWX822), comments (NWX823), or the file left
            alone because it is not about the API (NWX824).
    """

    path: str
    language: str
    about_api: bool
    original: bytes
    document: bytes
    original_text: str = ""
    text: str = ""
    changes: list[Issue] = field(default_factory=list)
    findings: list[Issue] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.document != self.original


def language_for(path: Path, head: str = "") -> type[Language] | None:
    """The language of a file from its extension, or from its ``#!`` line."""
    lang = LANGUAGES.get(path.suffix.lower())
    if lang is not None:
        return lang
    if head.startswith("#!"):
        first = head.splitlines()[0]
        for pattern, shebang_lang in _SHEBANGS:
            if pattern.search(first):
                return shebang_lang
    return None


def about_api(text: str) -> bool:
    """Whether a script talks to the Integration API (see the module docstring)."""
    if _API.search(text):
        return True
    index = LineIndex(text)
    uses: list[tuple[int, str]] = []
    for match in _FIELD_USE.finditer(text):
        name = next(g for g in match.groups() if g)
        uses.append((index.position(match.start())[0], name))
    for i, (line, _) in enumerate(uses):
        names: set[str] = set()
        for at, name in uses[i:]:
            if at - line > _WINDOW:
                break
            names.add(name)
        if len(names) >= 3:
            return True
    return False


def migrate_script(
    source: str | os.PathLike[str],
    *,
    language: str | None = None,
    name: str | None = None,
) -> ScriptMigration:
    """Rewrite one script for API 9.0; nothing is written (see :attr:`ScriptMigration.document`).

    ``source`` is a path, or the script text itself when ``language`` is given
    (``powershell``, ``python``, ``csharp``, ``javascript``, ``shell``, ``xml``, ``json``).

    Raises:
        ValueError: an unknown ``language``, or a path whose language cannot be told.
        OSError: the file cannot be read.
    """
    lang: type[Language] | None = None
    if language is not None:
        lang = LANGUAGE_NAMES.get(language)
        if lang is None:
            raise ValueError(f"unknown language {language!r}: use one of {', '.join(sorted(LANGUAGE_NAMES))}")
    if isinstance(source, str) and lang is not None:
        # already text: never sniffed again ("0\x00" would read as UTF-16 and lose its NUL)
        return _rewrite(source.encode("utf-8"), lang(), name or "<script>", Decoded(source, "utf-8"))
    path = Path(source)
    data = path.read_bytes()
    label = name or str(path)
    if lang is None:
        lang = language_for(path, data[:200].decode("latin-1"))
        if lang is None:
            raise ValueError(f"{path}: not a script nwx-schema migrates (unknown extension, no #! line)")
    assert lang is not None
    return _rewrite(data, lang(), label)


def _rewrite(data: bytes, lang: Language, label: str, decoded: Decoded | None = None) -> ScriptMigration:
    if decoded is None:
        decoded = decode(data, "script")
    text = decoded.text
    result = ScriptMigration(label, lang.name, False, data, data, text, text)
    if NAMES.search(text) is None:
        result.about_api = bool(_API.search(text))
        return result
    index = LineIndex(text)
    if not about_api(text):
        first = NAMES.search(text)
        assert first is not None
        result.findings.append(
            _issue(
                ScriptNote(
                    "NWX824", first.start(), "no sign of the Integration API in this file: left alone"
                ),
                index,
            )
        )
        return result
    result.about_api = True
    rewriter = Rewriter(text, lang)
    rewriter.run()
    for note in sorted(rewriter.notes, key=lambda n: n.offset):
        issue = _issue(note, index)
        (result.changes if note.code in ("NWX820", "NWX821") else result.findings).append(issue)
    if rewriter.edits:
        new_text = apply_edits(text, rewriter.edits)
        result.text = new_text
        result.document = decoded.encode(new_text)
    return result


def _issue(note: ScriptNote, index: LineIndex) -> Issue:
    from nwx_schema.codes import severity_of

    line, column = index.position(note.offset)
    return Issue(line, column, note.code, severity_of(note.code), note.message)


def iter_scripts(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """The files to look at: each file given, and the scripts under each directory given
    (in name order; version-control, virtual-environment and dependency folders skipped)."""
    for item in paths:
        path = Path(item)
        if not path.is_dir():
            yield path
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS)
            for file_name in sorted(files):
                candidate = Path(root) / file_name
                if candidate.suffix.lower() in LANGUAGES or (
                    not candidate.suffix and _has_shebang(candidate)
                ):
                    yield candidate


def _has_shebang(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(200)
    except OSError:
        return False
    return language_for(path, head.decode("latin-1")) is not None


__all__ = ["LANGUAGES", "ScriptMigration", "about_api", "iter_scripts", "language_for", "migrate_script"]
