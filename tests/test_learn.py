"""Learning from decisions on real Korean text: a curator who keeps help pages and rejects technical
manuals (clean Korean the rules keep; ``make reference``). The model must learn that preference
from the decisions, score the documents nobody decided, be the same for the same decisions, live in
the workspace, and act through ``quality:learned`` in apply, export and run like any rule."""

import gzip
import hashlib
import json
import os
import shutil

import numpy as np
import pyarrow.parquet as pq
import pytest
import yaml

from conftest import documents_table, RESOURCES, run_cli, write_jsonl
from curator.filters.learned import informative_order, suggest_bound

REFERENCE = os.environ.get("CURATOR_REFERENCE", os.path.join(os.path.dirname(__file__), "..", ".cache",
                                                             "reference.jsonl"))


def _pages():
    rows = [json.loads(line) for line in open(REFERENCE, encoding="utf-8")]
    help_pages = [r for r in rows if r["style"] == "help"][:90]
    manuals = [r for r in rows if r["style"] == "manual"][:60]
    return [{"id": f"{r['style']}-{i:03d}", "text": r["text"], "style": r["style"]} for i, r in enumerate(help_pages + manuals)]


def _seen(doc_id: str) -> bool:
    """Two thirds of the documents are decided; the rest the model never sees."""
    return int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 3 != 0


@pytest.fixture(scope="module")
def pages():
    return _pages()


@pytest.fixture(scope="module")
def analysed(tmp_path_factory, pages):
    """One run over the pages (no decisions yet); tests copy it."""
    root = tmp_path_factory.mktemp("learn")
    corpus = write_jsonl(root / "pages.jsonl", [{"id": p["id"], "text": p["text"]} for p in pages])
    result = run_cli("run", corpus, "--out", str(root / "ws"), "--workers", "2", "--preset", "docs")
    assert result.returncode == 0, result.stderr
    decisions = [{"id": p["id"], "decision": "accept" if p["style"] == "help" else "reject"}
                 for p in pages if _seen(p["id"])]
    return root / "ws", write_jsonl(root / "decisions.jsonl", decisions), corpus


@pytest.fixture()
def learned(tmp_path, analysed):
    ws = tmp_path / "ws"
    shutil.copytree(analysed[0], ws)
    assert run_cli("decisions", "import", str(ws), analysed[1]).returncode == 0
    result = run_cli("learn", str(ws))
    assert result.returncode == 0, result.stderr
    return ws, result.stdout


def _by_id(ws):
    table = documents_table(ws)
    return {r["id"]: r for r in table.select(["id", "kept", "reasons", "learned_quality"]).to_pylist()}


def test_learn_picks_up_a_preference_the_rules_do_not_have(learned, analysed, pages):
    ws, out = learned
    assert "cross-validated" in out and "quality:learned enabled" in out
    # manuals have more Latin: the decisions suggest a higher minimum Hangul share
    suggested = [line for line in out.splitlines() if line.startswith("  language:hangul_ratio min ")]
    assert "bounds the decisions suggest" in out and len(suggested) == 1, out
    rows = _by_id(ws)
    unseen = [p for p in pages if not _seen(p["id"])]
    manuals = [p for p in unseen if p["style"] == "manual"]
    helps = [p for p in unseen if p["style"] == "help"]
    assert len(manuals) >= 10 and len(helps) >= 20
    # the rules keep the manuals (the run before any decision): that is clean Korean...
    before = _by_id(analysed[0])
    assert sum(1 for m in manuals if before[m["id"]]["kept"]) >= 0.8 * len(manuals)
    # ... but the curator does not want them, and the model learnt it on pages it never saw
    removed = [m for m in manuals if "quality:learned" in rows[m["id"]]["reasons"]]
    assert len(removed) >= 0.8 * len(manuals)
    wrongly = [h for h in helps if "quality:learned" in rows[h["id"]]["reasons"]]
    assert len(wrongly) <= 0.15 * len(helps)  # 3 of 27 here: help pages of formulas and commands
    assert all(0.0 <= r["learned_quality"] <= 1.0 for r in rows.values())
    meta = json.loads((ws / "workspace.json").read_text(encoding="utf-8"))
    assert meta["config"]["rules"]["quality:learned"]["enabled"] is True


