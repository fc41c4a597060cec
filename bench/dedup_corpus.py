"""A generated Korean corpus with planted duplicates, for the dedup benchmark.

Documents are 3–10 random real sentences (≈ 1.5 KB). Every tenth is followed by a near copy (5 %
of words replaced, a sentence dropped or added) and every twentieth by an exact copy.
"""

import random

import corpus


def documents(n_docs: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    pool = corpus.sentences()
    words = sorted({w for s in pool[:2000] for w in s.split()})
    out: list[str] = []
    while len(out) < n_docs:
        sentences = [rng.choice(pool) for _ in range(rng.randint(3, 10))]
        text = " ".join(sentences)
        out.append(text)
        i = len(out)
        if i % 10 == 0:
            edited = " ".join(w if rng.random() > 0.05 else rng.choice(words) for w in text.split(" "))
            out.append(edited)
        if i % 20 == 0:
            out.append(text)
    return out[:n_docs]
