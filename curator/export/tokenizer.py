"""``curator tokenizer train``: SentencePiece on the kept text, and what curation did to tokenization.

Korean must survive normalization: the rule is ``identity`` on NFC text (SentencePiece's default
``nmt_nfkc`` rewrites compatibility jamo such as ㅋ), whitespace is kept as it is and unknown
characters fall back to bytes, so every line round-trips exactly. ``--morpheme-aware`` marks Kiwi
morpheme boundaries with a delimiter during training only (``pretokenization_delimiter``): pieces
never cross a morpheme boundary, yet the model encodes raw text.

The report compares, on the same held-out kept lines (documents chosen by a seeded hash of their id,
never trained on), the model trained on the kept text with one of the same size trained on the
uncurated input (every document of the workspace), when the workspace is at hand.
"""

import hashlib
import json
import os
import re
import tempfile


from curator.errors import CuratorError
from curator.workspace.source import DocumentSource
from curator.export.redact import placeholder
from curator.korean.pii import PII_KINDS
from curator.korean.script import is_hangul_char

HELD_OUT_FRACTION = 0.05
MAX_TRAIN_LINES = 1_000_000
PLACEHOLDERS = [placeholder(kind) for kind in PII_KINDS]  # what export writes in place of a span
MORPH_DELIMITER = "\u241f"  # ␟, removed from the text first so that it only marks boundaries
_TOO_HIGH = re.compile(r"value <= (\d+)")
_TOO_LOW = re.compile(r"smaller than required_chars\. \d+ vs (\d+)")


def _held_out(doc_id: str, seed: int) -> bool:
    digest = hashlib.blake2b(f"tok{seed}:{doc_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") < HELD_OUT_FRACTION * 2**64


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def read_documents(source: str, kept_only: bool = True):
    """(id, text) of an export directory's shards or of a workspace's kept documents."""
    return DocumentSource.open(source).documents(kept_only)


def split_lines(documents, seed: int) -> tuple[list[str], list[str]]:
    """Training lines (at most MAX_TRAIN_LINES, chosen by hash) and held-out lines."""
    train, held = [], []
    for doc_id, text in documents:
        (held if _held_out(doc_id, seed) else train).extend(_lines(text))
    if len(train) > MAX_TRAIN_LINES:
        train.sort(key=lambda line: hashlib.blake2b(line.encode(), digest_size=8).digest())
        train = train[:MAX_TRAIN_LINES]
    return train, held


def morpheme_marked(lines: list[str]) -> list[str]:
    """Lines with ␟ between the morphemes of each eojeol (Kiwi), for training only."""
    from curator.korean.kiwi_pool import analyse

    marked = []
    for line, morphs in zip(lines, analyse([line.replace(MORPH_DELIMITER, "") for line in lines])):
        clean = line.replace(MORPH_DELIMITER, "")
        cuts = sorted({m.start for m in morphs if 0 < m.start < len(clean) and not clean[m.start - 1].isspace()
                       and not clean[m.start].isspace()})
        pieces, last = [], 0
        for cut in cuts:
            pieces.append(clean[last:cut])
            last = cut
        pieces.append(clean[last:])
        marked.append(MORPH_DELIMITER.join(pieces))
    return marked


def train_model(lines: list[str], prefix: str, vocab_size: int, model_type: str, morpheme_aware: bool):
    import sentencepiece as spm

    if not lines:
        raise CuratorError("no kept text to train a tokenizer on")
    text_path = prefix + ".txt"
    with open(text_path, "w", encoding="utf-8") as fh:
        for line in (morpheme_marked(lines) if morpheme_aware else lines):
            fh.write(line.replace("\r", " ") + "\n")
    options = dict(input=text_path, model_prefix=prefix, vocab_size=vocab_size, model_type=model_type,
                   normalization_rule_name="identity", remove_extra_whitespaces=False,
                   character_coverage=0.9995, byte_fallback=True, user_defined_symbols=PLACEHOLDERS,
                   input_sentence_size=MAX_TRAIN_LINES, shuffle_input_sentence=True,
                   max_sentence_length=1 << 16, num_threads=os.cpu_count() or 1,
                   minloglevel=2)
    if morpheme_aware:
        options["pretokenization_delimiter"] = MORPH_DELIMITER
    try:
        spm.SentencePieceTrainer.train(**options)
    except RuntimeError as exc:
        too_high = _TOO_HIGH.search(str(exc))
        if too_high:
            raise CuratorError(f"--vocab-size {vocab_size} is too large for this text: "
                               f"it supports at most {too_high.group(1)}") from None
        too_low = _TOO_LOW.search(str(exc))
        if too_low:
            raise CuratorError(f"--vocab-size {vocab_size} is too small for this text: its characters "
                               f"need at least {too_low.group(1)}") from None
        raise CuratorError(f"SentencePiece training failed: {str(exc).strip().splitlines()[-1]}") from None
    finally:
        os.remove(text_path)
    return spm.SentencePieceProcessor(model_file=prefix + ".model")


