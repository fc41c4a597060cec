"""Calibration: the method on known distributions, every shipped preset reproduced by its one
command (bench/presets.py: a clean reference of its domain and the junk set; ``make reference``
builds the help/manual/law reference, ``CURATOR_REFERENCE`` names it), and both sides holding on
the held-out parts of the reference and the junk, which the thresholds were not derived from."""

import math
import os

import numpy as np
import pytest
import yaml

from curator.cli import main
from curator.filters.calibration import LEVELS, calibrate, cut, propose, reference_share
from curator.filters.defaults import CALIBRATED, PRESETS, STARTING_RULES, preset

REFERENCE = os.environ.get("CURATOR_REFERENCE", os.path.join(os.path.dirname(__file__), "..", ".cache",
                                                             "reference.jsonl"))


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


def _styled(seed: int):
    """A reference of one large style and a small one at the large one's high tail, and junk just
    beyond both: the cheapest junk to catch costs the small style first."""
    rng = np.random.default_rng(seed)
    clean = np.concatenate([rng.uniform(0.0, 1.0, 400), rng.uniform(0.975, 0.99, 6)])
    styles = ["prose"] * 400 + ["law"] * 6
    junk = rng.uniform(0.9, 1.2, 200)
    return {"x": clean}, {"x": junk}, ["junk"] * 200, styles


def test_no_style_of_the_reference_loses_more_than_its_share():
    from curator.filters.calibration import two_sided

    clean, junk, kinds, styles = _styled(3)
    rules = {"quality:x": {"signal": "x", "max": 1.5}}
    free = two_sided(clean, junk, kinds, rules, 0.03, rule_budget=0.03)
    capped = two_sided(clean, junk, kinds, rules, 0.03, rule_budget=0.03, styles=styles, style_budget=0.1)
    law = np.array(styles) == "law"
    assert (clean["x"][law] > free.bounds["quality:x"]["max"]).sum() >= 3  # the budget alone spends the laws
    assert not (clean["x"][law] > capped.bounds["quality:x"]["max"]).any()  # 10 % of 6 laws: none
    assert capped.junk_caught < free.junk_caught and capped.clean_removed <= 0.03


def test_a_trade_gives_a_loosening_for_a_tightening_that_catches_more():
    """Phase 3: the budget is spent on a rule that catches little; loosening it by the clean
    documents it removes pays for a bound that catches much more."""
    from curator.filters.calibration import two_sided

    rng = np.random.default_rng(4)
    n = 500
    clean = {"a": rng.uniform(0.0, 1.0, n), "b": rng.uniform(0.0, 1.0, n)}
    clean["a"][:10] = rng.uniform(-1.0, -0.5, 10)  # the starting bound of a removes 10 clean (the budget)
    clean["b"][10:20] = rng.uniform(1.05, 1.1, 10)  # b's tail beyond 1: 10 clean
    junk = {"a": np.concatenate([rng.uniform(-1.0, -0.5, 4), rng.uniform(0.2, 1.0, 100)]),
            "b": np.concatenate([rng.uniform(0.0, 1.0, 4), rng.uniform(1.06, 1.5, 100)])}
    rules = {"quality:a": {"signal": "a", "min": 0.0}, "quality:b": {"signal": "b", "max": 2.0}}
    result = two_sided(clean, junk, ["junk"] * 104, rules, 0.02, rule_budget=0.05)
    # b first goes as far as costs nothing (1.11); a gives back 4 clean for 3 junk, b spends them on 8
    loosen, tighten = result.moves[-2:]
    assert (loosen.rule, tighten.rule) == ("quality:a", "quality:b") and loosen.after < loosen.before
    assert -tighten.junk > loosen.junk and result.bounds["quality:b"]["max"] < 1.11
    assert result.clean_removed <= 0.02 and result.junk_caught > 0.9


