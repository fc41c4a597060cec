"""``curator calibrate``: propose thresholds from clean reference text (``filters/calibration.py``).

The reference is a workspace or inputs; inputs are run through the same pipeline as any corpus (in
a temporary workspace, removed afterwards), so its signals are exactly what ``run`` would compute.
A duplicate cluster counts once. A ``hold_out`` share of the reference (chosen by a hash of the
document id, so the same documents every time) is left out of the calibration and reported on:
that is where a budget is seen to hold on text the thresholds were not derived from.
"""

import hashlib
import os
import tempfile
from dataclasses import dataclass, field

import numpy as np
import pyarrow.compute as pc

from curator.errors import CuratorError
from curator.filters.calibration import (STYLE_BUDGET, Calibration, TwoSided, bounds_of, calibrate, failing_share,
                                         joint_failing, reference_summary, two_sided)
from curator.filters.defaults import FIXED_RULES
from curator.pipeline.run import run_pipeline
from curator.workspace.layout import Workspace
from curator.workspace.tables import load_verdicts, part_schema, read_columns, read_derived


MIN_TWO_SIDED = 100  # reference documents below which one clean document is over 1 % of the budget


def _is_workspace(path: str) -> bool:
    return os.path.isdir(path) and Workspace(path).recognised()


def reference_columns(paths: list[str], config: dict, workers: int | None = None,
                      styles: list[str] | None = None) -> tuple[list[str], dict[str, np.ndarray]]:
    """(ids, signal → float values) of the reference documents, one per duplicate cluster; with
    ``styles`` (a list to fill), each document's ``style`` input field ("" without one)."""
    if len(paths) == 1 and _is_workspace(paths[0]):
        return _columns(Workspace.open(paths[0]), config, styles, "style", "")
    if any(_is_workspace(p) for p in paths):
        raise CuratorError("calibrate: give one workspace, or input files and directories, not both")
    with tempfile.TemporaryDirectory(prefix="curator-reference-") as tmp:
        out = os.path.join(tmp, "ws")
        run_pipeline(paths, out, config, workers=workers, show_progress=False)
        return _columns(Workspace.open(out), config, styles, "style", "")


def junk_columns(paths: list[str], config: dict, workers: int | None = None) -> tuple[list[str], list[str], dict[str, np.ndarray]]:
    """(ids, kinds, signal → values) of junk documents (one per duplicate cluster); a document's kind
    is its input's ``kind`` field when it has one (bench/junk.py writes it), else "junk"."""
    if any(_is_workspace(p) for p in paths):
        raise CuratorError("calibrate: --junk takes input files and directories, not a workspace")
    with tempfile.TemporaryDirectory(prefix="curator-junk-") as tmp:
        out = os.path.join(tmp, "ws")
        run_pipeline(paths, out, config, workers=workers, show_progress=False)
        kinds: list[str] = []
        ids, columns = _columns(Workspace.open(out), config, kinds)
        return ids, kinds, columns


def _columns(ws: Workspace, config: dict, kinds: list[str] | None = None, field: str = "kind",
             missing: str = "junk") -> tuple[list[str], dict[str, np.ndarray]]:
    """With ``kinds`` (a list to fill), each kept document's ``field`` from its input fields too
    (``missing`` without one)."""
    import json

    signals = sorted({spec["signal"] for spec in config["rules"].values()})
    ids, columns, clusters, metas = [], {s: [] for s in signals}, [], []
    derived = read_derived(ws)
    start = 0
    for path in ws.part_paths():
        names = set(part_schema(path).names) | set(derived)
        missing = [s for s in signals if s not in names]
        if missing:
            raise CuratorError(f"{ws.root}: the reference workspace has no signal '{missing[0]}' (made by an "
                               f"older version? run it again)")
        table = read_columns(path, ["id", "dup_cluster", "meta", *signals], derived, start)
        start += table.num_rows
        ids += table.column("id").to_pylist()
        metas += table.column("meta").to_pylist()
        clusters += table.column("dup_cluster").to_pylist()
        for s in signals:
            columns[s].append(pc.cast(table.column(s), "float64").to_numpy(zero_copy_only=False))
    seen: set = set()
    keep = np.ones(len(ids), bool)
    for i, cluster in enumerate(clusters):
        if cluster is not None:
            keep[i] = cluster not in seen
            seen.add(cluster)
    if kinds is not None:
        kinds += [str((json.loads(m) if m else {}).get(field, missing)) for m, k in zip(metas, keep) if k]
    return ([doc_id for doc_id, k in zip(ids, keep) if k],
            {s: np.concatenate(v)[keep] if v else np.zeros(0) for s, v in columns.items()})


