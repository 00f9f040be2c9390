"""Differences between two stored reviews: score, band, per-check points and profile changes."""

from __future__ import annotations

from typing import Any


def _key(p: dict[str, Any]) -> str:
    return f"{p.get('title', '')} at {p.get('company', '')}"


def diff_reviews(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """``old`` and ``new`` are stored reviews (dicts with ``audit`` and ``profile``)."""
    old_checks = {c["id"]: c for c in old["audit"]["checks"]}
    new_checks = {c["id"]: c for c in new["audit"]["checks"]}
    checks = []
    for cid in sorted(
        set(old_checks) | set(new_checks), key=lambda c: list(new_checks).index(c) if c in new_checks else 999
    ):
        a, b = old_checks.get(cid), new_checks.get(cid)
        before = a["points_earned"] if a else 0.0
        after = b["points_earned"] if b else 0.0
        checks.append(
            {
                "id": cid,
                "points_before": before,
                "points_after": after,
                "delta": round(after - before, 2),
                "status_before": a["status"] if a else None,
                "status_after": b["status"] if b else None,
            }
        )
    op, np_ = old["profile"], new["profile"]
    old_pos = {_key(p) for p in op.get("positions", [])}
    new_pos = {_key(p) for p in np_.get("positions", [])}
    old_sk = {s.lower(): s for s in op.get("skills", [])}
    new_sk = {s.lower(): s for s in np_.get("skills", [])}
    profile_changes: dict[str, Any] = {
        "headline": {"before": op.get("headline"), "after": np_.get("headline")}
        if op.get("headline") != np_.get("headline")
        else None,
        "about_changed": op.get("summary") != np_.get("summary"),
        "positions_added": sorted(new_pos - old_pos),
        "positions_removed": sorted(old_pos - new_pos),
        "skills_added": sorted(new_sk[k] for k in set(new_sk) - set(old_sk)),
        "skills_removed": sorted(old_sk[k] for k in set(old_sk) - set(new_sk)),
    }
    return {
        "from_review": old["id"],
        "to_review": new["id"],
        "score_before": old["audit"]["score"],
        "score_after": new["audit"]["score"],
        "score_delta": new["audit"]["score"] - old["audit"]["score"],
        "band_before": old["audit"]["band"],
        "band_after": new["audit"]["band"],
        "improved": [c["id"] for c in checks if c["delta"] > 0],
        "regressed": [c["id"] for c in checks if c["delta"] < 0],
        "checks": checks,
        "profile_changes": profile_changes,
    }
