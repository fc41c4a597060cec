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
    "run": {"batch_docs": 512, "batch_bytes": 4_000_000, "part_rows": 50_000},
    # Each rule: "family:rule" -> signal column and a lower (min) and/or upper (max) bound.
    # A document fails the rule when its signal is below min or above max.
    "rules": {
        "encoding:invalid_chars": {"signal": "invalid_chars", "max": 0},
        "length:min_chars": {"signal": "n_chars", "min": 200},
        "language:hangul_ratio": {"signal": "hangul_ratio", "min": 0.3},
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
