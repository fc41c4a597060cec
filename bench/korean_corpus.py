"""The largest Korean corpus this machine can assemble offline, for the tokenizer comparison.

    python bench/tokenizer_corpus.py OUT.jsonl

Sources, each used when present: the GIMP manual in Korean (Debian ``gimp-help-ko``: HTML pages
under /usr/share/gimp/2.0/help/ko, text taken from the page body), the Korean translations of the
free software installed (gettext catalogs in /usr/share/locale/ko), the laws and bills of KoNLPy's
``kolaw``/``kobill`` corpora (inside the ``konlpy`` wheel: ``pip download konlpy --no-deps``;
pass its path with ``--konlpy``), and the public-domain texts shipped in ``resources/``. One JSON
line per page or file; nothing is downloaded here.
"""

import argparse
import gettext
import glob
import html.parser
import json
import os
import xml.etree.ElementTree as ElementTree
import shutil
import subprocess
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GIMP_HELP = "/usr/share/gimp/2.0/help/ko"
LOCALE = "/usr/share/locale/ko/LC_MESSAGES"
SKIP_TAGS = {"script", "style", "head", "title"}
BLOCK_TAGS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd", "br", "table", "td"}


class _Text(html.parser.HTMLParser):
    """The visible text of an HTML page, a line per block element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.pieces.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS and self.skipping:
            self.skipping -= 1
        elif tag in BLOCK_TAGS:
            self.pieces.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.pieces.append(data)

    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.pieces).split("\n"))
        return "\n".join(line for line in lines if line)


def mostly_hangul(text: str) -> bool:
    """Hangul syllables are at least half of the letters (a Korean page, not an untranslated one)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum("\uac00" <= c <= "\ud7a3" for c in letters) >= 0.5 * len(letters)


def gimp_pages():
    for path in sorted(glob.glob(os.path.join(GIMP_HELP, "**", "*.html"), recursive=True)):
        parser = _Text()
        with open(path, encoding="utf-8", errors="replace") as fh:
            parser.feed(fh.read())
        text = parser.text()
        if len(text) >= 200 and mostly_hangul(text):
            yield f"gimp-help-ko/{os.path.relpath(path, GIMP_HELP)}", text


MALLARD = "{http://projectmallard.org/1.0/}"
MALLARD_BLOCKS = {"title", "desc", "p", "item", "td", "th", "code", "screen", "subtitle"}


def _mallard_lines(element, out: list[str]) -> None:
    if element.tag == MALLARD + "info":  # credits, links, licence include: not page text
        return
    if element.tag.removeprefix(MALLARD) in MALLARD_BLOCKS:
        out.append(" ".join("".join(element.itertext()).split()))
        return
    for child in element:
        _mallard_lines(child, out)


