"""Behavioral questions, written for Resugrow. Each competency: talking points, job terms, questions.

Levels: entry, mid, senior. The text of every question is our own wording.
"""

BEHAVIORAL: dict[str, dict[str, object]] = {
    "conflict": {
        "points": [
            "the disagreement and what was at stake",
            "listening to the other side",
            "common ground or data used to decide",
            "the relationship afterwards",
        ],
        "terms": ["stakeholder", "collaboration", "communication", "cross-functional"],
        "questions": [
            ("entry", "Tell me about a time you disagreed with a teammate about how to do a piece of work."),
            (
                "entry",
                "Describe a moment when a group project stalled because two people wanted different things.",
            ),
            (
                "mid",
                "Give an example of a conflict with a colleague from another team and how you worked it out.",
            ),
            ("mid", "Tell me about a time you pushed back on a request from your manager."),
            (
                "senior",
                "Describe a disagreement between two of your reports or peers that you had to mediate.",
            ),
            (
                "senior",
                "Tell me about a time you changed a senior leader's mind on a decision they had already made.",
            ),
        ],
    },
    "failure": {
        "points": [
            "what went wrong and your part in it",
            "how you noticed",
            "what you did to recover",
            "what you changed afterwards",
        ],
        "terms": ["accountability", "postmortem", "root cause", "lessons learned"],
        "questions": [
            ("entry", "Tell me about a mistake you made and what you did once you realised it."),
            ("entry", "Describe an assignment or project that did not go the way you planned."),
            ("mid", "Tell me about a launch or deliverable that failed. What was your role in the failure?"),
            ("mid", "Describe a time you missed an important deadline."),
            ("senior", "Tell me about a bet you championed that did not pay off."),
            (
                "senior",
                "Describe an incident your team caused in production and how you handled the aftermath.",
            ),
        ],
    },
    "leadership": {
        "points": [
            "the goal you rallied people around",
            "how you got buy-in",
            "how you delegated",
            "the outcome for the team",
        ],
        "terms": ["leadership", "ownership", "mentoring", "roadmap"],
        "questions": [
            ("entry", "Tell me about a time you took the lead on something nobody had asked you to own."),
            ("entry", "Describe a situation where you organised a group of peers to get something done."),
            ("mid", "Tell me about a project you led from idea to delivery."),
            ("mid", "Describe a time you had to lead people who did not report to you."),
            ("senior", "Tell me about a team you built or turned around."),
            ("senior", "Describe how you set direction for a group during a period of uncertainty."),
        ],
    },
    "prioritization": {
        "points": [
            "the competing demands",
            "the criteria you used",
            "what you said no to",
            "how you communicated the trade-off",
        ],
        "terms": ["prioritization", "trade-offs", "deadlines", "impact"],
        "questions": [
            (
                "entry",
                "Tell me about a week when you had more work than time. How did you decide what to do first?",
            ),
            ("entry", "Describe a time you had to juggle coursework, a job or several assignments at once."),
            (
                "mid",
                "Give an example of a time you had to say no to a stakeholder because of other priorities.",
            ),
            ("mid", "Tell me about a time you reprioritised your work after the plan changed suddenly."),
            ("senior", "Describe how you decided what your team would not do in a planning cycle."),
            ("senior", "Tell me about a time you cut scope to hit a date. What did you cut and why?"),
        ],
    },
    "ambiguity": {
        "points": [
            "what was unclear",
            "how you reduced the uncertainty",
            "the decision you made without full data",
            "how you adjusted later",
        ],
        "terms": ["ambiguity", "problem solving", "initiative", "decision making"],
        "questions": [
            ("entry", "Tell me about a task where the instructions were vague. What did you do?"),
            ("entry", "Describe a time you had to start work before you had all the information you wanted."),
            ("mid", "Tell me about a problem with no clear owner that you decided to pick up."),
            ("mid", "Describe a project whose goals changed halfway through."),
            (
                "senior",
                "Tell me about a time you had to define the problem itself before anyone could solve it.",
            ),
            ("senior", "Describe a strategic decision you made with incomplete data and how it turned out."),
        ],
    },
    "customer_focus": {
        "points": [
            "who the customer was",
            "how you learned what they needed",
            "what you changed for them",
            "the effect on the customer",
        ],
        "terms": ["customer", "user research", "feedback", "satisfaction"],
        "questions": [
            ("entry", "Tell me about a time you went out of your way to help a customer or user."),
            ("entry", "Describe feedback from a user that changed how you did your work."),
            ("mid", "Tell me about a time you had to deliver bad news to a customer."),
            ("mid", "Describe a time you used customer data or interviews to change a plan."),
            (
                "senior",
                "Tell me about a time you had to balance what one large customer wanted against the rest of your users.",
            ),
            ("senior", "Describe how you built a habit of listening to customers in your team."),
        ],
    },
    "influence": {
        "points": [
            "who you needed to convince",
            "the evidence you brought",
            "how you handled objections",
            "what was decided",
        ],
        "terms": ["influence", "persuasion", "stakeholder management", "alignment"],
        "questions": [
            ("entry", "Tell me about a time you convinced someone to try your idea."),
            ("entry", "Describe a time you persuaded a group to change its plan."),
            (
                "mid",
                "Tell me about a time you got support for a project without having authority over the people involved.",
            ),
            ("mid", "Describe how you won over a sceptical stakeholder."),
            (
                "senior",
                "Tell me about a time you aligned several teams with conflicting goals behind one plan.",
            ),
            ("senior", "Describe a proposal of yours that was rejected at first and later accepted."),
        ],
    },
    "communication": {
        "points": [
            "the audience",
            "how you adapted the message",
            "the channel and format you chose",
            "how you checked understanding",
        ],
        "terms": ["communication", "presentation", "documentation", "stakeholders"],
        "questions": [
            (
                "entry",
                "Tell me about a time you had to explain something technical to someone without that background.",
            ),
            ("entry", "Describe a presentation you gave and how you prepared for it."),
            ("mid", "Tell me about a misunderstanding that caused problems and how you cleared it up."),
            ("mid", "Describe a time you wrote a document that changed how people worked."),
            ("senior", "Tell me about a time you had to communicate a difficult change to a large group."),
            ("senior", "Describe how you kept executives informed during a long, risky project."),
        ],
    },
    "teamwork": {
        "points": [
            "the team and its goal",
            "your specific role",
            "how you supported others",
            "what the team achieved",
        ],
        "terms": ["teamwork", "collaboration", "agile", "cross-functional"],
        "questions": [
            ("entry", "Tell me about a time you helped a teammate who was struggling."),
            ("entry", "Describe your role in the best team you have been part of."),
            ("mid", "Tell me about a time a teammate was not pulling their weight. What did you do?"),
            ("mid", "Describe a project where you worked closely with people from a different discipline."),
            ("senior", "Tell me about a time you improved how two teams worked together."),
            ("senior", "Describe a team ritual or process you introduced and what it changed."),
        ],
    },
    "learning": {
        "points": [
            "what you had to learn",
            "how you learned it quickly",
            "how you applied it",
            "how you measured your progress",
        ],
        "terms": ["growth mindset", "learning", "upskilling", "adaptability"],
        "questions": [
            ("entry", "Tell me about a time you had to learn a new tool or skill quickly."),
            ("entry", "Describe feedback you received that was hard to hear and what you did with it."),
            ("mid", "Tell me about the last time you changed your mind about how something should be done."),
            ("mid", "Describe a time you moved into an area of work that was new to you."),
            ("senior", "Tell me about a skill gap on your team and how you closed it."),
            ("senior", "Describe a time you changed a long-held habit of yours because of evidence."),
        ],
    },
    "deadline": {
        "points": [
            "the deadline and why it mattered",
            "the plan you made",
            "the risks you managed",
            "whether you delivered and at what quality",
        ],
        "terms": ["time management", "delivery", "execution", "planning"],
        "questions": [
            ("entry", "Tell me about a time you had to finish something under a tight deadline."),
            ("entry", "Describe a time you realised late that you would not finish on time."),
            ("mid", "Tell me about a project you rescued that was running late."),
            ("mid", "Describe how you kept a multi-week piece of work on schedule."),
            ("senior", "Tell me about a time you committed your team to an aggressive date."),
            (
                "senior",
                "Describe a delivery where you had to trade quality against time. What did you decide?",
            ),
        ],
    },
    "mentoring": {
        "points": [
            "who you mentored and their goal",
            "how you tailored your help",
            "how you gave feedback",
            "how they grew",
        ],
        "terms": ["mentoring", "coaching", "feedback", "career development"],
        "questions": [
            ("entry", "Tell me about a time you taught a classmate or colleague something."),
            ("mid", "Describe a time you onboarded a new team member."),
            ("mid", "Tell me about feedback you gave a peer that helped them improve."),
            ("senior", "Describe someone you coached into a bigger role."),
            ("senior", "Tell me about a time you had to give a report tough performance feedback."),
            ("senior", "Describe how you grow senior people on a team that is already strong."),
        ],
    },
    "data_driven": {
        "points": [
            "the decision to make",
            "the data you gathered",
            "how you analysed it",
            "what the data changed",
        ],
        "terms": ["data-driven", "analytics", "metrics", "experimentation"],
        "questions": [
            ("entry", "Tell me about a time you used data to make a decision."),
            ("entry", "Describe a time numbers told you something different from what you expected."),
            ("mid", "Tell me about an experiment or A/B test you ran and what you did with the result."),
            ("mid", "Describe a time you chose a metric to track a piece of work."),
            ("senior", "Tell me about a time the data contradicted the opinion of someone senior."),
            ("senior", "Describe how you set up the measurement for a new initiative."),
        ],
    },
    "initiative": {
        "points": [
            "the gap you noticed",
            "why you acted without being asked",
            "what you built or changed",
            "who benefited",
        ],
        "terms": ["initiative", "proactive", "process improvement", "automation"],
        "questions": [
            ("entry", "Tell me about something you improved without being asked to."),
            ("entry", "Describe a time you spotted a problem before anyone else did."),
            ("mid", "Tell me about a process you automated or simplified."),
            ("mid", "Describe a side project at work that became part of the team's routine."),
            ("senior", "Tell me about an initiative you started that outlived your involvement."),
            ("senior", "Describe a risk you raised early that others had missed."),
        ],
    },
    "ethics": {
        "points": [
            "the pressure you were under",
            "the principle at stake",
            "what you did and who you told",
            "the consequence",
        ],
        "terms": ["integrity", "compliance", "privacy", "trust"],
        "questions": [
            ("entry", "Tell me about a time you were asked to cut a corner. What did you do?"),
            ("mid", "Describe a time you noticed something that did not look right in your team's work."),
            ("mid", "Tell me about a time you protected a user's privacy or data when it was inconvenient."),
            ("senior", "Describe a time you refused a request from a leader on principle."),
            ("senior", "Tell me about a time you had to admit a serious error to a customer or executive."),
            ("entry", "Describe a time you gave credit to someone else for work that helped you."),
        ],
    },
    "resilience": {
        "points": [
            "the setback",
            "how you handled pressure",
            "what kept you going",
            "what you did differently afterwards",
        ],
        "terms": ["resilience", "adaptability", "stress management", "persistence"],
        "questions": [
            (
                "entry",
                "Tell me about the hardest period of your studies or work so far and how you got through it.",
            ),
            ("entry", "Describe a time you were rejected and kept going."),
            ("mid", "Tell me about a project that was cancelled after you had invested a lot in it."),
            ("mid", "Describe a time you worked through a stressful on-call shift or crisis."),
            ("senior", "Tell me about a reorganisation or layoff you led your team through."),
            ("senior", "Describe how you kept your team motivated after a major setback."),
        ],
    },
}
