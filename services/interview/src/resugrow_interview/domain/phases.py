"""Phase coverage for answers that follow a known shape other than STAR.

System design: requirements, estimates, API, data model, scaling, trade-offs.
Coding: clarification, approach, complexity, edge cases, testing.
Product: goal and users, ideas, prioritisation, metrics, trade-offs.
Explanations (ML and role knowledge): definition, mechanism, example, trade-offs.
Each phase is found by cue patterns; the first matching sentence is kept as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resugrow_interview.domain.text import split_sentences


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


PhaseSet = tuple[tuple[str, re.Pattern[str]], ...]

DESIGN_PHASES: PhaseSet = (
    (
        "requirements",
        _p(
            r"\brequirements?\b|\bfunctional\b|\buse cases?\b|\bclarify\b|\bin scope\b|\bout of scope\b|\bscope\b|\b(users?|clients?) (can|should|must|need to|want to)\b|\bshould support\b|\bSLA\b|\bSLO\b|\bavailability\b|\bread[- ]heavy\b|\bwrite[- ]heavy\b|\bassum(e|ing|ption)"
        ),
    ),
    (
        "estimates",
        _p(
            r"\bQPS\b|\bRPS\b|\brequests? (per|a|/) ?(second|sec|s|day|minute)\b|\bper (second|day|month)\b|\b\d[\d,.]*\s?(k|m|million|billion|thousand)?\s?(users|requests|writes|reads|messages|events|urls|links|dau|mau)\b|\b(DAU|MAU)\b|\b\d[\d,.]*\s?(KB|MB|GB|TB|PB|bytes)\b|\b(terabytes?|petabytes?|gigabytes?)\b|\bback[- ]of[- ](the[- ])?envelope\b|\bestimat|\bbandwidth\b|\bstorage (need|requirement|estimate|per|of|grows|over)"
        ),
    ),
    (
        "api",
        _p(
            r"\bAPIs?\b|\bendpoints?\b|\b(GET|POST|PUT|PATCH|DELETE) /|\bREST(ful)?\b|\bgRPC\b|\bGraphQL\b|/v\d\b|\brequest (body|payload)\b|\bresponse\b|\bwebhooks?\b|\binterface\b"
        ),
    ),
    (
        "data_model",
        _p(
            r"\bschema\b|\btables?\b|\bcolumns?\b|\bdata model\b|\bprimary key\b|\bpartition key\b|\bindex(es|ed)?\b|\bSQL\b|\bNoSQL\b|\b(Postgres|PostgreSQL|MySQL|Cassandra|DynamoDB|MongoDB|Redis|S3|Bigtable|HBase)\b|\bkey[- ]value\b|\bdocument store\b|\brecords?\b|\bfields?\b|\bstore (it|them|the|each|every)\b|\bmetadata\b"
        ),
    ),
    (
        "scaling",
        _p(
            r"\bshard(s|ing|ed)?\b|\bpartition(s|ing|ed)?\b|\breplica(s|tion|ted)?\b|\bcach(e|es|ing|ed)\b|\bCDN\b|\bload balanc|\bhorizontal(ly)?\b|\bscal(e|es|ing|able) (out|up|horizontally|to)\b|\bqueues?\b|\basync(hronous(ly)?)?\b|\bbottlenecks?\b|\bhot ?spots?\b|\bconsistent hashing\b|\bautoscal|\bfan[- ]?out\b|\bread replicas?\b|\bworkers?\b|\bbatch(ing)?\b"
        ),
    ),
    (
        "tradeoffs",
        _p(
            r"\btrade[- ]?offs?\b|\bat the (cost|expense) of\b|\bdownsides?\b|\binstead of\b|\bversus\b|\bvs\.?\b|\bon the other hand\b|\beventual(ly)? consisten|\bstrong(ly)? consisten|\bCAP\b|\bpros and cons\b|\balternatives?\b|\bthe (risk|catch|cost) (is|here)\b|\bwe could also\b|\bI chose\b|\bI would choose\b|\bsacrific|\bcheaper but\b|\bsimpler but\b|\bfaster but\b"
        ),
    ),
)

CODING_PHASES: PhaseSet = (
    (
        "clarification",
        _p(
            r"\bclarif|\bassum(e|ing|ption)|\bconstraints?\b|\bcan the input\b|\bis the (array|input|list|string|tree|graph)\b|\bwhat if\b|\bdo we (know|care)\b|\bare (the )?(values|numbers|elements|keys) (sorted|unique|positive|distinct|bounded)\b|\binput size\b|\bask(ing)? (whether|if|about)\b"
        ),
    ),
    (
        "approach",
        _p(
            r"\bbrute[- ]force\b|\bnaive(ly)?\b|\bapproach\b|\bthe idea\b|\bintuition\b|\bi(?:'d| would| will)? (use|keep|store|maintain|sort|iterate|scan|traverse|walk)\b|\bwe (can|could) (use|keep|store|sort|iterate|scan)\b|\bhash ?(map|set|table)\b|\btwo pointers?\b|\bsliding window\b|\brecurs(ion|ive|ively)\b|\bdynamic programming\b|\bmemo(i[sz]|ization|isation)|\bheap\b|\bstack\b|\bqueue\b|\bbinary search\b|\bBFS\b|\bDFS\b|\bgreedy\b|\bdictionary\b|\bprefix sums?\b"
        ),
    ),
    (
        "complexity",
        _p(
            r"\bO\s?\(|\bbig[- ]o\b|\bcomplexity\b|\b(linear|logarithmic|quadratic|constant|exponential) (time|space)\b|\bn log n\b|\bn squared\b|\btime and space\b|\bspace (is|would be)\b|\bruntime\b"
        ),
    ),
    (
        "edge_cases",
        _p(
            r"\bedge cases?\b|\bcorner cases?\b|\bempty (array|list|string|input|tree)?\b|\bnull\b|\bnone\b|\bduplicates?\b|\bnegative\b|\boverflow\b|\bsingle (element|node|character)\b|\bonly one\b|\bzero\b|\bout of bounds\b"
        ),
    ),
    (
        "testing",
        _p(
            r"\btest(s|ing|ed)?\b|\bwalk (it )?through\b|\bdry[- ]run\b|\bfor (example|instance)\b|\bexample input\b|\btrace (it|through)\b|\bassert\b|\bunit tests?\b|\bverify\b"
        ),
    ),
)

PRODUCT_PHASES: PhaseSet = (
    (
        "goal_and_users",
        _p(
            r"\bgoal\b|\bobjective\b|\bclarif|\bwho (is|are) (the|our) (user|customer)|\busers?\b|\bcustomers?\b|\bsegments?\b|\bpersonas?\b|\bpain points?\b|\bjobs to be done\b|\bassum(e|ing|ption)"
        ),
    ),
    (
        "ideas",
        _p(
            r"\bideas?\b|\bfeatures?\b|\bsolutions?\b|\boptions?\b|\bpropos|\bwe could\b|\bi would (build|add|launch|test|try|introduce)\b|\bhypothes[ie]s\b"
        ),
    ),
    (
        "prioritisation",
        _p(
            r"\bprioriti[sz]|\bimpact\b|\beffort\b|\bfirst\b|\bMVP\b|\bminimum viable\b|\brank(ed|ing)?\b|\bRICE\b|\bmost important\b|\bfocus on\b"
        ),
    ),
    (
        "metrics",
        _p(
            r"\bmetrics?\b|\bmeasur|\bKPIs?\b|\bsuccess\b|\bretention\b|\bconversion\b|\bengagement\b|\bnorth star\b|\b\d+ ?%|\bpercent\b|\bA/B\b|\bexperiment|\bguardrail\b|\bchurn\b|\bDAU\b|\bMAU\b|\bNPS\b|\brevenue\b"
        ),
    ),
    (
        "tradeoffs",
        _p(
            r"\btrade[- ]?offs?\b|\brisks?\b|\bdownsides?\b|\bcost\b|\bbut\b|\bhowever\b|\bcannibali[sz]|\bconstraints?\b|\bcounter[- ]metrics?\b|\bunintended\b"
        ),
    ),
)

EXPLANATION_PHASES: PhaseSet = (
    (
        "definition",
        _p(
            r"\b(is|are) (a|an|the|when|how|what)\b|\bmeans\b|\brefers? to\b|\bdefined as\b|\bdefinition\b|\bin short\b|\bin other words\b|\bmeasures?\b|\bdescribes?\b|\b(values?|estimates?|predicts?|represents?|captures?|tells you|stands for)\b"
        ),
    ),
    (
        "mechanism",
        _p(
            r"\bworks by\b|\bbecause\b|\bintuitively\b|\bthe idea\b|\bunder the hood\b|\bstep\b|\bfirst\b|\bthen\b|\bwhich (means|makes|lets|allows)\b|\bso that\b|\bby (using|computing|adding|taking|splitting|comparing|minimi[sz]ing|maximi[sz]ing)\b|\bcompute[sd]?\b|\bcalculat"
        ),
    ),
    (
        "example",
        _p(
            r"\bfor (example|instance)\b|\be\.g\.|\bsay (we|you|i)\b|\bimagine\b|\bsuppose\b|\bin my (last|previous|current) (project|job|role|team)\b|\bwhen i (worked|was|built|used)\b|\bi (used|built|applied|ran)\b|\bsuch as\b|\blike when\b"
        ),
    ),
    (
        "tradeoffs",
        _p(
            r"\btrade[- ]?offs?\b|\bdownsides?\b|\bhowever\b|\bbut\b|\blimitations?\b|\bit depends\b|\bdepends on\b|\bwhen (not|you shouldn't|it fails)\b|\bcaveat\b|\brisks?\b|\bpitfalls?\b|\bat the cost\b|\bon the other hand\b|\bdrawbacks?\b|\bversus\b|\bvs\.?\b|\bwhereas\b|\bweakness(es)?\b|\bsensitiv"
        ),
    ),
)

PHASE_SETS: dict[str, PhaseSet] = {
    "system_design": DESIGN_PHASES,
    "coding": CODING_PHASES,
    "product_sense": PRODUCT_PHASES,
    "explanation": EXPLANATION_PHASES,
}


def phase_set_for(question_type: str, answer_shape: str) -> tuple[str, PhaseSet]:
    if answer_shape == "design_phases" or question_type == "system_design":
        return "system_design", DESIGN_PHASES
    if question_type == "coding":
        return "coding", CODING_PHASES
    if question_type == "product_sense":
        return "product_sense", PRODUCT_PHASES
    return "explanation", EXPLANATION_PHASES


@dataclass(frozen=True)
class PhaseCoverage:
    phase_set: str
    covered: tuple[str, ...]
    missing: tuple[str, ...]
    evidence: dict[str, str]


def coverage(
    answer: str, phases: PhaseSet, name: str, sentences: list[tuple[int, str]] | None = None
) -> PhaseCoverage:
    sentences = split_sentences(answer) if sentences is None else sentences
    evidence: dict[str, str] = {}
    for phase, pattern in phases:
        for _, sentence in sentences:
            if pattern.search(sentence):
                evidence[phase] = sentence
                break
    covered = tuple(p for p, _ in phases if p in evidence)
    missing = tuple(p for p, _ in phases if p not in evidence)
    return PhaseCoverage(name, covered, missing, evidence)
