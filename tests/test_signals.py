"""Every signal on hand-made Korean examples with known values."""

import os
import random
from collections import Counter

import numpy as np
import pytest

from curator.korean.kiwi_pool import MAX_CHUNK, analyse, chunk_text
from curator.signals import SIGNAL_SCHEMA, compute_signals
from curator.signals.lines import line_signals, strip_boilerplate
from curator.korean.script import count_compat_jamo, count_hangul, count_hanja, count_invalid, count_latin, count_letters
from curator.signals.script import batch_script_signals, mojibake_chars, script_signals
from curator.signals.words import dup_ngram_chars, repetition_columns, top_ngram_chars

CLEAN = ("대한민국은 민주공화국이다. 대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 나온다.\n"
         "국가는 법률이 정하는 바에 의하여 재외국민을 보호할 의무를 진다.")


def signals_of(text):
    return compute_signals([text]).to_pylist()[0]


def test_schema_matches_output():
    row = signals_of(CLEAN)
    assert set(SIGNAL_SCHEMA) <= set(row) and row["pii"] == [] and row["stripped_lines"] == []


def test_chunking_is_bounded_and_exact():
    text = "짧은 줄\n" + "국민은 법 앞에 평등하다. " * 300 + "\n" + "가" * 2500
    chunks = chunk_text(text)
    assert all(len(c) <= MAX_CHUNK for _, c in chunks)
    assert all(text[o:o + len(c)] == c for o, c in chunks)
    assert "".join(c for _, c in chunks).replace(" ", "").replace("\n", "") == text.replace("\n", "").replace(" ", "")
    # short lines share a chunk, line breaks kept; a line never starts a chunk mid-way
    short = "\n".join(f"{i}번째 댓글입니다 ㅋㅋ" for i in range(200))
    packed = chunk_text(short)
    assert 1 < len(packed) < 20 and all(len(c) <= MAX_CHUNK and short[o:o + len(c)] == c for o, c in packed)
    assert all(o == 0 or short[o - 1] == "\n" for o, _ in packed)


def test_morpheme_offsets_point_into_the_document():
    text = "첫 줄입니다.\n" + "국민은 법 앞에 평등하다. " * 100
    morphs = analyse([text])[0]
    nouns = [m for m in morphs if m.tag == "NNG"]
    assert all(text[m.start:m.start + m.length] == m.form for m in nouns)
    assert any(m.form == "국민" for m in nouns)


def test_script_shares():
    s = script_signals("한국어 ABC 漢字 ㅋㅋㅋ")
    assert s["hangul_ratio"] == pytest.approx(6 / 11)  # 한국어 + ㅋㅋㅋ of 11 letters
    assert s["latin_ratio"] == pytest.approx(3 / 11) and s["hanja_ratio"] == pytest.approx(2 / 11)
    assert s["compat_jamo_ratio"] == pytest.approx(3 / 11)
    assert s["jamo_run_ratio"] == pytest.approx(3 / 11)  # 11 non-space characters
    assert s["n_lines"] == 1 and s["invalid_chars"] == 0


def test_batched_script_signals_equal_the_per_text_regex_counts():
    """One batch mixing empty text, astral letters (CJK Ext. B) and emoji, jamo, mojibake and
    control characters: the table lookup must agree with the regex classes text by text."""
    texts = [CLEAN, "", "𠀀𠀁 가 😀 ABC 123 _", "ㅋㅋㅋㅋ 가 ㅎㅎ", "대한민국".encode("utf-8").decode("cp1252", errors="ignore"),
             "깨짐\ufffd 널\x00\x01 탭\t끝", "漢字 한자 Ünïcödé"]
    batch = batch_script_signals(texts)
    for i, text in enumerate(texts):
        letters = count_letters(text)
        assert batch["hangul_ratio"][i] == (count_hangul(text) / letters if letters else 0.0)
        assert batch["latin_ratio"][i] == (count_latin(text) / letters if letters else 0.0)
        assert batch["hanja_ratio"][i] == (count_hanja(text) / letters if letters else 0.0)
        assert batch["compat_jamo_ratio"][i] == (count_compat_jamo(text) / letters if letters else 0.0)
        assert batch["invalid_chars"][i] == count_invalid(text)
        assert batch["mojibake_ratio"][i] == mojibake_chars(text) / max(1, len(text))
    assert count_letters(texts[2]) == 6  # 𠀀𠀁 가 ABC; not the emoji, digits or underscore
    assert batch["jamo_run_ratio"][3] == pytest.approx(4 / 7)  # ㅎㅎ is too short a run; 7 non-space


