"""The pre-commit hooks, run by the ``pre-commit`` tool itself.

* ``.pre-commit-hooks.yaml`` (the hooks other repositories use) is a valid manifest and
  its hooks work when pre-commit installs nwx-schema from this repository
  (``pre-commit try-repo``, as a hook author tries them; slow: it builds a virtual
  environment and installs the package from PyPI dependencies).
* ``.pre-commit-config.yaml`` (this repository's own) mirrors the exported hooks and
  passes on the fixtures it selects.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
OWN_CONFIG = ROOT / ".pre-commit-config.yaml"
VENV_COMMAND = ROOT / ".venv" / "bin" / "nwx-schema"
EXPORTED = ("nwx-schema-validate", "nwx-schema-migrate-check")


def run_pre_commit(
    *args: str, cwd: Path, home: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    env.update(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never", PIP_DISABLE_PIP_VERSION_CHECK="1")
    return subprocess.run(
        [*PRE_COMMIT, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def _hooks(path: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    hooks = data if isinstance(data, list) else [h for repo in data["repos"] for h in repo["hooks"]]
    return {hook["id"]: hook for hook in hooks}


def test_the_manifest_is_valid_and_exports_both_hooks(tmp_path: Path) -> None:
    result = run_pre_commit("validate-manifest", str(MANIFEST), cwd=ROOT, home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = _hooks(MANIFEST)
    assert tuple(hooks) == EXPORTED
    assert hooks["nwx-schema-validate"]["entry"] == "nwx-schema validate --jobs 1"
    assert hooks["nwx-schema-migrate-check"]["entry"] == "nwx-schema migrate-script --check"
    assert {h["language"] for h in hooks.values()} == {"python"}


def test_the_own_config_is_valid_and_mirrors_the_exported_hooks(tmp_path: Path) -> None:
    result = run_pre_commit("validate-config", str(OWN_CONFIG), cwd=ROOT, home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    exported, own = _hooks(MANIFEST), _hooks(OWN_CONFIG)
    for hook_id in EXPORTED:
        assert own[hook_id]["entry"] == ".venv/bin/" + exported[hook_id]["entry"]
        assert own[hook_id]["types_or"] == exported[hook_id]["types_or"]
        assert own[hook_id]["files"]
    assert {"ruff-check", "ruff-format", "mypy"} <= set(own)
    assert "--force-exclude" in own["ruff-check"]["entry"]  # fixtures/ stay out of ruff


def _selected(hook: dict[str, Any]) -> list[str]:
    """Tracked files a hook of the own config receives (before the type filter, which
    only drops files that are neither XML nor JSON nor a script)."""
    tracked = subprocess.run(
        ["git", "ls-files", "fixtures"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    return [f for f in tracked if files.search(f) and not exclude.search(f)]


needs_venv = pytest.mark.skipif(not VENV_COMMAND.exists(), reason="the own config runs .venv/bin/nwx-schema")


@needs_venv
def test_the_own_validate_hook_passes_on_the_valid_fixtures(tmp_path: Path) -> None:
    hook = _hooks(OWN_CONFIG)["nwx-schema-validate"]
    expected = [f for f in _selected(hook) if f.endswith((".xml", ".json"))]
    assert any(f.startswith("fixtures/pairs/8.5/") for f in expected)
    assert any(re.search(r"^fixtures/migrate/.+\.9\.0\.xml$", f) for f in expected)
    assert not any(f.endswith(".8.5.xml") or "/invalid/" in f for f in expected)
    result = run_pre_commit("run", "nwx-schema-validate", "--all-files", "--verbose", cwd=ROOT, home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^nwx-schema validate \(valid fixtures\)\.+Passed$", result.stdout, re.M)
    # pre-commit splits the files over several processes: each prints its own summary.
    checked = [int(n) for n in re.findall(r"^(\d+) files? checked: \1 valid, 0 invalid", result.stdout, re.M)]
    assert sum(checked) == len(expected)


@needs_venv
def test_the_own_migrate_check_hook_passes_on_the_migrated_fixtures(tmp_path: Path) -> None:
    hook = _hooks(OWN_CONFIG)["nwx-schema-migrate-check"]
    selected = _selected(hook)
    assert any(f.startswith("fixtures/scripts/") for f in selected)
    assert any(f.startswith("fixtures/pairs/9.0/") for f in selected)
    result = run_pre_commit("run", "nwx-schema-migrate-check", "--all-files", cwd=ROOT, home=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^nwx-schema migrate-script --check \(9\.0 fixtures\)\.+Passed$", result.stdout, re.M)


# -- the exported hooks, installed by pre-commit from this repository ---------------------

INVALID_XML = """<?xml version="1.0" encoding="UTF-8"?>
<ActivityRecordList xmlns="http://schemas.netwrix.com/api/v1/activity_records/">
  <ActivityRecord>
    <Who>CORP\\jdoe</Who>
    <Action>Add (failed attempt)</Action>
    <What>Ann</What>
    <Where>dc01</Where>
    <ObjectType>user</ObjectType>
  </ActivityRecord>
