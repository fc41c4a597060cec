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
import io
import os
import re
import shutil
import tempfile
from typing import NamedTuple


from curator.errors import CuratorError
from curator.export.redact import placeholder
from curator.export.token_efficiency import (OPENAI, REFERENCE, comparison_markdown, compare, headline,
                                             openai_tokenizer, sentencepiece_tokenizer)
from curator.export.token_efficiency import figures as efficiency_figures
from curator.export.token_efficiency import measure as measure_tokens
from curator.korean.pii import PII_KINDS
from curator.korean.script import is_hangul_char
from curator.io.readers import FileReport, ReadOptions, Record, expand_inputs, format_of, input_size, read_file
from curator.workspace.layout import Workspace
from curator.workspace.tables import load_verdicts
from curator.export.layout import ExportLayout
from curator.export.source import DocumentSource

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
    """(id, text) of an export directory's shards or of a workspace's documents, only those kept
    with its config and every stored decision (what an export of it would hold) when ``kept_only``."""
    documents = DocumentSource.open(source)
    kept = load_verdicts(documents.workspace).kept() if documents.workspace and kept_only else None
    return documents.documents(kept)


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


def write_training_text(lines: list[str], path: str, morpheme_aware: bool) -> str:
    """The training lines as SentencePiece reads them (morpheme-marked once, for every size)."""
    if not lines:
        raise CuratorError("no kept text to train a tokenizer on")
    with open(path, "w", encoding="utf-8") as fh:
        for line in (morpheme_marked(lines) if morpheme_aware else lines):
            fh.write(line.replace("\r", " ") + "\n")
    return path


def _train(text_path: str, vocab_size: int, model_type: str, morpheme_aware: bool) -> bytes:
    """SentencePiece's training on ``write_training_text``'s file; the model's bytes (raises
    SentencePiece's RuntimeError)."""
    import sentencepiece as spm

    def lines():
        with open(text_path, encoding="utf-8") as fh:
            for line in fh:
                yield line.rstrip("\n")

    # lines in and the model out through Python, not paths: SentencePiece records its input and
    # model prefix in the model it writes, and those were this machine's folders (issue 27)
    written = io.BytesIO()
    options = dict(sentence_iterator=lines(), model_writer=written, vocab_size=vocab_size, model_type=model_type,
                   normalization_rule_name="identity", remove_extra_whitespaces=False,
                   character_coverage=0.9995, byte_fallback=True, user_defined_symbols=PLACEHOLDERS,
                   input_sentence_size=MAX_TRAIN_LINES, shuffle_input_sentence=True,
                   max_sentence_length=1 << 16, num_threads=os.cpu_count() or 1,
                   minloglevel=2)
    if morpheme_aware:
        options["pretokenization_delimiter"] = MORPH_DELIMITER
    spm.SentencePieceTrainer.train(**options)
    return written.getvalue()


def smallest_vocab_size(text_path: str, model_type: str, morpheme_aware: bool) -> int:
    """The smallest vocabulary the trainer accepts for this text: its special pieces, the PII
    placeholders, 256 byte pieces and every character needed for 99.95 % coverage. Asked of the
    trainer itself, with the same options (below that size it stops once it has counted the
    characters): the number said is the number training checks."""
    probe = len(PLACEHOLDERS) + 4  # <unk>, <s>, </s>, the placeholders, one piece: below any real minimum
    try:
        _train(text_path, probe, model_type, morpheme_aware)
    except RuntimeError as exc:
        too_low = _TOO_LOW.search(str(exc))
        if too_low:
            return int(too_low.group(1))
        raise CuratorError(f"SentencePiece training failed: {str(exc).strip().splitlines()[-1]}") from None
    return probe


