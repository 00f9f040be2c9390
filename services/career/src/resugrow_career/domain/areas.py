"""Resolve a user's location (area code, state, or metro name) to an OEWS area."""

from __future__ import annotations

import re

from resugrow_career.domain.wages import NATIONAL, Area

STATE_FIPS = {
    "AL": "01", "AK": "02", "AZ": "04", "AR": "05", "CA": "06", "CO": "08", "CT": "09", "DE": "10",
    "DC": "11", "FL": "12", "GA": "13", "HI": "15", "ID": "16", "IL": "17", "IN": "18", "IA": "19",
    "KS": "20", "KY": "21", "LA": "22", "ME": "23", "MD": "24", "MA": "25", "MI": "26", "MN": "27",
    "MS": "28", "MO": "29", "MT": "30", "NE": "31", "NV": "32", "NH": "33", "NJ": "34", "NM": "35",
    "NY": "36", "NC": "37", "ND": "38", "OH": "39", "OK": "40", "OR": "41", "PA": "42", "RI": "44",
    "SC": "45", "SD": "46", "TN": "47", "TX": "48", "UT": "49", "VT": "50", "VA": "51", "WA": "53",
    "WV": "54", "WI": "55", "WY": "56", "GU": "66", "PR": "72", "VI": "78",
}  # fmt: skip


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


class AreaDirectory:
    def __init__(self, areas: dict[str, Area]) -> None:
        self.areas = areas
        self.states = {a.state_fips: a for a in areas.values() if a.type == "S"}
        self.by_state_name = {a.title.lower(): a for a in self.states.values()}
        self.metros = sorted((a for a in areas.values() if a.type == "M"), key=lambda a: a.code)

    def resolve(self, location: str | None) -> Area | None:
        """None for no location; raises LookupError when nothing matches."""
        if not location or not location.strip():
            return None
        text = location.strip()
        if text.upper() in ("US", "USA", "U.S.", "NATIONAL", "99"):
            return NATIONAL
        if text in self.areas:
            return self.areas[text]
        if text.upper() in STATE_FIPS:
            return self.states.get(STATE_FIPS[text.upper()])
        if text.lower() in self.by_state_name:
            return self.by_state_name[text.lower()]
        return self._metro(text)

    def _metro(self, text: str) -> Area:
        want = _words(text)
        state = want[-1].upper() if want and want[-1].upper() in STATE_FIPS and len(want) > 1 else None
        if state:
            want = want[:-1]
        for area in self.metros:
            words = _words(area.title)
            if all(w in words for w in want) and (state is None or state.lower() in words):
                return area
        raise LookupError(text)
