"""The rule mechanism and the character signals behind the first rules."""

import numpy as np

from curator.filters.rules import Rule, pack_bits, reasons_from_codes, rules_from_config
from curator.io.text import normalize
from curator.korean.script import count_compat_jamo, count_hangul, count_invalid, count_letters
from curator.signals.script import script_signals
import pyarrow as pa

from curator.workspace.verdict import Verdicts


def test_hangul_ranges_are_exact():
    assert count_hangul("가힣") == 2
    assert count_hangul("ㄱㅏ") == 2  # compatibility jamo U+3131, U+314F
    assert count_hangul("\u1100\u1161\u11a8") == 3  # conjoining jamo
    assert count_hangul("\ua960\ud7b0") == 2  # extended jamo A and B, missed by [ㄱ-힣]
    assert count_hangul("\u3200\u4e00abc") == 0  # parenthesized Hangul and Hanja are not Hangul letters
    assert count_compat_jamo("ㅋㅋㅋ 가") == 3
    assert count_letters("대한민국 ABC 123 _!") == 7


def test_hangul_ratio_on_mixed_text():
    signals = [script_signals(t) for t in ["대한민국 헌법 Constitution", "", "GIMP 도움말"]]
    assert signals[0]["hangul_ratio"] == 6 / 18
    assert signals[1]["hangul_ratio"] == 0.0 and signals[1]["n_lines"] == 0
    assert signals[2]["hangul_ratio"] == 3 / 7


def test_invalid_chars_and_normalize():
    assert count_invalid("정상 텍스트\t\n") == 0
    assert count_invalid("깨짐\ufffd 널\x00") == 2
    assert normalize("\u1112\u1161\u11ab") == "한"
    assert normalize("ㄱ") == "ㄱ"  # compatibility jamo survive (no NFKC)
    assert normalize("a\ud800b") == "a\ufffdb"


def test_rule_bounds_and_reason_lists():
    rules = [Rule("length:min_chars", "n_chars", min=10), Rule("language:hangul_ratio", "hangul_ratio", min=0.5),
             Rule("encoding:invalid_chars", "invalid_chars", max=0)]
    columns = {"n_chars": np.array([5, 50, 50, 3]), "hangul_ratio": np.array([0.9, 0.1, 0.9, 0.0]),
               "invalid_chars": np.array([0, 0, 0, 2])}
    codes = pack_bits([rule.fails(columns[rule.signal]) for rule in rules])
    reasons = reasons_from_codes(codes, [r.name for r in rules]).to_pylist()
    assert reasons == [["length:min_chars"], ["language:hangul_ratio"], [],
                       ["length:min_chars", "language:hangul_ratio", "encoding:invalid_chars"]]


def test_rules_from_config_skip_disabled():
    config = {"rules": {"length:min_chars": {"signal": "n_chars", "min": 5},
                        "language:hangul_ratio": {"signal": "hangul_ratio", "min": 0.3, "enabled": False}}}
    assert [r.name for r in rules_from_config(config)] == ["length:min_chars"]


def _light(columns: dict, ids: list[str] | None = None) -> pa.Table:
    n = len(next(iter(columns.values())))
    return pa.table({"id": ids or [f"d{i}" for i in range(n)], "n_chars": np.full(n, 1000), **columns})


def test_decisions_override_filters():
    config = {"rules": {"length:min_chars": {"signal": "n_chars", "min": 10}}}
    light = pa.table({"id": ["a", "b", "c"], "n_chars": np.array([5, 50, 50])})
    verdicts = Verdicts(config, light, {"a": "accept", "b": "reject"})
    assert verdicts.kept().tolist() == [True, False, True]
    assert verdicts.reasons_column().to_pylist() == [[], ["review:rejected"], []]
    assert [verdicts.reasons(i) for i in range(3)] == [[], ["review:rejected"], []]


def test_counts_and_stats_agree_with_the_reasons_column():
    from curator.config import DEFAULT_CONFIG
    from curator.filters.rules import rules_from_config

    rng = np.random.default_rng(1)
    rules = rules_from_config(DEFAULT_CONFIG)
    columns = {r.signal: rng.random(5000) * 2 * (r.max or r.min or 1) for r in rules}
    columns["morph_lm_score"] = -rng.random(5000) * 12
    columns.pop("n_chars")
    light = _light(columns)
    light = light.set_column(light.schema.get_field_index("n_chars"), "n_chars", pa.array(rng.integers(0, 300, 5000)))
    verdicts = Verdicts(DEFAULT_CONFIG, light)
    reasons = verdicts.reasons_column().to_pylist()
    counts = verdicts.counts()
    assert counts.kept == sum(1 for r in reasons if not r) == int(verdicts.kept().sum())
    flat = [r for rs in reasons for r in rs]
    assert counts.by_rule == {name: flat.count(name) for name in set(flat)}
    stats = verdicts.stats(errors=0)
    assert stats["removed_by_rule"] == counts.by_rule and stats["kept"] == counts.kept
    families = [f for rs in reasons for f in {r.split(":")[0] for r in rs}]
    assert stats["removed_by_family"] == {f: families.count(f) for f in set(families)}