def test_same_decisions_give_the_same_model_and_it_survives_a_reopen(learned, analysed, tmp_path):
    ws, _ = learned
    model = (ws / "learned" / "model.npz").read_bytes()
    again = tmp_path / "again"
    shutil.copytree(analysed[0], again)
    assert run_cli("decisions", "import", str(again), analysed[1]).returncode == 0
    assert run_cli("learn", str(again)).returncode == 0
    assert (again / "learned" / "model.npz").read_bytes() == model
    a, b = _by_id(ws), _by_id(again)
    assert all(a[i]["learned_quality"] == b[i]["learned_quality"] for i in a)
    from curator.workspace.view import WorkspaceView
    view = WorkspaceView(str(ws))
    info = view.model().info
    assert info["decisions_sha256"] and info["decisions"] == sum(1 for p in _pages() if _seen(p["id"]))
    quality, reasons = view.explain(view.row_of("manual-100") if view.row_of("manual-100") is not None else 0)
    assert quality is not None and len(reasons) == 6
    view.close()


def test_too_few_decisions_or_one_class_is_refused_in_one_line(analysed, tmp_path, pages):
    ws = tmp_path / "ws"
    shutil.copytree(analysed[0], ws)
    none = run_cli("learn", str(ws))
    assert none.returncode == 1 and none.stderr.count("\n") == 1 and "at least 20" in none.stderr
    helps = [p["id"] for p in pages if p["style"] == "help"][:30]
    write_jsonl(tmp_path / "one.jsonl", [{"id": i, "decision": "accept"} for i in helps])
    assert run_cli("decisions", "import", str(ws), str(tmp_path / "one.jsonl")).returncode == 0
    one = run_cli("learn", str(ws))
    assert one.returncode == 1 and "both accepted and rejected" in one.stderr and one.stderr.count("\n") == 1
    assert not (ws / "learned" / "model.npz").exists()


def test_apply_export_and_run_honour_quality_learned(learned, analysed, tmp_path):
    ws, _ = learned
    rows = _by_id(ws)
    stats = json.loads(run_cli("stats", str(ws), "--json").stdout)
    by_rule = stats["removed_by_rule"].get("quality:learned", 0)
    assert by_rule == sum(1 for r in rows.values() if "quality:learned" in r["reasons"]) > 0
    # a stricter bound through apply removes more (one above a quarter of the passing scores: the
    # model may be sure of every page, none between 0.5 and 0.9); the export holds exactly the kept
    bound = float(np.quantile([r["learned_quality"] for r in rows.values() if r["learned_quality"] >= 0.5], 0.25)) + 1e-9
    strict = tmp_path / "strict.yaml"
    strict.write_text(yaml.safe_dump({"rules": {"quality:learned": {"signal": "learned_quality", "min": bound}}}),
                      encoding="utf-8")
    assert run_cli("apply", str(ws), "--config", str(strict)).returncode == 0
    after = _by_id(ws)
    expected = {i for i, r in after.items() if r["kept"]}
    assert sum(1 for r in after.values() if "quality:learned" in r["reasons"]) > by_rule
    assert all(("quality:learned" in r["reasons"]) == (r["learned_quality"] < bound) for i, r in after.items()
               if not _seen(i))  # a decision overrides the rules for the decided ones
    out = tmp_path / "export"
    assert run_cli("export", str(ws), "--out", str(out)).returncode == 0
    exported = set(pq.read_table(out / "data").column("id").to_pylist())
    assert exported == expected
    # a new run with the model scores the same text the same way, and the rule is on
    fresh = tmp_path / "fresh"
    result = run_cli("run", analysed[2], "--out", str(fresh), "--workers", "1", "--model", str(ws / "learned" / "model.npz"))
    assert result.returncode == 0, result.stderr
    again = _by_id(fresh)
    assert all(again[i]["learned_quality"] == rows[i]["learned_quality"] for i in rows)  # the same weights, exactly
    assert (fresh / "learned" / "model.npz").read_bytes() == (ws / "learned" / "model.npz").read_bytes()
    assert any("quality:learned" in r["reasons"] for r in again.values())


