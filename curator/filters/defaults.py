"""The rule set and its default bounds: the filters own them; ``config.py`` merges them into the
run configuration.

Each rule: "family:rule" -> signal column and a lower (min) and/or upper (max) bound. A document
fails the rule when its signal is below min or above max. ``STARTING_RULES`` are the starting
points: FineWeb-2's kor_Hang thresholds (Gopher repetition/quality, FineWeb quality) and hand-set
bounds for the Korean-specific signals. The shipped *presets* are those starting points calibrated
two-sided, each on a clean Korean reference of its domain and a junk set (``calibration.py``;
``make calibrate`` writes ``presets/NAME.yaml`` with one command each, ``bench/presets.py``, and a
test checks they are reproduced): ``web`` (the default: Wikipedia, news, comment pages, reviews,
blogs, chat), ``docs`` (help pages and manuals), ``books-law`` (laws and bills). README
"Calibrated thresholds".
"""

import copy
import os

import yaml

PRESETS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "presets")
PRESETS = ("web", "docs", "books-law")
DEFAULT_PRESET = "web"

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
    # one-pass order_gain plus two standard errors (signals/order.py); two-sided on held-out real
    # text (bench/order_eval.py): 1 % of web text's held-out half falls below 1.0
    "quality:word_order": {"signal": "order_gain_upper", "min": 1.0},
    # where lines end (signals/order.py): a shuffled line scores about 0, real text 1–3; the
    # starting point removes next to nothing, calibration tightens it where the junk pays
    "quality:line_end": {"signal": "line_end_gain", "min": 0.0},
    "quality:unknown_morphs": {"signal": "unknown_morph_ratio", "max": 0.3},
    "boilerplate:lines": {"signal": "boilerplate_line_ratio", "max": 0.5},
    "boilerplate:repeated_lines": {"signal": "repeated_line_ratio", "max": 0.8},
    # the curator's own judgement (learned.py): off until `curator learn` or `run --model` scores it
    "quality:learned": {"signal": "learned_quality", "min": 0.5, "enabled": False},
}
# Bounds that define what a document is rather than estimate quality: a single invalid character is
# an encoding defect, the length minimums say what a training document is, and lines repeated
# across documents depend on the corpus. Calibration reports them and leaves them alone. Two more
# whose reference tail says nothing about where to cut: clean text's mojibake share is stray symbols
# (a bound of 0.0032 cost 1 calibration article and 4 held-out ones), and the references have no
# article as a news site serves it (a byline, a © footer): a boilerplate bound tightened to 0.0175
# removed every such article (docs/calibration.md), so "half the lines are boilerplate" stays.
FIXED_RULES = frozenset({"encoding:invalid_chars", "encoding:mojibake", "length:min_chars", "length:min_words",
                         "boilerplate:lines", "boilerplate:repeated_lines", "quality:learned"})


def preset_path(name: str) -> str:
    return os.path.join(PRESETS_DIR, f"{name}.yaml")


def preset(name: str) -> dict:
    """The shipped preset ``name`` as written by its calibration ({} when the file is missing)."""
    from curator.errors import CuratorError
    if name not in PRESETS:
        raise CuratorError(f"unknown preset {name!r} (shipped: {', '.join(PRESETS)})")
    if not os.path.exists(preset_path(name)):
        return {}
    with open(preset_path(name), encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def preset_rules(name: str, shipped: dict | None = None) -> dict[str, dict]:
    """Every rule at the preset's bounds (the starting points where the preset is silent);
    ``shipped``: the preset as ``preset(name)`` read it, when the caller has it."""
    calibrated = (shipped if shipped is not None else preset(name)).get("rules", {})
    return {rule: {**spec, **{k: v for k, v in calibrated.get(rule, {}).items() if k in ("min", "max")}}
            for rule, spec in copy.deepcopy(STARTING_RULES).items()}


CALIBRATED = preset(DEFAULT_PRESET)  # the default preset as shipped
DEFAULT_RULES: dict[str, dict] = preset_rules(DEFAULT_PRESET, CALIBRATED)
DEFAULT_REFERENCE: dict = CALIBRATED.get("reference", {})
FAMILIES = ("encoding", "length", "language", "quality", "repetition", "boilerplate", "dedup", "contamination",
            "review")
