"""The run configuration: defaults, YAML loading, deep merge, and a stable hash.

The effective config (defaults merged with the user's YAML) is written into ``workspace.json`` so a
workspace always says how it was made; ``apply`` replaces only the ``rules`` part.
"""

import copy
import hashlib
import json
import os

import yaml

from curator.errors import CuratorError

DEFAULT_CONFIG: dict = {
    "input": {"text_field": "text", "id_field": "id", "txt_split": "file"},
    "run": {"batch_docs": 256, "batch_bytes": 1_000_000, "part_rows": 50_000, "part_bytes": 64_000_000},
    # Each rule: "family:rule" -> signal column and a lower (min) and/or upper (max) bound.
    # A document fails the rule when its signal is below min or above max.
    "clean": {"strip_boilerplate": False, "min_chars_after_strip": 200},
    # Near-duplicates: MinHash over word n-grams; LSH with bands × rows (a candidate when one band
    # matches: 25 × 5 catches pairs down to Jaccard ~0.5); a candidate joins a cluster when its
    # estimated Jaccard ≥ threshold. Exact duplicates (same normalized text) always cluster.
    # Repeated lines: a line (≥ 5 characters) found in ≥ lines_min_docs distinct texts is
    # corpus-frequent; strip_repeated_lines removes such lines from otherwise good documents.
    "dedup": {"enabled": True, "shingle_words": 5, "num_perm": 128, "bands": 25, "rows": 5,
              "threshold": 0.7, "seed": 1, "lines_min_docs": 5, "strip_repeated_lines": False},
    # Each rule: "family:rule" -> signal column and a lower (min) and/or upper (max) bound.
    # A document fails the rule when its signal is below min or above max. Starting points are
    # FineWeb-2's kor_Hang thresholds (Gopher repetition/quality, FineWeb quality), tuned on the
    # labelled set in tests/data and on gimp-help-ko pages (README "Korean quality rules").
    "rules": {
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
        "repetition:top_2gram": {"signal": "top_2gram_char_frac", "max": 0.282},
        "repetition:top_3gram": {"signal": "top_3gram_char_frac", "max": 0.228},
        "repetition:top_4gram": {"signal": "top_4gram_char_frac", "max": 0.185},
        "repetition:dup_5gram": {"signal": "dup_5gram_char_frac", "max": 0.201},
        "repetition:dup_6gram": {"signal": "dup_6gram_char_frac", "max": 0.184},
        "repetition:dup_7gram": {"signal": "dup_7gram_char_frac", "max": 0.168},
        "repetition:dup_8gram": {"signal": "dup_8gram_char_frac", "max": 0.154},
        "repetition:dup_9gram": {"signal": "dup_9gram_char_frac", "max": 0.14},
        "repetition:dup_10gram": {"signal": "dup_10gram_char_frac", "max": 0.127},
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
        "quality:unknown_morphs": {"signal": "unknown_morph_ratio", "max": 0.3},
        "boilerplate:lines": {"signal": "boilerplate_line_ratio", "max": 0.5},
        "boilerplate:repeated_lines": {"signal": "repeated_line_ratio", "max": 0.8},
    },
}

FAMILIES = ("encoding", "length", "language", "quality", "repetition", "boilerplate", "dedup",
            "review")


def deep_merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in (override or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def load_config(path: str | None, base: dict | None = None) -> dict:
    """Defaults (or ``base``) merged with the YAML file at ``path``; validated."""
    config = copy.deepcopy(base if base is not None else DEFAULT_CONFIG)
    if path:
        if not os.path.isfile(path):
            raise CuratorError(f"{path}: config file not found")
        try:
            with open(path, encoding="utf-8") as fh:
                user = yaml.safe_load(fh) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark else ""
            raise CuratorError(f"{path}:{where} invalid YAML: {getattr(exc, 'problem', exc)}") from None
        if not isinstance(user, dict):
            raise CuratorError(f"{path}: expected a mapping at the top level")
        config = deep_merge(config, user)
    validate_rules(config.get("rules", {}), path or "config")
    return config


def validate_rules(rules: dict, where: str) -> None:
    for name, rule in rules.items():
        family, _, short = name.partition(":")
        if family not in FAMILIES or not short:
            raise CuratorError(f"{where}: rule '{name}' must be named family:rule with family one of "
                               f"{', '.join(FAMILIES)}")
        if not isinstance(rule, dict) or "signal" not in rule:
            raise CuratorError(f"{where}: rule '{name}' needs a 'signal'")
        for bound in ("min", "max"):
            if rule.get(bound) is not None and not isinstance(rule[bound], (int, float)):
                raise CuratorError(f"{where}: rule '{name}' {bound} must be a number")


def config_hash(config: dict) -> str:
    canonical = json.dumps(config, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