def test_informative_order_puts_the_unsure_first_and_disagreements_first_among_them():
    quality = np.array([0.9, 0.1, 0.52, 0.45, 0.99, 0.2, 0.58])
    rules_remove = np.array([True, True, False, False, False, False, True])
    undecided = np.array([True, True, True, True, True, False, True])
    order = informative_order(quality, rules_remove, undecided)
    # rows 2, 3 and 6 are within 0.1 of 0.5: there row 6 (the rules remove it, the model keeps it)
    # and row 3 (the model removes it, the rules keep it) come before row 2 (both keep it); row 0
    # disagrees too but the model is sure (0.9): first of the sure ones; row 5 is decided
    assert order[:2].tolist() in ([3, 6], [6, 3]) and order[2] == 2
    assert order[3] == 0 and sorted(order[4:].tolist()) == [1, 4]
    cold = informative_order(None, rules_remove, undecided)
    assert sorted(cold.tolist()) == [0, 1, 2, 3, 4, 6] and rules_remove[cold[0]] != rules_remove[cold[1]]


def test_suggested_bound_follows_the_decisions_on_a_real_signal(analysed):
    """A curator who rejects every page whose Hangul share of letters is below 0.8: the suggestion
    for hangul_ratio's minimum lands between the accepted and rejected pages."""
    table = documents_table(analysed[0])
    values = table.column("hangul_ratio").to_numpy(zero_copy_only=False).astype(float)
    rejected = values < 0.8
    assert rejected.any() and (~rejected).any()
    bound, agree, agree_now, support = suggest_bound(values, rejected, "min", 0.5)
    assert values[rejected].max() < bound <= values[~rejected].min() + 1e-3
    assert agree == support == len(values) and agree_now < agree


def test_the_review_reranks_with_the_decisions_so_far_without_a_saved_model(analysed, tmp_path, pages):
    """Before any `learn`: a model fitted on the decisions in the store puts first the undecided
    manual pages (the rules keep them, the decisions say reject: a disagreement), and reads only
    the newly decided documents the next time."""
    from curator.workspace.view import WorkspaceView
    ws = tmp_path / "ws"
    shutil.copytree(analysed[0], ws)
    assert run_cli("decisions", "import", str(ws), analysed[1]).returncode == 0
    view = WorkspaceView(str(ws))
    assert view.model() is None
    undecided = [view.row_of(p["id"]) for p in pages if not _seen(p["id"])]
    order, used = view.rerank(np.array(undecided))
    assert used == sum(1 for p in pages if _seen(p["id"])) and sorted(order.tolist()) == sorted(undecided)
    style = {view.row_of(p["id"]): p["style"] for p in pages}
    manuals = sum(1 for r in undecided if style[r] == "manual")
    first = [style[int(r)] for r in order[:manuals]]
    assert first.count("manual") >= 0.8 * manuals
    cached = dict(view._features)
    assert len(cached) == used
    view.decide(undecided[0], "accept")
    again, used_again = view.rerank(np.array(undecided[1:]))
    assert used_again == used + 1 and len(view._features) == used + 1
    assert all(view._features[r] is cached[r] for r in cached)  # earlier decisions were not read again
    view.close()


def test_learning_again_in_one_process_scores_with_the_new_model(analysed, tmp_path, pages):
    """The app learns in its own process, again and again: each time the scores are the new
    model's (a model cached by path alone would have kept the first), in one process or two."""
    from curator.filters.learned import LearnedModel
    from curator.pipeline.learn import learn, score_table
    from curator.workspace.layout import Workspace
    ws = tmp_path / "ws"
    shutil.copytree(analysed[0], ws)
    assert run_cli("decisions", "import", str(ws), analysed[1]).returncode == 0
    first = learn(Workspace.open(str(ws)), workers=1).model
    flipped = [{"id": p["id"], "decision": "reject" if p["style"] == "help" else "accept"}
               for p in pages if _seen(p["id"])][:40]
    write_jsonl(tmp_path / "flip.jsonl", flipped)
    assert run_cli("decisions", "import", str(ws), str(tmp_path / "flip.jsonl")).returncode == 0
    for workers in (1, 2):
        second = learn(Workspace.open(str(ws)), workers=workers).model
        assert second.info["decisions_sha256"] != first.info["decisions_sha256"]
        table = documents_table(ws)
        stored = table.column("learned_quality").to_numpy()
        assert np.array_equal(stored, score_table(LearnedModel.load(str(ws / "learned" / "model.npz")), table))


