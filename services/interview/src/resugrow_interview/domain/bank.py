"""The question bank: typed questions, validation, indexes for fast selection, and filters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from resugrow_interview.domain.text import content_stems, phrase_stems

QuestionType = Literal["behavioral", "coding", "system_design", "sql", "ml", "product_sense", "role_specific"]
AnswerShape = Literal["star", "design_phases", "query", "explanation"]
Level = Literal["entry", "mid", "senior"]

QUESTION_TYPES: tuple[str, ...] = (
    "behavioral",
    "coding",
    "system_design",
    "sql",
    "ml",
    "product_sense",
    "role_specific",
)
ANSWER_SHAPES: tuple[str, ...] = ("star", "design_phases", "query", "explanation")
LEVELS: tuple[str, ...] = ("entry", "mid", "senior")
ROLES: tuple[str, ...] = ("software", "data", "product", "marketing", "sales", "finance", "design")


class BankError(ValueError):
    """A question file is malformed; the message names the question and the field."""


@dataclass(frozen=True)
class SqlSpec:
    reference_query: str
    ordered: bool
    expected: Mapping[str, list[list[Any]]]


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    text: str
    competency: str
    level: str
    answer_shape: str
    roles: tuple[str, ...] = ()
    talking_points: tuple[str, ...] = ()
    job_terms: tuple[str, ...] = ()
    sql: SqlSpec | None = None
    # Derived at load time so evaluation and selection never re-stem the tags.
    point_stems: tuple[tuple[str, ...], ...] = field(default=(), compare=False, repr=False)
    term_stems: tuple[tuple[str, ...], ...] = field(default=(), compare=False, repr=False)
    match_stems: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    @property
    def level_index(self) -> int:
        return LEVELS.index(self.level)

    def public(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "text": self.text,
            "competency": self.competency,
            "level": self.level,
            "answer_shape": self.answer_shape,
            "roles": list(self.roles),
            "talking_points": list(self.talking_points),
            "job_terms": list(self.job_terms),
        }
        if self.sql is not None:
            out["sql"] = {"ordered": self.sql.ordered}
        return out


def _req_str(raw: Mapping[str, Any], key: str, qid: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise BankError(f"question {qid!r}: field {key!r} must be a non-empty string")
    return value.strip()


def _str_list(raw: Mapping[str, Any], key: str, qid: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise BankError(f"question {qid!r}: field {key!r} must be a list of strings")
    return tuple(v.strip() for v in value)


def question_from_dict(raw: Mapping[str, Any]) -> Question:
    if not isinstance(raw, Mapping):
        raise BankError("every question must be a mapping")
    qid = raw.get("id")
    if not isinstance(qid, str) or not qid.strip():
        raise BankError("a question has no id")
    qtype = _req_str(raw, "type", qid)
    if qtype not in QUESTION_TYPES:
        raise BankError(f"question {qid!r}: unknown type {qtype!r}")
    level = _req_str(raw, "level", qid)
    if level not in LEVELS:
        raise BankError(f"question {qid!r}: unknown level {level!r}")
    shape = _req_str(raw, "answer_shape", qid)
    if shape not in ANSWER_SHAPES:
        raise BankError(f"question {qid!r}: unknown answer_shape {shape!r}")
    roles = _str_list(raw, "roles", qid)
    for role in roles:
        if role not in ROLES:
            raise BankError(f"question {qid!r}: unknown role {role!r}")
    sql = None
    if shape == "query":
        spec = raw.get("sql")
        if not isinstance(spec, Mapping) or not isinstance(spec.get("reference_query"), str):
            raise BankError(f"question {qid!r}: a query question needs sql.reference_query")
        expected = spec.get("expected") or {}
        if not isinstance(expected, Mapping):
            raise BankError(f"question {qid!r}: sql.expected must map dataset names to rows")
        sql = SqlSpec(
            reference_query=spec["reference_query"],
            ordered=bool(spec.get("ordered", False)),
            expected={str(k): [list(r) for r in v] for k, v in expected.items()},
        )
    talking_points = _str_list(raw, "talking_points", qid)
    job_terms = _str_list(raw, "job_terms", qid)
    text = _req_str(raw, "text", qid)
    point_stems = tuple(phrase_stems(p) for p in talking_points)
    term_stems = tuple(phrase_stems(t) for t in job_terms)
    match = {s for group in point_stems + term_stems for s in group} | set(content_stems(text))
    return Question(
        id=qid.strip(),
        type=qtype,
        text=text,
        competency=_req_str(raw, "competency", qid),
        level=level,
        answer_shape=shape,
        roles=roles,
        talking_points=talking_points,
        job_terms=job_terms,
        sql=sql,
        point_stems=point_stems,
        term_stems=term_stems,
        match_stems=frozenset(match),
    )


class QuestionBank:
    """Immutable after construction; indexed by (type, level) for constant-time candidate lists."""

    def __init__(self, questions: Iterable[Question], *, version: str) -> None:
        self.version = version
        self._by_id: dict[str, Question] = {}
        for q in questions:
            self._by_id[q.id] = q  # later sources override earlier ones with the same id
        self._by_type_level: dict[tuple[str, str], list[Question]] = {}
        for q in self._by_id.values():
            self._by_type_level.setdefault((q.type, q.level), []).append(q)

    @classmethod
    def from_documents(cls, documents: Iterable[Mapping[str, Any]]) -> QuestionBank:
        """Merge bank documents in order ({"bank_version": ..., "questions": [...]})."""
        versions: list[str] = []
        questions: list[Question] = []
        for doc in documents:
            if not isinstance(doc, Mapping) or not isinstance(doc.get("questions"), list):
                raise BankError("a bank document needs a 'questions' list")
            version = doc.get("bank_version")
            if not isinstance(version, str) or not version:
                raise BankError("a bank document needs a 'bank_version' string")
            versions.append(version)
            seen: set[str] = set()
            for raw in doc["questions"]:
                q = question_from_dict(raw)
                if q.id in seen:
                    raise BankError(f"duplicate question id {q.id!r} in bank {version}")
                seen.add(q.id)
                questions.append(q)
        if not versions:
            raise BankError("no question bank documents")
        return cls(questions, version="+".join(versions))

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_id.values())

    def get(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def candidates(self, qtype: str, level: str) -> list[Question]:
        return self._by_type_level.get((qtype, level), [])

    def filter(
        self,
        *,
        types: Iterable[str] = (),
        role: str | None = None,
        level: str | None = None,
        competency: str | None = None,
        query: str | None = None,
    ) -> list[Question]:
        wanted = set(types)
        needle = content_stems(query) if query else []
        out = []
        for q in self._by_id.values():
            if wanted and q.type not in wanted:
                continue
            if role and q.roles and role not in q.roles:
                continue
            if level and q.level != level:
                continue
            if competency and q.competency != competency:
                continue
            if needle and not all(s in q.match_stems for s in needle):
                continue
            out.append(q)
        return out
