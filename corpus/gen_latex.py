"""LaTeX resumes: the real moderncv class (classic and banking styles) and a two-column sidebar."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from layout import Block, Plan, entry_lines
from personas import Persona, date_range, v2_range

_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}"}


def tex(text: str) -> str:
    return "".join(_SPECIAL.get(ch, ch) for ch in text).replace("~", r"\textasciitilde{}")


# Odd bullet glyphs as a LaTeX writer gets them: pdflatex needs each one declared.
GLYPH_TEX = {"▪": r"\ensuremath{\blacksquare}", "■": r"\ensuremath{\blacksquare}",
             "➢": r"\ensuremath{\blacktriangleright}", "◦": r"\ensuremath{\circ}",
             "✓": r"\ensuremath{\checkmark}", "\uf0b7": r"\textbullet", "»": r"\guillemotright",
             "–": "--", "*": r"\ensuremath{\ast}"}  # fmt: skip
GLYPH_PREAMBLE = r"\usepackage{amssymb}" + "".join(
    rf"\DeclareUnicodeCharacter{{{ord(g):04X}}}{{{t}}}"
    for g, t in GLYPH_TEX.items()
    if ord(g) > 0xFF and g != "–"
)


def _glyph(glyph: str) -> list[str]:
    return [GLYPH_PREAMBLE, rf"\renewcommand{{\labelitemi}}{{{GLYPH_TEX[glyph]}}}"] if glyph else []


def _moderncv_skills(p: Persona) -> list[str]:
    s2 = p.style2
    if s2 is None or s2.skills_style == "comma":
        return [r"\cvitem{}{" + tex(", ".join(p.skills)) + "}"]
    if s2.skills_style == "groups":
        return [rf"\cvitem{{{tex(label)}}}{{{tex(', '.join(items))}}}" for label, items in s2.groups]
    if s2.skills_style == "levels":
        return [rf"\cvitem{{{tex(k)}}}{{{tex(s2.levels[k])}}}" for k in p.skills]
    sep = " | " if s2.skills_style == "pipe" else r" \textbullet{} "
    return [r"\cvitem{}{" + sep.join(tex(k) for k in p.skills) + "}"]


def moderncv(p: Persona, style: str) -> str:
    first, _, last = p.name.partition(" ")
    out = [
        r"\documentclass[10pt,letterpaper,sans]{moderncv}",
        rf"\moderncvstyle{{{style}}}",
        *_glyph(p.style2.glyph if p.style2 else ""),
        r"\moderncvcolor{blue}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage{lmodern}",
        r"\usepackage[scale=0.85]{geometry}",
        rf"\name{{{tex(first)}}}{{{tex(last)}}}",
        rf"\title{{{tex(p.tagline)}}}",
        rf"\address{{{tex(p.location)}}}{{}}{{}}",
        rf"\phone[mobile]{{{tex(p.phone)}}}",
        rf"\email{{{tex(p.email)}}}",
        r"\begin{document}",
        r"\makecvtitle",
    ]
    if "no_exp_heading" not in p.cases:
        exp = p.style2.exp_heading if p.style2 else "Experience"
        out += [r"\section{Summary}", r"\cvitem{}{" + tex(p.summary) + "}", rf"\section{{{tex(exp)}}}"]
    for i, job in enumerate(p.jobs):
        dates = v2_range(job, p.style2.date_fmt, i == 0) if p.style2 else date_range(job, 0)
        items = r"\begin{itemize}" + "".join(rf"\item {tex(b)}" for b in job.bullets) + r"\end{itemize}"
        out.append(
            rf"\cventry{{{tex(dates)}}}{{{tex(job.title)}}}{{{tex(job.company)}}}"
            rf"{{{tex(job.location)}}}{{}}{{{items}}}"
        )
    out.append(r"\section{Education}")
    for degree, school, year in p.education:
        out.append(rf"\cventry{{{year}}}{{{tex(degree)}}}{{{tex(school)}}}{{}}{{}}{{}}")
    out += [rf"\section{{{tex(p.style2.skills_heading if p.style2 else 'Skills')}}}", *_moderncv_skills(p)]
    if p.certs:
        out += [r"\section{Certifications}"] + [rf"\cvitem{{}}{{{tex(c)}}}" for c in p.certs]
    if p.languages:
        out += [r"\section{Languages}", r"\cvitem{}{" + tex(", ".join(p.languages)) + "}"]
    if p.interests:
        out += [r"\section{Interests}", r"\cvitem{}{" + tex(", ".join(p.interests)) + "}"]
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


def _block(b: Block) -> str:
    if b.kind == "heading":
        return (
            rf"\vspace{{6pt}}{{\large\bfseries {tex(b.text.upper())}}}\\[-4pt]\rule{{\linewidth}}{{0.4pt}}"
            + "\n"
        )
    if b.kind == "para":
        return tex(b.text) + "\n\n"
    if b.kind == "list":
        return tex(b.sep.join(b.items)) + "\n\n"
    if b.kind == "bullets":
        return r"\begin{itemize}" + "".join(rf"\item {tex(i)}" for i in b.items) + r"\end{itemize}" + "\n"
    assert b.entry is not None
    rows = []
    for left, right, style in entry_lines(b.entry):
        cmd = {"bold": r"\textbf", "italic": r"\textit"}.get(style, "")
        rows.append(f"{cmd}{{{tex(left)}}}" + (rf"\hfill {tex(right)}" if right else "") + r"\\")
    items = r"\begin{itemize}" + "".join(rf"\item {tex(x)}" for x in b.entry.bullets) + r"\end{itemize}"
    return r"\noindent " + "\n".join(rows) + "\n" + items + "\n"


def sidebar(pl: Plan) -> str:
    side = "".join(
        _block(b) if b.kind != "list" else "".join(tex(i) + r"\\" for i in b.items) for b in pl.sidebar
    )
    contact = r"\\".join(tex(c) for c in pl.contact)
    head = rf"{{\Huge\bfseries {tex(pl.name)}}}\\[4pt]{{\large {tex(pl.tagline)}}}"
    return "\n".join(
        [
            r"\documentclass[10pt,letterpaper]{article}",
            r"\usepackage[utf8]{inputenc}",
            r"\usepackage[T1]{fontenc}",
            r"\usepackage{lmodern}",
            r"\usepackage[margin=0.5in]{geometry}",
            r"\usepackage{enumitem}\setlist{nosep,leftmargin=12pt}",
            *_glyph(pl.glyph),
            r"\pagestyle{empty}\setlength{\parindent}{0pt}",
            r"\begin{document}\small",
            head + r"\par\vspace{8pt}",
            r"\begin{minipage}[t]{0.29\textwidth}\raggedright",
            r"{\bfseries CONTACT}\\" + contact + r"\par" + side,
            r"\end{minipage}\hfill",
            r"\begin{minipage}[t]{0.67\textwidth}",
            "".join(_block(b) for b in pl.body),
            r"\end{minipage}",
            r"\end{document}",
        ]
    )


# texlive-fonts-extra (fontawesome5) is a gigabyte; moderncv only needs its icon macros defined.
_FA = ["Asterisk", "BabyCarriage", "Bitbucket", "Circle", "Envelope", "Fax", "Github", "GithubSquare", "Gitlab", "Globe", "GlobeAfrica", "GlobeAmericas", "GlobeAsia", "GlobeEurope", "Home", "Inbox", "Linkedin", "LinkedinIn", "Mobile", "Orcid", "Phone", "Print", "Researchgate", "Skype", "StackOverflow", "Telegram", "Twitter", "TwitterSquare", "Whatsapp", "Xing", "XingSquare"]  # fmt: skip
FA_STUB = "\\ProvidesPackage{fontawesome5}\n" + "".join(
    f"\\providecommand{{\\fa{n}}}[1][]{{\\textbullet}}\n" for n in _FA
)


def pdflatex(source: str, out: Path, work: Path) -> None:
    job = work / out.stem
    job.mkdir(parents=True, exist_ok=True)
    (job / "fontawesome5.sty").write_text(FA_STUB, encoding="utf-8")
    (job / "main.tex").write_text(source, encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764892800", "FORCE_SOURCE_DATE": "1"}
    for _ in range(2 if "moderncv" in source else 1):
        subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "main.tex"],
            cwd=job,
            check=True,
            capture_output=True,
            env=env,
            timeout=120,
        )
    shutil.copyfile(job / "main.pdf", out)


def pandoc_pdf(markdown: str, out: Path, work: Path, glyph: str = "") -> None:
    src = work / (out.stem + ".md")
    if glyph:
        head = "\n".join(_glyph(glyph)[:1])
        markdown = f"---\nheader-includes: |\n  ```{{=latex}}\n  {head}\n  ```\n---\n\n" + markdown
    src.write_text(markdown, encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764892800"}
    subprocess.run(
        ["pandoc", str(src), "-o", str(out), "--pdf-engine=pdflatex", "-V", "geometry:margin=0.6in",
         "-V", "pagestyle=empty", "-V", "fontsize=10pt"],
        check=True,
        capture_output=True,
        env=env,
        timeout=120,
    )  # fmt: skip