def test_a_model_no_better_than_chance_is_not_switched_on(analysed, tmp_path):
    """Issue 26: after 38 mixed decisions a model of F1 0.09 was enabled and removed 40 % of a clean
    corpus. Random decisions: the scores are written, the rule stays off, and the CLI says why."""
    import random

    ws = tmp_path / "ws"
    shutil.copytree(analysed[0], ws)
    ids = documents_table(ws).column("id").to_pylist()
    rng = random.Random(3)
    chosen = rng.sample(ids, 60)
    decisions = write_jsonl(tmp_path / "random.jsonl", [{"id": i, "decision": rng.choice(["accept", "reject"])} for i in chosen])
    assert run_cli("decisions", "import", str(ws), decisions).returncode == 0
    before = json.loads(run_cli("stats", str(ws), "--json").stdout)
    result = run_cli("learn", str(ws))
    assert result.returncode == 0, result.stderr
    assert "quality:learned NOT enabled: cross-validated F1" in result.stdout and "would remove" in result.stdout
    after = json.loads(run_cli("stats", str(ws), "--json").stdout)
    assert after["kept"] == before["kept"] and "quality:learned" not in after["removed_by_rule"]
    assert documents_table(ws).column("learned_quality").null_count == 0  # scored all the same
    forced = run_cli("learn", str(ws), "--enable")
    assert forced.returncode == 0 and "rule quality:learned enabled" in forced.stdout


NETWORK = ("네트워크", "무선", "인터넷", "와이파이", "블루투스", "프록시", "이더넷", "VPN", "Wi-Fi")


def test_a_preference_about_content_is_learnt_from_200_decisions_and_explained_in_words():
    """Issue 30: a curator who rejects every help page about networks (any of NETWORK's terms, a
    sixth of the real help pages) and keeps the rest. Character n-grams of the first 2,000
    characters reached F1 0.67 on such a preference; the words carry it. 200 decisions in a fixed
    random order; F1 of "reject" on the pages never decided; what moved a rejected page's score
    are words a curator can read, network terms among them, not punctuation or digits."""
    from curator.filters.learned import SignalScaling, agreement, train

    rows = [json.loads(line) for line in open(REFERENCE, encoding="utf-8")]
    pages = [r["text"] for r in rows if r["style"] == "help"]
    about = np.array([any(t in p for t in NETWORK) for p in pages])
    assert 0.1 < about.mean() < 0.3
    order = np.random.default_rng(5).permutation(len(pages))
    seen, unseen = order[:200], order[200:]
    scaling = SignalScaling([], np.zeros(0), np.zeros(0))  # content alone: no signals
    model = train([pages[i] for i in seen], {}, about[seen], scaling)  # as `learn`: C and penalty by CV
    p_reject = 1 - model.quality([pages[i] for i in unseen], {})
    assert agreement(about[unseen], p_reject)["f1"] >= 0.85
    rejected = [i for i in unseen if about[i] and p_reject[list(unseen).index(i)] > 0.5]
    named = [model.explain(pages[i], {}, top=6) for i in rejected[:10]]
    assert all(kind == "word" for reasons in named for kind, _, _ in reasons)  # no signals here
    towards_reject = [name for reasons in named for _, name, weight in reasons if weight < 0]
    assert all(any("가" <= ch <= "힣" or "a" <= ch <= "z" for ch in name) for name in towards_reject)
    assert sum(any(name.lower() in term.lower() or term.lower() in name.lower() for term in NETWORK)
               for name in towards_reject) >= 5


