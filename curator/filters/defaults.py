"""The rule set and its default bounds: the filters own them; ``config.py`` merges them into the
run configuration.

Each rule: "family:rule" -> signal column and a lower (min) and/or upper (max) bound. A document
fails the rule when its signal is below min or above max. ``STARTING_RULES`` are the starting
points: FineWeb-2's kor_Hang thresholds (Gopher repetition/quality, FineWeb quality) and hand-set
bounds for the Korean-specific signals. The shipped defaults are those starting points calibrated
on a clean Korean reference (``calibration.py``; ``make calibrate`` writes ``calibrated.yaml``
and a test checks it is reproduced): README "Calibrated thresholds".
"""

import copy
import os

import yaml

CALIBRATED_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "calibrated.yaml")

STARTING_RULES: dict[str, dict] = {
    "encoding:invalid_chars": {"signal": "invalid_chars", "max": 0},
    "encoding:mojibake": {"signal": "mojibake_ratio", "max": 0.05},
    "length:min_chars": {"signal": "n_chars", "min": 100},
    "length:min_words": {"signal": "n_words", "min": 50},
    "language:hangul_ratio": {"signal": "hangul_ratio", "min": 0.4},
    "repetition:dup_line_frac": {"signal": "dup_line_frac", "max": 0.374},
    "repetition:dup_para_frac": {"signal": "dup_para_frac", "max": 0.3},
    "repetition:dup_line_char_frac": {"signal": "dup_line_char_frac", "max": 0.2},
    "repetition:dup_para_char_frac": {"signal": "dup_para_char_frac", "max": 0.2},
    "repetition:char_dup_ratio": {"signal": "char_dup_ratio", "max": 0.1},
    # Gopher's own n-gram thresholds, on the unit they were set on (eojeols: signals/words.py)
    "repetition:top_2gram": {"signal": "top_2gram_char_frac", "max": 0.2},
    "repetition:top_3gram": {"signal": "top_3gram_char_frac", "max": 0.18},
    "repetition:top_4gram": {"signal": "top_4gram_char_frac", "max": 0.16},
    "repetition:dup_5gram": {"signal": "dup_5gram_char_frac", "max": 0.15},
    "repetition:dup_6gram": {"signal": "dup_6gram_char_frac", "max": 0.14},
    "repetition:dup_7gram": {"signal": "dup_7gram_char_frac", "max": 0.13},
    "repetition:dup_8gram": {"signal": "dup_8gram_char_frac", "max": 0.12},
    "repetition:dup_9gram": {"signal": "dup_9gram_char_frac", "max": 0.11},
    "repetition:dup_10gram": {"signal": "dup_10gram_char_frac", "max": 0.1},
    "quality:mean_word_len": {"signal": "mean_word_len", "min": 1, "max": 6},
    "quality:alpha_words": {"signal": "alpha_word_ratio", "min": 0.6},
    "quality:stopwords": {"signal": "stopword_count", "min": 2},
    "quality:hash_ellipsis": {"signal": "hash_ellipsis_ratio", "max": 0.1},
    "quality:bullet_lines": {"signal": "bullet_line_ratio", "max": 0.9},
    "quality:ellipsis_lines": {"signal": "ellipsis_line_ratio", "max": 0.3},
    "quality:line_punct": {"signal": "line_punct_ratio", "min": 0.062},
    "quality:newline_ratio": {"signal": "newline_word_ratio", "max": 0.196},
    "quality:code_lines": {"signal": "code_line_ratio", "max": 0.3},
    "quality:markup": {"signal": "markup_char_ratio", "max": 0.1},
    "quality:jamo_runs": {"signal": "jamo_run_ratio", "max": 0.1},
    "quality:spam_terms": {"signal": "spam_term_density", "max": 0.05},
    "quality:morph_lm_score": {"signal": "morph_lm_score", "min": -9.5},
    "quality:word_order": {"signal": "order_gain", "min": 1.5},
    "quality:unknown_morphs": {"signal": "unknown_morph_ratio", "max": 0.3},
    "boilerplate:lines": {"signal": "boilerplate_line_ratio", "max": 0.5},
    "boilerplate:repeated_lines": {"signal": "repeated_line_ratio", "max": 0.8},
    # the curator's own judgement (learned.py): off until `curator learn` or `run --model` scores it
    "quality:learned": {"signal": "learned_quality", "min": 0.5, "enabled": False},
}
# Bounds that define what a document is rather than estimate quality: a single invalid character is
# an encoding defect, the length minimums say what a training document is, and lines repeated
# across documents depend on the corpus. Calibration reports them and leaves them alone.
FIXED_RULES = frozenset({"encoding:invalid_chars", "length:min_chars", "length:min_words", "boilerplate:repeated_lines",
                         "quality:learned"})


def _calibrated() -> dict:
    if not os.path.exists(CALIBRATED_PATH):
        return {}
    with open(CALIBRATED_PATH, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


CALIBRATED = _calibrated()
DEFAULT_RULES: dict[str, dict] = {name: {**spec, **{k: v for k, v in CALIBRATED.get("rules", {}).get(name, {}).items()
                                                    if k in ("min", "max")}}
                                  for name, spec in copy.deepcopy(STARTING_RULES).items()}
DEFAULT_REFERENCE: dict = CALIBRATED.get("reference", {})
FAMILIES = ("encoding", "length", "language", "quality", "repetition", "boilerplate", "dedup", "review")