def _binomial_tail(n: int, p: float, k: int) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p)."""
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(k, n + 1))


@pytest.fixture(scope="module")
def presets_made(tmp_path_factory):
    """Every preset made again by its command, with the report it printed."""
    import subprocess
    import sys

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
    import presets as commands

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = tmp_path_factory.mktemp("presets")
    made = {}
    for name in PRESETS:
        args = commands.arguments(name, str(out / f"{name}.yaml"))
        if name == PRESETS[0]:  # the junk set and the per-domain reference files, once
            subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, 'bench'); import presets; presets.prepare()"],
                           cwd=root, check=True, env={**os.environ, "CURATOR_REFERENCE": os.path.abspath(REFERENCE)})
        done = subprocess.run([sys.executable, "-m", "curator.cli", *args], cwd=root, capture_output=True, text=True,
                              timeout=900)
        assert done.returncode == 0, done.stderr
        made[name] = (yaml.safe_load((out / f"{name}.yaml").read_text(encoding="utf-8")), done.stdout)
    return made


@pytest.mark.parametrize("name", PRESETS)
def test_each_preset_is_reproduced_by_its_command_and_holds_on_held_out_text(presets_made, name):
    made, report = presets_made[name]
    shipped = preset(name)
    # the shipped thresholds are exactly what the method gives from the starting points
    assert made["preset"] == shipped["preset"] == name
    assert made["rules"] == shipped["rules"]
    assert made["reference"]["signals"] == shipped["reference"]["signals"]
    assert made["reference"]["documents"] == shipped["reference"]["documents"] >= 400
    assert made["reference"]["junk"] == shipped["reference"]["junk"]

    # the clean budget on the held-out quarter: every rule, and the calibrated rules together
    held = [line for line in report.splitlines() if line.startswith("held-out reference removed by the calibrated")]
    n_held = int(report.split(" more held out")[0].rsplit(", ", 1)[1].replace(",", ""))
    assert n_held >= 100
    joint = float(held[0].rsplit(" ", 1)[1].rstrip("%")) / 100
    budget = made["reference"]["joint_budget"]
    # a held-out removal above the budget must be one chance alone would give (p ≥ 0.01)
    assert joint <= budget or _binomial_tail(n_held, budget, round(joint * n_held)) >= 0.01, report
    # the junk side on the held-out quarter of the junk: as much caught as on the part calibrated on
    line = next(l for l in report.splitlines() if l.startswith("held-out junk caught by all rules"))
    caught, n = (int(x) for x in line.split(": ")[1].split(" ")[0].split("/"))
    assert n >= 250 and caught / n >= made["reference"]["junk"]["caught"] - 0.05, line
    assert caught / n >= 0.9, line


def test_the_default_is_the_web_preset_and_the_others_are_one_flag_away():
    from curator.config import DEFAULT_CONFIG, load_config

    assert DEFAULT_CONFIG["preset"] == "web" and CALIBRATED == preset("web")
    docs = load_config(None, preset="docs")
    assert docs["preset"] == "docs" and docs["rules"]["quality:word_order"]["min"] == preset("docs")["rules"]["quality:word_order"]["min"]
    assert docs["rules"] != DEFAULT_CONFIG["rules"]
    from curator.errors import CuratorError
    with pytest.raises(CuratorError, match="unknown preset 'blog'"):
        load_config(None, preset="blog")


def test_word_order_keeps_held_out_real_text_of_every_style_and_catches_its_salad():
    """Both sides on text the order model never saw (the other half of the reference and of the
    web-style text, bench/order_model.py): every style's pages stay, and the same pages with their
    eojeols shuffled (line layout kept) go, as far as the one-pass signal reaches (bench/results.md:
    long-form prose well, short-line chat and single-sentence reviews hardly; other rules judge them)."""
    import sys

    from curator.config import DEFAULT_CONFIG

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
    from order_eval import gains, shuffled
    from order_model import realtext, reference, training_half

    rows = [r for r in realtext() + reference(REFERENCE) if not training_half(r["id"])]
    threshold = DEFAULT_CONFIG["rules"]["quality:word_order"]["min"]
    real = gains([r["text"] for r in rows])
    salad = gains([shuffled(r["text"], i) for i, r in enumerate(rows)])
    # measured at the default bound (bench/order_eval.py, docs/calibration.md) less a margin
    floors = {"encyclopedic": 0.93, "news": 0.88, "blog": 0.93, "help": 0.72, "manual": 0.8, "comment": 0.4}
    for style in {r["style"] for r in rows}:
        pairs = [(g, s) for r, g, s in zip(rows, real, salad) if r["style"] == style]
        kept = sum(not g < threshold for g, _ in pairs) / len(pairs)  # no value: never a reason
        scored = [s for _, s in pairs if not np.isnan(s)]
        caught = sum(s < threshold for s in scored) / max(1, len(scored))
        assert kept >= 0.95, (style, len(pairs), kept)
        assert caught >= floors.get(style, 0.0), (style, len(scored), caught)


@pytest.mark.parametrize("name", PRESETS)
def test_each_preset_keeps_held_out_clean_text_of_its_styles_and_catches_fresh_junk(name):
    """Both sides on text no calibration saw: the held-out quarter of the preset's clean styles, and
    junk of another seed (bench/eval_web.py; docs/calibration.md has the tables). Floors are the
    measured figures less a margin, so a change that loses clean text or junk recall shows here."""
    import sys

    from curator.config import load_config

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
    import eval_web

    _, figures = eval_web.report(load_config(None, preset=name), REFERENCE)
    for style in eval_web.PRESET_STYLES[name]:
        kept, n = figures["clean"].get(style, (0, 0))  # a style without a file (dialect) has no row
        if n >= 20:  # law: 5 held-out documents; too few for a share of its own
            assert kept / n >= 0.93, (name, style, kept, n)
    kept, n = figures["clean"]["all"]
    assert kept / n >= 0.97, (name, kept, n)
    caught, n = figures["junk"]["all"]
    # measured web 0.963, docs 0.900, books-law 0.971 (docs/calibration.md); issue 28 asks 0.95 and
    # every kind 0.80 of the default preset
    assert caught / n >= {"web": 0.95, "docs": 0.88, "books-law": 0.93}[name], (name, figures["junk"])
    for kind in ("encoding", "mixed_language"):
        assert figures["junk"][kind][0] == figures["junk"][kind][1], (name, kind)
    if name == "web":
        for kind, (c, n) in figures["junk"].items():
            assert c / n >= 0.8, (kind, c, n)
    if name == "books-law":  # what the preset is for: every held-out law kept; chrome 0.58 before the trades
        assert figures["clean"]["law"][0] == figures["clean"]["law"][1], figures["clean"]["law"]
        assert figures["junk"]["chrome"][0] / figures["junk"]["chrome"][1] >= 0.9, figures["junk"]["chrome"]


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
