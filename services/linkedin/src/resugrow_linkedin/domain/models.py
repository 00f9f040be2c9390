"""The profile model every input (export ZIP, profile PDF, JSON) is parsed into."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Position(_Model):
    company: str = ""
    title: str = ""
    # Partial ISO dates: "2020", "2020-01" or "2020-01-15"; None when unknown.
    start: str | None = None
    end: str | None = None
    current: bool = False
    location: str | None = None
    description: str = ""


class Education(_Model):
    school: str = ""
    degree: str | None = None
    field: str | None = None
    start: str | None = None
    end: str | None = None
    notes: str | None = None


class Certification(_Model):
    name: str
    authority: str | None = None
    start: str | None = None
    end: str | None = None
    url: str | None = None


class Language(_Model):
    name: str
    proficiency: str | None = None


class Project(_Model):
    title: str
    description: str = ""
    url: str | None = None
    start: str | None = None
    end: str | None = None


class Honor(_Model):
    title: str
    issuer: str | None = None
    date: str | None = None
    description: str = ""


class Recommendation(_Model):
    """A recommendation the user received. The recommender's name is someone else's data: not kept."""

    date: str | None = None
    visible: bool = True
    text_length: int = 0


class Share(_Model):
    date: str  # ISO date of the post
    chars: int = 0


class ManualAnswers(_Model):
    """What neither the export nor the PDF holds; None means "not answered"."""

    photo: bool | None = None
    banner: bool | None = None
    featured: bool | None = None
    open_to_work: bool | None = None
    custom_url: bool | None = None
    connections_50_plus: bool | None = None


class Profile(_Model):
    source: str = "json"  # "export" | "pdf" | "json"
    first_name: str = ""
    last_name: str = ""
    # Post-nominal credentials printed after the name ("PhD", "SHRM-CP"), kept apart from it.
    credentials: list[str] = Field(default_factory=list)
    headline: str = ""
    summary: str = ""
    location: str | None = None
    industry: str | None = None
    public_url: str | None = None
    email: str | None = None
    phone: str | None = None
    websites: list[str] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    # Endorsement counts per skill (endorser identities are never kept).
    endorsements: dict[str, int] = Field(default_factory=dict)
    certifications: list[Certification] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    honors: list[Honor] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    shares: list[Share] | None = None  # None: activity unknown (PDF); [] : no posts
    comment_dates: list[str] | None = None  # ISO dates of the user's own comments (Comments.csv)
    manual: ManualAnswers = Field(default_factory=ManualAnswers)

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p).strip()


class IngestReport(_Model):
    """What ingestion did: files read, files dropped unread, and problems found on the way."""

    kind: str
    files_used: list[str] = Field(default_factory=list)
    files_dropped: int = 0
    findings: list[str] = Field(default_factory=list)
    pages: int | None = None


class IngestResult(_Model):
    profile: Profile
    report: IngestReport


class IngestError(Exception):
    """Input that cannot be reviewed. ``kind`` maps to an HTTP status in the API layer."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind  # not_a_zip | not_a_pdf | unsafe_archive | too_large | not_linkedin | invalid
        self.message = message
