"""Ingest and reading: sniffing, limits, normalisation, column order, DOCX parts, headers/footers."""

from __future__ import annotations

from pathlib import Path

import pytest

from resugrow_ats.domain.ingest import IngestError, Limits, read_document, sniff
from resugrow_ats.domain.normalize import normalize_line

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_sniffing_ignores_names_and_reads_magic_bytes() -> None:
    assert sniff((FIXTURES / "typst_sidebar.pdf").read_bytes()) == "pdf"
    assert sniff((FIXTURES / "docx_headings_lists.docx").read_bytes()) == "docx"
    assert sniff((FIXTURES / "resume.odt").read_bytes()) == "odt"
    assert sniff((FIXTURES / "resume.rtf").read_bytes()) == "rtf"
    assert sniff(b"Jane Doe\nEngineer\n") == "txt"
    with pytest.raises(IngestError) as caught:
        sniff(b"\x00\x01\x02binary\x00")
    assert caught.value.status == 415


def test_limits_are_enforced_before_reading() -> None:
    data = (FIXTURES / "typst_single_2page.pdf").read_bytes()
    with pytest.raises(IngestError) as caught:
        read_document(data, limits=Limits(max_bytes=1000))
    assert (caught.value.code, caught.value.status) == ("file_too_large", 413)
    with pytest.raises(IngestError) as caught:
        read_document(data, limits=Limits(max_pages=1))
    assert caught.value.code == "too_many_pages"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("de\u00advelop\ufffement", "development"),
        ("ef\ufb01cient (cid:12)work\ufb02ow", "efficient workflow"),
        ("\u201cquoted\u201d\u00a0text \u2019s", '"quoted" text \'s'),
        ("\u25aa  bullet point", "• bullet point"),
        ("\uf0b7 Word symbol bullet", "• Word symbol bullet"),
        ("Title  \t  Jan 2020", "Title\tJan 2020"),
    ],
)
def test_normalisation_removes_extraction_debris(raw: str, clean: str) -> None:
    assert normalize_line(raw) == clean


@pytest.mark.parametrize("name", ["raw_two_column_rows.pdf", "raw_two_column_cols.pdf", "typst_sidebar.pdf"])
def test_two_column_pages_are_read_column_by_column(name: str) -> None:
    doc = read_document((FIXTURES / name).read_bytes())
    assert doc.layout.multi_column_pages == [1]
    texts = [ln.text for ln in doc.lines]
    # The sidebar's skills stay together and the main column's roles stay in order.
    skills_at = next(i for i, t in enumerate(texts) if t.upper() == "SKILLS")
    experience_at = next(i for i, t in enumerate(texts) if t.upper() == "EXPERIENCE")
    first_bullet = next(i for i, t in enumerate(texts) if t.startswith("•") and i > experience_at)
    assert texts[first_bullet - 1][:3].isalpha() or texts[first_bullet - 1][0].isdigit()
    assert all(not t.startswith("•") for t in texts[skills_at + 1 : skills_at + 3])


def test_single_column_with_right_aligned_dates_is_not_multi_column() -> None:
    doc = read_document((FIXTURES / "typst_latex_style.pdf").read_bytes())
    assert doc.layout.multi_column_pages == []
    assert "Senior Product Manager\tSep 2020 – Present" in doc.text


def test_repeated_page_footer_is_a_footer() -> None:
    doc = read_document((FIXTURES / "typst_single_2page.pdf").read_bytes())
    footers = [ln.text for ln in doc.lines if ln.zone == "footer"]
    assert footers == ["Page 1 of 2", "Page 2 of 2"]
    assert doc.layout.pages == 2


def test_docx_header_tables_and_text_boxes_are_read() -> None:
    doc = read_document((FIXTURES / "docx_header_table_textbox.docx").read_bytes())
    assert doc.layout.tables == 2 and doc.layout.text_boxes == 1
    assert any(ln.zone == "header" and "daniel.okafor@example.com" in ln.text for ln in doc.lines)
    assert any(ln.source == "textbox" and "Power BI" in ln.text for ln in doc.lines)
    assert any(ln.source == "table" and "Lakeshore Logistics" in ln.text for ln in doc.lines)


def test_odt_header_and_rtf_text_are_read() -> None:
    odt = read_document((FIXTURES / "resume.odt").read_bytes())
    assert any(ln.zone == "header" and "(919) 555-0121" in ln.text for ln in odt.lines)
    rtf = read_document((FIXTURES / "resume.rtf").read_bytes())
    assert "Great Lakes Distribution" in rtf.text


def test_a_short_skills_grid_is_not_a_column_layout() -> None:
    import sys

    sys.path.insert(0, str(FIXTURES))
    from make_fixtures import raw_pdf

    items = [(72.0, 720.0, "F2", 16.0, "Alex Morgan"), (72.0, 700.0, "F1", 10.0, "alex@example.com")]
    y = 670.0
    for i in range(30):
        items.append(
            (
                72.0,
                y,
                "F1",
                10.0,
                f"Delivered project number {i} on time and under budget for the client team",
            )
        )
        y -= 14
        if i == 10:
            items.append((72.0, y, "F2", 11.0, "SKILLS"))
            y -= 14
            for row in (
                ("Financial Modeling", "Stakeholder Management", "Data Visualization"),
                ("Process Improvement", "Vendor Management", "Supply Chain Management"),
                ("Project Management", "Inventory Management", "Quality Assurance"),
                ("Microsoft Office", "Customer Service", "Contract Management"),
            ):
                for col, skill in enumerate(row):
                    items.append((72.0 + 150 * col, y, "F1", 10.0, skill))
                y -= 14
    doc = read_document(raw_pdf([items]))
    assert doc.layout.multi_column_pages == []
    assert "Financial Modeling\tStakeholder Management\tData Visualization" in doc.text
