"""``curator learn``: train the quality model on the workspace's decisions, write ``learned_quality``
for every document, enable rule ``quality:learned`` and re-evaluate the verdicts; and what ``run``
needs of a saved model (the model a config names, scoring a batch).

The method is in filters/learned.py; this module reads the parts and writes the workspace.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from curator.errors import CuratorError
from curator.filters.defaults import STARTING_RULES
from curator.filters.learned import (FEATURE_SIGNALS, MIN_DECISIONS, RULE, SIGNAL, LearnedModel, SignalScaling,
                                     contradiction, decisions_hash, train)
from curator.io.atomic import replacing
from curator.pipeline.executor import LocalExecutor
from curator.workspace.layout import Workspace
from curator.workspace.reapply import reapply, record
from curator.workspace.tables import column_reader, engine, read_present, write_verdicts
from curator.workspace.store import DECISIONS, load_decisions

SCORE_ROWS = 2_000  # documents featurised at once while scoring (bounds memory: ~2 KB of text each)


@dataclass
class LearnResult:
    model: LearnedModel
    stats: dict
    rewritten: int
    suggestions: list = None  # Suggestion per rule the decisions would move (filters/learned.py)
    enabled: bool = True  # quality:learned switched on (see gate_passes)
    would_remove: int = 0  # documents kept now that the rule removes (when on) or would remove (when off)
    doubtful: list = None  # (id, decision, out-of-fold P(reject)) the model doubts, the most contradicted first


# A model switched on by itself must beat chance by a margin: after 38 mixed decisions a model of
# cross-validated F1 0.09 (the CLI: 0.34) removed 40 % of a clean corpus (issue 26). Below this the
# scores are written and the rule stays off; `learn --enable` (or the app's question) switches it on.
# F1 alone is no test of chance when most decisions are "reject": 60 random decisions of which 57 %
# reject give a model that rejects nearly everything F1 0.72; Matthews' correlation is 0 for any
# chance model (about ±0.13 by luck at 60 decisions), hence both.
ENABLE_F1 = 0.6
ENABLE_MCC = 0.3


def gate_figures(info: dict) -> dict:
    """The cross-validated figures the gate reads: on every decision, the doubtful ones included,
    when some were set aside (``cross_validated_all``). The figures of the kept decisions alone
    flatter the model, which chose the decisions it left out."""
    return info.get("cross_validated_all") or info["cross_validated"]


def gate_passes(info: dict) -> bool:
    """Whether the model may switch itself on: F1 ≥ ENABLE_F1 and Matthews' correlation ≥
    ENABLE_MCC, both cross-validated on every decision (a model saved before the correlation was
    recorded is judged by F1 alone)."""
    figures = gate_figures(info)
    return figures["f1"] >= ENABLE_F1 and figures.get("mcc", ENABLE_MCC) >= ENABLE_MCC


def signal_columns(table: pa.Table) -> dict[str, np.ndarray]:
    return {name: table.column(name).to_numpy(zero_copy_only=False).astype(np.float64)
            for name in FEATURE_SIGNALS if name in table.column_names}


def score_table(model: LearnedModel, table: pa.Table) -> np.ndarray:
    """learned_quality of every row of ``table`` (``text`` and the signal columns), in slices."""
    out = np.empty(table.num_rows)
    for start in range(0, table.num_rows, SCORE_ROWS):
        piece = table.slice(start, SCORE_ROWS)
        out[start:start + piece.num_rows] = model.quality(piece.column("text").to_pylist(), signal_columns(piece))
    return out


def score_part(path: str, model_path: str) -> np.ndarray:
    """learned_quality of every row of one part (a worker's task: the model loads once per process)."""
    return score_table(model_for({"learned": {"model": model_path}}), read_present(path, ["text", *FEATURE_SIGNALS]))


def training_set(ws: Workspace, decisions: dict[str, str]) -> tuple[list[str], dict[str, np.ndarray], np.ndarray, SignalScaling, list]:
    """The decided documents' texts, signals and labels, and the signal scaling fitted on every
    document of the workspace (the model must rank documents nobody has decided yet)."""
    texts, rejected, labelled = [], [], []
    chosen: list[dict[str, np.ndarray]] = []
    every: dict[str, list[np.ndarray]] = {name: [] for name in FEATURE_SIGNALS}
    for path in ws.part_paths():
        table = read_present(path, ["id", *FEATURE_SIGNALS])  # the text only of parts with decided rows
        columns = signal_columns(table)
        for name, values in columns.items():
            every[name].append(values.astype(np.float32))
        ids = table.column("id").to_pylist()
        rows = [i for i, doc_id in enumerate(ids) if decisions.get(doc_id) in DECISIONS]
        if not rows:
            continue
        take = pa.array(rows, pa.int64())
        texts += read_present(path, ["text"]).column("text").take(take).to_pylist()
        rejected += [decisions[ids[i]] == "reject" for i in rows]
        labelled += [(ids[i], decisions[ids[i]]) for i in rows]
        chosen.append({name: values[rows] for name, values in columns.items()})
    scaling = SignalScaling.fit({name: np.concatenate(v) for name, v in every.items() if v})
    columns = {name: np.concatenate([c[name] for c in chosen]) for name in scaling.names} if chosen else {}
    return texts, columns, np.array(rejected, dtype=bool), scaling, labelled


def learn(ws: Workspace, min_decisions: int = MIN_DECISIONS, say=lambda text: None,
          workers: int | None = None, enable: bool | None = None, keep_doubtful: bool = False) -> LearnResult:
    """Train on the store's decisions, save the model in the workspace, score every document
    (parts in ``workers`` processes, default one per core) and re-evaluate with ``quality:learned``
    enabled when ``enable``, or by default when its cross-validated figures pass (``gate_passes``).
    The decisions the model doubts are left out of its training (``keep_doubtful``: kept in) and
    recorded in the model, by id (``info["doubtful"]``: id → out-of-fold P(reject)).
    Holds the write lock throughout."""
    with ws.write_lock("curator learn"):
        decisions = load_decisions(ws)
        say(f"reading {len(decisions):,} decisions and the workspace's signals")
        texts, columns, rejected, scaling, labelled = training_set(ws, decisions)
        say(f"training on {len(texts):,} decided documents")
        model = train(texts, columns, rejected, scaling, min_decisions=min_decisions, keep_doubtful=keep_doubtful)
        model.info["decisions_sha256"] = decisions_hash(labelled)
        model.info["doubtful"] = {labelled[i][0]: p for i, p in model.info.get("doubtful", {}).items()}
        os.makedirs(os.path.dirname(ws.model_path), exist_ok=True)
        with replacing(ws.model_path) as tmp:
            model.save(tmp)
        parts = ws.part_paths()
        workers = max(1, min(workers or os.cpu_count() or 1, len(parts)))
        # scored from the file: the stored (float32) weights, exactly as `run --model` will
        say(f"scoring every document ({workers} process(es))")
        # processes, not the stream mode's one process of threads: scoring is numpy under the GIL
        # and needs no Kiwi, which a stream process loads (a million documents: 117 s → see
        # bench/results.md "learn")
        scores = list(LocalExecutor(workers, mode="pool").map_ordered(score_part, parts, (ws.model_path,)))
        quality = pa.array(np.concatenate(scores) if scores else np.zeros(0), pa.float64())
        switched_on = enable if enable is not None else gate_passes(model.info)
        config = with_learned(ws.config, ws.model_path, enabled=switched_on)
        say("verdicts" + (" with quality:learned" if switched_on else "") + "; writing the derived table")
        verdicts = engine(ws, config, decisions, rechoose=True, overrides={SIGNAL: quality})
        if switched_on:  # the documents it removes: those kept again were it to fail nothing
            would_remove = len(verdicts.flips({RULE: (None, None)})[1])
        else:  # kept documents it would fail
            would_remove = int((verdicts.kept() & (quality.to_numpy(zero_copy_only=False) < learned_bound(config))).sum())
        rewritten = write_verdicts(ws, verdicts, {SIGNAL: quality})
        stats = record(ws, config, verdicts, decisions)
        read = column_reader(ws)
        found = [verdicts.suggestion(rule.name, read(rule.signal)) for rule in verdicts.rules if rule.signal != SIGNAL]
        doubtful = sorted(((i, decisions[i], p) for i, p in model.info["doubtful"].items()),
                          key=lambda d: (-contradiction(d[1] == "reject", d[2]), d[0]))
        return LearnResult(model, stats, rewritten, [s for s in found if s is not None], switched_on, would_remove,
                           doubtful)


def learned_bound(config: dict) -> float:
    """``quality:learned``'s bound in ``config`` (the starting one where it sets none): a document
    with a learned score under it fails the rule."""
    return (config.get("rules", {}).get(RULE) or {}).get("min", STARTING_RULES[RULE]["min"])


def switch_learned(ws: Workspace, on: bool = True) -> dict:
    """Switch ``quality:learned`` on (or off) with the model ``learn`` left, as the app does once
    the curator has seen what it removes and said yes; returns the stats."""
    if not os.path.isfile(ws.model_path):
        raise CuratorError(f"{ws.root}: no learned model yet; run `curator learn {ws.root}` first")
    stats, _ = reapply(ws, config=with_learned(ws.config, ws.model_path, enabled=on),
                       purpose="quality:learned " + ("on" if on else "off"))
    return stats


def with_learned(config: dict, model_path: str, enabled: bool = True) -> dict:
    """``config`` with the model named and ``quality:learned`` enabled (its bound kept if set)."""
    spec = dict(config.get("rules", {}).get(RULE) or STARTING_RULES[RULE])
    spec["enabled"] = enabled
    updated = copy.deepcopy(config)
    updated["rules"] = {**updated.get("rules", {}), RULE: spec}
    updated["learned"] = {**updated.get("learned", {}), "model": os.path.abspath(model_path)}
    return updated


_MODELS: dict[tuple, LearnedModel] = {}


def model_for(config: dict) -> LearnedModel | None:
    """The model ``config`` names (``learned.model``), loaded once per process and file version
    (a second ``learn`` in the same process, as in the app, rewrites the file), or None."""
    path = (config or {}).get("learned", {}).get("model")
    if not path:
        return None
    try:
        stat = os.stat(path)
    except OSError:
        raise CuratorError(f"{path}: learned model not found (config learned.model)") from None
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _MODELS:
        _MODELS.clear()
        _MODELS[key] = LearnedModel.load(path)
    return _MODELS[key]
