"""``curator decontaminate WS BENCH...`` (and ``run --decontaminate``): mark the documents that
hold benchmark text with reason ``contamination:NAME``.

How it fits the verdict engine: the stage writes one column per benchmark into the parts,
``contamination_NAME`` = the largest share of any item of the benchmark found in the document
(0.0 when none), and adds rule ``contamination:NAME`` (``max``: the share above which a document
is removed) to the workspace's config. From then on it is a rule like any other: the engine in
workspace/verdict.py gives the reasons, stats, export, the tokenizer and the app agree, a
curator's ``accept`` keeps the document, ``apply`` keeps the rule (and may move its bound).
Which items matched and where (spans of the text) go to ``WS/contamination/NAME.parquet`` for the
app; the benchmark's files (sha256), items and n-gram setting go to ``workspace.json`` for the
manifest and the dataset card.

``--mode span`` cuts instead: the lines holding a matched passage are taken out of the text
(recorded in the side file), the rest is analysed again (every signal, Kiwi included, for those
documents only) and judged by the rules like any document; its share is measured again on what
is left, so the contamination rule no longer removes it.
"""

import copy
import os
import time
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from curator.decontam import rule_name, signal_name
from curator.decontam.benchmark import Benchmark, read_benchmark
from curator.decontam.cut import cut_lines
from curator.decontam.index import BenchmarkIndex, MatchSettings
from curator.errors import CuratorError
from curator.io.atomic import replacing
from curator.workspace.layout import Workspace
from curator.workspace.reapply import record
from curator.workspace.tables import engine, iter_parts, read_part, write_part, write_verdicts
from curator.workspace.store import load_decisions

MODES = ("document", "span")
BATCH_ROWS = 2_000  # documents matched at once (~2 MB of text: bounded memory)
SPAN_TYPE = pa.list_(pa.struct([("start", pa.int32()), ("end", pa.int32())]))
MATCHES_SCHEMA = pa.schema([
    pa.field("id", pa.string()),          # the document
    pa.field("item", pa.string()),        # the item's label: its record id (or file:line) and field
    pa.field("item_text", pa.string()),   # the item as the benchmark has it
    pa.field("share", pa.float32()),      # share of the item found (the column's value is the largest)
    pa.field("spans", SPAN_TYPE),         # where, in the document's text as it was matched
    pa.field("cut", pa.list_(pa.string())),  # --mode span: the lines taken out of the text (else null)
])


@dataclass
class DecontamResult:
    benchmark: Benchmark
    index: BenchmarkIndex
    mode: str
    matched: int = 0          # documents above the rule's bound when matched
    pairs: int = 0            # (document, item) pairs recorded
    cut: int = 0              # --mode span: documents whose matched lines were taken out
    text_bytes: int = 0
    seconds: float = 0.0
    rewritten: int = 0
    stats: dict = field(default_factory=dict)

    @property
    def rule(self) -> str:
        return rule_name(self.benchmark.name)


def _match_part(index: BenchmarkIndex, bench: Benchmark, ids: list[str], texts: list[str]):
    """(best share per document, side-file rows) of one part's documents."""
    shares, rows = [], []
    for start in range(0, len(texts), BATCH_ROWS):
        batch = texts[start:start + BATCH_ROWS]
        matches = index.match(batch)
        shares.append(index.best_shares(matches, len(batch)))
        for m in matches:
            rows.append({"id": ids[start + m.doc], "item": bench.labels[m.item], "item_text": bench.items[m.item],
                         "share": m.share, "spans": [{"start": a, "end": b} for a, b in m.spans], "cut": None})
    return (np.concatenate(shares) if shares else np.zeros(0, dtype=np.float64)), rows


def _cut_part(path: str, table: pa.Table, rows: list[int], spans: dict[int, list[tuple[int, int]]],
              config: dict) -> tuple[pa.Table, dict[int, list[str]]]:
    """The part with the matched lines of ``rows`` taken out and those documents analysed again."""
    from curator.pipeline.analyse import analyse_rows
    from curator.workspace.layout import input_schema
    texts = table.column("text").to_pylist()
    cut: dict[int, list[str]] = {}
    new_texts = []
    for row in rows:
        new, taken = cut_lines(texts[row], spans[row])
        cut[row] = taken
        new_texts.append(new)
    take = pa.array(rows, pa.int64())
    inputs = pa.RecordBatch.from_arrays(
        [table.column("id").take(take).combine_chunks(), table.column("source").take(take).combine_chunks(),
         pa.array(new_texts, pa.string()), table.column("meta").take(take).combine_chunks()], schema=input_schema())
    analysed = pa.Table.from_batches([analyse_rows(inputs, config)])
    # every analysed column of those rows replaced; verdict, cluster and corpus columns kept
    replaced = [name for name in analysed.column_names if name in table.column_names and name not in
                ("id", "source", "meta", "kept", "reasons", "dup_cluster", "dup_reason", "dup_reference",
                 "repeated_line_ratio", "learned_quality")]
    order = np.arange(table.num_rows)
    order[rows] = table.num_rows + np.arange(len(rows))
    for name in replaced:
        column = pa.concat_arrays([table.column(name).combine_chunks(),
                                   analysed.column(name).combine_chunks().cast(table.schema.field(name).type)])
        index = table.schema.get_field_index(name)
        table = table.set_column(index, table.schema.field(index), column.take(pa.array(order)))
    return table, cut