def test_mojibake():
    korean = "대한민국은 민주공화국이다"
    utf8_as_cp1252 = korean.encode("utf-8").decode("cp1252", errors="ignore")
    cp949_as_latin1 = korean.encode("cp949").decode("latin-1")
    assert mojibake_chars(utf8_as_cp1252) >= len(utf8_as_cp1252) * 0.8
    assert mojibake_chars(cp949_as_latin1) >= len(cp949_as_latin1) * 0.8
    assert mojibake_chars("Crème brûlée à la française, déjà vu") == 0
    assert mojibake_chars(CLEAN) == 0


def test_line_signals():
    text = "메뉴\n메뉴\n본문 첫 문장입니다.\n두 번째 줄이 끝나지 않고\n- 목록 항목\n생략된 줄...\n"
    s = line_signals(text)
    assert s["dup_line_frac"] == pytest.approx(1 / 6)
    assert s["line_punct_ratio"] == pytest.approx(2 / 6)  # "…입니다." and "줄..."
    assert s["bullet_line_ratio"] == pytest.approx(1 / 6)
    assert s["ellipsis_line_ratio"] == pytest.approx(1 / 6)
    assert s["short_line_ratio"] == pytest.approx(4 / 6)
    assert s["char_dup_ratio"] == pytest.approx(2 / (len(text) - text.count("\n")))
    assert line_signals("반말로 끝나는 문장이다\n존댓말도 끝나요")["line_punct_ratio"] == 1.0


def test_code_markup_and_boilerplate_lines():
    html = '<div class="nav"><a href="/">홈</a></div>\nfunction go() { location.href = "/"; }'
    s = line_signals(html)
    assert s["code_line_ratio"] == 1.0 and s["markup_char_ratio"] > 0.3
    page = "홈 | 뉴스 | 스포츠 | 연예 | 로그인\n본문 기사입니다.\n무단전재 및 재배포 금지\n홍길동 기자 hong@news.kr"
    assert line_signals(page)["boilerplate_line_ratio"] == pytest.approx(3 / 4)
    cleaned, removed = strip_boilerplate(page)
    assert cleaned == "본문 기사입니다." and len(removed) == 3


def test_ngram_repetition_matches_datatrove_definitions():
    words = ["가", "나", "다", "가", "나", "다", "가", "나"]
    assert top_ngram_chars(words, 2) == len("가 나") * 3
    # 3-grams: 가나다 new, 나다가 new, 다가나 new, 가나다 dup (+3, skip 3) -> idx 6: 가나 too short
    assert dup_ngram_chars(words, 3) == 3
    assert top_ngram_chars(["하나", "둘"], 2) == 0  # a single occurrence is not a repetition


def _reference_top(words, n):
    grams = [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]
    if not grams:
        return 0
    gram, count = Counter(grams).most_common(1)[0]  # ties: first seen
    return (len(" ".join(gram))) * count if count > 1 else 0


def _reference_dup(words, n):
    seen, repeated, i = set(), 0, 0
    while i < len(words) - n + 1:
        gram = tuple(words[i:i + n])
        if gram in seen:
            repeated += sum(map(len, gram))
            i += n
        else:
            seen.add(gram)
            i += 1
    return repeated


def test_batched_ngram_repetition_equals_the_sequential_definitions():
    """Many documents in one batch (boundaries must not join n-grams), small vocabularies so
    n-grams repeat, overlap and chain through skipped windows."""
    rng = random.Random(11)
    vocab = "국가 는 법률 이 정하 는 바 에 의하여 국민 의 권리 를 보장 한다 .".split()
    documents = [[rng.choice(vocab[:rng.randint(2, len(vocab))]) for _ in range(rng.randint(0, 120))]
                 for _ in range(300)]
    documents += [["가", "나"] * 40, ["가"] * 50, []]
    flat = [w for d in documents for w in d]
    ids = {w: i for i, w in enumerate(dict.fromkeys(flat))}
    doc = np.repeat(np.arange(len(documents)), [len(d) for d in documents])
    columns = repetition_columns(np.array([ids[w] for w in flat], np.int64), doc,
                                 np.array([len(w) for w in flat], np.int64), len(documents),
                                 top=(2, 3, 4, 5), dup=(3, 5, 6, 7, 8, 9, 10))
    for (kind, n), values in columns.items():
        reference = _reference_top if kind == "top" else _reference_dup
        assert values.tolist() == [reference(d, n) for d in documents], (kind, n)


