"""The built wheel carries every schema: build it, install it into a fresh virtual
environment, and load, compile and use every schema from there (not from the checkout)."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from nwx_schema.schemas import list_schemas
from tests.conftest import FIXTURES, ROOT, SCHEMAS

#: Run inside the fresh environment, from a folder outside the checkout.
PROBE = """
import json, sys
from pathlib import Path
from lxml import etree
import nwx_schema
from nwx_schema.schemas import json_schema, list_schemas, load_schema, schema_resource, xml_schema

out = {"package": nwx_schema.__file__, "schemas": {}}
for info in list_schemas():
    out["schemas"][info.file_name] = {
        "path": str(schema_resource(info.version, info.kind, info.format)),
        "text": load_schema(info.version, info.kind, info.format),
    }
    if info.format == "xsd":
        xml_schema(info.version, info.kind)
    else:
        json_schema(info.version, info.kind)
payload = etree.parse(sys.argv[1], etree.XMLParser(resolve_entities=False, no_network=True))
out["payload_valid"] = xml_schema("9.0", "input").validate(payload)
print(json.dumps(out))
"""


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(wheel, python of a fresh virtual environment where the wheel is installed)."""
    tmp = tmp_path_factory.mktemp("wheel")
    built = _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp / "dist"), "."], ROOT
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp / "dist").glob("nwx_schema-*.whl")
    env_dir = tmp / "env"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    install = _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", str(wheel)], tmp
    )
    assert install.returncode == 0, install.stderr[-2000:]
    return wheel, python


@pytest.mark.slow
def test_the_wheel_holds_every_schema_file(installed: tuple[Path, Path]) -> None:
    wheel, _ = installed
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for info in list_schemas():
            member = f"nwx_schema/_schemas/{info.file_name}"
            assert member in names
            assert archive.read(member) == (SCHEMAS / info.file_name).read_bytes()
    assert "nwx_schema/py.typed" in names


@pytest.mark.slow
def test_every_schema_loads_from_site_packages_and_validates_a_payload(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, python = installed
    payload = FIXTURES / "9.0" / "input" / "valid" / "docs-write-example.xml"
    probe = _run([str(python), "-c", PROBE, str(payload)], tmp_path)
    assert probe.returncode == 0, probe.stderr[-2000:]
    found = json.loads(probe.stdout)
    site = python.parent.parent
    assert Path(found["package"]).is_relative_to(site) and "site-packages" in found["package"]
    assert set(found["schemas"]) == {info.file_name for info in list_schemas()}
    for name, schema in found["schemas"].items():
        path = Path(schema["path"])
        assert path.is_relative_to(site) and path.parts[-3] == "_schemas", path
        assert schema["text"] == (SCHEMAS / name).read_text(encoding="utf-8")
    assert found["payload_valid"] is True


@pytest.mark.slow
def test_the_installed_command_shows_a_schema_and_validates(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    _, python = installed
    command = python.parent / ("nwx-schema.exe" if sys.platform == "win32" else "nwx-schema")
    shown = _run([str(command), "schema", "show", "9.0", "input"], tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == (SCHEMAS / "9.0" / "input.xsd").read_text(encoding="utf-8")
    where = _run([str(command), "schema", "path", "10.7", "search", "--format", "json"], tmp_path)
    assert where.returncode == 0 and Path(where.stdout.strip()).is_relative_to(python.parent.parent)
    checked = _run(
        [str(command), "validate", str(FIXTURES / "9.0" / "input" / "valid" / "docs-write-example.json")],
        tmp_path,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    bad = FIXTURES / "9.0" / "input" / "invalid" / "missing-when.xml"
    refused = _run([str(command), "validate", str(bad)], tmp_path)
    assert refused.returncode == 1 and "NWX300" in refused.stdout, refused.stdout + refused.stderr
