"""Build the resume generator matrix: personas x generators, truth first, then files + manifest.

Run by ``make corpus`` (which installs the Debian generators). Truth is written from the
persona data before any file is made and never from a parser's output.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import gen_html  # noqa: E402
import gen_latex  # noqa: E402
import gen_office  # noqa: E402
import gen_other  # noqa: E402
from layout import plan  # noqa: E402
from personas import CASES, personas  # noqa: E402

OUT = HERE / "resumes"
ORDER_CASES = {"company_first", "mixed_order", "date_first", "name_apart", "no_exp_heading"}
TYPST_TEMPLATES = ("classic", "modern", "compact")
# Which hard cases a generator can draw (the others are in the persona but not on the page).
SUPPORTS = {
    "docx": set(CASES),
    "libreoffice_docx": set(CASES),
    "libreoffice_odt": set(CASES) - {"contact_in_header"},
    "chromium": set(CASES) - {"contact_in_header"},
    "latex_moderncv": set(CASES) - ORDER_CASES - {"contact_in_header"} | {"no_exp_heading"},
    "latex_sidebar": set(CASES) - {"contact_in_header"},
    "pandoc": set(CASES) - {"contact_in_header"},
    "reportlab": set(CASES) - {"contact_in_header"},
    "typst": set(CASES) - ORDER_CASES - {"contact_in_header"},
}


def _first_line(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable"
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr) else "?"


def versions() -> dict[str, str]:
    return {
        "libreoffice": _first_line(["soffice", "--version"]),
        "chromium": _first_line(["chromium", "--version"]),
        "pdflatex": _first_line(["pdflatex", "--version"]),
        "pandoc": _first_line(["pandoc", "--version"]),
        "python-docx": metadata.version("python-docx"),
        "odfpy": metadata.version("odfpy"),
        "reportlab": metadata.version("reportlab"),
        "typst": metadata.version("typst"),
    }


def build(work: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    lo_sources: list[tuple[Path, str, dict[str, str]]] = []
    for sub in ("truth", *SUPPORTS):
        (OUT / sub).mkdir(parents=True, exist_ok=True)
    for p in personas(int(__import__("os").environ.get("CORPUS_COUNT", "40"))):
        stem = f"p{p.id:02d}"
        (OUT / "truth" / f"{stem}.json").write_text(
            json.dumps(p.truth(), indent=1, ensure_ascii=False) + "\n"
        )
        style = p.id % 3
        files: list[tuple[str, str, dict[str, str]]] = []
        pl = plan(p, style)
        d = OUT / "docx" / f"{stem}.docx"
        gen_office.write_docx(pl, d)
        files.append(("docx", str(d), {"writer": "python-docx"}))
        lo_sources.append((d, "libreoffice_docx", {"source": "docx (python-docx)"}))
        o = work / "odt" / f"{stem}.odt"
        o.parent.mkdir(exist_ok=True)
        gen_office.write_odt(pl, o)
        lo_sources.append((o, "libreoffice_odt", {"source": "odt (odfpy)"}))
        layout = "sidebar" if p.id % 2 else "single"
        c = OUT / "chromium" / f"{stem}.pdf"
        gen_html.chromium_pdf(gen_html.to_html(plan(p, style, sidebar=layout == "sidebar")), c, work)
        files.append(("chromium", str(c), {"layout": layout}))
        mstyle = ("classic", "banking")[p.id % 2]
        m = OUT / "latex_moderncv" / f"{stem}.pdf"
        gen_latex.pdflatex(gen_latex.moderncv(p, mstyle), m, work)
        files.append(("latex_moderncv", str(m), {"class": "moderncv", "style": mstyle}))
        s = OUT / "latex_sidebar" / f"{stem}.pdf"
        gen_latex.pdflatex(gen_latex.sidebar(plan(p, style, sidebar=True)), s, work)
        files.append(("latex_sidebar", str(s), {"class": "article", "layout": "minipage sidebar"}))
        md = OUT / "pandoc" / f"{stem}.pdf"
        gen_latex.pandoc_pdf(gen_html.to_markdown(pl), md, work)
        files.append(("pandoc", str(md), {"from": "markdown", "pdf-engine": "pdflatex"}))
        r = OUT / "reportlab" / f"{stem}.pdf"
        gen_other.reportlab_pdf(pl, r)
        files.append(("reportlab", str(r), {"api": "platypus"}))
        t = OUT / "typst" / f"{stem}.pdf"
        template = TYPST_TEMPLATES[p.id % len(TYPST_TEMPLATES)]
        gen_other.typst_pdf(p, template, t)
        files.append(("typst", str(t), {"renderer": "resugrow_resume render_resume", "template": template}))
        for gen, path, opts in files:
            rows.append(_row(p, gen, Path(path), opts, style))
        print(stem, "done", flush=True)
    for _src_ext, gen in (("docx", "libreoffice_docx"), ("odt", "libreoffice_odt")):
        group = [s for s in lo_sources if s[1] == gen]
        target = OUT / gen
        target.mkdir(exist_ok=True)
        gen_office.libreoffice_pdf([s[0] for s in group], target, work)
        for src, _, opts in group:
            pid = int(src.stem[1:])
            p = personas()[pid - 1]
            rows.append(
                _row(
                    p,
                    gen,
                    target / f"{src.stem}.pdf",
                    {**opts, "convert": "soffice --headless --convert-to pdf"},
                    pid % 3,
                )
            )
    return rows


def _row(p, gen: str, path: Path, opts: dict[str, str], style: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    opts = {**opts, "date_style": str(style)}
    return {
        "file": str(path.relative_to(HERE)),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "generator": gen,
        "options": opts,
        "persona": p.id,
        "family": p.family,
        "untuned": p.untuned,
        "cases": sorted(set(p.cases) & SUPPORTS[gen]),
        "truth": f"resumes/truth/p{p.id:02d}.json",
    }


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    with tempfile.TemporaryDirectory() as tmp:
        rows = build(Path(tmp))
    rows.sort(key=lambda r: (str(r["generator"]), int(r["persona"])))  # type: ignore[call-overload]
    manifest = {"versions": versions(), "seed": __import__("personas").SEED, "files": rows}
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    print(len(rows), "files")


if __name__ == "__main__":
    main()
