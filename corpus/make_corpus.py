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
from personas import CASES, V2_CASES, all_ids, make_persona  # noqa: E402

OUT = HERE / "resumes"
ORDER_CASES = {"company_first", "mixed_order", "date_first", "name_apart", "no_exp_heading"}
TYPST_TEMPLATES = ("classic", "modern", "compact")
LINE_CASES = {"one_line_header", "location_on_title_line"}
MODERNCV_V2_STYLES = ("classic", "banking", "casual", "oldstyle", "fancy")
# Which hard cases a generator can draw (the others are in the persona but not on the page).
ALL_CASES = set(CASES) | set(V2_CASES)
SUPPORTS = {
    "docx": ALL_CASES,
    "libreoffice_docx": ALL_CASES,
    "libreoffice_odt": ALL_CASES - {"contact_in_header"},
    "chromium": ALL_CASES - {"contact_in_header"},
    "chromium_grid": ALL_CASES - {"contact_in_header"},
    "latex_moderncv": ALL_CASES - ORDER_CASES - LINE_CASES - {"contact_in_header", "grouped_company"}
    | {"no_exp_heading"},
    "latex_sidebar": ALL_CASES - {"contact_in_header"},
    "pandoc": ALL_CASES - {"contact_in_header"},
    "reportlab": ALL_CASES - {"contact_in_header"},
    "typst": ALL_CASES
    - ORDER_CASES
    - LINE_CASES
    - {"contact_in_header", "grouped_company", "glyph_bullets"}
    - {"skill_groups_languages", "season_dates"},
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


def build(work: Path, ids: list[int]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    lo_sources: list[tuple[Path, str, dict[str, str]]] = []
    for sub in ("truth", *SUPPORTS):
        (OUT / sub).mkdir(parents=True, exist_ok=True)
    for p in map(make_persona, ids):
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
        g = OUT / "chromium_grid" / f"{stem}.pdf"
        gen_html.chromium_pdf(gen_html.to_grid_html(plan(p, style)), g, work)
        files.append(("chromium_grid", str(g), {"layout": "table grid, section names in the left column"}))
        mstyle = MODERNCV_V2_STYLES[p.id % 5] if p.style2 else ("classic", "banking")[p.id % 2]
        m = OUT / "latex_moderncv" / f"{stem}.pdf"
        gen_latex.pdflatex(gen_latex.moderncv(p, mstyle), m, work)
        files.append(("latex_moderncv", str(m), {"class": "moderncv", "style": mstyle}))
        s = OUT / "latex_sidebar" / f"{stem}.pdf"
        gen_latex.pdflatex(gen_latex.sidebar(plan(p, style, sidebar=True)), s, work)
        files.append(("latex_sidebar", str(s), {"class": "article", "layout": "minipage sidebar"}))
        md = OUT / "pandoc" / f"{stem}.pdf"
        gen_latex.pandoc_pdf(gen_html.to_markdown(pl), md, work, pl.glyph)
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
            p = make_persona(pid)
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


def build_grid(work: Path, ids: list[int]) -> list[dict[str, object]]:
    """Only the Chromium grid layout (added in the second round) for personas that have the rest."""
    rows: list[dict[str, object]] = []
    (OUT / "chromium_grid").mkdir(parents=True, exist_ok=True)
    for p in map(make_persona, ids):
        g = OUT / "chromium_grid" / f"p{p.id:02d}.pdf"
        gen_html.chromium_pdf(gen_html.to_grid_html(plan(p, p.id % 3)), g, work)
        opts = {"layout": "table grid, section names in the left column"}
        rows.append(_row(p, "chromium_grid", g, opts, p.id % 3))
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


def _ids(argv: list[str]) -> list[int] | None:
    """``--ids 41-72`` rebuilds only those personas and keeps the other files and manifest rows."""
    if "--ids" not in argv:
        return None
    lo, _, hi = argv[argv.index("--ids") + 1].partition("-")
    return list(range(int(lo), int(hi or lo) + 1))


def main() -> None:
    only = _ids(sys.argv)
    kept: list[dict[str, object]] = []
    if only is None and OUT.exists():
        shutil.rmtree(OUT)
    elif only is not None and (HERE / "manifest.json").exists():
        old = json.loads((HERE / "manifest.json").read_text())["files"]
        grid = "--grid-only" in sys.argv
        kept = [r for r in old if r["persona"] not in only or (grid and r["generator"] != "chromium_grid")]
        for r in kept:
            r["untuned"] = make_persona(int(r["persona"])).untuned  # type: ignore[call-overload]
    with tempfile.TemporaryDirectory() as tmp:
        if only is not None and "--grid-only" in sys.argv:
            rows = kept + build_grid(Path(tmp), only)
        else:
            rows = kept + build(Path(tmp), only or all_ids())
    rows.sort(key=lambda r: (str(r["generator"]), int(r["persona"])))  # type: ignore[call-overload]
    manifest = {"versions": versions(), "seed": __import__("personas").SEED, "files": rows}
    (HERE / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    print(len(rows), "files")


if __name__ == "__main__":
    main()
