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


def gimp_pages():
    for path in sorted(glob.glob(os.path.join(GIMP_HELP, "**", "*.html"), recursive=True)):
        parser = _Text()
        with open(path, encoding="utf-8", errors="replace") as fh:
            parser.feed(fh.read())
        text = parser.text()
        if len(text) >= 200:
            yield f"gimp-help-ko/{os.path.relpath(path, GIMP_HELP)}", text


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


def konlpy_texts(wheel: str):
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            if ("/kolaw/" in name or "/kobill/" in name) and name.endswith(".txt"):
                yield f"konlpy/{name.split('/data/corpus/')[-1]}", archive.read(name).decode("utf-8")


def shipped_texts():
    for path in [os.path.join(ROOT, "resources", "src", "constitution.txt")] + sorted(
            glob.glob(os.path.join(ROOT, "resources", "src", "kobill", "*"))):
        with open(path, encoding="utf-8") as fh:
            yield f"resources/{os.path.relpath(path, os.path.join(ROOT, 'resources'))}", fh.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--konlpy", help="path of a konlpy wheel (its kolaw/kobill corpora)")
    args = parser.parse_args()
    counts: dict[str, list[int]] = {}
    with open(args.out, "w", encoding="utf-8") as fh:
        sources = [gimp_pages(), translations(), shipped_texts()] + ([konlpy_texts(args.konlpy)] if args.konlpy else [])
        for source in sources:
            for doc_id, text in source:
                fh.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
                count = counts.setdefault(doc_id.split("/")[0], [0, 0])
                count[0] += 1
                count[1] += len(text.encode("utf-8"))
    for name, (docs, size) in counts.items():
        print(f"{name}: {docs:,} documents, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
