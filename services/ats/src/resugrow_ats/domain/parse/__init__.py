"""From read lines to a structured resume: sections, contact, work, education, skills, certificates.

Every value keeps the evidence it came from (page and offsets in the document text) so scores
and findings can point at it. ``to_json_resume`` gives the JSON Resume shape the resume service
imports. The parts live in the modules of this package; the public names are importable from here.
"""

from __future__ import annotations

from resugrow_ats.domain.parse.assemble import parse_resume
from resugrow_ats.domain.parse.contact import parse_contact
from resugrow_ats.domain.parse.json_resume import to_json_resume, total_experience_months
from resugrow_ats.domain.parse.lists import degree_level, parse_certificates, parse_education, parse_skills
from resugrow_ats.domain.parse.model import (
    BULLET_RE,
    DEGREE_RE,
    DURATION_RE,
    EMAIL_RE,
    GPA_RE,
    INSTITUTION_RE,
    NAME_RE,
    NAME_WORD,
    PHONE_RE,
    SPLIT_FIELDS,
    URL_RE,
    Certificate,
    EducationEntry,
    Evidence,
    FieldValue,
    ParsedResume,
    Section,
    SkillItem,
    WorkEntry,
    evidence_of,
)
from resugrow_ats.domain.parse.sections import classify_heading, split_sections
from resugrow_ats.domain.parse.work import parse_work

__all__ = [
    "BULLET_RE",
    "DEGREE_RE",
    "DURATION_RE",
    "EMAIL_RE",
    "GPA_RE",
    "INSTITUTION_RE",
    "NAME_RE",
    "NAME_WORD",
    "PHONE_RE",
    "SPLIT_FIELDS",
    "URL_RE",
    "Certificate",
    "EducationEntry",
    "Evidence",
    "FieldValue",
    "ParsedResume",
    "Section",
    "SkillItem",
    "WorkEntry",
    "classify_heading",
    "degree_level",
    "evidence_of",
    "parse_certificates",
    "parse_contact",
    "parse_education",
    "parse_resume",
    "parse_skills",
    "parse_work",
    "split_sections",
    "to_json_resume",
    "total_experience_months",
]