def test_word_signals_on_real_and_broken_korean():
    clean = signals_of(CLEAN)
    assert clean["stopword_count"] >= 5 and 0.15 < clean["particle_ratio"] < 0.4
    assert clean["ef_per_sentence"] == pytest.approx(1.0)
    assert 1.0 < clean["mean_word_len"] < 3.0 and clean["spam_term_density"] == 0
    assert clean["morph_lm_score"] > -9.5
    words = CLEAN.replace("\n", " ").split()
    random.Random(3).shuffle(words)
    salad = signals_of(" ".join(words))
    assert salad["morph_lm_score"] < clean["morph_lm_score"] - 1.0
    garbage = signals_of("뷁퓨쟹 뚫휈 쀏뙣 퓉뤪쒧 뙇꿹듋 궧뢗훑 쐛쀍 뜛뤈쬲 콿뒑깧 뼑뛖")
    assert garbage["morph_lm_score"] < -20 and garbage["particle_ratio"] == 0
    spam = signals_of("카지노 바카라 토토 사이트 추천 먹튀 없는 안전놀이터")
    assert spam["spam_term_density"] == pytest.approx(5 / 8)


def test_word_order_tells_real_text_from_the_same_words_shuffled():
    """One Kiwi pass: held-out real Wikipedia and Wikinews articles (never seen by the order model)
    against the same eojeols shuffled within their lines."""
    import sys

    from curator.config import DEFAULT_CONFIG
    from curator.signals import order

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
    from order_model import realtext, training_half

    rule = DEFAULT_CONFIG["rules"]["quality:word_order"]
    threshold, signal = rule["min"], rule["signal"]
    rows = [r for r in realtext() if r["style"] in ("encyclopedic", "news") and not training_half(r["id"])][:120]
    texts = [r["text"] for r in rows]
    clean_table = compute_signals(texts)
    clean = clean_table.column(signal).to_numpy(zero_copy_only=False)
    salads = []
    for seed, text in enumerate(texts):
        lines = [line.split() for line in text.split("\n")]
        flat = [w for line in lines for w in line]
        random.Random(seed).shuffle(flat)
        it = iter(flat)
        salads.append("\n".join(" ".join(next(it) for _ in line) for line in lines))
    salad_table = compute_signals(salads)
    salad = salad_table.column(signal).to_numpy(zero_copy_only=False)
    scored = ~np.isnan(clean)
    assert scored.mean() > 0.9
    assert np.mean(clean[scored] >= threshold) >= 0.97 and np.nanmedian(clean) > threshold + 0.4
    assert np.mean(salad[~np.isnan(salad)] < threshold) >= 0.9 and np.nanmedian(salad) < threshold
    # the upper bound is the mean plus a margin that shrinks with the number of transitions
    gain = clean_table.column("order_gain").to_numpy(zero_copy_only=False)
    assert np.all(clean[scored] > gain[scored])
    salad_gain = salad_table.column("order_gain").to_numpy(zero_copy_only=False)
    assert np.nanmedian(salad - salad_gain) < np.nanmedian(clean - gain) * 1.5
    short = signals_of("짧은 글입니다. " * 5)
    assert short["order_gain"] is None and short["order_gain_upper"] is None  # too few eojeols: no verdict
    assert order.OrderModel.load().log_p.shape[0] > 500  # eojeol types learnt from real text


