import pytest

from resugrow_domain import InvalidInput
from resugrow_domain.pagination import clamp_limit, decode_cursor, encode_cursor, page_after


def test_cursor_round_trip_and_garbage_is_422() -> None:
    cur = encode_cursor({"created_at": "2026-01-01", "id": "a1"})
    assert decode_cursor(cur) == {"created_at": "2026-01-01", "id": "a1"}
    assert decode_cursor(None) is None
    for bad in ("!!!", "bm90IGpzb24", encode_cursor({"x": 1})[:-3] + "$$$", "W10"):  # "W10" is "[]"
        with pytest.raises(InvalidInput) as err:
            decode_cursor(bad)
        assert err.value.errors[0].field == "cursor"


def test_limit_bounds() -> None:
    assert clamp_limit(None) == 50
    with pytest.raises(InvalidInput):
        clamp_limit(0)
    with pytest.raises(InvalidInput):
        clamp_limit(201)


def test_page_after_cuts_and_points_past_the_last_item() -> None:
    page = page_after([1, 2, 3], 2, lambda n: {"n": n})
    assert page.items == [1, 2] and decode_cursor(page.next_cursor) == {"n": 2}
    assert page_after([1, 2], 2, lambda n: {"n": n}).next_cursor is None