def measure(model, lines: list[str]) -> dict:
    """Chars per token and tokens per eojeol on ``lines``, vocabulary Hangul share, round-trip."""
    chars = tokens = eojeols = roundtrip_failures = 0
    for line, ids in zip(lines, model.encode(lines)):
        chars += len(line)
        tokens += len(ids)
        eojeols += len(line.split())
        if model.decode(ids) != line:
            roundtrip_failures += 1
    pieces = [model.id_to_piece(i) for i in range(model.get_piece_size())
              if not (model.is_control(i) or model.is_unknown(i) or model.is_byte(i))]
    hangul = sum(1 for p in pieces if any(is_hangul_char(c) for c in p))
    return {"lines": len(lines), "chars": chars, "tokens": tokens,
            "chars_per_token": round(chars / tokens, 4) if tokens else 0.0,
            "tokens_per_eojeol": round(tokens / eojeols, 4) if eojeols else 0.0,
            "vocab_hangul_share": round(hangul / len(pieces), 4) if pieces else 0.0,
            "roundtrip_failures": roundtrip_failures}


def train_tokenizer(source: str, out: str, vocab_size: int, model_type: str = "unigram",
                    morpheme_aware: bool = False, seed: int = 0) -> dict:
    smallest = len(PLACEHOLDERS) + 4  # <unk>, <s>, </s>, the placeholders, and one piece at least
    if vocab_size < smallest:
        raise CuratorError(f"--vocab-size {vocab_size} is too small: at least {smallest} "
                           f"(special pieces and PII placeholders take {smallest - 1})")
    os.makedirs(out, exist_ok=True)
    train, held = split_lines(read_documents(source), seed)
    if not held:  # a tiny corpus: hold out the last lines rather than report on training text
        cut = max(1, len(train) // 20)
        train, held = train[:-cut], train[-cut:]
    settings = {"vocab_size": vocab_size, "model_type": model_type, "morpheme_aware": morpheme_aware,
                "normalization_rule_name": "identity", "remove_extra_whitespaces": False,
                "character_coverage": 0.9995, "byte_fallback": True, "user_defined_symbols": PLACEHOLDERS,
                "held_out_fraction": HELD_OUT_FRACTION, "seed": seed, "train_lines": len(train)}
    prefix = os.path.join(out, "tokenizer")
    model = train_model(train, prefix, vocab_size, model_type, morpheme_aware)
    report = {"source": os.path.abspath(source), "model_file": prefix + ".model", "settings": settings,
              **measure(model, held)}
    uncurated = DocumentSource.open(source).workspace_behind()
    if uncurated:
        all_train, _ = split_lines(DocumentSource(uncurated.root, workspace=uncurated).documents(kept_only=False), seed)
        with tempfile.TemporaryDirectory() as tmp:
            base = train_model(all_train, os.path.join(tmp, "uncurated"), vocab_size, model_type, morpheme_aware)
            report["uncurated"] = {"train_lines": len(all_train), **measure(base, held)}
    with open(os.path.join(out, "report.json"), "w", encoding="utf-8") as fh:
        json.dump(report, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    with open(os.path.join(out, "report.md"), "w", encoding="utf-8") as fh:
        fh.write(report_markdown(report))
    return report


def report_markdown(report: dict) -> str:
    s = report["settings"]
    rows = [("kept text (this model)", report)]
    if report.get("uncurated"):
        rows.append(("uncurated input", report["uncurated"]))
    out = ["# Tokenizer report", "",
           f"SentencePiece {s['model_type']}, vocabulary {s['vocab_size']:,}"
           f"{', morpheme-aware' if s['morpheme_aware'] else ''}; identity normalization on NFC text, "
           f"byte fallback, character coverage {s['character_coverage']}. Measured on {report['lines']:,} "
           f"held-out kept lines.", "",
           "| trained on | chars/token | tokens/eojeol | Hangul share of vocabulary | round-trip failures |",
           "| --- | ---: | ---: | ---: | ---: |"]
    for name, r in rows:
        out.append(f"| {name} | {r['chars_per_token']:.3f} | {r['tokens_per_eojeol']:.3f} | "
                   f"{r['vocab_hangul_share']:.1%} | {r['roundtrip_failures']} |")
    return "\n".join(out) + "\n"
