from __future__ import annotations

import pytest

from resugrow_linkedin.domain.dates import months_between, parse_date
from resugrow_linkedin.domain.ingest.csvtext import decode, read_rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan 2020", "2020-01"),
        ("January 2020", "2020-01"),
        ("Sept. 2019", "2019-09"),
        ("2020", "2020"),
        ("01/2020", "2020-01"),
        ("2020-01", "2020-01"),
        ("2020-01-15 10:00:00 UTC", "2020-01-15"),
        ("2024/03/02 10:00:00 UTC", "2024-03-02"),
        ("01/15/26, 10:00 AM", "2026-01-15"),
        ("15/01/2020", "2020-01-15"),
        ("15 Jan 2020", "2020-01-15"),
        ("Jan 15, 2020", "2020-01-15"),
        ("März 2021", "2021-03"),
        ("enero de 2020", "2020-01"),
        ("Present", None),
        ("Heute", None),
        ("", None),
        ("soon", None),
        ("13/2020", None),
    ],
)
def test_date_styles(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_months_between() -> None:
    assert months_between("2020-01", "2021-03") == 14


def test_decode_utf8_bom_cp1252_utf16_and_double_encoding() -> None:
    assert decode("\ufeffJosé".encode()) == ("José", "utf-8")
    assert decode("Montréal".encode("cp1252")) == ("Montréal", "cp1252")
    assert decode("Zoë".encode("utf-16")) == ("Zoë", "utf-16")
    # UTF-8 read as cp1252 and saved again as UTF-8: repaired, not passed on as mojibake.
    assert decode("JosÃ© MÃ¼ller".encode())[0] == "José Müller"


def test_read_rows_skips_preamble_pads_and_dedupes() -> None:
    text = 'Notes:\r\n"Some, text"\r\n\r\nName,Proficiency\r\nEnglish,Native\r\n"Multi\r\nline",\r\nEnglish,Native\r\nShort\r\n'
    rows = read_rows(text, ("Name",))
    assert rows == [
        {"name": "English", "proficiency": "Native"},
        {"name": "Multi\nline", "proficiency": ""},
        {"name": "Short", "proficiency": ""},
    ]


def test_read_rows_without_header_gives_nothing() -> None:
    assert read_rows("a,b\n1,2\n", ("Name",)) == []
