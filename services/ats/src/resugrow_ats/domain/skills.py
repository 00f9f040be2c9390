"""Skill knowledge: the curated alias table and a matcher that respects word boundaries.

Matching runs on tokens, not substrings: a token keeps ``+``, ``#``, ``.``, ``/`` and ``-``
inside it, so C++, C#, .NET, Node.js and CI/CD survive and "C" never matches inside "C++" or
"C-suite". Aliases that are also everyday words (Go, R, C, Swift, Excel) are guarded: they match
with their exact capitalisation and only in a list of skills or beside a programming cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TOKEN = re.compile(r"\.?[^\W_](?:[\w+#.\-/&']*[\w+#])?")
_SEPARATOR_GAP = re.compile(r"^(?:[\s,;/|&()•·+:\-]|\band\b|\bor\b)*$", re.IGNORECASE)
_CUES_BEFORE = {
    "in",
    "using",
    "with",
    "via",
    "language",
    "languages",
    "learned",
    "wrote",
    "written",
    "programming",
}
_CUES_AFTER = {
    "programming",
    "language",
    "languages",
    "developer",
    "developers",
    "code",
    "codebase",
    "lang",
    "scripts",
}


@dataclass(frozen=True, slots=True)
class Skill:
    name: str
    category: str

    @property
    def kind(self) -> str:
        return "soft" if self.category == "soft" else "hard"


@dataclass(frozen=True, slots=True)
class SkillHit:
    skill: Skill
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Alias:
    skill: Skill
    # "" = any case; "exact" = written form only; "guard" = written form + list/cue context;
    # "short" = a short abbreviation: upper-case, Title-case or the canonical spelling only.
    rule: str
    form: str


def _key(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


class SkillTable:
    def __init__(self, rows: list[tuple[str, str, list[str]]], version: str) -> None:
        self.version = version
        self.skills: dict[str, Skill] = {}
        self._aliases: dict[str, list[_Alias]] = {}
        self.max_words = 1
        self._first_words: set[str] = set()
        for category, name, aliases in rows:
            if name.lower() in self.skills:
                continue  # the curated row came first and keeps its spelling and guards
            skill = Skill(name=name, category=category)
            self.skills[name.lower()] = skill
            guarded = [a[1:] for a in aliases if a.startswith(("!", "^"))]
            if not any(g.lower() == name.lower() for g in guarded):
                self._add(name, skill, self._rule_for(name, name))
            for alias in aliases:
                if alias.startswith("!"):
                    self._add(alias[1:], skill, "guard")
                elif alias.startswith("^"):
                    self._add(alias[1:], skill, "exact")
                else:
                    self._add(alias, skill, self._rule_for(alias, name))

    @staticmethod
    def _rule_for(alias: str, canonical: str) -> str:
        return "short" if alias.isalpha() and len(alias) <= 3 else ""

    def _add(self, alias: str, skill: Skill, rule: str) -> None:
        key = _key(alias)
        if not key:
            return
        self.max_words = max(self.max_words, len(key.split()))
        self._first_words.add(key.split()[0])
        self._aliases.setdefault(key, []).append(_Alias(skill, rule, alias))

    def lookup(self, item: str) -> Skill | None:
        """The skill an item of a skills list names, if the table knows it (list context)."""
        hits = self.find(item, list_context=True)
        if len(hits) == 1 and hits[0].end - hits[0].start >= 0.6 * len(item.strip()):
            return hits[0].skill
        return None

    def find(self, text: str, *, list_context: bool = False, offset: int = 0) -> list[SkillHit]:
        tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
        keys = [_key(t[2]) for t in tokens]
        hits: list[tuple[int, int, int, Skill, str]] = []  # (token index, start, end, skill, rule)
        i = 0
        while i < len(tokens):
            match = self._match_at(text, tokens, keys, i)
            if match is None:
                start, _end, tok = tokens[i]
                if "/" in tok:
                    pos = start
                    for part in tok.split("/"):
                        sub = (
                            self._match_at(
                                tok, [(pos - start, pos - start + len(part), part)], [_key(part)], 0
                            )
                            if part
                            else None
                        )
                        if sub is not None:
                            hits.append((i, pos, pos + len(part), sub[1].skill, sub[1].rule))
                        pos += len(part) + 1
                i += 1
                continue
            n, alias = match
            hits.append((i, tokens[i][0], tokens[i + n - 1][1], alias.skill, alias.rule))
            i += n
        accepted = [rule != "guard" or list_context for _, _, _, _, rule in hits]
        changed = True
        while changed:  # a guarded skill next to an accepted one is accepted too: "Go and Rust"
            changed = False
            for idx, (ti, _, _, _, _) in enumerate(hits):
                if not accepted[idx] and self._guard_ok(text, tokens, hits, idx, ti, accepted):
                    accepted[idx] = changed = True
        return [
            SkillHit(skill, start + offset, end + offset, text[start:end])
            for ok, (_, start, end, skill, _) in zip(accepted, hits, strict=True)
            if ok
        ]

    def _match_at(
        self, text: str, tokens: list[tuple[int, int, str]], keys: list[str], i: int
    ) -> tuple[int, _Alias] | None:
        if keys[i].split(" ", 1)[0] not in self._first_words:
            return None
        limit = 1
        while (
            limit < self.max_words
            and i + limit < len(tokens)
            and text[tokens[i + limit - 1][1] : tokens[i + limit][0]] in (" ", "-", "  ", " - ")
        ):
            limit += 1  # a phrase never spans punctuation: "AWS (S3" is two skills, not "AWS S3"
        for n in range(limit, 0, -1):
            candidates = self._aliases.get(" ".join(keys[i : i + n]))
            if not candidates:
                continue
            surface = " ".join(t[2] for t in tokens[i : i + n])
            for alias in candidates:
                if self._form_ok(alias, surface):
                    return n, alias
        return None

    @staticmethod
    def _form_ok(alias: _Alias, surface: str) -> bool:
        if alias.rule in ("exact", "guard"):
            return surface == alias.form
        if alias.rule == "short":
            return (
                surface.isupper()
                or surface == alias.skill.name
                or (surface[:1].isupper() and surface[1:].islower())
            )
        return True

    @staticmethod
    def _guard_ok(
        text: str,
        tokens: list[tuple[int, int, str]],
        hits: list[tuple[int, int, int, Skill, str]],
        idx: int,
        ti: int,
        accepted: list[bool],
    ) -> bool:
        _, start, end, _, _ = hits[idx]
        tok_start, tok_end, _tok = tokens[ti]
        if (tok_start, tok_end) != (start, end):
            return True  # one part of a slash group such as C/C++: a list by construction
        for other in (idx - 1, idx + 1):
            if 0 <= other < len(hits) and accepted[other]:
                _, o_start, o_end, _, _ = hits[other]
                gap = text[o_end:start] if o_start < start else text[end:o_start]
                if "\n" not in gap and _SEPARATOR_GAP.match(gap):
                    return True
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        if not text[line_start:start].strip(" \t•*-–·:") and not text[end:line_end].strip(" \t.,;"):
            return True  # the skill is the whole line: an item of a list
        prev_word = tokens[ti - 1][2].lower() if ti > 0 else ""
        next_word = tokens[ti + 1][2].lower() if ti + 1 < len(tokens) else ""
        if next_word in _CUES_AFTER:
            return True
        after = text[end : end + 2]
        return prev_word in _CUES_BEFORE and (
            not after.strip() or after[0] in ",.;)" or next_word in ("and", "or")
        )


def parse_table(text: str) -> SkillTable:
    rows: list[tuple[str, str, list[str]]] = []
    versions: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if parts[0] == "version":
            versions.append(parts[1])
            continue
        category, name = parts[0], parts[1]
        aliases = [a.strip() for a in parts[2].split(";")] if len(parts) > 2 else []
        rows.append((category, name, [a for a in aliases if a]))
    return SkillTable(rows, "+".join(versions) or "unversioned")


TABLE_FILES = ("skills.txt", "skills_onet.txt")  # curated first: its spelling and guards win


@lru_cache(maxsize=1)
def default_table() -> SkillTable:
    data = resources.files("resugrow_ats.domain.data")
    return parse_table("\n".join(data.joinpath(f).read_text(encoding="utf-8") for f in TABLE_FILES))


def skill_id(skill: Skill) -> str:
    """A stable id for a canonical skill ("Amazon Web Services" as written maps to ``aws``)."""
    return re.sub(r"[^a-z0-9+#]+", "-", skill.name.lower()).strip("-") or skill.name.lower()
