"""HTML, Markdown and plain text from Jinja2 templates shipped in ``jinja/``."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from .locale import LocaleInfo
from .templates import TemplateInfo
from .view import ResumeView

JINJA_DIR = Path(__file__).resolve().parent / "jinja"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+\.)(\s)")
PAGE_CSS = {"letter": "letter", "a4": "A4"}


def md_escape(value: Any) -> str:
    text = _MD_SPECIAL.sub(r"\\\1", str(value or ""))
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}{m.group(3)}", text)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(JINJA_DIR)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md_escape
    return env


def write_text(
    fmt: str, view: ResumeView, template: TemplateInfo, loc: LocaleInfo, paper: str, kind: str
) -> bytes:
    name = f"{'letter' if kind == 'cover_letter' else 'resume'}.{fmt}.j2"
    context = {
        **view.data,
        "letter": view.data.get("letter"),
        "theme": template,
        "font_css": ", ".join(f'"{f}"' for f in template.font_stack) + ", sans-serif",
        "heading_css": ", ".join(f'"{f}"' for f in template.heading_stack) + ", sans-serif",
        "page_css": PAGE_CSS[paper],
        "dir": "rtl" if loc.rtl else "ltr",
        "locale_tag": loc.tag,
    }
    text = environment().get_template(name).render(context)
    # collapse the blank lines left by skipped optional fields
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return text.encode("utf-8")
