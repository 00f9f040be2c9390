"""Tailored variants: overlay diff/apply, rebase onto later master versions, merge patch."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from resugrow_resume.domain.overlay import apply, diff, match_entries, merge_patch, overridden_paths, resolve

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def master() -> dict:
    return json.loads((FIXTURES / "jsonresume_sample.json").read_text())


def test_diff_then_apply_reproduces_the_variant(master: dict) -> None:
    variant = copy.deepcopy(master)
    variant["basics"]["label"] = "Staff Engineer, Payments"
    variant["work"][1]["highlights"] = ["Built a Go ledger for 12M card transactions a day"]
    del variant["interests"]
    del variant["references"][0]["reference"]
    variant["projects"].append({"name": "outbox-lab", "keywords": ["Python"]})
    ops = diff(master, variant)
    assert apply(master, ops).document == variant
    assert sorted(overridden_paths(ops)) == [
        "/basics/label",
        "/interests",
        "/projects/-",
        "/references/0/reference",
        "/work/1/highlights",
    ]


def test_identical_documents_have_no_overrides(master: dict) -> None:
    assert diff(master, copy.deepcopy(master)) == []


def test_removed_and_reordered_entries_round_trip(master: dict) -> None:
    dropped = copy.deepcopy(master)
    del dropped["work"][1]
    ops = diff(master, dropped)
    assert [op["op"] for op in ops] == ["remove"]
    assert apply(master, ops).document == dropped

    reordered = copy.deepcopy(master)
    reordered["work"].reverse()
    assert apply(master, diff(master, reordered)).document == reordered


def test_master_edits_flow_into_the_variant_where_not_overridden(master: dict) -> None:
    variant = copy.deepcopy(master)
    variant["basics"]["label"] = "Platform Engineer"
    variant["work"][0]["highlights"] = ["Tailored bullet about platform work"]
    ops = diff(master, variant)

    master_v2 = copy.deepcopy(master)
    master_v2["basics"]["email"] = "mira@new.example.org"  # not overridden -> flows
    master_v2["basics"]["label"] = "Principal Engineer"  # overridden -> variant keeps its own
    master_v2["work"][0]["highlights"].append("New master bullet")  # overridden list -> variant's
    master_v2["work"][1]["position"] = "Software Engineer III"  # untouched entry -> flows

    resolved = resolve(master, master_v2, ops)
    doc = resolved.document
    assert resolved.orphaned == []
    assert doc["basics"]["email"] == "mira@new.example.org"
    assert doc["basics"]["label"] == "Platform Engineer"
    assert doc["work"][0]["highlights"] == ["Tailored bullet about platform work"]
    assert doc["work"][1]["position"] == "Software Engineer III"


def test_overrides_follow_their_entry_when_the_master_inserts_a_job(master: dict) -> None:
    variant = copy.deepcopy(master)
    variant["work"][1]["highlights"] = ["Lumen Pay, tailored"]
    ops = diff(master, variant)

    master_v2 = copy.deepcopy(master)
    master_v2["work"].insert(0, {"name": "Northwind", "position": "Staff Engineer", "startDate": "2025-01"})
    doc = resolve(master, master_v2, ops).document
    assert [job["name"] for job in doc["work"]] == [
        "Northwind",
        "Parcelwise",
        "Lumen Pay",
        "Fjordline Analytics",
    ]
    assert doc["work"][2]["highlights"] == ["Lumen Pay, tailored"]
    assert doc["work"][1]["highlights"] == master["work"][0]["highlights"]


def test_overrides_follow_an_entry_the_master_edited_in_place(master: dict) -> None:
    variant = copy.deepcopy(master)
    variant["work"][2]["highlights"] = ["Tailored ETL bullet"]
    ops = diff(master, variant)
    master_v2 = copy.deepcopy(master)
    master_v2["work"][2]["name"] = "Fjordline Analytics AS"  # identity changed, position same
    doc = resolve(master, master_v2, ops).document
    assert doc["work"][2] == {**master_v2["work"][2], "highlights": ["Tailored ETL bullet"]}


def test_an_override_of_an_entry_the_master_deleted_is_orphaned_not_misapplied(master: dict) -> None:
    variant = copy.deepcopy(master)
    variant["work"][2]["highlights"] = ["Tailored ETL bullet"]
    ops = diff(master, variant)
    master_v2 = copy.deepcopy(master)
    del master_v2["work"][2]
    master_v2["work"].append({"name": "Brand New Co", "position": "CTO"})
    resolved = resolve(master, master_v2, ops)
    assert resolved.orphaned == ["/work/2/highlights"]
    assert all(job.get("highlights") != ["Tailored ETL bullet"] for job in resolved.document["work"])


def test_variant_removal_of_an_entry_survives_master_reordering(master: dict) -> None:
    variant = copy.deepcopy(master)
    del variant["work"][2]
    ops = diff(master, variant)
    master_v2 = copy.deepcopy(master)
    master_v2["work"].reverse()
    doc = resolve(master, master_v2, ops).document
    assert [job["name"] for job in doc["work"]] == ["Lumen Pay", "Parcelwise"]


def test_appended_entries_survive_a_master_that_dropped_the_section(master: dict) -> None:
    variant = copy.deepcopy(master)
    variant["awards"].append({"title": "Hackathon winner"})
    ops = diff(master, variant)
    master_v2 = copy.deepcopy(master)
    del master_v2["awards"]
    assert resolve(master, master_v2, ops).document["awards"] == [{"title": "Hackathon winner"}]


def test_apply_never_mutates_the_master(master: dict) -> None:
    before = copy.deepcopy(master)
    variant = copy.deepcopy(master)
    variant["work"][0]["name"] = "Changed"
    del variant["work"][1]
    apply(master, diff(master, variant))
    assert master == before


def test_match_entries_prefers_content_then_identity_then_similarity() -> None:
    old = [{"name": "A", "x": 1}, {"name": "B"}, {"name": "C"}, {"name": "D", "p": 1, "q": 2}]
    new = [{"name": "Z"}, {"name": "C"}, {"name": "A", "x": 2}, {"name": "E", "p": 1, "q": 2}]
    # B was replaced by Z (nothing shared): no match; D was renamed E (2 of 3 fields kept): match.
    assert match_entries(old, new) == {2: 1, 0: 2, 3: 3}


def test_merge_patch_follows_rfc_7396() -> None:
    target = {"a": "b", "c": {"d": "e", "f": "g"}, "l": [1, 2]}
    patch = {"a": "z", "c": {"f": None}, "l": [3], "n": {"m": 1}}
    assert merge_patch(target, patch) == {"a": "z", "c": {"d": "e"}, "l": [3], "n": {"m": 1}}
    assert target["c"] == {"d": "e", "f": "g"}
