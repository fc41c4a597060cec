"""The shipped presets and the one ``curator calibrate`` command that makes each (``make calibrate``).

    python bench/presets.py [NAME...]      # writes curator/filters/presets/NAME.yaml

Each preset: a clean reference of its domain and the junk set, both sides calibrated
(``filters/calibration.py``): thresholds start from FineWeb-2's ``kor_Hang`` points, are loosened
only as far as the reference needs (1 % per rule) and tightened where the junk says it pays, while
the calibrated rules together remove at most 2 % of the reference; a quarter of both is held out
and reported. The junk is ``bench/junk.py`` (seed 0) built from the web text; the reference files
come from ``resources/realtext`` (committed) and ``make reference`` (Debian and PyPI packages).
This file is the one place the commands are written; tests/test_calibrate.py runs them.
"""

import gzip
import json
import os
import shlex
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# paths relative to the repository root (the commands run there: no local path in a preset's header)
CACHE = ".cache"
REFERENCE = os.environ.get("CURATOR_REFERENCE", os.path.join(CACHE, "reference.jsonl"))
JUNK = os.path.join(CACHE, "junk.jsonl")
COMMON = ["--starting-points", "--budget", "0.01", "--joint-budget", "0.02", "--hold-out", "0.25",
          "--junk", JUNK, "--junk-source", "bench/junk.py seed 0 (chrome, spam, salad, template, encoding, mixed language, link lists)"]
PRESETS = {
    "web": {"reference": [os.path.join("resources", "realtext")],
            "source": "Korean Wikipedia, Wikinews, news comment pages, book reviews, a publisher's blog, chat, "
                      "dialect (public-domain stories, Wikipedia on dialects) (resources/realtext)"},
    "docs": {"reference": [os.path.join(CACHE, "reference-docs.jsonl")], "styles": ("help", "manual"),
             "source": "Korean help (GNOME, GIMP), TeX manuals (texlive-lang-korean), Debian installation guide"},
    # 11 laws and bills alone cannot bound a two-sided search (calibration refuses under 100
    # documents); long formal prose stands in for books, none being licence-clean here
    "books-law": {"reference": [os.path.join(CACHE, "reference-law.jsonl"),
                                os.path.join("resources", "realtext", "encyclopedic.jsonl.gz"),
                                os.path.join("resources", "realtext", "news.jsonl.gz")], "styles": ("law",),
                  "source": "laws and bills (KoNLPy), Korean Wikipedia and Wikinews articles (long formal prose)"},
}


def out_path(name: str) -> str:
    return os.path.join("curator", "filters", "presets", f"{name}.yaml")


def arguments(name: str, out: str | None = None) -> list[str]:
    """The arguments of ``curator calibrate`` that make preset ``name`` (written to ``out``)."""
    spec = PRESETS[name]
    return ["calibrate", *spec["reference"], *COMMON, "--preset", name, "--source", spec["source"],
            "--out", out or out_path(name)]


def prepare() -> None:
    """The inputs the commands read: the junk set and the per-domain reference files (cwd: the
    repository root)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from junk import make_junk
    from order_model import realtext

    os.makedirs(CACHE, exist_ok=True)
    rows = make_junk(realtext(), seed=0, per_kind=150)
    text = "".join(json.dumps(r, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
                   .replace("\u0085", "\\u0085") + "\n" for r in rows)
    if not os.path.exists(JUNK) or open(JUNK, encoding="utf-8").read() != text:
        with open(JUNK, "w", encoding="utf-8") as fh:
            fh.write(text)
    if not os.path.exists(REFERENCE):
        raise SystemExit(f"{REFERENCE}: missing (make reference)")
    opener = gzip.open if REFERENCE.endswith(".gz") else open
    with opener(REFERENCE, "rt", encoding="utf-8") as fh:
        reference = [json.loads(line) for line in fh if line.strip()]
    for spec in PRESETS.values():
        if "styles" in spec:
            chosen = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in reference if r.get("style") in spec["styles"])
            path = spec["reference"][0]
            if not os.path.exists(path) or open(path, encoding="utf-8").read() != chosen:
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(chosen)


def main(names: list[str]) -> int:
    sys.path.insert(0, ROOT)
    from curator.cli import main as curator

    os.chdir(ROOT)
    prepare()
    for name in names or list(PRESETS):
        args = arguments(name)
        print("curator " + shlex.join(args), flush=True)
        code = curator(args)
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