def test_line_end_gain_tells_where_real_lines_end_from_the_same_words_shuffled_across_lines():
    """Held-out real articles (Wikipedia, Wikinews) and informal chat, never seen by the model,
    against the same eojeols shuffled across their lines (the line layout kept): a line of real text
    ends on a type that ends lines (a final ending and its period), a shuffled one on any."""
    import sys

    from curator.signals import order

    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
    from order_model import realtext, training_half

    model = order.OrderModel.load()
    with np.load(order.MODEL_PATH) as data:  # type i is the (first, last) tag pair types[i]; then 'other'
        last_tags = np.array([model.tags[t % model.k] if t % model.k < len(model.tags) else "" for t in data["types"]]
                             + [""])
    # what the counts learnt: a type ending in a period ends lines, one ending in an adnominal ending never
    assert np.median(model.line_end_score[last_tags == "SF"]) > 1.0
    assert np.median(model.line_end_score[last_tags == "ETM"]) < -1.0

    def shuffled(text, seed):
        lines = [line.split() for line in text.split("\n")]
        flat = [w for line in lines for w in line]
        random.Random(seed).shuffle(flat)
        it = iter(flat)
        return "\n".join(" ".join(next(it) for _ in line) for line in lines)

    held = [r for r in realtext() if not training_half(r["id"])
            and sum(len(line.split()) >= 2 for line in r["text"].split("\n")) >= order.MIN_LINES]
    for styles, floor in ((("encyclopedic", "news"), 2.0), (("chat",), 2.0)):
        texts = [r["text"] for r in held if r["style"] in styles][:60]
        clean = compute_signals(texts).column("line_end_gain").to_numpy(zero_copy_only=False)
        salad = compute_signals([shuffled(t, i) for i, t in enumerate(texts)]).column("line_end_gain").to_numpy(
            zero_copy_only=False)
        assert len(texts) == 60 and not np.isnan(clean).any() and not np.isnan(salad).any(), styles
        assert np.median(clean) > floor and np.median(salad) < 0.5, (styles, np.median(clean), np.median(salad))
        assert np.mean(salad < clean) >= 0.95, styles  # document by document, not only the medians
    again = compute_signals(texts).column("line_end_gain").to_numpy(zero_copy_only=False)
    assert np.array_equal(again, clean)  # deterministic
    assert signals_of("짧은 글입니다. 두 줄도 있습니다.\n" * 4)["line_end_gain"] is None  # 4 lines: no verdict
    assert signals_of("짧은 글입니다. 두 줄도 있습니다.\n" * 5)["line_end_gain"] > 1.0


def test_a_workspace_analysed_before_a_signal_existed_opens_applies_decides_and_exports(demo, tmp_path):
    """A workspace whose parts have no ``line_end_gain`` (run before the signal was added): a config
    with its rule applies (the rule has no value there and removes nothing), a decision and an export
    go through, and the app's view opens with the rule listed."""
    import json
    import shutil

    import pyarrow.parquet as pq

    from conftest import run_cli
    from curator.workspace.view import WorkspaceView

    ws = tmp_path / "ws"
    shutil.copytree(demo, ws)
    parts = sorted((ws / "documents").iterdir())
    values = np.concatenate([pq.read_table(p, columns=["line_end_gain"]).column("line_end_gain")
                             .to_numpy(zero_copy_only=False) for p in parts])
    assert (values < 100.0).sum() >= 5  # with the column, the rule below would remove these
    for part in parts:
        pq.write_table(pq.read_table(part).drop_columns(["line_end_gain"]), part)  # same rows, one column fewer
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({"rules": {"quality:line_end": {"signal": "line_end_gain", "min": 100.0}}}),
                      encoding="utf-8")
    result = run_cli("apply", str(ws), "--config", str(config))
    assert result.returncode == 0, result.stderr
    stats = json.loads(run_cli("stats", str(ws), "--json").stdout)
    assert stats["kept"] > 0 and "quality:line_end" not in stats["removed_by_rule"], stats
    result = run_cli("decide", str(ws), pq.read_table(parts[0], columns=["id"]).column("id")[0].as_py(), "reject")
    assert result.returncode == 0, result.stderr
    result = run_cli("export", str(ws), "--out", str(tmp_path / "export"))
    assert result.returncode == 0, result.stderr
    after = json.loads(run_cli("stats", str(ws), "--json").stdout)
    view = WorkspaceView(str(ws))
    try:
        assert "quality:line_end" in [r.name for r in view.verdicts.rules]
        assert np.isnan(view.signal("line_end_gain")).all()
        assert view.counts().kept == after["kept"] and view.counts().by_rule.get("quality:line_end", 0) == 0
    finally:
        view.close()