def test_word_features_are_the_words_and_a_model_from_before_them_still_loads(tmp_path):
    """Words read off the eojeols, particles stripped, Latin lowercased; the same word hashes to
    one bucket wherever it stands, in the vectorised batch and one text alone. A model saved
    before words (character n-grams only) loads and scores as it did."""
    from curator.filters.learned import (DIM, WORD_WEIGHT, LearnedModel, SignalScaling, word_bucket, word_features,
                                         words)

    text = "프린터를 설치합니다. USB를 연결하고 네트워크에서 설정을 바꾸세요. 3.14 “ ”"
    named = set(words(text).values())
    assert {"프린터", "설치", "usb", "연결", "네트워크", "설정"} <= named
    assert not any(ch.isdigit() or ch in "“”." for name in named for ch in name)
    rows, cols, vals = word_features(["", text, "네트워크가 느립니다"])
    assert set(cols[rows == 1].tolist()) == set(words(text)) and not (rows == 0).any()
    assert word_bucket("네트워크") in cols[rows == 2].tolist() and word_bucket("네트워크") in cols[rows == 1].tolist()
    assert np.allclose(vals, WORD_WEIGHT)  # presence: a word counts once, whatever the length
    old = LearnedModel(SignalScaling([], np.zeros(0), np.zeros(0)), np.zeros(0),
                       np.random.default_rng(0).normal(size=DIM), 0.3)
    old.save(str(tmp_path / "old.npz"))  # as saved before words: DIM weights only
    loaded = LearnedModel.load(str(tmp_path / "old.npz"))
    assert len(loaded.text_coef) > DIM and not loaded.text_coef[DIM:].any()
    assert np.allclose(loaded.text_coef[:DIM], old.text_coef, atol=1e-6)


def test_a_batch_is_featurised_as_each_text_alone_and_scored_as_the_training_matrix(tmp_path):
    """``learn`` scores a million documents in batches (chunks of documents, each document's
    n-grams and words grouped in a row of its own); every real text of the batch, long or short,
    must get exactly what it gets alone: the counted buckets of its first TEXT_CHARS characters'
    n-grams (log counts, L2-normalised) and its words, once each. Scoring without the matrix
    (``quality``) gives what the training matrix gives (``quality_of``)."""
    from curator.filters.learned import (_CHUNK, DIM, FEATURES, TEXT_CHARS, WORD_DIM, WORD_WEIGHT, LearnedModel, SignalScaling,
                                         content_features, matrix, ngram_buckets, word_bucket, words)

    rows = [json.loads(line) for line in open(REFERENCE, encoding="utf-8")]
    texts = [r["text"] for r in rows[:_CHUNK + 40]] + ["", "A", "USB를 꽂으세요", "3.14 “ ”", "가" * 3000]
    assert any(len(t) > TEXT_CHARS for t in texts) and len(texts) > _CHUNK  # two chunks, long pages
    r, c, v = content_features(texts)
    for i in list(range(0, len(texts) - 5, 23)) + list(range(len(texts) - 5, len(texts))):
        mine = r == i
        ngram = {int(col): val for col, val in zip(c[mine], v[mine]) if col < DIM}
        buckets, counts = np.unique(ngram_buckets(texts[i]), return_counts=True)
        expected = np.log1p(counts) / (np.linalg.norm(np.log1p(counts)) or 1.0)
        assert ngram.keys() == set(buckets.tolist()), i
        assert np.allclose([ngram[b] for b in buckets.tolist()], expected), i
        assert {int(col) - DIM for col in c[mine] if col >= DIM} == set(words(texts[i])), i
        assert np.allclose(v[mine & (c >= DIM)], WORD_WEIGHT)
    assert not (r == len(texts) - 5).any()  # the empty text has no feature
    scaling = SignalScaling([], np.zeros(0), np.zeros(0))
    weights = np.random.default_rng(1).normal(size=DIM + WORD_DIM)
    model = LearnedModel(scaling, np.zeros(0), weights, -0.2, {"features": FEATURES})
    assert np.allclose(model.quality(texts, {}), model.quality_of(matrix(texts, {}, scaling)))
    before = LearnedModel(scaling, np.zeros(0), weights, -0.2)  # saved before words had suffixes
    assert before.version == 1 and np.allclose(before.quality(texts, {}), before.quality_of(matrix(texts, {}, scaling, 1)))
    assert not np.allclose(before.quality(texts, {}), model.quality(texts, {}))
    # a model saved with words in 2^18 buckets (FEATURES 2) loads and scores with its own buckets
    older = LearnedModel(scaling, np.zeros(0), weights[:DIM + (1 << 18)], -0.2, {"features": 2})
    older.save(str(tmp_path / "v2.npz"))
    loaded = LearnedModel.load(str(tmp_path / "v2.npz"))
    assert loaded.version == 2 and np.allclose(loaded.text_coef[:DIM + (1 << 18)], older.text_coef, atol=1e-6)
    assert np.allclose(loaded.quality(texts, {}), loaded.quality_of(matrix(texts, {}, scaling, 2)), atol=1e-5)
    assert matrix(texts, {}, scaling, 2)[:, DIM + (1 << 18):].nnz == 0
    assert word_bucket("정당", 3) >> 3 == word_bucket("정당", 2)  # the same hash, three more bits
    # in 2^18 buckets 정당 (party) shared one with 보도자 (보도자료, a press release): a model that
    # weighed 정당 rejected news for announcing a press release; in 2^21 the two are apart
    party = np.zeros(DIM + WORD_DIM)
    party[DIM + word_bucket("정당", 3)] = party[DIM + word_bucket("정당", 2)] = 20.0
    release = ["회사는 오늘 보도자료를 내고 신제품 출시를 알렸다."]
    assert LearnedModel(scaling, np.zeros(0), party, 0.0, {"features": 2}).quality(release, {})[0] < 0.1
    assert LearnedModel(scaling, np.zeros(0), party, 0.0, {"features": 3}).quality(release, {})[0] == 0.5


