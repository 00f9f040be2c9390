"""What to do next after an answer: one next step and a targeted follow-up question, chosen by the
weakest dimension and the gaps the evaluation found (most important first)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Details = dict[str, Any]

_FOLLOW_UPS: dict[str, str] = {
    "star:result": "What was the measurable result?",
    "star:action": "What did you personally do, step by step?",
    "star:situation": "Can you set the scene: where were you and what was at stake?",
    "star:task": "What exactly were you responsible for in that situation?",
    "star:reflection": "What did you learn from it, and what would you do differently next time?",
    "star:hypothetical": "Can you tell me about a specific time this actually happened, and what you did?",
    "ownership": "Which part of that was your own contribution, as opposed to the team's?",
    "specificity": "Can you put numbers on that: how big, how fast, how much changed?",
    "system_design:requirements": "Before the architecture: what are the functional and non-functional requirements?",
    "system_design:estimates": "Roughly how many requests per second and how much storage does this need?",
    "system_design:api": "What would the main API endpoints look like?",
    "system_design:data_model": "How would you model and store the data?",
    "system_design:scaling": "What breaks first at ten times the traffic, and how would you scale it?",
    "system_design:tradeoffs": "What trade-offs did you make, and which alternative did you reject?",
    "coding:clarification": "What assumptions are you making about the input?",
    "coding:approach": "Can you walk me through your approach before writing any code?",
    "coding:complexity": "What are the time and space complexity of your approach?",
    "coding:edge_cases": "Which edge cases would you handle, and how?",
    "coding:testing": "How would you test it? Walk me through one example input.",
    "product_sense:goal_and_users": "Who is the user here, and what goal are you optimising for?",
    "product_sense:ideas": "What concrete solutions would you consider?",
    "product_sense:prioritisation": "Which of those would you do first, and why?",
    "product_sense:metrics": "How would you measure whether it worked?",
    "product_sense:tradeoffs": "What are the risks or trade-offs of that choice?",
    "explanation:definition": "Can you define it in one or two sentences first?",
    "explanation:mechanism": "How does it work underneath? Walk me through the mechanism.",
    "explanation:example": "Can you give a concrete example from your own work?",
    "explanation:tradeoffs": "When would this not be the right choice? What are its limits?",
    "delivery": "Could you give that answer again in about a minute, a little more slowly and without the fillers?",
}
STAR_PRIORITY = ("action", "result", "situation", "task", "reflection")

_NEXT_STEPS: dict[str, str] = {
    "star:result": "Add a result sentence that says what changed and by how much, e.g. 'errors fell from 4% to 0.3% in two weeks'.",
    "star:action": "Describe the steps you took yourself, one sentence per step, each starting with 'I ...'.",
    "star:situation": "Open with one or two sentences of context: where you were, what the problem was and why it mattered.",
    "star:task": "Say plainly what you were responsible for or what the goal was before describing what you did.",
    "star:reflection": "Close with one sentence on what you learned or now do differently.",
    "star:hypothetical": "Answer with one real past example ('At my last job, I ...') instead of what you would do.",
    "ownership": "Say 'I' for the work that was yours and name your own part; keep 'we' for the team's share.",
    "specificity": "Put numbers on the story: sizes, durations, money or percentages before and after.",
    "delivery:fillers": "Replace fillers with a silent pause: you used {hes} hesitation sound(s) and {lex} filler word(s).",
    "delivery:short": "Develop the answer to at least {lo} words: it has {words}.",
    "delivery:long": "Tighten the answer to under {hi} words: it has {words}.",
    "delivery:pace": "Aim for 120-160 words per minute: this answer ran at {wpm}.",
    "delivery:hedges": "Drop hedges such as '{hedge}': state what you did and what happened.",
    "correctness": "Fix the query: {reason}.",
}
_PHASE_STEPS: dict[str, str] = {
    "requirements": "Start by listing functional and non-functional requirements (scale, latency, availability).",
    "estimates": "Add a back-of-the-envelope estimate: requests per second, storage per year, bandwidth.",
    "api": "Sketch the main API calls with their inputs and outputs.",
    "data_model": "Describe the data model: the main entities, keys and which store holds them.",
    "scaling": "Explain how the design scales: caching, partitioning, replication, queues.",
    "tradeoffs": "Name one trade-off you made and the alternative you rejected.",
    "clarification": "Begin by stating your assumptions about the input (size, ordering, duplicates).",
    "approach": "Explain the approach in plain words before code, starting from brute force.",
    "complexity": "State the time and space complexity in big-O terms.",
    "edge_cases": "List the edge cases (empty input, duplicates, negatives) and how you handle them.",
    "testing": "Walk through one small example input to show the algorithm works.",
    "goal_and_users": "Start with the user and the goal you are optimising for.",
    "ideas": "Offer two or three concrete solution ideas.",
    "prioritisation": "Pick one idea and justify it by impact and effort.",
    "metrics": "Name the metric that would show success and a guardrail metric.",
    "definition": "Open with a one-sentence definition.",
    "mechanism": "Explain how it works underneath, step by step.",
    "example": "Give one concrete example, ideally from your own work.",
}


def follow_up_key(weakest: str, gaps: list[str], dims: dict[str, float]) -> str | None:
    if weakest == "structure":
        return gaps[0] if gaps and gaps[0] != "star:reflection" else None
    if weakest in ("ownership", "specificity", "correctness", "relevance", "delivery"):
        return weakest
    return None


def follow_up_text(key: str, details: Details, missing_points: list[str]) -> str | None:
    if key == "correctness":
        sql_d = details["sql"]
        if sql_d.get("error"):
            return f"Your query was not accepted ({sql_d['error']}). Can you fix it?"
        return f"Your query does not return the expected rows ({sql_d.get('mismatch')}). Can you fix it?"
    if key == "relevance" and missing_points:
        return f"Could you also speak to {missing_points[0]}?"
    return _FOLLOW_UPS.get(key)


def _structure_step(gaps: list[str], details: Details, missing_points: list[str]) -> str | None:
    if not gaps:
        return None
    key = gaps[0]
    if key in _NEXT_STEPS:
        return _NEXT_STEPS[key]
    return _PHASE_STEPS.get(key.split(":", 1)[1], "Cover the missing part of the answer.")


def _correctness_step(gaps: list[str], details: Details, missing_points: list[str]) -> str | None:
    sql = details.get("sql", {})
    return _NEXT_STEPS["correctness"].format(
        reason=sql.get("error") or sql.get("mismatch") or "compare your result with the question"
    )


def _relevance_step(gaps: list[str], details: Details, missing_points: list[str]) -> str | None:
    if missing_points:
        return f"Cover the talking point you missed: '{missing_points[0]}'."
    missing = details.get("relevance", {}).get("job_terms_missing") or []
    if missing:
        return f"Use the job's own terms where they are true for you, e.g. '{missing[0]}'."
    return "Answer the question that was asked more directly, using its key words."


def _delivery_step(gaps: list[str], details: Details, missing_points: list[str]) -> str | None:
    d = details.get("delivery", {})
    length = d.get("length", {})
    if length.get("verdict") == "too short":
        return _NEXT_STEPS["delivery:short"].format(lo=length["ideal_min"], words=length["words"])
    if d.get("hesitations", {}).get("count", 0) + d.get("lexical_fillers", {}).get("count", 0) >= 3:
        return _NEXT_STEPS["delivery:fillers"].format(
            hes=d["hesitations"]["count"], lex=d["lexical_fillers"]["count"]
        )
    if d.get("pace_verdict") in ("slow", "fast"):
        return _NEXT_STEPS["delivery:pace"].format(wpm=d.get("words_per_minute"))
    if length.get("verdict") == "too long":
        return _NEXT_STEPS["delivery:long"].format(hi=length["ideal_max"], words=length["words"])
    if d.get("hedges", {}).get("items"):
        return _NEXT_STEPS["delivery:hedges"].format(hedge=d["hedges"]["items"][0]["word"])
    return "Practise the answer aloud once more and keep the same structure."


# One advice function per weakest dimension; None falls through to the generic table.
_STEPS: dict[str, Callable[[list[str], Details, list[str]], str | None]] = {
    "structure": _structure_step,
    "correctness": _correctness_step,
    "relevance": _relevance_step,
    "delivery": _delivery_step,
}


def next_step(weakest: str, gaps: list[str], details: Details, missing_points: list[str]) -> str:
    step = _STEPS.get(weakest)
    advice = step(gaps, details, missing_points) if step else None
    if advice is not None:
        return advice
    if weakest in _NEXT_STEPS:
        return _NEXT_STEPS[weakest]
    return "Practise the same question again and compare the scores."