def test_ngram_repetition_runs_over_eojeols_without_outer_punctuation():
    from curator.signals.words import eojeol_words

    ids, doc, lengths, n = eojeol_words(["설정을 바꾸려면, (설정을) 바꾸려면!", "다른 글"])
    assert n == 2 and doc.tolist() == [0, 0, 0, 0, 1, 1]
    assert ids.tolist()[:4] == [0, 1, 0, 1] and lengths.tolist() == [3, 4, 3, 4, 2, 1]
    # a template sentence repeated in a help page: over morphemes most of it is "duplicate
    # 5-grams"; over eojeols only the repeated sentence itself
    page = ("이 옵션을 선택하면 창이 닫힙니다. 파일을 열려면 메뉴에서 열기를 누르십시오. 저장하지 않은 내용은 "
            "사라질 수 있습니다. 이 옵션을 선택하면 창이 닫힙니다. 설정은 다음에 프로그램을 시작할 때 적용됩니다.")
    assert signals_of(page)["dup_5gram_char_frac"] == pytest.approx(len("이옵션을선택하면창이닫힙니다") / len(page), abs=1e-9)


def test_pii_spans_are_stored():
    row = signals_of("문의 010-1234-5678, 메일 help@example.kr")
    assert [p["kind"] for p in row["pii"]] == ["phone", "email"]


def test_boilerplate_stripping_is_recorded():
    body = "국가는 전통문화의 계승·발전과 민족문화의 창달에 노력하여야 한다. " * 8
    text = "홈 | 뉴스 | 스포츠 | 연예 | 로그인\n" + body + "\n무단전재 및 재배포 금지"
    batch = compute_signals([text], {"clean": {"strip_boilerplate": True, "min_chars_after_strip": 100}})
    row = batch.to_pylist()[0]
    assert row["text"] == body and row["stripped_lines"] == ["홈 | 뉴스 | 스포츠 | 연예 | 로그인", "무단전재 및 재배포 금지"]
    assert row["boilerplate_line_ratio"] == 0


def test_line_prefilters_never_change_a_count():
    """Boilerplate/code line counts with the literal prefilter equal the plain per-line regex on
    the labelled set and on one example of every boilerplate and code alternative."""
    import json
    import os

    from curator.signals import lines as line_module

    path = os.path.join(os.path.dirname(__file__), "data", "labelled.jsonl")
    texts = [json.loads(l)["text"] for l in open(path, encoding="utf-8")]
    texts += ["무단 전재", "재배포금지", "저작권자(c) 뉴스", "ⓒ 한국일보", "Ⓒ 2024", "COPYRIGHT 2024", "All Rights Reserved",
              "▶ 관련기사", "홍길동 기자 = 서울", "김철수 특파원", "사업자 등록 번호 123", "통신판매업 신고", "대표이사: 홍길동",
              "개인정보 처리방침", "이용 약관", "고객센터", "로그인", "회원 가입", "홈", "메뉴", "검색", "TOP", "맨 위로",
              "쿠키 설정", "구독 신청", "좋아요 3", "공유하기", "뉴스 | 스포츠 | 연예 | 날씨", "var x = 1", "if (a) {",
              "FUNCTION go()", "<DIV class=x>", "</td>", "document.write(1)", "window.open", "x => {", "a;"]
    for text in texts:
        lines = [l.strip() for l in text.split("\n") if l.strip()]
        folded = text.casefold()
        assert line_module._boilerplate_lines(text, folded, lines) == sum(map(line_module.is_boilerplate_line, lines)), text
        assert line_module._code_lines(folded, lines) == sum(1 for l in lines if line_module.CODE.search(l)), text
    assert sum(line_module._boilerplate_lines(t, t.casefold(), [t]) for t in texts[-37:-9]) == 28


def test_morpheme_codes_name_the_strings_kiwi_gives():
    """Forms and tags are read once per Kiwi morpheme id (per token only for placeholders such as
    numbers, Latin, punctuation); over several batches of real and broken text the decoded codes
    must equal Kiwi's own strings token by token."""
    import json
    import os

    from curator.korean import kiwi_pool

    path = os.path.join(os.path.dirname(__file__), "data", "labelled.jsonl")
    texts = [json.loads(l)["text"] for l in open(path, encoding="utf-8")]
    texts = [kiwi_pool_normalize(t) for t in texts]
    kiwi = kiwi_pool.get_kiwi()
    for batch in (texts[:60], texts[60:120], texts[120:]):
        tokens = kiwi_pool.tokenize_batch(batch)
        pieces = [c for t in batch for _, c in chunk_text(t)]
        expected = [(t.form, t.tag) for chunk in kiwi.tokenize(pieces) for t in chunk]
        got = [(tokens.form_table[f], tokens.tag_table[g]) for f, g in zip(tokens.form.tolist(), tokens.tag.tolist())]
        assert got == expected
        assert tokens.shared_forms < len(tokens.form_table)  # numbers, Latin… got batch-local codes
    assert kiwi_pool._morphemes.generic_ids == kiwi_pool._Morphemes.GENERIC_IDS  # the id rule held


