"""One verdict everywhere: the app's live count while thresholds move (representatives of duplicate
clusters re-chosen), the count after saving, after reopening, `curator stats` and the exported rows
agree, on random threshold changes and decisions (issue 16, "numbers that must agree")."""

import copy
import json
import random
import shutil

import numpy as np
import pyarrow.parquet as pq

from conftest import run_cli
from curator.config import deep_merge
from curator.export.tokenizer import read_documents
from curator.workspace.view import WorkspaceView

CHANGEABLE = ["quality:bullet_lines", "length:min_chars", "quality:line_punct", "repetition:dup_5gram",
              "quality:morph_lm_score", "language:hangul_ratio", "quality:stopwords"]


def _saved_counts(ws, config_changes, tmp_path) -> int:
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({"rules": config_changes}), encoding="utf-8")
    result = run_cli("apply", str(ws), "--config", str(config))
    assert result.returncode == 0, result.stderr
    return json.loads(run_cli("stats", str(ws), "--json").stdout)["kept"]


def test_the_reported_case_counts_alike_live_saved_and_reopened(demo, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(demo, ws)
    view = WorkspaceView(str(ws))
    live = view.counts("quality:bullet_lines", None, 0.1346).kept  # re-chooses a representative
    view.close()
    saved = _saved_counts(ws, {"quality:bullet_lines": {"signal": "bullet_line_ratio", "max": 0.1346}}, tmp_path)
    reopened = WorkspaceView(str(ws))
    assert live == saved == reopened.counts().kept
    reopened.close()


def test_random_changes_and_decisions_agree_everywhere(demo, tmp_path):
    rng = random.Random(7)
    ws = tmp_path / "ws"
    shutil.copytree(demo, ws)
    for round_ in range(8):
        view = WorkspaceView(str(ws))
        for row in rng.sample(range(view.n), 2):  # decisions: in the store, as the app writes them
            view.decide(row, rng.choice(["accept", "reject", None]))
        changes = {}
        for rule in rng.sample(CHANGEABLE, 3):
            values = view.signal(view.rules[view.rule_index(rule)].signal)
            values = values[~np.isnan(values)]  # a line share has no value for a short document
            base = view.rules[view.rule_index(rule)]
            cut = float(rng.choice(values))
            changes[rule] = (cut, base.max) if base.min is not None else (base.min, cut)
        live = view.counts_with(changes)
        flips = view.flips_with(changes)
        before = view.counts().kept
        assert before + len(flips[1]) - len(flips[0]) == live.kept
        config_changes = {}
        for rule, (lo, hi) in changes.items():
            spec = copy.deepcopy(view.config["rules"][rule])
            spec.pop("min", None)
            spec.pop("max", None)
            spec.update({k: v for k, v in (("min", lo), ("max", hi)) if v is not None})
            config_changes[rule] = spec
        view.close()
        saved = _saved_counts(ws, config_changes, tmp_path)
        stats = json.loads(run_cli("stats", str(ws), "--json").stdout)
        reopened = WorkspaceView(str(ws))
        assert live.kept == saved == reopened.counts().kept, (round_, changes)
        assert live.by_rule == reopened.counts().by_rule == stats["removed_by_rule"], (round_, changes)
        kept_ids = {reopened.ids[int(r)].as_py() for r in reopened.select("kept")}
        reopened.close()
        if round_ % 3 == 0:
            out = tmp_path / f"export{round_}"
            assert run_cli("export", str(ws), "--out", str(out)).returncode == 0
            exported = set(pq.read_table(out / "data", columns=["id"]).column("id").to_pylist())
            assert exported == kept_ids and len(exported) == saved
            # the tokenizer trains on what an export of the workspace holds (decisions honoured)
            assert {doc_id for doc_id, _ in read_documents(str(ws))} == kept_ids


def test_saving_in_the_view_equals_apply(demo, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(demo, ws)
    view = WorkspaceView(str(ws))
    live = view.counts("quality:bullet_lines", None, 0.1346).kept
    view.set_rule("quality:bullet_lines", None, 0.1346)
    assert view.counts().kept == live
    view.flush()
    view.close()
    stats = json.loads(run_cli("stats", str(ws), "--json").stdout)
    assert stats["kept"] == live
    meta = json.loads((ws / "workspace.json").read_text(encoding="utf-8"))
    assert deep_merge(meta["config"], {})["rules"]["quality:bullet_lines"]["max"] == 0.1346