def decontaminate(ws: Workspace, paths: list[str], name: str | None = None, fields: list[str] | None = None,
                  mode: str = "document", settings: MatchSettings = MatchSettings(),
                  say=lambda text: None, bench: Benchmark | None = None) -> DecontamResult:
    """Check every document of ``ws`` against the benchmark in ``paths`` (``bench``: those files
    read already, as ``run --decontaminate`` does before its run); see the module text. Holds the
    write lock from the first read of the parts to the last write."""
    if mode not in MODES:
        raise CuratorError(f"--mode {mode}: one of {', '.join(MODES)}")
    bench = bench or read_benchmark(paths, name, fields)  # a bad benchmark stops here, before any write
    say(f"{bench.name}: {len(bench.items):,} distinct items from {bench.records:,} records")
    index = BenchmarkIndex(bench.items, settings)
    if index.items_checked == 0:
        raise CuratorError(f"{paths[0]}: no item of {settings.min_item_chars} or more characters (letters and "
                           f"digits) to look for in benchmark {bench.name}")
    result = DecontamResult(bench, index, mode)
    rule, signal = rule_name(bench.name), signal_name(bench.name)
    started = time.perf_counter()
    with ws.write_lock("curator decontaminate"):
        config = copy.deepcopy(ws.config)
        spec = dict(config.get("rules", {}).get(rule) or {})
        spec.update(signal=signal, enabled=spec.get("enabled", True))
        spec.setdefault("max", settings.min_share)
        config.setdefault("rules", {})[rule] = spec
        bound = spec["max"]
        shares, side_rows, replaced = [], [], {}
        for path, _, table in iter_parts(ws, ["id", "text"]):
            ids, texts = table.column("id").to_pylist(), table.column("text").to_pylist()
            result.text_bytes += table.column("text").nbytes
            best, rows = _match_part(index, bench, ids, texts)
            result.matched += int((best > bound).sum())
            if mode == "span" and (best > bound).any():
                marked = np.flatnonzero(best > bound).tolist()
                row_of = {doc_id: i for i, doc_id in enumerate(ids)}
                spans: dict[int, list[tuple[int, int]]] = {}
                for r in rows:
                    if r["share"] > bound:
                        spans.setdefault(row_of[r["id"]], []).extend((s["start"], s["end"]) for s in r["spans"])
                say(f"{bench.name}: cutting the matched lines of {len(marked):,} documents and analysing them again")
                full, cut = _cut_part(path, read_part(path), marked, spans, config)
                for r in rows:
                    row = row_of[r["id"]]
                    if row in cut and r["share"] > bound:
                        r["cut"] = cut[row]
                after, _ = _match_part(index, bench, [ids[i] for i in marked],
                                       full.column("text").take(pa.array(marked, pa.int64())).to_pylist())
                best[marked] = after
                replaced[path] = full
                result.cut += len(marked)
            shares.append(best)
            side_rows += rows
        result.pairs = len(side_rows)
        column = pa.array(np.concatenate(shares) if shares else np.zeros(0), pa.float64())
        result.seconds = time.perf_counter() - started
        say(f"{bench.name}: {result.matched:,} documents hold benchmark text; writing {ws.contamination_path(bench.name)}")
        os.makedirs(ws.contamination_dir, exist_ok=True)
        with replacing(ws.contamination_path(bench.name)) as tmp:
            pq.write_table(pa.Table.from_pylist(side_rows, schema=MATCHES_SCHEMA), tmp, compression="zstd")
        for path, table in replaced.items():  # --mode span: the cut text and its new signals
            write_part(table, path)
        decisions = load_decisions(ws)
        verdicts = engine(ws, config, decisions, rechoose=True, overrides={signal: column})
        result.rewritten = write_verdicts(ws, verdicts, {signal: column})
        meta = ws.read_meta()
        entry = {"name": bench.name, "files": bench.files, "records": bench.records, "items": len(bench.items),
                 "items_checked": index.items_checked, "items_too_short": index.items_too_short,
                 "fields": bench.fields, "mode": mode, "matching": settings.as_dict(), "rule": rule,
                 "signal": signal, "documents_matched": result.matched, "documents_cut": result.cut,
                 "checked_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        meta["decontamination"] = {**meta.get("decontamination", {}), bench.name: entry}
        ws.write_meta(meta)
        result.stats = record(ws, config, verdicts, decisions)
    return result

