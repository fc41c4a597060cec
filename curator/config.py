"""The run configuration: defaults, YAML loading, deep merge, and a stable hash.

The effective config (defaults merged with the user's YAML) is written into ``workspace.json`` so a
workspace always says how it was made; ``apply`` replaces only the ``rules`` part.
"""

import copy
import hashlib
import json
import math
import os

import yaml

from curator.errors import CuratorError

DEFAULT_CONFIG: dict = {
    # max_record_bytes: a record (line, CSV row, JSON element, .txt file) longer than this is
    # reported as unreadable and skipped, so memory stays bounded whatever the input holds.
    # full_paths: store input paths as given in ``source`` (default: relative to the input named on
    # the command line, so no local path reaches a shared export).
    "input": {"text_field": "text", "id_field": "id", "txt_split": "file", "max_record_bytes": 64_000_000,
              "full_paths": False},
    "run": {"batch_docs": 256, "batch_bytes": 1_000_000, "part_rows": 50_000, "part_bytes": 64_000_000},
    # Each rule: "family:rule" -> signal column and a lower (min) and/or upper (max) bound.
    # A document fails the rule when its signal is below min or above max.
    "clean": {"strip_boilerplate": False, "min_chars_after_strip": 200},
    # Near-duplicates: MinHash over word n-grams; LSH with bands × rows (a candidate when one band
    # matches: 25 × 5 catches pairs down to Jaccard ~0.5); a candidate joins a cluster when its
    # estimated Jaccard ≥ threshold. Exact duplicates (same normalized text) always cluster.
    # Repeated lines: a line (≥ 5 characters) found in ≥ lines_min_docs distinct texts is
    # corpus-frequent; strip_repeated_lines removes such lines from otherwise good documents.
    # export.meta: what happens to the other input fields carried in ``meta``: "redact" (every
    # string value goes through the PII finder, like the text), "drop" (no meta column), or a list
    # of the field names to keep (redacted too).
    "export": {"meta": "redact"},
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


MAX_ALIASES = 100  # YAML anchors/aliases: enough for sharing settings, too few for a "billion laughs"
MAX_CONFIG_BYTES = 1 << 20


class _SafeLoader(yaml.SafeLoader):
    """yaml's safe loader with a cap on aliases (each alias can double what a document expands to)."""

    def __init__(self, stream):
        super().__init__(stream)
        self.aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise yaml.YAMLError(f"more than {MAX_ALIASES} aliases (line {mark.line + 1})")
        return super().compose_node(parent, index)


def load_config(path: str | None, base: dict | None = None) -> dict:
    """Defaults (or ``base``) merged with the YAML file at ``path``; validated whole."""
    config = copy.deepcopy(base if base is not None else DEFAULT_CONFIG)
    if base is not None:  # settings added since the workspace was made get their defaults (not rules)
        config = deep_merge({k: v for k, v in DEFAULT_CONFIG.items() if k != "rules"}, config)
    if path:
        if not os.path.isfile(path):
            raise CuratorError(f"{path}: config file not found")
        if os.path.getsize(path) > MAX_CONFIG_BYTES:
            raise CuratorError(f"{path}: config file larger than {MAX_CONFIG_BYTES:,} bytes")
        try:
            with open(path, encoding="utf-8") as fh:
                user = yaml.load(fh, Loader=_SafeLoader) or {}
        except UnicodeDecodeError as exc:
            raise CuratorError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark else ""
            raise CuratorError(f"{path}:{where} invalid YAML: {getattr(exc, 'problem', None) or exc}") from None
        if not isinstance(user, dict):
            raise CuratorError(f"{path}: expected a mapping at the top level")
        config = deep_merge(config, user)
    validate_config(config, path or "config")
    return config


# key -> (type, check, what the check means); a bool is never accepted where a number is meant
def _positive(v):
    return v > 0


def _non_negative(v):
    return v >= 0


SETTINGS = {
    "input": {"text_field": (str, bool, "a non-empty string"), "id_field": (str, bool, "a non-empty string"),
              "txt_split": (str, lambda v: v in ("file", "paragraph"), "file or paragraph"),
              "max_record_bytes": (int, _positive, "a positive integer"),
              "full_paths": (bool, None, "true or false")},
    "run": {"batch_docs": (int, _positive, "a positive integer"), "batch_bytes": (int, _positive, "a positive integer"),
            "part_rows": (int, _positive, "a positive integer"), "part_bytes": (int, _positive, "a positive integer")},
    "clean": {"strip_boilerplate": (bool, None, "true or false"),
              "min_chars_after_strip": (int, _non_negative, "an integer >= 0")},
    "dedup": {"enabled": (bool, None, "true or false"), "shingle_words": (int, _positive, "a positive integer"),
              "num_perm": (int, _positive, "a positive integer"), "bands": (int, _positive, "a positive integer"),
              "rows": (int, _positive, "a positive integer"),
              "threshold": (float, lambda v: 0 <= v <= 1, "a number from 0 to 1"),
              "seed": (int, _non_negative, "an integer >= 0"),
              "lines_min_docs": (int, _positive, "a positive integer"),
              "strip_repeated_lines": (bool, None, "true or false")},
    "export": {"meta": (object, lambda v: v in ("redact", "drop") or (isinstance(v, list) and all(
        isinstance(x, str) for x in v)), "redact, drop or a list of field names")},
}


def _check_value(where: str, key: str, value, kind, check, meaning: str) -> None:
    if kind is object:
        ok = True
    elif kind is bool:
        ok = isinstance(value, bool)
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    else:
        ok = isinstance(value, kind)
    if ok and check is not None:
        ok = bool(check(value))
    if not ok:
        raise CuratorError(f"{where}: {key} must be {meaning}, not {value!r}")


def validate_config(config: dict, where: str) -> None:
    """Every key known, every value of its type and range, before any work starts."""
    known = set(SETTINGS) | {"rules"}
    for section, values in config.items():
        if section not in known:
            raise CuratorError(f"{where}: unknown section '{section}' (known: {', '.join(sorted(known))})")
        if not isinstance(values, dict):
            raise CuratorError(f"{where}: '{section}' must be a mapping, not {values!r}")
    for section, keys in SETTINGS.items():
        for key, value in config.get(section, {}).items():
            if key not in keys:
                raise CuratorError(f"{where}: unknown key '{section}.{key}' (known: {', '.join(keys)})")
            _check_value(where, f"{section}.{key}", value, *keys[key])
    dedup = config.get("dedup", {})
    if dedup.get("bands", 1) * dedup.get("rows", 1) > dedup.get("num_perm", 128):
        raise CuratorError(f"{where}: dedup.bands × dedup.rows ({dedup['bands']} × {dedup['rows']}) "
                           f"exceeds dedup.num_perm ({dedup.get('num_perm', 128)})")
    validate_rules(config.get("rules", {}), where)


RULE_KEYS = ("signal", "min", "max", "enabled")


def known_signals() -> set[str]:
    from curator.signals import signal_fields
    return {f.name for f in signal_fields()} | {"n_chars", "repeated_line_ratio"}


def validate_rules(rules: dict, where: str) -> None:
    if not isinstance(rules, dict):
        raise CuratorError(f"{where}: 'rules' must be a mapping of rule names")
    signals = known_signals()
    for name, rule in rules.items():
        family, _, short = str(name).partition(":")
        if family not in FAMILIES or not short:
            raise CuratorError(f"{where}: rule '{name}' must be named family:rule with family one of "
                               f"{', '.join(FAMILIES)}")
        if not isinstance(rule, dict) or "signal" not in rule:
            raise CuratorError(f"{where}: rule '{name}' needs a 'signal'")
        unknown = [k for k in rule if k not in RULE_KEYS]
        if unknown:
            raise CuratorError(f"{where}: rule '{name}' has unknown key '{unknown[0]}' (known: {', '.join(RULE_KEYS)})")
        if rule["signal"] not in signals:
            raise CuratorError(f"{where}: rule '{name}' names unknown signal {rule['signal']!r}")
        for bound in ("min", "max"):
            value = rule.get(bound)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                      or not math.isfinite(value)):
                raise CuratorError(f"{where}: rule '{name}' {bound} must be a finite number or null, not {value!r}")
        if rule.get("min") is not None and rule.get("max") is not None and rule["min"] > rule["max"]:
            raise CuratorError(f"{where}: rule '{name}' min {rule['min']} is above max {rule['max']}")
        if "enabled" in rule and not isinstance(rule["enabled"], bool):
            raise CuratorError(f"{where}: rule '{name}' enabled must be true or false")


def config_hash(config: dict) -> str:
    canonical = json.dumps(config, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def with_bounds(config: dict, changes: dict[str, tuple[float | None, float | None]],
                specs: dict | None = None) -> dict:
    """A copy of ``config`` with each rule of ``changes`` at its new (min, max) (None: no bound on
    that side); a rule missing from ``config`` is taken from ``specs``."""
    config = copy.deepcopy(config)
    for name, (minimum, maximum) in changes.items():
        spec = config.setdefault("rules", {}).setdefault(name, copy.deepcopy((specs or {}).get(name, {})))
        for key, value in (("min", minimum), ("max", maximum)):
            if value is None:
                spec.pop(key, None)
            else:
                spec[key] = float(value)
    return config