def test_a_noisy_preference_about_content_is_learnt_and_its_mistakes_are_named(monkeypatch):
    """Issue 30: the network curator above, but one decision in ten flipped (the wrong button, a page
    skimmed): 16 of the 200 pages are rejected by mistake against 37 rightly. Weighing each word by
    how strongly its presence goes with one kind of decision (``evidence``) keeps the model from
    fitting the mistakes with common words, and the decisions the cross-validation confidently
    contradicts (``doubtful``) are mostly the flipped ones, most flipped ones among them; they are
    set aside. Without the weighing (the model before) F1 was 0.69 and a third of the doubtful
    decisions were right ones: the margins below fail there, as the last lines check."""
    from curator.filters import learned
    from curator.filters.learned import SignalScaling, agreement, train

    rows = [json.loads(line) for line in open(REFERENCE, encoding="utf-8")]
    pages = [r["text"] for r in rows if r["style"] == "help"]
    about = np.array([any(t in p for t in NETWORK) for p in pages])
    order = np.random.default_rng(5).permutation(len(pages))
    seen, unseen = order[:200], order[200:]
    flipped = np.random.default_rng(7).random(len(seen)) < 0.1
    said = about[seen] ^ flipped
    assert (flipped & ~about[seen]).sum() >= 0.4 * (~flipped & about[seen]).sum()  # many rejects are mistakes
    scaling = SignalScaling([], np.zeros(0), np.zeros(0))
    texts = [pages[i] for i in seen]

    def learnt(**options):
        model = train(texts, {}, said, scaling, **options)
        f1 = agreement(about[unseen], 1 - model.quality([pages[i] for i in unseen], {}))["f1"]
        aside = np.zeros(len(seen), bool)
        aside[list(model.info["doubtful"])] = True
        hits = (aside & flipped).sum()
        return model, f1, hits / max(aside.sum(), 1), hits / flipped.sum()
    model, f1, precision, recall = learnt()
    assert f1 >= 0.9 and precision >= 0.8 and recall >= 0.6, (f1, precision, recall)
    assert model.info["doubtful_set_aside"] and model.info["decisions"] == len(seen)
    assert model.info["cross_validated_all"]["f1"] < model.info["cross_validated"]["f1"]  # the mistakes disagree
    trusting = learnt(keep_doubtful=True)[0]  # named all the same, not set aside
    assert trusting.info["doubtful"].keys() == model.info["doubtful"].keys() and not trusting.info["doubtful_set_aside"]
    again = train(texts, {}, said, scaling)
    assert again.info == model.info and np.array_equal(again.text_coef, model.text_coef)
    monkeypatch.setattr(learned, "EVIDENCE", False)
    _, f1_before, precision_before, _ = learnt(keep_doubtful=True)
    assert f1_before < 0.8 and precision_before < 0.8, (f1_before, precision_before)


