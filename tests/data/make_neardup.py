"""Build ``neardup.jsonl``: a labelled near-duplicate set from the shipped public-domain Korean texts.

Every row: ``id``, ``group`` (the original it derives from, or its own id), ``kind`` and ``text``.
Kinds: ``original``; ``exact`` copies; ``spacing`` (whitespace and punctuation edits only);
``edit5``/``edit10`` (5 % / 10 % of words replaced); ``added``/``removed`` (a paragraph added or
dropped); ``template`` (hard negatives: different bodies inside one long shared header and footer);
``unrelated``. The truth used by the test is not the kind but the real word 5-gram Jaccard of each
pair, computed in the test; kinds only make sure every situation is present.

    python tests/data/make_neardup.py    # rewrites tests/data/neardup.jsonl (deterministic)
"""

import json
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "..", "resources", "src")


def sentences() -> list[str]:
    texts = [open(os.path.join(SRC, "constitution.txt"), encoding="utf-8").read()]
    bills = os.path.join(SRC, "kobill")
    texts += [open(os.path.join(bills, n), encoding="utf-8").read() for n in sorted(os.listdir(bills))]
    out = []
    for text in texts:
        for piece in re.split(r"(?<=[.다])\s+", text):
            piece = " ".join(piece.split())
            if 30 <= len(piece) <= 300:
                out.append(piece)
    return sorted(set(out))


def document(rng: random.Random, pool: list[str], paragraphs: int) -> list[str]:
    return [" ".join(rng.sample(pool, rng.randint(2, 4))) for _ in range(paragraphs)]


def edit_words(rng: random.Random, text: str, share: float, vocabulary: list[str]) -> str:
    lines = []
    for line in text.split("\n"):
        words = line.split(" ")
        lines.append(" ".join(rng.choice(vocabulary) if rng.random() < share else w for w in words))
    return "\n".join(lines)


def respace(rng: random.Random, text: str) -> str:
    out = []
    for word in text.split(" "):
        roll = rng.random()
        if roll < 0.1:
            word = word.rstrip(".,") + rng.choice([",", ".", "!", "…", " ·"])
        elif roll < 0.2:
            word = word + " "
        elif roll < 0.25:
            word = "  " + word
        out.append(word)
    return " ".join(out).replace(". ", ".\n", 2)


def build(seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    pool = sentences()
    vocabulary = sorted({w for s in pool for w in s.split()})
    rows = []

    def add(doc_id, group, kind, paragraphs_or_text):
        text = paragraphs_or_text if isinstance(paragraphs_or_text, str) else "\n".join(paragraphs_or_text)
        rows.append({"id": doc_id, "group": group, "kind": kind, "text": text})

    kinds = ["exact", "spacing", "edit5", "edit10", "added", "removed"]
    for i in range(60):
        paragraphs = document(rng, pool, rng.randint(4, 7))
        oid = f"orig-{i:03d}"
        add(oid, oid, "original", paragraphs)
        kind = kinds[i % len(kinds)]
        text = "\n".join(paragraphs)
        if kind == "exact":
            variant = text
        elif kind == "spacing":
            variant = respace(rng, text)
        elif kind == "edit5":
            variant = edit_words(rng, text, 0.05, vocabulary)
        elif kind == "edit10":
            variant = edit_words(rng, text, 0.10, vocabulary)
        elif kind == "added":
            variant = "\n".join(paragraphs + document(rng, pool, 1))
        else:
            drop = rng.randrange(len(paragraphs))
            variant = "\n".join(p for j, p in enumerate(paragraphs) if j != drop)
        add(f"{kind}-{i:03d}", oid, kind, variant)
        if i % 10 == 0:  # a second copy in some groups: clusters larger than two
            add(f"exact2-{i:03d}", oid, "exact", text)
    header = document(rng, pool, 3)
    footer = document(rng, pool, 2)
    for i in range(20):  # hard negatives: long shared template, different bodies
        add(f"template-{i:03d}", f"template-{i:03d}", "template", header + document(rng, pool, 3) + footer)
    for i in range(20):
        add(f"unrelated-{i:03d}", f"unrelated-{i:03d}", "unrelated", document(rng, pool, rng.randint(2, 6)))
    return rows


if __name__ == "__main__":
    path = os.path.join(HERE, "neardup.jsonl")
    with open(path, "w", encoding="utf-8") as fh:
        for row in build():
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
