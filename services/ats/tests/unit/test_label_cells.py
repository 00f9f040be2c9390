"""Label columns (moderncv, Word grids): wrapped labels joined back, labels kept apart from content."""

from __future__ import annotations

from resugrow_ats.domain.document import Line
from resugrow_ats.domain.parse.contact import _wrapped_phone
from resugrow_ats.domain.parse.lists import parse_skills
from resugrow_ats.domain.pdf_columns import Word, layout_page
from resugrow_ats.domain.skills import default_table


def _w(text: str, x0: float, x1: float, top: float, size: float = 9.0) -> Word:
    return Word(text, x0, x1, top, top + size, size, False, "LMRoman")


def _skill_rows() -> list[Word]:
    """moderncv's \\cvitem{Amazon Web Services}{Proficient}: the label wraps in its right-aligned
    column (ending at x=106), the content starts at the body edge (x=114.6)."""
    words = [_w("Key", 114.6, 130.0, 360.0, 13.0), _w("Skills", 133.0, 171.5, 360.0, 13.0)]
    top = 380.0
    for label, level in (("Linux", "Expert"), ("Amazon Web|Services", "Proficient"), ("Java", "Basic")):
        first, _, wrapped = label.partition("|")
        words.append(_w(first, 106.0 - 6 * len(first), 106.0, top))
        words.append(_w(level, 114.6, 114.6 + 5 * len(level), top))
        if wrapped:
            top += 11.7  # the wrapped half sits one line down, tighter than the next item
            words.append(_w(wrapped, 106.0 - 5 * len(wrapped), 106.0, top))
        top += 14.5
    for i in range(3):  # body lines at the edge (a certificate, interests)
        words.append(_w("Certified", 114.6, 150.0, top + 20 + 12 * i))
    return words


def test_a_wrapped_label_is_joined_back_and_kept_apart_from_its_content() -> None:
    lines, columns = layout_page(_skill_rows(), 1)
    texts = [ln.text for ln in lines]
    assert columns == 1
    assert "Amazon Web Services\tProficient" in texts
    assert "Services" not in texts
    assert "Java\tBasic" in texts
    assert "Linux\tExpert" in texts


def test_label_cells_give_skills_as_written_without_levels_or_group_labels() -> None:
    lines = [Line("Amazon Web Services\tProficient"), Line("Tools\tApplicant Tracking Systems, HRIS, ADP")]
    lines.append(Line("Core\tEmployee Relations, Labor Law"))
    for i, ln in enumerate(lines):
        ln.start, ln.end = i * 100, i * 100 + len(ln.text)
    got = [s.written for s in parse_skills(lines, default_table())]
    assert got == [
        "Amazon Web Services",
        "Applicant Tracking Systems",
        "HRIS",
        "ADP",
        "Employee Relations",
        "Labor Law",
    ]


def test_a_big_name_beside_an_address_is_not_a_label_row() -> None:
    words = [_w("Denver,", 60.0, 90.0, 57.0, 13.0), _w("CO", 93.0, 106.0, 57.0, 13.0)]
    words += [_w("Ravi", 150.2, 200.0, 50.0, 30.0), _w("Sato", 208.0, 260.0, 50.0, 30.0)]
    words += [_w("(222)", 70.0, 90.0, 72.0, 13.0), _w("555-5959", 93.0, 106.0, 72.0, 13.0)]
    for i in range(4):
        words += [_w("2020", 86.0, 106.0, 120.0 + 15 * i), _w("Body", 150.2, 180.0, 120.0 + 15 * i)]
    texts = [ln.text for ln in layout_page(words, 1)[0]]
    assert "Denver, CO Ravi Sato" in texts
    assert "(222) 555-5959" in texts


def test_a_phone_wrapped_in_a_narrow_column_is_read_whole() -> None:
    found: dict[str, object] = {}
    lines = [
        Line("Chicago, IL • +1 (291)", start=0, end=22),
        Line("555-8893\tSenior Engineer", start=23, end=47),
    ]
    _wrapped_phone(lines, found)  # type: ignore[arg-type]
    assert found["phone"].value == "+1 (291) 555-8893"  # type: ignore[attr-defined]
