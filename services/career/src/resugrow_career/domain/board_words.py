"""Words of job-board postings that are not the job (read by text.split_title): noise, what a
posting offers or asks, and places."""

from __future__ import annotations

# Job-board noise (shifts, contract terms, work place): dropped when other words remain.
NOISE = {
    "remote",
    "hybrid",
    "onsite",
    "shift",
    "shifts",
    "night",
    "nights",
    "day",
    "days",
    "weekend",
    "weekends",
    "evening",
    "evenings",
    "overnight",
    "overnights",
    "part",
    "full",
    "time",
    "ft",
    "pt",
    "temporary",
    "temp",
    "contract",
    "seasonal",
    "per",
    "diem",
    "prn",
    "1st",
    "2nd",
    "3rd",
    "hiring",
    "immediate",
    "immediately",
    "urgent",
    "urgently",
    "needed",
    "now",
    "bonus",
    "sign",
    "on",
    "travel",
    "flexible",
    "hours",
    "weekly",
    "pay",
    "new",
    "grad",
    "graduate",
    "relocation",
    "bilingual",
    "wfh",
    "asap",
    "opening",
    "openings",
    "position",
    "positions",
    "job",
    "jobs",
    "opportunity",
    "starting",
    "start",
}
# What a posting offers or asks, after the main part ("- Great Benefits!", "- Will Train", "- Work
# From Home", "- No Experience Required", "- 13 weeks"): a part of such words (or NOISE) is
# dropped, when it has two or more or its one word never names a kind of job. "Sales Rep -
# Medical", "Agent - Insurance" and "Specialist - Benefits" keep theirs.
_POSTING_ALONE_WORDS = """great competitive excellent generous flexible paid will apply today daily nightly earn tips
    plus necessary required available signing bonus bonuses 401k pto week weeks month months year
    years hour hr hrs perks advancement opportunities fast quick easy"""
_POSTING_MORE_WORDS = """benefits benefit schedule schedules training train home same pay up to no experience work
    from medical dental vision insurance growth career"""
POSTING_ALONE = frozenset(_POSTING_ALONE_WORDS.split())
POSTING = POSTING_ALONE | frozenset(_POSTING_MORE_WORDS.split())
# Where the job is, after the main part ("Registered Nurse - Boston, MA", "Cook - Pittsburgh, PA"):
# US states (names and postal codes) and the largest cities. Only dropped outside the main part,
# so "PA" alone still reads as physician assistant.
_PLACE_WORDS = """al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny
    nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc us usa uk alabama alaska arizona
    arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois indiana
    iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi
    missouri montana nebraska nevada hampshire jersey mexico york carolina dakota ohio oklahoma
    oregon pennsylvania rhode tennessee texas utah vermont virginia washington wisconsin wyoming
    united states america canada nationwide anywhere location locations multiple city county
    metro area downtown north south east west northeast northwest southeast southwest central
    atlanta austin baltimore boston charlotte chicago cincinnati cleveland columbus dallas denver
    detroit houston indianapolis jacksonville kansas las vegas angeles memphis miami milwaukee
    minneapolis nashville orleans philadelphia phoenix pittsburgh portland raleigh sacramento
    san antonio diego francisco jose seattle st louis tampa tucson brooklyn manhattan
    queens bronx omaha albuquerque fresno mesa tulsa arlington oakland fort worth el paso"""
PLACES = frozenset(_PLACE_WORDS.split())
