from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from resugrow_linkedin.domain.ingest.export_zip import ZipLimits, read_export
from resugrow_linkedin.domain.models import IngestError


def _zip(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["basic", "complete"])
def test_export_fixture_parses_to_exact_expected_values(fixtures: Path, name: str) -> None:
    result = read_export((fixtures / "export" / f"{name}.zip").read_bytes())
    expected = json.loads((fixtures / "export" / f"{name}.expected.json").read_text())
    got = result.profile.model_dump()
    mismatched = [k for k in expected if got.get(k) != expected[k]]
    print(
        f"\n[export {name}] fields={len(expected)} mismatched={mismatched} used={len(result.report.files_used)} dropped={result.report.files_dropped}"
    )
    assert mismatched == []
    text = json.dumps(got, ensure_ascii=False)
    assert "Ã" not in text and "â€" not in text and "\ufffd" not in text  # no mojibake
    assert len(got["skills"]) == len({s.lower() for s in got["skills"]})  # no duplicates
    assert len({s["date"] + str(s["chars"]) for s in got["shares"] or []}) == len(got["shares"] or [])


def test_private_files_are_dropped_unread(fixtures: Path) -> None:
    result = read_export((fixtures / "export" / "complete.zip").read_bytes())
    assert result.report.files_dropped == 5
    assert not any(
        n.lower().startswith(("messages", "connections", "invitations")) for n in result.report.files_used
    )
    dumped = result.profile.model_dump_json()
    # Other people's names (recommenders, endorsers, connections) never reach the profile.
    for name in ("Silva", "Costa", "ana@example.com", "private words", "We saw the same"):
        assert name not in dumped


def test_bomb_in_a_dropped_file_is_never_decompressed() -> None:
    bomb = b"0" * (20 * 1024 * 1024)
    data = _zip({"Profile.csv": b"First Name,Last Name,Headline\nA,B,C\n", "messages.csv": bomb})
    assert read_export(data).profile.first_name == "A"


def test_zip_bomb_in_a_kept_file_is_refused() -> None:
    data = _zip({"Positions.csv": b"Company Name,Title\n" + b"x" * (20 * 1024 * 1024)})
    with pytest.raises(IngestError) as err:
        read_export(data)
    assert err.value.kind == "unsafe_archive"


def test_high_ratio_is_refused_below_the_size_cap() -> None:
    data = _zip({"Positions.csv": b"Company Name,Title\n" + b"x" * (2 * 1024 * 1024)})
    with pytest.raises(IngestError) as err:
        read_export(data, ZipLimits(max_ratio=50))
    assert err.value.kind == "unsafe_archive"


def test_declared_total_and_entry_count_caps() -> None:
    data = _zip({f"f{i}.txt": b"" for i in range(30)})
    with pytest.raises(IngestError) as err:
        read_export(data, ZipLimits(max_entries=10))
    assert err.value.kind == "unsafe_archive"
    with pytest.raises(IngestError) as err:
        read_export(_zip({"Profile.csv": b"x" * 5000}), ZipLimits(max_declared_total=1000))
    assert err.value.kind == "unsafe_archive"


def test_path_traversal_entries_are_skipped_with_a_finding() -> None:
    data = _zip({"../../etc/Profile.csv": b"First Name,Last Name\nEvil,X\n", "Skills.csv": b"Name\nPython\n"})
    result = read_export(data)
    assert result.profile.first_name == ""
    assert result.profile.skills == ["Python"]
    assert any("unsafe path" in f for f in result.report.findings)


def test_not_a_zip_damaged_zip_and_unrelated_zip() -> None:
    with pytest.raises(IngestError) as err:
        read_export(b"%PDF-1.7 not a zip")
    assert err.value.kind == "not_a_zip"
    with pytest.raises(IngestError) as err:
        read_export(b"PK\x03\x04" + b"\x00" * 40)
    assert err.value.kind == "not_a_zip"
    with pytest.raises(IngestError) as err:
        read_export(_zip({"holiday.jpg": b"\xff\xd8"}))
    assert err.value.kind == "not_linkedin"


def test_huge_archive_is_refused_before_opening() -> None:
    with pytest.raises(IngestError) as err:
        read_export(b"PK\x03\x04" + b"\x00" * 2000, ZipLimits(max_archive_bytes=1000))
    assert err.value.kind == "too_large"


def test_missing_optional_files_are_fine() -> None:
    result = read_export(_zip({"Profile.csv": "First Name,Last Name,Headline\nZoë,Ng,Analyst\n".encode()}))
    assert result.profile.name == "Zoë Ng"
    assert result.profile.positions == [] and result.profile.shares is None


def test_nested_folder_and_second_copy() -> None:
    data = _zip({"export/Skills.csv": b"Name\nSQL\n", "other/Skills.csv": b"Name\nGo\n"})
    result = read_export(data)
    assert result.profile.skills == ["SQL"]
    assert any("second copy" in f for f in result.report.findings)


def test_export_zipped_once_more_is_read_one_level_down(fixtures: Path) -> None:
    inner = (fixtures / "export" / "basic.zip").read_bytes()
    result = read_export(_zip({"Basic_LinkedInDataExport.zip": inner}, zipfile.ZIP_STORED))
    assert result.profile.first_name == "José" and "inside" in result.report.findings[0]
    with pytest.raises(IngestError) as err:  # but never deeper than one level
        read_export(_zip({"a.zip": _zip({"b.zip": inner})}))
    assert err.value.kind == "not_linkedin"
