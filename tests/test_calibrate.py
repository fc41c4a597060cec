"""Calibration: the method on known distributions, the shipped defaults reproduced from the clean
Korean reference (``make reference``; ``CURATOR_REFERENCE`` names it), and the budget holding on
the held-out part of that reference, which the thresholds were not derived from."""

import math
import os
import shlex

import numpy as np
import pytest
import yaml

from curator.cli import main
from curator.filters.calibration import LEVELS, calibrate, cut, propose, reference_share
from curator.filters.defaults import CALIBRATED, STARTING_RULES

REFERENCE = os.environ.get("CURATOR_REFERENCE", os.path.join(os.path.dirname(__file__), "..", ".cache",
                                                             "reference.jsonl"))
ARGS = shlex.split(os.environ.get("CURATOR_CALIBRATE_ARGS",
                                  "--starting-points --budget 0.01 --joint-budget 0.02 --hold-out 0.25"))


def test_cut_lets_at_most_the_budget_fail_and_rounds_outward():
    values = np.linspace(0.0, 1.0, 1001)
    high = cut(values, "max", 0.01)
    assert np.mean(values > high) <= 0.01 and high == pytest.approx(0.99, abs=0.002)
    low = cut(values, "min", 0.05)
    assert np.mean(values < low) <= 0.05 and low == pytest.approx(0.05, abs=0.002)
    assert cut(np.array([np.nan, np.nan]), "max", 0.1) is None
    assert cut(np.array([0.123456, 0.2, np.nan]), "min", 0.0) == 0.123  # floor to 3 significant digits


def test_proposal_loosens_a_rule_that_removes_clean_text_and_never_tightens_one():
    rng = np.random.default_rng(0)
    values = rng.normal(0.0, 1.0, 5000)
    loose = propose("quality:x", {"signal": "x", "max": 1.0}, values, 0.01, fixed=False)[0]
    assert loose.removed_current > 0.1 and loose.proposed > 2.0 and loose.removed_proposed <= 0.01
    kept = propose("quality:x", {"signal": "x", "max": 5.0}, values, 0.01, fixed=False)[0]
    assert kept.proposed == 5.0 and not kept.changed
    fixed = propose("length:x", {"signal": "x", "min": 0.0}, values, 0.01, fixed=True)[0]
    assert fixed.proposed == 0.0 and fixed.removed_current == pytest.approx(0.5, abs=0.03)
    both = propose("quality:x", {"signal": "x", "min": -1.0, "max": 1.0}, values, 0.02, fixed=False)
    assert [p.side for p in both] == ["min", "max"] and all(p.removed_proposed <= 0.01 for p in both)


def test_joint_budget_lowers_the_per_rule_budget_until_the_rules_together_fit():
    rng = np.random.default_rng(1)
    columns = {f"s{i}": rng.normal(0.0, 1.0, 2000) for i in range(10)}  # independent: failures add up
    rules = {f"quality:r{i}": {"signal": f"s{i}", "max": 0.0} for i in range(10)}
    alone = calibrate(columns, rules, 0.01)
    assert alone.joint_calibrated > 0.05
    joint = calibrate(columns, rules, 0.01, joint_budget=0.03)
    assert joint.joint_calibrated <= 0.03 and joint.budget < 0.01


def test_reference_share_reads_the_stored_levels():
    levels = list(np.quantile(np.arange(1001.0), LEVELS))
    assert reference_share(levels, 990.0, "max") == pytest.approx(0.01, abs=1e-6)
    assert reference_share(levels, 10.0, "min") == pytest.approx(0.01, abs=1e-6)
    assert reference_share(levels, 2000.0, "max") == 0.0


