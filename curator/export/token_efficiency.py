"""How many tokens a tokenizer needs for Korean, next to GPT-4o's and GPT-4's, offline.

The question a lab's model announcement answers ("our tokenizer needs N % fewer tokens for Korean
than GPT-4o"). OpenAI's ``o200k_base`` (GPT-4o) and ``cl100k_base`` (GPT-4) come from the
``bpe-openai`` package, which ships both vocabularies: nothing is downloaded.

Figures, on the same lines for every tokenizer: tokens per 1,000 characters (lower is better),
characters per token, tokens per eojeol (space-separated word), over all lines and per kind of
line (Hangul only; Hangul mixed with Latin letters or digits; no Hangul), so a gain can be traced
to where it comes from. OpenAI's encoders read PII placeholders such as ``<|phone|>`` as plain text.
"""

import os

from curator.errors import CuratorError
from curator.korean.script import is_hangul_char

OPENAI = {"o200k_base": "GPT-4o (o200k_base)", "cl100k_base": "GPT-4 (cl100k_base)"}
REFERENCE = "o200k_base"
KINDS = ("all", "hangul", "mixed", "other")


class Tokenizer:
    """A name and a batch encoder (lines → token counts)."""

    def __init__(self, name: str, label: str, count):
        self.name, self.label, self._count = name, label, count

    def counts(self, lines: list[str]) -> list[int]:
        return self._count(lines)


def openai_tokenizer(name: str) -> Tokenizer:
    import bpe_openai

    encoding = bpe_openai.get_encoding(name)
    return Tokenizer(name, OPENAI.get(name, name),
                     lambda lines: [len(ids) for ids in encoding.encode_ordinary_batch(lines)])


def sentencepiece_tokenizer(model, name: str, label: str | None = None) -> Tokenizer:
    """``model``: a SentencePieceProcessor or the path of a ``.model`` file."""
    import sentencepiece as spm

    if isinstance(model, str):
        if not os.path.isfile(model):
            raise CuratorError(f"{model}: no such SentencePiece model")
        try:
            model = spm.SentencePieceProcessor(model_file=model)
        except (OSError, RuntimeError) as exc:
            raise CuratorError(f"{name}: not a SentencePiece model ({exc})") from None
    return Tokenizer(name, label or name, lambda lines: [len(ids) for ids in model.encode(lines)])


def line_kind(line: str) -> str:
    """``hangul`` (Hangul with no Latin letter or digit), ``mixed`` (Hangul with either), ``other``."""
    if not any(is_hangul_char(c) for c in line):
        return "other"
    if any(c.isdigit() or ("a" <= c.lower() <= "z") for c in line):
        return "mixed"
    return "hangul"


def _figures(lines: int, chars: int, tokens: int, eojeols: int) -> dict:
    return {"lines": lines, "chars": chars, "tokens": tokens,
            "tokens_per_1k_chars": round(1000 * tokens / chars, 2) if chars else 0.0,
            "chars_per_token": round(chars / tokens, 4) if tokens else 0.0,
            "tokens_per_eojeol": round(tokens / eojeols, 4) if eojeols else 0.0}


def measure(tokenizer: Tokenizer, lines: list[str]) -> dict:
    """The figures of ``tokenizer`` on ``lines``, over all and per kind of line."""
    return figures(lines, tokenizer.counts(lines))


def figures(lines: list[str], counts: list[int]) -> dict:
    """The figures of the token ``counts`` of ``lines``, over all and per kind of line."""
    totals = {kind: [0, 0, 0, 0] for kind in KINDS}
    for line, tokens in zip(lines, counts):
        for kind in ("all", line_kind(line)):
            total = totals[kind]
            total[0] += 1
            total[1] += len(line)
            total[2] += tokens
            total[3] += len(line.split())
    return {kind: _figures(*totals[kind]) for kind in KINDS}


def compare(lines: list[str], tokenizers: list[Tokenizer]) -> dict:
    """Every tokenizer's figures on ``lines`` and, for each, the share of tokens it saves against
    GPT-4o on all lines and per kind (``fewer_tokens_than_gpt4o``: 0.25 = needs 25 % fewer)."""
    if not lines:
        raise CuratorError("no text to measure the tokenizers on")
    measured = {t.name: {"label": t.label, **measure(t, lines)} for t in tokenizers}
    reference = measured.get(REFERENCE)
    if reference is not None:
        for row in measured.values():
            row["fewer_tokens_than_gpt4o"] = {
                kind: round(1 - row[kind]["tokens"] / reference[kind]["tokens"], 4) if reference[kind]["tokens"] else None
                for kind in KINDS}
    return measured


def headline(comparison: dict, name: str) -> str:
    """"needs N % fewer tokens than GPT-4o for Korean" (or more), on all held-out lines."""
    share = comparison[name].get("fewer_tokens_than_gpt4o", {}).get("all")
    if share is None:
        return ""
    word = "fewer" if share >= 0 else "more"
    return f"{comparison[name]['label']} needs {abs(share):.1%} {word} tokens than GPT-4o on this text"


def comparison_markdown(comparison: dict) -> str:
    """The table of a comparison (one row per tokenizer; Hangul-only and mixed lines broken out)."""
    out = ["| tokenizer | tokens / 1k chars | chars / token | tokens / eojeol | vs GPT-4o | "
           "Hangul-only lines: tokens / 1k chars | mixed lines: tokens / 1k chars |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, row in comparison.items():
        vs = row.get("fewer_tokens_than_gpt4o", {}).get("all")
        vs_text = ("reference" if name == REFERENCE else "" if vs is None
                   else f"{vs:.1%} fewer" if vs >= 0 else f"{-vs:.1%} more")
        out.append(f"| {row['label']} | {row['all']['tokens_per_1k_chars']:.1f} | {row['all']['chars_per_token']:.3f} | "
                   f"{row['all']['tokens_per_eojeol']:.3f} | {vs_text} | {row['hangul']['tokens_per_1k_chars']:.1f} | "
                   f"{row['mixed']['tokens_per_1k_chars']:.1f} |")
    first = next(iter(comparison.values()))
    out.append("")
    out.append(f"{first['all']['lines']:,} lines, {first['all']['chars']:,} characters "
               f"({first['hangul']['lines']:,} Hangul-only lines, {first['mixed']['lines']:,} mixed with Latin "
               f"or digits, {first['other']['lines']:,} without Hangul).")
    return "\n".join(out) + "\n"
