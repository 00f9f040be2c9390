"""A typed client generated from the public API document (openapi-python-client) type-checks
(mypy --strict) a whole journey, and that journey runs against the real services."""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_stack import live_stack

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "deploy/openapi/gateway.json"
JOURNEY = Path(__file__).resolve().parent / "client_journey.py"
BIN = Path(sys.executable).parent


def _patch_missing_unset(package: Path) -> None:
    """openapi-python-client 0.29.1 forgets `Unset` in the imports of an operation whose body is
    offered as JSON or multipart (the ATS scan): the module fails at import. Add it back."""
    for path in package.joinpath("api").rglob("*.py"):
        text = path.read_text()
        if "| Unset" in text and "import Response, UNSET\n" in text:
            path.write_text(text.replace("import Response, UNSET\n", "import Response, UNSET, Unset\n"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("client")
    generator = shutil.which("openapi-python-client", path=str(BIN)) or "openapi-python-client"
    done = subprocess.run(
        [
            generator,
            "generate",
            "--path",
            str(DOCUMENT),
            "--meta",
            "none",
            "--output-path",
            str(out / "resugrow_client"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=out,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    _patch_missing_unset(out / "resugrow_client")
    shutil.copy(JOURNEY, out / "client_journey.py")
    sys.path.insert(0, str(out))
    yield out
    sys.path.remove(str(out))
    for name in [m for m in sys.modules if m.startswith(("resugrow_client", "client_journey"))]:
        del sys.modules[name]


def test_the_generated_client_type_checks_a_whole_journey(generated: Path):
    # Our program is checked strictly; the generator's own output is not ours to fix (0.29.1
    # forgets an `Unset` import for bodies offered as both JSON and multipart, e.g. ATS scans).
    (generated / "mypy.ini").write_text(
        "[mypy]\nstrict = True\n\n[mypy-resugrow_client.*]\nignore_errors = True\n"
    )
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "client_journey.py",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=generated,
    )
    assert checked.returncode == 0, checked.stdout[-4000:]


@pytest.mark.integration
async def test_the_journey_runs_against_the_real_services(generated: Path, service_settings, serve_app):
    journey = importlib.import_module("client_journey").journey
    async with live_stack(service_settings, serve_app) as (client, _):
        result = await journey(
            str(client.base_url), f"j-{uuid.uuid4().hex[:8]}@example.com", "correct horse battery 42"
        )
    assert result["sessions"] == 1 and "tracker" in result["dashboard_sections"]