def kiwi_pool_normalize(text):
    from curator.io.text import normalize
    return normalize(text)


def test_eojeol_counts_and_starts_equal_str_split():
    from curator.signals.batch import TextBatch
    from curator.signals.words import _space_before

    texts = ["", "  가 나\t다\u3000라\u00a0마\n\n바 ", "하나", " \n ", "국민은\u2003법 앞에 평등하다."]
    lengths = [len(t) for t in texts]
    starts = np.array([i for n in lengths for i in range(n)], np.int64)
    doc = np.repeat(np.arange(len(texts)), lengths)
    initial, eojeols = _space_before(TextBatch(texts), doc, starts)
    assert eojeols.tolist() == [len(t.split()) for t in texts]
    assert initial.tolist() == [i == 0 or t[i - 1].isspace() for t in texts for i in range(len(t))]


def test_signals_do_not_depend_on_how_documents_are_batched():
    """Form codes are shared across batches and placeholder codes are per batch: one document at a
    time and all at once must give the same rows."""
    import json
    import os

    path = os.path.join(os.path.dirname(__file__), "data", "labelled.jsonl")
    texts = [kiwi_pool_normalize(json.loads(l)["text"]) for l in open(path, encoding="utf-8")][::3]
    def rows(batch):  # NaN (no word-order value for a short text) as None, so rows compare equal
        return [{k: None if isinstance(v, float) and v != v else v for k, v in row.items()} for row in batch.to_pylist()]
    together = rows(compute_signals(texts))
    alone = [rows(compute_signals([t]))[0] for t in texts]
    assert together == alone
    assert any(row["order_gain"] is None for row in together) and any(row["order_gain"] for row in together)


def test_evidence_marks_what_each_signal_counted_on_the_labelled_defects():
    import json
    import os

    from curator.io.text import normalize
    from curator.signals.evidence import evidence, kinds_for
    from curator.signals.words import SPAM_TERMS

    rows = [json.loads(l) for l in open(os.path.join(os.path.dirname(__file__), "data", "labelled.jsonl"), encoding="utf-8")]
    first = {}
    for r in rows:
        first.setdefault(r["kind"], normalize(r["text"]))
    # repeated lines: each marked span is a whole line seen earlier in the document
    text = first["repetition"]
    spans = evidence(text, ["repeated_line"])
    assert spans and all(text[a:b].strip() in text[:a] for a, b, _ in spans)
    # spam terms: every occurrence, nothing else
    text = first["spam"]
    spans = evidence(text, ["spam"])
    import re
    occurrences = [m.span() for t in SPAM_TERMS for m in re.finditer(re.escape(t), text)]
    assert occurrences and all(any(a <= x and y <= b for a, b, _ in spans) for x, y in occurrences)
    covered = set().union(*(range(x, y) for x, y in occurrences))  # overlapping terms (토토 in 스포츠토토) merge
    assert {i for a, b, _ in spans for i in range(a, b)} == covered
    # jamo runs and mojibake: the characters the signals count
    text = first["jamo_spam"]
    row = signals_of(text)
    marked = sum(b - a for a, b, _ in evidence(text, ["jamo_run"]))
    assert marked == round(row["jamo_run_ratio"] * len("".join(text.split())))
    text = first["mojibake"]
    from curator.signals.script import mojibake_chars
    assert sum(b - a for a, b, _ in evidence(text, ["mojibake"])) == mojibake_chars(text) > 0
    # which kinds a failing rule asks for
    assert kinds_for(["dup_5gram_char_frac", "spam_term_density"]) == ["repeated_ngram", "spam"]
    assert evidence(first["clean"], ["spam", "jamo_run", "mojibake", "invalid", "markup"]) == []