def train_model(text_path: str, prefix: str, vocab_size: int, model_type: str, morpheme_aware: bool):
    """A SentencePiece model of ``vocab_size`` from ``write_training_text``'s file."""
    import sentencepiece as spm

    try:
        written = _train(text_path, vocab_size, model_type, morpheme_aware)
    except RuntimeError as exc:
        too_high = _TOO_HIGH.search(str(exc))
        if too_high:
            raise CuratorError(f"--vocab-size {vocab_size} is too large for this text: "
                               f"it supports at most {too_high.group(1)}") from None
        too_low = _TOO_LOW.search(str(exc))
        if too_low:
            raise CuratorError(f"--vocab-size {vocab_size} is too small: at least {int(too_low.group(1)):,} "
                               f"for this text") from None
        raise CuratorError(f"SentencePiece training failed: {str(exc).strip().splitlines()[-1]}") from None
    model = spm.SentencePieceProcessor(model_proto=written)
    with open(prefix + ".model", "wb") as fh:
        fh.write(written)
    with open(prefix + ".vocab", "w", encoding="utf-8") as fh:  # SentencePiece's own .vocab format
        for i in range(model.get_piece_size()):
            fh.write(f"{model.id_to_piece(i)}\t{model.get_score(i):g}\n")
    return model


def measure(model, lines: list[str]) -> dict:
    """Chars per token and tokens per eojeol on ``lines`` (token_efficiency's figures), the
    vocabulary's Hangul share, and lines that do not round-trip."""
    encoded = model.encode(lines)
    roundtrip_failures = sum(1 for line, ids in zip(lines, encoded) if model.decode(ids) != line)
    figures = efficiency_figures(lines, [len(ids) for ids in encoded])["all"]
    pieces = [model.id_to_piece(i) for i in range(model.get_piece_size())
              if not (model.is_control(i) or model.is_unknown(i) or model.is_byte(i))]
    hangul = sum(1 for p in pieces if any(is_hangul_char(c) for c in p))
    return {**{k: v for k, v in figures.items() if k != "tokens_per_1k_chars"},
            "vocab_hangul_share": round(hangul / len(pieces), 4) if pieces else 0.0,
            "roundtrip_failures": roundtrip_failures}


def train_tokenizer(source: str, out: str, vocab_sizes: int | list[int], model_type: str = "unigram",
                    morpheme_aware: bool = False, seed: int = 0) -> dict:
    """Train on the kept text at each vocabulary size (as far as the text supports) and report,
    on held-out kept lines, each model next to GPT-4o's and GPT-4's tokenizers; the largest model
    trained is ``tokenizer.model`` (and every size ``tokenizer-N.model``). A failed training that
    made ``out`` leaves no folder behind (it made nothing else there)."""
    created = not os.path.exists(out)
    try:
        return _train_tokenizer(source, out, vocab_sizes, model_type, morpheme_aware, seed)
    except BaseException:
        if created and os.path.isdir(out):
            for name in os.listdir(out):  # only what this training wrote: the folder is new
                if name.startswith(("tokenizer", "report", "efficiency", "comparison")):
                    os.remove(os.path.join(out, name))
            if not os.listdir(out):
                os.rmdir(out)
        raise