</ActivityRecordList>
"""


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def _scratch_repository(root: Path) -> Path:
    """An add-on's repository: payloads (valid, invalid, 8.5) and scripts (8.5 and
    migrated), plus JSON that has nothing to do with the API."""
    repo = root / "addon"
    (repo / "out").mkdir(parents=True)
    (repo / "legacy").mkdir()
    (repo / "scripts").mkdir()
    shutil.copy(FIXTURES / "pairs/9.0/input/full-record.json", repo / "out/records.json")
    shutil.copy(FIXTURES / "pairs/9.0/output/page-with-mark.xml", repo / "out/page.xml")
    (repo / "out/bad.xml").write_text(INVALID_XML, encoding="utf-8")
    shutil.copy(FIXTURES / "migrate/docs-write-example.8.5.json", repo / "legacy/records.json")
    shutil.copy(FIXTURES / "scripts/powershell/addon-writer.ps1", repo / "legacy/writer.ps1")
    shutil.copy(FIXTURES / "scripts/powershell/addon-writer.expected.ps1", repo / "scripts/writer.ps1")
    (repo / "package.json").write_text('{"name": "addon", "version": "1.0.0"}\n', encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "add-on")
    return repo


@pytest.mark.slow
def test_the_exported_hooks_run_through_pre_commit(tmp_path: Path) -> None:
    repo = _scratch_repository(tmp_path)
    home = tmp_path / "pre-commit-home"

    def try_repo(hook: str, *files: str) -> subprocess.CompletedProcess[str]:
        return run_pre_commit(
            "try-repo", str(ROOT), hook, "--files", *files, cwd=repo, home=home, timeout=900
        )

    good = try_repo("nwx-schema-validate", "out/records.json", "out/page.xml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"^nwx-schema validate\.+Passed$", good.stdout, re.M)

    bad = try_repo("nwx-schema-validate", "out/records.json", "out/bad.xml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert re.search(r"^nwx-schema validate\.+Failed$", bad.stdout, re.M)
    assert "- exit code: 1" in bad.stdout
    assert re.search(
        r"^out/bad\.xml:3:3: error NWX300 ActivityRecord has no When .*\[/0/When\]$", bad.stdout, re.M
    )
    assert re.search(
        r"^out/bad\.xml:5:5: error NWX400 .*'Add \(Failed Attempt\)'.*\[/0/Action\]$", bad.stdout, re.M
    )

    legacy = try_repo(
        "nwx-schema-migrate-check", "legacy/records.json", "legacy/writer.ps1", "out/records.json"
    )
    assert legacy.returncode == 1, legacy.stdout + legacy.stderr
    assert re.search(r"^nwx-schema migrate-script --check\.+Failed$", legacy.stdout, re.M)
    assert re.search(r"^legacy/records\.json:7:5: change NWX820 ", legacy.stdout, re.M)
    assert re.search(r"^legacy/writer\.ps1:23:\d+: change NWX820 ", legacy.stdout, re.M)
    assert "legacy/writer.ps1: would be rewritten" in legacy.stdout
    assert "out/records.json" not in legacy.stdout

    migrated = try_repo("nwx-schema-migrate-check", "scripts/writer.ps1", "out/records.json", "package.json")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    assert re.search(r"^nwx-schema migrate-script --check\.+Passed$", migrated.stdout, re.M)
