"""No deployment file ships a usable secret: a missing signing key or admin password stops the
start with an error naming the variable, instead of falling back to a value anyone can read here."""

from __future__ import annotations

import re

import yaml

_SECRET_NAME = re.compile(r"(SECRET|PASSWORD|TOKEN|KEY)", re.IGNORECASE)
_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?([^}]*)\}")


def _environment(compose: dict) -> dict[str, str]:
    out: dict[str, str] = {}
    for anchor, value in compose.items():
        if anchor.startswith("x-") and isinstance(value, dict):
            out.update({k: str(v) for k, v in value.items() if isinstance(v, str | int)})
    for svc in compose["services"].values():
        env = svc.get("environment") or {}
        if isinstance(env, dict):
            out.update({k: str(v) for k, v in env.items()})
    return out


def test_compose_requires_every_secret_and_names_it(deploy):
    compose = yaml.safe_load((deploy.root / "docker-compose.yml").read_text())
    env = _environment(compose)
    secrets = {k: v for k, v in env.items() if _SECRET_NAME.search(k)}
    assert "RESUGROW_AUTH__JWT_SECRET" in secrets and "GF_SECURITY_ADMIN_PASSWORD" in secrets
    for name, value in secrets.items():
        refs = _REFERENCE.findall(value)
        assert refs, f"{name} is a literal in docker-compose.yml"
        for var, op, message in refs:
            assert op in (":?", "?"), f"{name} falls back to a committed value via ${{{var}{op}...}}"
            assert message.strip(), f"{name}: the error must say what to set"


def test_no_values_file_commits_a_signing_key(deploy):
    for path in sorted(deploy.chart.glob("values*.yaml")):
        values = yaml.safe_load(path.read_text()) or {}
        assert not (values.get("secrets") or {}).get("jwtSecret"), f"{path.name} commits a JWT secret"