def _train_tokenizer(source: str, out: str, vocab_sizes, model_type: str, morpheme_aware: bool, seed: int) -> dict:
    sizes = sorted(set([vocab_sizes] if isinstance(vocab_sizes, int) else vocab_sizes))
    os.makedirs(out, exist_ok=True)
    train, held = split_lines(read_documents(source), seed)
    if not held:  # a tiny corpus: hold out the last lines rather than report on training text
        cut = max(1, len(train) // 20)
        train, held = train[:-cut], train[-cut:]
    models, skipped = {}, []
    text_path = write_training_text(train, os.path.join(out, "tokenizer-train.txt"), morpheme_aware)
    try:
        # the real minimum, once, before any size is trained: never "at least 14", then "at least 802"
        smallest = smallest_vocab_size(text_path, model_type, morpheme_aware)
        if sizes[-1] < smallest:
            raise CuratorError(f"--vocab-size {','.join(map(str, sizes))} is too small: at least {smallest:,} for "
                               f"this text ({len(PLACEHOLDERS) + 3} special pieces and PII placeholders, 256 byte "
                               f"pieces and {smallest - len(PLACEHOLDERS) - 259:,} characters)")
        for size in sizes:
            if size < smallest:
                skipped.append(size)  # below what this text needs: said in the report
                continue
            try:
                models[size] = train_model(text_path, os.path.join(out, f"tokenizer-{size}"), size, model_type,
                                           morpheme_aware)
            except CuratorError:
                if len(sizes) == 1:
                    raise
                skipped.append(size)  # beyond what this text supports: said in the report
    finally:
        os.remove(text_path)
    if not models:
        raise CuratorError(f"--vocab-size {','.join(map(str, sizes))}: no size fits this text "
                           f"(train one size alone to see the range it supports)")
    size = max(models)
    model = models[size]
    for suffix in (".model", ".vocab"):
        shutil.copyfile(os.path.join(out, f"tokenizer-{size}{suffix}"), os.path.join(out, f"tokenizer{suffix}"))
    if len(sizes) == 1:
        for suffix in (".model", ".vocab"):
            os.remove(os.path.join(out, f"tokenizer-{size}{suffix}"))
    settings = {"vocab_size": size, "model_type": model_type, "morpheme_aware": morpheme_aware,
                "normalization_rule_name": "identity", "remove_extra_whitespaces": False,
                "character_coverage": 0.9995, "byte_fallback": True, "user_defined_symbols": PLACEHOLDERS,
                "held_out_fraction": HELD_OUT_FRACTION, "seed": seed, "train_lines": len(train)}
    report = {"source": os.path.basename(os.path.normpath(source)), "model_file": "tokenizer.model", "settings": settings,
              **measure(model, held)}
    tokenizers = [sentencepiece_tokenizer(model, "trained", f"this model ({size:,} pieces, kept text)")]
    uncurated = DocumentSource.open(source).workspace_behind()
    if uncurated:
        all_train, _ = split_lines(DocumentSource(uncurated.root, workspace=uncurated).documents(), seed)
        with tempfile.TemporaryDirectory() as tmp:
            base_text = write_training_text(all_train, os.path.join(tmp, "uncurated.txt"), morpheme_aware)
            needed = smallest_vocab_size(base_text, model_type, morpheme_aware)  # more characters than the kept text
            base = (train_model(base_text, os.path.join(tmp, "uncurated"), size, model_type, morpheme_aware)
                    if size >= needed else None)
            if base is not None:
                report["uncurated"] = {"train_lines": len(all_train), **measure(base, held)}
            else:
                report["note"] = (f"no model of the uncurated input: its characters need a vocabulary of at least "
                                  f"{needed:,} (this one: {size:,})")
        if base is not None:
            tokenizers.append(sentencepiece_tokenizer(base, "uncurated", "same size, uncurated input"))
    report["comparison"] = compare(held, tokenizers + [openai_tokenizer(n) for n in OPENAI])
    report["headline"] = headline(report["comparison"], "trained")
    if len(sizes) > 1:
        report["sweep"] = sweep(models, held, report["comparison"], skipped)
        report["sweep"]["plotted"] = plot_sweep(report["sweep"], report["comparison"], os.path.join(out, "efficiency.png"))
    with open(os.path.join(out, "report.json"), "w", encoding="utf-8") as fh:
        json.dump(report, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    with open(os.path.join(out, "report.md"), "w", encoding="utf-8") as fh:
        fh.write(report_markdown(report))
    return report


class Comparison(NamedTuple):
    table: dict
    markdown: str
    headlines: list[str]


def corpus_lines(sources: list[str]) -> list[str]:
    """The non-empty lines of a workspace's or an export's kept text, or of input files (any
    format ``run`` reads; unreadable records are skipped here, as they would be by a run)."""
    if len(sources) == 1 and (Workspace(sources[0]).exists() or ExportLayout(sources[0]).exists()):
        return [line for _, text in read_documents(sources[0]) for line in _lines(text)]
    found = expand_inputs(sources)
    if not found.paths:
        raise CuratorError(f"{' '.join(sources)}: no readable input files found")
    lines: list[str] = []
    for path in found.paths:
        report = FileReport(path, input_size(path), format_of(path))
        lines += [line for record in read_file(path, ReadOptions(), report) if isinstance(record, Record)
                  for line in _lines(record.text)]
    return lines


def compare_on(sources: list[str], models: list[str], out: str | None = None) -> tuple[Comparison, list[str]]:
    """``tokenizer compare``: every model in ``models`` and OpenAI's tokenizers on the sources."""
    lines = corpus_lines(sources)
    mine = [sentencepiece_tokenizer(m, os.path.basename(m)) for m in models]
    table = compare(lines, mine + [openai_tokenizer(n) for n in OPENAI])
    comparison = Comparison(table, comparison_markdown(table), [headline(table, t.name) for t in mine])
    if out:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "comparison.json"), "w", encoding="utf-8") as fh:
            json.dump({"sources": [os.path.basename(os.path.abspath(s)) for s in sources], "comparison": table},
                      fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        with open(os.path.join(out, "comparison.md"), "w", encoding="utf-8") as fh:
            fh.write("# Tokenizer comparison\n\n" + comparison.markdown + "\n" + "\n".join(comparison.headlines) + "\n")
    return comparison, lines


def sweep(models: dict, held: list[str], comparison: dict, skipped: list[int]) -> dict:
    """Tokens per 1,000 characters of each size on the held-out lines (all, Hangul-only, mixed)."""
    rows = []
    for size, model in sorted(models.items()):
        figures = measure_tokens(sentencepiece_tokenizer(model, str(size)), held)
        rows.append({"vocab_size": size, **{kind: figures[kind]["tokens_per_1k_chars"] for kind in ("all", "hangul", "mixed")},
                     "tokens_per_eojeol": figures["all"]["tokens_per_eojeol"],
                     "fewer_tokens_than_gpt4o": round(1 - figures["all"]["tokens"] / comparison[REFERENCE]["all"]["tokens"], 4)})
    return {"sizes": rows, "skipped": skipped,
            "openai": {name: comparison[name]["all"]["tokens_per_1k_chars"] for name in OPENAI}}


def plot_sweep(sweep_: dict, comparison: dict, path: str) -> bool:
    """The efficiency curve (tokens per 1,000 characters against vocabulary size), GPT-4o and
    GPT-4 as horizontal lines; rendered headless. False without matplotlib (the packaged app
    leaves it out: the report's table has the same figures)."""
    try:
        import matplotlib
    except ImportError:
        return False

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [row["vocab_size"] for row in sweep_["sizes"]]
    figure, axes = plt.subplots(figsize=(7, 4.2), dpi=110)
    for kind, label, style in (("all", "all held-out lines", "o-"), ("hangul", "Hangul-only lines", "s--"),
                               ("mixed", "lines mixed with Latin/digits", "^:")):
        axes.plot(sizes, [row[kind] for row in sweep_["sizes"]], style, label=f"trained, {label}")
    for name, colour in (("o200k_base", "tab:red"), ("cl100k_base", "tab:gray")):
        axes.axhline(comparison[name]["all"]["tokens_per_1k_chars"], color=colour, linestyle="-.",
                     label=f"{OPENAI[name]}, all lines")
    axes.set_xscale("log", base=2)
    axes.set_xticks(sizes, [f"{s / 1000:g}k" if s >= 1000 else str(s) for s in sizes])
    axes.minorticks_off()
    axes.set_xlabel("vocabulary size")
    axes.set_ylabel("tokens per 1,000 characters (lower is better)")
    axes.set_title("Korean tokenization efficiency on held-out kept text")
    axes.grid(alpha=0.3)
    axes.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return True


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
    if report.get("comparison"):
        out += ["", "## Against GPT-4o and GPT-4 (same held-out lines)", "",
                (report.get("headline") or "") + ".", "", comparison_markdown(report["comparison"]).rstrip()]
    if report.get("sweep"):
        curve = ("![efficiency curve](efficiency.png)" if report["sweep"].get("plotted", True)
                 else "(no curve: this installation has no matplotlib; the table has the figures)")
        out += ["", "## Vocabulary sweep", "", curve, "",
                "| vocabulary | tokens / 1k chars | Hangul-only | mixed | tokens / eojeol | vs GPT-4o |",
                "| ---: | ---: | ---: | ---: | ---: | ---: |"]
        for row in report["sweep"]["sizes"]:
            out.append(f"| {row['vocab_size']:,} | {row['all']:.1f} | {row['hangul']:.1f} | {row['mixed']:.1f} | "
                       f"{row['tokens_per_eojeol']:.3f} | {row['fewer_tokens_than_gpt4o']:+.1%} |")
        if report["sweep"]["skipped"]:
            out.append("")
            out.append("Not trained (beyond what this text supports): "
                       + ", ".join(f"{s:,}" for s in report["sweep"]["skipped"]) + ".")
    return "\n".join(out) + "\n"
