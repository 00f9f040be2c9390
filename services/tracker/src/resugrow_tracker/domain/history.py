"""Stage history: the ordered record of every move, and what it says about an application.

Moves are ordered by the time they really happened (``at``), never by when they were typed in,
so a user can enter history after the fact; ties keep entry order (``seq``). The ``from_stage``
stored on a move is what the user saw when they made it; everything derived here re-reads the
sequence of ``to`` stages, so a back-dated move slots into place without rewriting old moves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from resugrow_tracker.domain.errors import FieldError, InvalidInput
from resugrow_tracker.domain.stages import Stage


class MoveSource(StrEnum):
    USER = "user"
    IMPORT = "import"
    AUTOMATION = "automation"


@dataclass(frozen=True, slots=True)
class Move:
    to: Stage
    at: datetime
    source: MoveSource = MoveSource.USER
    from_stage: Stage | None = None
    seq: int = 0  # entry order; the creation move is seq 0

    def as_doc(self) -> dict[str, object]:
        return {
            "from": self.from_stage.value if self.from_stage else None,
            "to": self.to.value,
            "at": self.at,
            "source": self.source.value,
            "seq": self.seq,
        }

    @staticmethod
    def from_doc(doc: dict[str, object]) -> Move:
        frm = doc.get("from")
        return Move(
            to=Stage(str(doc["to"])),
            at=doc["at"],  # type: ignore[arg-type]
            source=MoveSource(str(doc.get("source") or "user")),
            from_stage=Stage(str(frm)) if frm else None,
            seq=int(doc.get("seq") or 0),  # type: ignore[call-overload]
        )


@dataclass(frozen=True, slots=True)
class Stint:
    """A stay in one stage: from the move into it until the next move (None while still there)."""

    stage: Stage
    start: datetime
    end: datetime | None


# A move dated this far in the future is a typo, not a plan.
FUTURE_SKEW = timedelta(minutes=5)
MAX_MOVES_PER_APPLICATION = 500


def ordered(moves: Iterable[Move]) -> list[Move]:
    """Moves in the order they happened.

    The creation move (seq 0) records when the card was made, which for history entered after
    the fact is later than the moves it stands before; it is therefore never placed after an
    earlier-dated move (it takes the earliest date), so "saved today, applied last week"
    reads as applied last week, not as a fall back to saved.
    """
    items = list(moves)
    if not items:
        return []
    earliest = min(m.at for m in items)
    key_items = []
    for m in items:
        at = earliest if (m.seq == 0 and m.at > earliest) else m.at
        key_items.append((at, m.seq, m))
    key_items.sort(key=lambda t: (t[0], t[1]))
    return [m if at == m.at else _redated(m, at) for at, _, m in key_items]


def _redated(move: Move, at: datetime) -> Move:
    return Move(to=move.to, at=at, source=move.source, from_stage=move.from_stage, seq=move.seq)


def stints(moves: Sequence[Move], as_of: datetime | None = None) -> list[Stint]:
    """Consecutive stays, from ordered moves; a move back to the same stage extends the stay."""
    seq = [m for m in ordered(moves) if as_of is None or m.at <= as_of]
    out: list[Stint] = []
    for move in seq:
        if out and out[-1].stage == move.to:
            continue
        if out:
            out[-1] = Stint(out[-1].stage, out[-1].start, move.at)
        out.append(Stint(move.to, move.at, None))
    return out


def stage_at(moves: Sequence[Move], when: datetime) -> Stage | None:
    current: Stage | None = None
    for m in ordered(moves):
        if m.at > when:
            break
        current = m.to
    return current


def current_stage(moves: Sequence[Move]) -> Stage | None:
    seq = ordered(moves)
    return seq[-1].to if seq else None


def plan_move(
    moves: Sequence[Move],
    *,
    to: Stage,
    at: datetime,
    source: MoveSource,
    now: datetime,
) -> Move:
    """Validate a new move against the history and return it with its from-stage and seq."""
    if at > now + FUTURE_SKEW:
        raise InvalidInput(
            "A move cannot be dated in the future.",
            errors=[FieldError("must not be in the future", column="at", value=at.isoformat())],
        )
    if len(moves) >= MAX_MOVES_PER_APPLICATION:
        raise InvalidInput(
            f"An application keeps at most {MAX_MOVES_PER_APPLICATION} moves.",
            errors=[FieldError("too many moves", column="to")],
        )
    before = stage_at(moves, at)
    if before == to:
        raise InvalidInput(
            f"The application was already '{to.value}' at that time.",
            errors=[
                FieldError(f"already in stage '{to.value}' at {at.isoformat()}", column="to", value=to.value)
            ],
        )
    seq = max((m.seq for m in moves), default=-1) + 1
    return Move(to=to, at=at, source=source, from_stage=before, seq=seq)


def first_reached(moves: Sequence[Move]) -> dict[Stage, datetime]:
    """When each stage was first entered."""
    out: dict[Stage, datetime] = {}
    for m in ordered(moves):
        out.setdefault(m.to, m.at)
    return out