def deb_members(deb: str, prefix: str):
    """(path inside the package, file on disk) of a .deb's files under ``prefix``, extracted to a
    temporary directory that lives while the caller iterates."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dpkg-deb", "-x", deb, tmp], check=True)
        for path in sorted(glob.glob(os.path.join(tmp, prefix, "**", "*"), recursive=True)):
            if os.path.isfile(path):
                yield os.path.relpath(path, os.path.join(tmp, prefix)), path


def gnome_help_pages(sources: str):
    for deb in sorted(glob.glob(os.path.join(sources, "*.deb"))):
        package = os.path.basename(deb).split("_")[0]
        for name, path in deb_members(deb, "usr/share/help/ko"):
            if not name.endswith(".page"):
                continue
            lines: list[str] = []
            _mallard_lines(ElementTree.parse(path).getroot(), lines)
            text = "\n".join(line for line in lines if line)
            if len(text) >= 200 and mostly_hangul(text):
                yield f"gnome-help-ko/{package}/{name}", text


TEXLIVE_MANUALS = ("lshort-korean/lshort-ko.pdf", "kotex-utf/kotex-doc.pdf", "kotex-utf/kotex-utf-doc.pdf",
                   "kotex-oblivoir/oblivoir-simpledoc.pdf", "pmhanguljamo/pmhanguljamo-kdoc.pdf",
                   "cjk-ko/cjk-ko-doc.pdf")


def texlive_pages(sources: str):
    """The pages of the Korean TeX manuals in a texlive-lang-korean .deb, as pdftotext reads them."""
    for deb in glob.glob(os.path.join(sources, "texlive-lang-korean_*.deb"))[:1]:
        if shutil.which("pdftotext") is None:
            raise SystemExit("korean_corpus: the TeX manuals need pdftotext (Debian poppler-utils)")
        for manual, pdf in deb_members(deb, "usr/share/doc/texlive-doc/latex"):
            if manual not in TEXLIVE_MANUALS:
                continue
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True,
                                  capture_output=True).stdout.decode("utf-8", "replace")
            for number, page in enumerate(text.split("\f"), 1):
                lines = (" ".join(line.split()) for line in page.split("\n"))
                page = "\n".join(line for line in lines if line)
                if len(page) >= 200 and mostly_hangul(page):
                    yield f"texlive-ko/{os.path.basename(manual)}#{number}", page


def translations():
    """The Korean messages of the free software installed here (gettext catalogs), one document
    per program: UI strings and help texts written by Korean translators."""
    for path in sorted(glob.glob(os.path.join(LOCALE, "*.mo"))):
        try:
            with open(path, "rb") as fh:
                catalog = gettext.GNUTranslations(fh)._catalog
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        messages = [" ".join(str(v).split()) for k, v in catalog.items() if k and isinstance(v, str)]
        messages = [m for m in messages if any("\uac00" <= c <= "\ud7a3" for c in m)]
        if messages:
            yield f"locale-ko/{os.path.basename(path)}", "\n".join(sorted(set(messages)))


def konlpy_texts(sources: str):
    for wheel in glob.glob(os.path.join(sources, "konlpy-*.whl"))[:1]:
        with zipfile.ZipFile(wheel) as archive:
            for name in sorted(archive.namelist()):
                if ("/kolaw/" in name or "/kobill/" in name) and name.endswith(".txt"):
                    yield f"konlpy/{name.split('/data/corpus/')[-1]}", archive.read(name).decode("utf-8")


def shipped_texts():
    for path in [os.path.join(ROOT, "resources", "src", "constitution.txt")] + sorted(
            glob.glob(os.path.join(ROOT, "resources", "src", "kobill", "*"))):
        with open(path, encoding="utf-8") as fh:
            yield f"resources/{os.path.relpath(path, os.path.join(ROOT, 'resources'))}", fh.read()


STYLES = {"help": ("gnome-help-ko", "gimp-help-ko"), "manual": ("texlive-ko", "debian-install-ko"), "law": ("konlpy", "resources"), "ui": "locale-ko"}


def style_of(doc_id: str) -> str:
    """A document's style from its source (the first part of its id)."""
    source = doc_id.split("/")[0]
    return next(style for style, sources in STYLES.items() if source in sources)


def installation_guide_pages(sources: str):
    for deb in glob.glob(os.path.join(sources, "installation-guide-*.deb"))[:1]:
        for name, path in deb_members(deb, "usr/share/doc"):
            if "/ko/" not in name or not name.endswith(".html"):
                continue
            parser = _Text()
            with open(path, encoding="utf-8", errors="replace") as fh:
                parser.feed(fh.read())
            text = parser.text()
            if len(text) >= 200 and mostly_hangul(text):
                yield f"debian-install-ko/{os.path.basename(name)}", text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--sources", help="directory of .debs and the konlpy wheel (scripts/reference_sources.sh)")
    parser.add_argument("--styles", default="help,manual,law,ui", help="styles to write (default: all)")
    args = parser.parse_args()
    styles = set(args.styles.split(","))
    have_konlpy = bool(args.sources and glob.glob(os.path.join(args.sources, "konlpy-*.whl")))
    sources = {"help": [gimp_pages()] + ([gnome_help_pages(args.sources)] if args.sources else []),
               "ui": [translations()],
               "law": [konlpy_texts(args.sources) if have_konlpy else shipped_texts()],
               "manual": [texlive_pages(args.sources), installation_guide_pages(args.sources)] if args.sources else []}
    counts: dict[str, list[int]] = {}
    with open(args.out, "w", encoding="utf-8") as fh:
        for style in sorted(styles):
            for source in sources[style]:
                for doc_id, text in source:
                    fh.write(json.dumps({"id": doc_id, "text": text, "style": style}, ensure_ascii=False) + "\n")
                    count = counts.setdefault(doc_id.split("/")[0], [0, 0])
                    count[0] += 1
                    count[1] += len(text.encode("utf-8"))
    for name, (docs, size) in counts.items():
        print(f"{name}: {docs:,} documents, {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