def test_a_rare_preference_is_learnt_when_most_rejects_are_mistakes(monkeypatch):
    """A curator who rejects the real documents that mention 결혼 (6 % of news, comments, blogs,
    reviews and encyclopedia articles) and flips one decision in ten: of 200 random decisions 10
    rejects are meant and 22 are mistakes. Every decision weighs the same, so the model still finds
    the word (F1 0.99 on the 2,649 documents never decided); with class-balanced weights (before),
    each mistaken reject weighed six times an accept and the model fitted them (F1 0.68)."""
    from curator.filters import learned
    from curator.filters.learned import SignalScaling, agreement, train

    texts = [r["text"] for style in ("news", "comment", "blog", "review", "encyclopedic")
             for r in map(json.loads, gzip.open(os.path.join(RESOURCES, "realtext", f"{style}.jsonl.gz"), "rt", encoding="utf-8"))]
    about = np.array(["결혼" in t for t in texts])
    order = np.random.default_rng(1).permutation(len(texts))
    seen, unseen = order[:200], order[200:]
    flipped = np.random.default_rng(101).random(len(seen)) < 0.1
    said = about[seen] ^ flipped
    assert (flipped & ~about[seen]).sum() > 2 * (~flipped & about[seen]).sum()  # mistakes outnumber the meant
    scaling = SignalScaling([], np.zeros(0), np.zeros(0))

    def f1() -> float:
        model = train([texts[i] for i in seen], {}, said, scaling)
        return agreement(about[unseen], 1 - model.quality([texts[i] for i in unseen], {}))["f1"]
    assert f1() >= 0.9
    monkeypatch.setattr(learned, "CLASS_WEIGHT", "balanced")
    assert f1() < 0.75


def test_learn_names_the_decisions_it_doubts_and_its_model_file_stays_the_same(analysed, tmp_path, pages):
    """The manuals curator with one decision in ten flipped: `learn` says how many decisions it set
    aside and names them (the flipped ones among the first), the model file records them by id, the
    same decisions give a byte-identical file, and ``--keep-doubtful`` trains on every decision."""
    decided = [p for p in pages if _seen(p["id"])]
    wrong = {p["id"] for p in decided[::10]}
    decisions = [{"id": p["id"], "decision": ("accept" if p["style"] == "help" else "reject")
                  if p["id"] not in wrong else ("reject" if p["style"] == "help" else "accept")} for p in decided]
    write_jsonl(tmp_path / "noisy.jsonl", decisions)
    models, outputs = [], []
    for name, extra in (("a", ()), ("b", ()), ("c", ("--keep-doubtful",))):
        ws = tmp_path / name
        shutil.copytree(analysed[0], ws)
        assert run_cli("decisions", "import", str(ws), str(tmp_path / "noisy.jsonl")).returncode == 0
        result = run_cli("learn", str(ws), *extra)
        assert result.returncode == 0, result.stderr
        models.append((ws / "learned" / "model.npz").read_bytes())
        outputs.append(result.stdout)
    assert models[0] == models[1] and models[2] != models[0]
    from curator.filters.learned import LearnedModel
    info = LearnedModel.load(str(tmp_path / "a" / "learned" / "model.npz")).info
    doubtful = set(info["doubtful"])
    # 7 of the 11 flipped among 9 doubtful here (the manuals curator on 107 decisions)
    assert len(doubtful & wrong) >= 0.5 * len(wrong) and len(doubtful & wrong) >= 0.6 * len(doubtful), doubtful
    assert f"{len(doubtful)} decision(s) the model confidently contradicts" in outputs[0] and "set aside" in outputs[0]
    named = [line.split(":")[0].strip() for line in outputs[0].splitlines() if ": you said " in line]
    assert named and sum(doc_id in wrong for doc_id in named) >= 0.6 * len(named)
    assert "kept in its training (--keep-doubtful)" in outputs[2]
    # the rule goes on by the F1 on every decision, the doubtful ones included: the figure of the
    # decisions kept flatters the model, which chose the ones it left out
    from curator.pipeline.learn import gate_figures, gate_passes
    assert gate_figures(info)["f1"] == info["cross_validated_all"]["f1"] < info["cross_validated"]["f1"]
    assert ("rule quality:learned enabled" in outputs[0]) == gate_passes(info)