def held_out(ids: list[str], fraction: float) -> np.ndarray:
    """Documents left out of calibration: the first ``fraction`` of the id-hash space."""
    if fraction <= 0:
        return np.zeros(len(ids), bool)
    return np.array([int.from_bytes(hashlib.sha256(i.encode("utf-8")).digest()[:8], "big") / 2**64 < fraction
                     for i in ids], bool)


@dataclass
class CalibrationRun:
    calibration: Calibration
    config: dict  # the config written with --out: rules at the proposed thresholds + the reference
    held_out_shares: dict[tuple[str, str], float] = field(default_factory=dict)  # (rule, side) → share
    held_out_joint: float | None = None
    held_out_documents: int = 0
    flips: dict[str, tuple[int, int]] = field(default_factory=dict)  # rule (or "all") → (removed, kept)
    junk: TwoSided | None = None  # the two-sided search (with --junk)
    held_out_junk: dict[str, tuple[int, int]] = field(default_factory=dict)  # kind (and "all") → (caught, documents)
    held_out_clean_all: float | None = None  # held-out reference removed by every rule (two-sided)


def run_calibration(paths: list[str], config: dict, budget: float, joint_budget: float | None = None,
                    hold_out: float = 0.0, workspace: str | None = None, source: str | None = None,
                    workers: int | None = None, junk: list[str] | None = None, preset: str | None = None,
                    junk_source: str | None = None) -> CalibrationRun:
    if not 0 < budget < 1 or (joint_budget is not None and not 0 < joint_budget < 1):
        raise CuratorError("calibrate: --budget and --joint-budget are shares between 0 and 1")
    if not 0 <= hold_out < 1:
        raise CuratorError("calibrate: --hold-out is a share between 0 and 1")
    styles: list[str] = []
    ids, columns = reference_columns(paths, config, workers, styles)
    test = held_out(ids, hold_out)
    train = {s: v[~test] for s, v in columns.items()}
    if not (~test).any():
        raise CuratorError("calibrate: the reference has no documents")
    calibration = calibrate(train, config["rules"], budget, joint_budget, FIXED_RULES)
    rules = calibration.rules(config["rules"])
    reference = {"source": source or ", ".join(os.path.basename(os.path.normpath(p)) for p in paths),
                 "documents": calibration.documents, "budget": budget,
                 **({"joint_budget": joint_budget} if joint_budget is not None else {}),
                 "signals": reference_summary(train, sorted({p.signal for p in calibration.proposals}))}
    searched = None
    if junk:
        if calibration.documents < MIN_TWO_SIDED:
            raise CuratorError(f"calibrate: {calibration.documents} reference documents (after the hold-out) cannot bound "
                               f"what catching the junk costs; a two-sided calibration needs at least {MIN_TWO_SIDED}")
        junk_ids, kinds, junk_cols = junk_columns(junk, config, workers)
        junk_test = held_out(junk_ids, hold_out)
        searched = two_sided(train, {s: v[~junk_test] for s, v in junk_cols.items()},
                             [k for k, t in zip(kinds, junk_test) if not t], config["rules"],
                             joint_budget or 2 * budget, FIXED_RULES, budget, bounds_of(calibration.proposals),
                             [s for s, t in zip(styles, test) if not t] if any(styles) else None, STYLE_BUDGET)
        for name, sides in searched.bounds.items():
            rules[name].update(sides)  # the two-sided bounds replace the one-sided proposal
        reference["junk"] = {"source": junk_source or ", ".join(os.path.basename(os.path.normpath(p)) for p in junk),
                             "documents": int((~junk_test).sum()), "caught": round(searched.junk_caught, 4),
                             "by_kind": {k: list(v) for k, v in searched.junk_by_kind.items()},
                             "clean_removed": round(searched.clean_removed, 4),
                             **({"style_budget": STYLE_BUDGET} if any(styles) else {})}
    written = {"rules": rules, "reference": reference}
    if preset:
        written = {"preset": preset, **written}
    result = CalibrationRun(calibration, written, junk=searched)
    if searched is not None and junk_test.any():
        caught = joint_failing({s: v[junk_test] for s, v in junk_cols.items()}, rules, {}, int(junk_test.sum()))
        test_kinds = [k for k, t in zip(kinds, junk_test) if t]
        for kind in sorted(set(test_kinds)) + ["all"]:
            mine = np.array([kind in ("all", k) for k in test_kinds], bool)
            result.held_out_junk[kind] = (int(caught[mine].sum()), int(mine.sum()))
        if test.any():
            result.held_out_clean_all = float(joint_failing({s: v[test] for s, v in columns.items()}, rules, {},
                                                            int(test.sum())).mean())
    if test.any():
        result.held_out_documents = int(test.sum())
        result.held_out_shares = {(p.rule, p.side): failing_share(columns[p.signal][test], p.side, p.proposed)
                                  for p in calibration.proposals}
        calibrated = {n: s for n, s in config["rules"].items() if n not in FIXED_RULES}
        result.held_out_joint = float(joint_failing({s: v[test] for s, v in columns.items()}, calibrated,
                                                    bounds_of(calibration.proposals), int(test.sum())).mean())
    if workspace:
        result.flips = workspace_flips(Workspace.open(workspace), calibration)
    return result