def _binomial_tail(n: int, p: float, k: int) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p)."""
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(k, n + 1))


def test_calibrate_reproduces_the_shipped_defaults_and_the_budget_holds_on_held_out_text(tmp_path, capsys):
    assert os.path.exists(REFERENCE), f"{REFERENCE}: the calibration reference is missing (make reference)"
    out = tmp_path / "calibrated.yaml"
    assert main(["calibrate", REFERENCE, *ARGS, "--out", str(out)]) == 0
    report = capsys.readouterr().out
    made = yaml.safe_load(out.read_text(encoding="utf-8"))
    # the shipped thresholds are exactly what the method gives from the starting points
    assert made["rules"] == CALIBRATED["rules"]
    assert made["reference"]["signals"] == CALIBRATED["reference"]["signals"]
    assert made["reference"]["documents"] == CALIBRATED["reference"]["documents"] >= 400
    changed = [name for name, spec in made["rules"].items()
               if any(spec.get(side) != STARTING_RULES[name].get(side) for side in ("min", "max"))]
    assert "quality:morph_lm_score" in changed and "quality:word_order" in changed

    # the budget on the held-out quarter: every rule, and the calibrated rules together
    held = [line for line in report.splitlines() if line.startswith("held-out reference removed")]
    n_held = int(report.split(" more held out")[0].rsplit(", ", 1)[1].replace(",", ""))
    assert n_held >= 100
    joint = float(held[0].rsplit(" ", 1)[1].rstrip("%")) / 100
    budget = made["reference"]["joint_budget"]
    # a held-out removal above the budget must be one chance alone would give (p ≥ 0.01)
    assert joint <= budget or _binomial_tail(n_held, budget, round(joint * n_held)) >= 0.01, report
    rows = [line.split() for line in report.splitlines() if line.startswith(("quality:", "repetition:", "language:",
                                                                             "encoding:", "boilerplate:"))]
    for row in rows:
        if row[-1] == "(fixed)":
            continue
        share = float(row[-1].rstrip("%")) / 100
        assert share <= 0.01 or _binomial_tail(n_held, 0.01, round(share * n_held)) >= 0.01, row


def test_word_salad_made_from_held_out_real_pages_of_every_style_is_removed_and_the_pages_kept():
    """Salad from text the thresholds never saw: each held-out reference page with its eojeols
    shuffled (line layout kept). The pages must stay, their salad must go, in every style."""
    import json
    import sys

    from curator.config import DEFAULT_CONFIG
    from curator.pipeline.calibrate import held_out

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
    from word_order_figure import gains, shuffled  # the README figure's own salad and scoring

    rows = [json.loads(line) for line in open(REFERENCE, encoding="utf-8")]
    rows = [r for r, test in zip(rows, held_out([r["id"] for r in rows], 0.25)) if test]
    threshold = DEFAULT_CONFIG["rules"]["quality:word_order"]["min"]
    real = gains([r["text"] for r in rows])
    salad = gains([shuffled(r["text"], i) for i, r in enumerate(rows)])
    for style in {r["style"] for r in rows}:
        pairs = [(g, s) for r, g, s in zip(rows, real, salad) if r["style"] == style]
        kept = sum(np.isnan(g) or g >= threshold for g, _ in pairs) / len(pairs)  # no value: never a reason
        caught = sum(s < threshold for _, s in pairs) / len(pairs)  # NaN < threshold is False: not caught
        assert kept >= 0.95 and caught >= 0.9, (style, len(pairs), kept, caught)


def test_defaults_keep_clean_real_korean_of_every_style_held_out_from_calibration():
    import sys

    from curator.config import DEFAULT_CONFIG

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
    import eval_filters

    report = eval_filters.reference_report(DEFAULT_CONFIG, 0.25)
    total = [0, 0]
    for style, entry in report.items():
        documents, kept = entry["held_out"]
        total[0] += documents
        total[1] += kept
        if documents >= 20:  # law: 5 held-out documents, all kept; too few for a share of its own
            assert kept / documents >= 0.95, (style, entry["held_out"], dict(entry["reasons"]))
    assert total[1] / total[0] >= 0.95, total


def test_a_workspace_as_reference_and_the_flips_it_reports_are_what_apply_then_does(tmp_path, capsys):
    """A lab's flow: run with its old thresholds, calibrate on a workspace of clean text, read how
    many documents the proposal flips, apply it: the kept count moves by exactly that much."""
    import json

    rows = [json.loads(line) for line in open(REFERENCE, encoding="utf-8")]
    sample = tmp_path / "sample.jsonl"
    sample.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n"
                              for r in rows[::4]), encoding="utf-8")
    starting = tmp_path / "starting.yaml"
    starting.write_text(yaml.safe_dump({"rules": STARTING_RULES}, allow_unicode=True), encoding="utf-8")
    ws = tmp_path / "ws"
    assert main(["run", str(sample), "--out", str(ws), "--config", str(starting)]) == 0
    assert main(["stats", str(ws), "--json"]) == 0
    before = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    out = tmp_path / "proposal.yaml"
    assert main(["calibrate", str(ws), "--config", str(starting), "--budget", "0.02", "--workspace", str(ws),
                 "--out", str(out)]) == 0
    report = capsys.readouterr().out
    duplicates = before["removed_by_rule"].get("dedup:exact", 0) + before["removed_by_rule"].get("dedup:near", 0)
    assert f"reference: {before['documents'] - duplicates:,} documents" in report  # a cluster counts once
    summary = next(line for line in report.splitlines() if line.startswith("workspace: "))
    removed, kept = (int(summary.split()[1].replace(",", "")), int(summary.split("removed, ")[1].split()[0].replace(",", "")))
    assert kept > 0  # the starting points removed clean pages the proposal keeps
    assert main(["apply", str(ws), "--config", str(out)]) == 0
    capsys.readouterr()
    assert main(["stats", str(ws), "--json"]) == 0
    after = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert after["kept"] - before["kept"] == kept - removed
