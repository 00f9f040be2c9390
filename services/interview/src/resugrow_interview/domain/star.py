"""STAR sentence labelling, ownership and hypothetical-answer detection for behavioral answers.

Each sentence gets cue scores per label from weighted phrase patterns, plus a weak prior from
its position in the answer (stories open with context and close with results and lessons).
A sentence with no cue continues the label of the sentence before it, because narratives come
in blocks (two context sentences, three action sentences, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resugrow_interview.domain.star_model import relabel
from resugrow_interview.domain.star_refine import Context, refine
from resugrow_interview.domain.star_uncued import uncued_label
from resugrow_interview.domain.text import split_sentences

LABELS: tuple[str, ...] = ("situation", "task", "action", "result", "reflection", "other")
COMPONENTS: tuple[str, ...] = ("situation", "task", "action", "result", "reflection")


def _p(pattern: str) -> re.Pattern[str]:
    # Patterns are lowercase and run on lowercased text: IGNORECASE makes Python's re much slower.
    # For the same reason alternatives share one leading \b (or ^) group where they can: Python's
    # re tries every alternative at every position, so one boundary test per position is cheaper.
    return re.compile(pattern)


# Past-tense verbs that describe doing something (as opposed to being, having or thinking).
_IRREGULAR_ACTIONS = (
    "built|wrote|rewrote|made|ran|led|took|set|found|brought|sent|spoke|met|began|drew|gave|chose|told|kept|"
    "held|put|sat|went|did|bought|sold|taught|paid|split|broke|fought|rebuilt|got|called|dug|shut|cut|read|saw|"
    "hired|fixed|tried|caught|flew|stood|shipped|mapped|stepped|planned|dropped|stopped|pulled|pushed"
)
_STATE_WORDS = (
    "needed wanted learned learnt realized realised liked loved hated seemed supposed used worked "
    "based related interested excited surprised frustrated worried concerned tasked assigned "
    "asked expected responsible involved located called aligned tired scared stressed motivated "
    "pleased happened shocked convinced determined impressed annoyed disappointed embarrassed "
    "qualified paired"
)
_STATE_VERBS = frozenset(_STATE_WORDS.split())
_I_PAST_ACTION = re.compile(
    r"\b(?:i|we)\s+(?:then\s+|also\s+|first\s+|quickly\s+|immediately\s+|personally\s+|eventually\s+|finally\s+|"
    r"actually\s+|just\s+)?([a-z]+ed|" + _IRREGULAR_ACTIONS + r")\b",
)

_CUES: dict[str, list[tuple[re.Pattern[str], float]]] = {
    "situation": [
        (
            _p(
                r"\b(at|in) my (last|previous|former|first|current|old) (job|company|role|team|position|internship|employer|school|university)"
            ),
            2.0,
        ),
        (_p(r"\b(when|while) (i|we) (was|were|worked|joined|started)\b"), 1.6),
        (
            _p(
                r"\b(back in|in) (19|20)\d\d\b|\b(last|that) (year|summer|spring|autumn|fall|winter|quarter|semester)\b|\ba (few|couple of) (years|months|weeks) ago\b|\bat the time\b|\bduring my\b"
            ),
            1.4,
        ),
        (_p(r"\b(i was|i worked|i joined|i was working) (as|at|on|in|with)\b"), 1.4),
        (
            _p(
                r"\b(there was|there were|we had|the team had|the company had|our team had|we were|it was|the (team|company|product|system|app|project|client|customer|business) (was|were|had|used))\b"
            ),
            1.0,
        ),
        (
            _p(
                r"\b(had been|used to|was growing|were growing|was struggling|were struggling|was losing|were losing|kept (failing|crashing|breaking|slipping))\b"
            ),
            1.0,
        ),
        (_p(r"\b(the (problem|issue|context|background|situation) was)\b"), 1.6),
        (_p(r"\b(startup|agency|retailer|bank|hospital|nonprofit|team of \d+|\d+[- ]person)\b"), 0.6),
    ],
    "task": [
        (
            _p(
                r"\b(set|gave|handed) me (the|a|an) (goal|target|task|job|challenge|brief|deadline)\b|\bi (took on|took it on|volunteered to|signed up to|offered to own)\b"
            ),
            2.2,
        ),
        (
            _p(
                r"\bmy (goal|task|job|responsibility|role|assignment|mandate|objective|mission|brief|remit|target|priority)( (last|that|this|next) (year|month|week|quarter|term|semester))? (was|became|is)\b"
            ),
            2.6,
        ),
        (
            _p(
                r"\b(was|became) (my|our) (responsibility|job|task|problem)\b|\bresponsible for\b|\bi (owned|was the owner of|was in charge of)\b|\b(the|our) (requirements?|constraints?) (was|were)\b"
            ),
            2.2,
        ),
        (
            _p(
                r"\b(i was|i got|i had been) (responsible|asked|tasked|charged|assigned|expected|given|put in charge|brought in)\b"
            ),
            2.2,
        ),
        (
            _p(
                r"\b(the|our) (main |key |real |core |first |big |hard |only |biggest )?(goal|task|objective|challenge|aim|ask|target|mandate|requirement|priority)s?( of [^,.]{1,40}?| here)? (was|became|is|are)\b"
            ),
            2.2,
        ),
        (
            _p(r"\bthe (system|service|app|design|solution|tool|product|feature) (has to|must|needs to)\b"),
            1.6,
        ),
        (_p(r"\b(i|we) (needed|had|wanted) to\b|\bneeded to\b|\bi was supposed to\b"), 1.2),
        (_p(r"\bit was (up to me|on me|my job)\b"), 2.4),
        (_p(r"\b(asked me|wanted me|needed me|told me) to\b"), 1.6),
        (
            _p(
                r"\b(deadline|by the end of|within (\w+ )?(days|weeks|months)|so that we could|in order to)\b"
            ),
            0.6,
        ),
    ],
    "action": [
        (_p(r"\b(first|then|next|after that|afterwards|so|finally|also|second|third)\b,? (i|we)\b"), 1.2),
        (
            _p(
                r"\bi (decided|started|set up|reached out|proposed|organi[sz]ed|scheduled|created|wrote|built|designed|led|ran|analy[sz]ed|introduced|met|talked|spoke|asked|suggested|put together|pulled|prototyped|interviewed|mapped|rewrote|automated|negotiated|pitched|presented|volunteered|reviewed|drafted|implemented|migrated|tested|added|replaced|moved|split|broke|paired|called|booked|sat down|walked|dug|traced|profiled|instrumented|documented|shadowed|trained|coached|took)\b"
            ),
            2.0,
        ),
        (
            _p(
                r"\bi (made sure|worked with|worked through|focused on|went through|went back|went to|took ownership|stepped in|took the lead|followed up|set|gave)\b"
            ),
            1.8,
        ),
        (_p(r"\b(my approach was|what i did was|the first thing i did|i began by|i started by)\b"), 2.2),
        (
            _p(
                r"\bwe (decided|started|set up|built|created|designed|ran|introduced|moved|migrated|implemented|agreed|wrote|added|split|rolled out|tested)\b"
            ),
            1.0,
        ),
    ],
    "result": [
        (
            _p(
                r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten) times (faster|quicker|more|fewer|less|cheaper|higher|lower)\b|\bfaster than before\b|\b(went|ran) (smoothly|well|fine)\b|\bwas a (success|hit)\b|\bsuccessfully\b|\b(it|they|the system|the service) held\b|\bbrought in\b|\bgenerated\b|\bnow (finishes|takes|runs|loads|completes)\b"
            ),
            1.8,
        ),
        (
            _p(
                r"\b(as a result|the result was|the outcome was|in the end|ultimately|by the end|end result|net result|which (meant|led|resulted)|this (meant|led|resulted)|that (meant|led|resulted)|resulted in|led to)\b"
            ),
            2.4,
        ),
        (
            _p(
                r"(?<!\bto )\b(reduced|increased|improved|cut|saved|grew|dropped|rose|doubled|halved|tripled|boosted|lifted|lowered|raised|decreased|shrank|climbed|fell)\b"
            ),
            1.6,
        ),
        (
            _p(
                r"\bwent (up |down |back )?(from|by|to)\b|\b(dropped|fell|rose|grew|came|went) (down |back )?to\b|\b(stopped|disappeared|went away) (completely|entirely)?|\bno (longer|data was lost|more)\b|\b(went|dropped|fell) to zero\b"
            ),
            1.6,
        ),
        (
            _p(
                r"\b(they|the client|the customer|she|he|management|leadership|the board|the team) (approved|accepted|agreed|signed|renewed|hired|bought|chose|adopted|started using|kept using)\b"
            ),
            1.4,
        ),
        (_p(r"\b(percent|per cent)\b"), 1.2),
        (_p(r"\d+(?:\.\d+)?\s?(?:%|percent|x\b)|\b(?:from \$?\d[\d,.]*\s?\w* to \$?\d|by \d)"), 1.4),
        (
            _p(
                r"\b(we|i) (shipped|launched|delivered|hit|met|exceeded|beat|closed|won|finished|completed|signed|released|passed)\b|\bon time\b|\bahead of schedule\b"
            ),
            1.3,
        ),
        (
            _p(
                r"\b(got promoted|was promoted|renewed|adopted|became the (default|standard)|is still (used|running)|still use|praised|recognized|recognised|award)\b"
            ),
            1.4,
        ),
        (
            _p(
                r"\b(the (client|customer|team|manager|users?|stakeholders?) (was|were) (happy|pleased|satisfied|thrilled))\b"
            ),
            1.2,
        ),
    ],
    "reflection": [
        (
            _p(
                r"^(?:now|today),? i\b|\b(?:stuck with me|i took away|what i took away|my big takeaway|the big lesson"
                r"|i have (?:since|ever since))\b"
            ),
            2.4,
        ),
        (
            _p(
                r"\b(i learned|i learnt|i've learned|i have learned|taught me|the lesson|my lesson|key lesson|lessons learned|learning for me|biggest learning|the takeaway|my takeaway)\b"
            ),
            2.8,
        ),
        (
            _p(
                r"\b(looking back|in hindsight|in retrospect|next time|if i did it again|if i had to do it again|i would (do|have done|change)|i'd (do|have done|change)|would have (done|started|asked|involved))\b"
            ),
            2.6,
        ),
        (
            _p(
                r"\b(since then|ever since|from then on|going forward|now i (always|make sure|try|start|check|ask)|i now (always|make sure|try|start|check|ask)|these days i|i still)\b"
            ),
            2.2,
        ),
        (_p(r"\b(never|always) .{0,40}\bagain\b|\b(would|will) never\b|\bwon't ever\b"), 2.2),
        (
            _p(
                r"\b(i realized|i realised|i (have|'ve) reali[sz]ed|it showed me|made me realize|made me realise|i understood|i discovered that|it reminded me)\b"
            ),
            1.6,
        ),
    ],
    "other": [
        (
            _p(
                r"^(?:(?:great|good|interesting|nice|tough) question\b|(?:so,? )?yeah\b|thanks?\b|thank you\b|(?:okay|ok|alright|sure)[.!,]?$)"
                r"|\b(?:let me think|hope that (?:helps|answers)|does that answer|that'?s (?:it|all|about it|my answer|my example)"
                r"|i can think of|one example (?:that )?comes to mind|i'?ll (?:tell|talk about|share|use))\b"
            ),
            3.0,
        ),
    ],
}

_HYPOTHETICAL = re.compile(
    r"\b(i would(?! have)|i'd(?! have)|i will|i'll|i'm going to|i usually|i always|i typically|i generally|i tend to|i normally|"
    r"you (would|should|could|need to|have to)|one (should|would)|what i would do|my approach would be|"
    r"i try to|i like to|i make sure to|if i were|i'd probably|i would probably)\b",
)
_PAST_MARKER = re.compile(r"\b(was|were|had|did|\w+ed)\b")
_I_WORDS = re.compile(r"\b(i|i'm|i've|i'd|i'll|me|my|myself)\b")
_WE_WORDS = re.compile(r"\b(we|we're|we've|we'd|we'll|us|our|ourselves)\b")

# Position priors: (start weight, end weight) linearly interpolated over the answer.
_PRIOR = {
    "situation": (1.5, -0.4),
    "task": (0.5, -0.2),
    "action": (0.1, 0.1),
    "result": (-0.3, 0.5),
    "reflection": (-0.4, 0.6),
    "other": (0.0, 0.0),
}
_MIN_CUE = 0.9


@dataclass(frozen=True)
class LabelledSentence:
    index: int
    start: int
    text: str
    label: str
    cues: tuple[str, ...]
    hypothetical: bool
    i_action: bool
    we_action: bool


@dataclass(frozen=True)
class StarAnalysis:
    sentences: tuple[LabelledSentence, ...]
    present: tuple[str, ...]
    missing: tuple[str, ...]
    hypothetical: bool
    hypothetical_sentences: tuple[int, ...]
    i_count: int
    we_count: int
    i_actions: int
    we_actions: int


def _is_action_match(text: str) -> tuple[bool, bool]:
    i_act = we_act = False
    for m in _I_PAST_ACTION.finditer(text):
        verb = m.group(1).lower()
        if verb in _STATE_VERBS:
            continue
        if m.group(0).lower().startswith("i"):
            i_act = True
        else:
            we_act = True
    return i_act, we_act


def label_sentence(text: str, position: float) -> tuple[str, dict[str, float], bool, bool]:
    text = text.lower().replace("’", "'")
    scores: dict[str, float] = {}
    for label, cues in _CUES.items():
        total = 0.0
        for pattern, weight in cues:
            if pattern.search(text):
                total += weight
        scores[label] = total
    i_act, we_act = _is_action_match(text)
    # A first-person past action verb is evidence on its own; it adds nothing when a cue already fired.
    if scores["action"] == 0:
        if i_act:
            scores["action"] += 1.4
        elif we_act:
            scores["action"] += 0.6
    words = len(text.split())
    if words <= 3 and max(scores.values()) < 2.0:
        return "other", scores, i_act, we_act
    best = max(LABELS, key=lambda lb: scores[lb] + (_prior(lb, position) if scores[lb] > 0 else 0.0))
    if scores[best] < _MIN_CUE:
        return "", scores, i_act, we_act
    return best, scores, i_act, we_act


def _prior(label: str, position: float) -> float:
    start, end = _PRIOR[label]
    return start + (end - start) * position


def rule_labels(raw: list[tuple[int, str]]) -> list[tuple[str, dict[str, float], bool, bool]]:
    """Labels from the cue rules alone (the model's main input), with the cue scores and actions."""
    n = len(raw)
    out: list[tuple[str, dict[str, float], bool, bool]] = []
    previous = ""
    for i, (_, sentence) in enumerate(raw):
        position = i / (n - 1) if n > 1 else 0.0
        label, scores, i_act, we_act = label_sentence(sentence, position)
        low = sentence.lower().replace("’", "'")
        if not label:
            label = uncued_label(low)
        if not label:
            # No cue: continue the running block, or open with context when nothing came before.
            if previous and previous != "other":
                label = previous
            elif position < 0.5:
                label = "situation"
            else:
                label = "action" if position < 0.75 else "result"
        label = refine(Context(low, label, i, n, scores.get("result", 0.0)))
        out.append((label, scores, i_act, we_act))
        previous = label
    return out


def analyse(
    answer: str, sentences: list[tuple[int, str]] | None = None, *, model: bool = True
) -> StarAnalysis:
    raw = split_sentences(answer) if sentences is None else sentences
    n = len(raw)
    ruled = rule_labels(raw)
    lows = [sentence.lower().replace("’", "'") for _, sentence in raw]
    cues = [tuple(lb for lb in LABELS if scores.get(lb, 0) > 0) for _, scores, _, _ in ruled]
    labels = [label for label, _, _, _ in ruled]
    if model and n:
        labels = relabel(lows, labels, cues)
    labelled: list[LabelledSentence] = []
    hypo_idx: list[int] = []
    for i, ((start, sentence), (_, _, i_act, we_act)) in enumerate(zip(raw, ruled, strict=True)):
        low = lows[i]
        hypothetical = bool(_HYPOTHETICAL.search(low)) and not _PAST_MARKER.search(_HYPOTHETICAL.sub("", low))
        if hypothetical:
            hypo_idx.append(i)
        labelled.append(LabelledSentence(i, start, sentence, labels[i], cues[i], hypothetical, i_act, we_act))
    present = tuple(c for c in COMPONENTS if any(s.label == c for s in labelled))
    missing = tuple(c for c in COMPONENTS if c not in present)
    lowered = answer.lower().replace("’", "'")
    i_count = len(_I_WORDS.findall(lowered))
    we_count = len(_WE_WORDS.findall(lowered))
    past_actions = sum(1 for s in labelled if s.i_action or s.we_action)
    is_hypothetical = n > 0 and len(hypo_idx) >= max(1, round(0.4 * n)) and past_actions <= len(hypo_idx) // 2
    return StarAnalysis(
        sentences=tuple(labelled),
        present=present,
        missing=missing,
        hypothetical=is_hypothetical,
        hypothetical_sentences=tuple(hypo_idx),
        i_count=i_count,
        we_count=we_count,
        i_actions=sum(1 for s in labelled if s.i_action),
        we_actions=sum(1 for s in labelled if s.we_action and not s.i_action),
    )