def workspace_flips(ws: Workspace, calibration: Calibration) -> dict[str, tuple[int, int]]:
    """Per changed rule (and "all" together): documents of ``ws`` newly removed and newly kept."""
    verdicts = load_verdicts(ws)
    known = {r.name for r in verdicts.rules}
    changes = {}
    for name, sides in bounds_of([p for p in calibration.proposals if p.changed]).items():
        if name in known:
            spec = ws.config["rules"][name]
            changes[name] = (sides.get("min", spec.get("min")), sides.get("max", spec.get("max")))
    out = {name: tuple(len(x) for x in verdicts.flips({name: bounds})) for name, bounds in changes.items()}
    out["all"] = tuple(len(x) for x in verdicts.flips(changes)) if changes else (0, 0)
    return out


def report_lines(run: CalibrationRun) -> list[str]:
    c = run.calibration
    lines = [f"reference: {c.documents:,} documents (one per duplicate cluster)"
             + (f", {run.held_out_documents:,} more held out" if run.held_out_documents else ""),
             f"budget per rule: {c.budget:.4g}"]
    header = f"{'rule':34} {'side':4} {'current':>9} {'cut':>9} {'proposed':>9} {'ref@cur':>8} {'ref@new':>8}"
    header += f" {'held-out':>8}" if run.held_out_documents else ""
    header += f" {'ws flips':>10}" if run.flips else ""
    lines.append(header)
    for p in c.proposals:
        cut = "-" if p.cut is None else f"{p.cut:g}"
        row = (f"{p.rule:34} {p.side:4} {p.current:9.4g} {cut:>9} {p.proposed:9.4g} "
               f"{p.removed_current:8.2%} {p.removed_proposed:8.2%}")
        if run.held_out_documents:
            row += f" {run.held_out_shares[(p.rule, p.side)]:8.2%}"
        if run.flips:
            removed, kept = run.flips.get(p.rule, (0, 0)) if p.changed else (0, 0)
            row += f" {f'-{removed}/+{kept}':>10}"
        lines.append(row + ("  (fixed)" if p.fixed else ""))
    lines.append(f"reference removed by all rules: {c.joint_current:.2%} now, {c.joint_proposed:.2%} proposed "
                 f"({c.joint_calibrated:.2%} by the calibrated rules)")
    if run.held_out_joint is not None:
        lines.append(f"held-out reference removed by the calibrated rules: {run.held_out_joint:.2%}")
    if run.junk is not None:
        j = run.junk
        lines.append(f"two-sided (junk): the starting points remove {j.junk_at_start:.2%} of the junk; the better search "
                     f"began at the {j.began_at}: {len(j.moves)} step(s) bring the calibrated rules inside the joint "
                     f"budget, then spend what is left of it on junk and trade a loosening for a tightening where "
                     f"that catches more (these bounds are what is written)"
                     + (f"; no style of the reference loses more than {STYLE_BUDGET:.0%} of its documents"
                        if run.config["reference"].get("junk", {}).get("style_budget") else ""))
        for m in j.moves:
            if (m.after < m.before) == (m.side == "min"):  # a lower min or a higher max lets more through
                lines.append(f"  loosen {m.rule} {m.side} {m.before:g} → {m.after:g}: keeps {m.clean} clean, gives up "
                             f"{m.junk} junk" + ("  (warning: recall given up)" if m.junk else ""))
            else:
                lines.append(f"  tighten {m.rule} {m.side} {m.before:g} → {m.after:g}: catches {-m.junk} junk, removes "
                             f"{-m.clean} clean")
        lines.append(f"  reference removed by the calibrated rules {j.clean_removed:.2%}, junk caught by all rules "
                     f"{j.junk_caught:.2%}; by kind: " + ", ".join(f"{k} {c}/{n}" for k, (c, n) in j.junk_by_kind.items()))
        if run.held_out_junk:
            c, n = run.held_out_junk["all"]
            lines.append(f"held-out junk caught by all rules: {c}/{n} ({c / max(n, 1):.2%}); by kind: "
                         + ", ".join(f"{k} {a}/{b}" for k, (a, b) in run.held_out_junk.items() if k != "all"))
        if run.held_out_clean_all is not None:
            lines.append(f"held-out reference removed by all rules: {run.held_out_clean_all:.2%}")
    if run.flips:
        removed, kept = run.flips["all"]
        lines.append(f"workspace: {removed:,} documents newly removed, {kept:,} newly kept with the proposal")
    return lines
