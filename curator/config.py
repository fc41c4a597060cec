"""The run configuration: typed sections with their defaults and checks, YAML loading, deep merge,
validation, and a stable hash.

Each section is a dataclass whose fields say the key, its type, its default and what a valid value
is; ``Config.parse`` checks a whole config against them (an unknown section, key, rule or signal, a
wrong type, NaN, min > max is one error naming the key) and gives typed access. The rule set and
its defaults belong to the filters (``filters/defaults.py``). The effective config (defaults merged
with the user's YAML) is stored as plain JSON in ``workspace.json`` so a workspace always says how
it was made; ``apply`` replaces only the ``rules`` part.
"""

import copy
import dataclasses
import hashlib
import json
import math
import reprlib
import os
from dataclasses import dataclass, field

import yaml

from curator.decontam import is_contamination_signal
from curator.errors import CuratorError
from curator.filters.calibration import LEVELS
from curator.filters.defaults import DEFAULT_PRESET, DEFAULT_REFERENCE, DEFAULT_RULES, FAMILIES


def _positive(v):
    return v > 0


def _non_negative(v):
    return v >= 0


def _setting(default, check=None, meaning: str = ""):
    """A field with its default and what a valid value is (a bool never passes for a number)."""
    return field(default=default, metadata={"check": check, "meaning": meaning})


POSITIVE = (_positive, "a positive integer")
FLAG = (None, "true or false")


@dataclass(frozen=True)
class InputSettings:
    text_field: str = _setting("text", bool, "a non-empty string")
    id_field: str = _setting("id", bool, "a non-empty string")
    txt_split: str = _setting("file", lambda v: v in ("file", "paragraph"), "file or paragraph")
    # a record (line, CSV row, JSON element, .txt file) longer than this is reported as unreadable
    # and skipped, so memory stays bounded whatever the input holds
    max_record_bytes: int = _setting(64_000_000, *POSITIVE)
    # store input paths as given in ``source`` (default: relative to the input named on the command
    # line, so no local path reaches a shared export)
    full_paths: bool = _setting(False, *FLAG)


@dataclass(frozen=True)
class RunSettings:
    batch_docs: int = _setting(256, *POSITIVE)
    batch_bytes: int = _setting(1_000_000, *POSITIVE)
    part_rows: int = _setting(50_000, *POSITIVE)
    part_bytes: int = _setting(64_000_000, *POSITIVE)  # bounds the memory of rewriting one part


@dataclass(frozen=True)
class CleanSettings:
    strip_boilerplate: bool = _setting(False, *FLAG)
    min_chars_after_strip: int = _setting(200, _non_negative, "an integer >= 0")


@dataclass(frozen=True)
class SignalSettings:
    """Analysis settings (a change needs a new ``run``). A share of lines says little about a
    document of one or two lines (one line ending in "…" is a 100 % ellipsis share): the line-share
    signals (``signals/lines.py`` LINE_SHARES) have no value below ``line_share_min_lines``
    non-empty lines, so such a document is judged by its other rules."""
    line_share_min_lines: int = _setting(3, _non_negative, "an integer >= 0")


@dataclass(frozen=True)
class DedupSettings:
    """Near-duplicates: MinHash over word n-grams; LSH with bands × rows (a candidate when one band
    matches: 25 × 5 catches pairs down to Jaccard ~0.5); a candidate joins a cluster when its
    estimated Jaccard ≥ threshold. Exact duplicates (same normalized text) always cluster.
    Repeated lines: a line (≥ 5 characters) found in ≥ lines_min_docs distinct texts is
    corpus-frequent; strip_repeated_lines removes such lines from otherwise good documents."""
    enabled: bool = _setting(True, *FLAG)
    shingle_words: int = _setting(5, *POSITIVE)
    num_perm: int = _setting(128, *POSITIVE)
    bands: int = _setting(25, *POSITIVE)
    rows: int = _setting(5, *POSITIVE)
    threshold: float = _setting(0.7, lambda v: 0 <= v <= 1, "a number from 0 to 1")
    seed: int = _setting(1, _non_negative, "an integer >= 0")
    lines_min_docs: int = _setting(5, *POSITIVE)
    strip_repeated_lines: bool = _setting(False, *FLAG)


@dataclass(frozen=True)
class ExportSettings:
    """meta: what happens to the other input fields carried in ``meta``: "redact" (every string
    value goes through the PII finder, like the text), "drop" (no meta column), or a list of the
    field names to keep (redacted too)."""
    meta: object = _setting("redact", lambda v: v in ("redact", "drop") or (
        isinstance(v, list) and all(isinstance(x, str) for x in v)), "redact, drop or a list of field names")


@dataclass(frozen=True)
class LearnedSettings:
    """model: the learned quality model (``curator learn`` writes WS/learned/model.npz; ``run
    --model FILE`` copies one into the new workspace) whose score fills ``learned_quality``."""
    model: object = _setting(None, lambda v: v is None or isinstance(v, str), "a model file path or null")


@dataclass(frozen=True)
class RuleSpec:
    signal: str
    min: float | None = None
    max: float | None = None
    enabled: bool = True


SECTIONS = {"input": InputSettings, "run": RunSettings, "clean": CleanSettings, "signals": SignalSettings,
            "dedup": DedupSettings,
            "export": ExportSettings, "learned": LearnedSettings}
RULE_KEYS = tuple(f.name for f in dataclasses.fields(RuleSpec))


@dataclass(frozen=True)
class Config:
    input: InputSettings = field(default_factory=InputSettings)
    run: RunSettings = field(default_factory=RunSettings)
    clean: CleanSettings = field(default_factory=CleanSettings)
    signals: SignalSettings = field(default_factory=SignalSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    export: ExportSettings = field(default_factory=ExportSettings)
    learned: LearnedSettings = field(default_factory=LearnedSettings)
    rules: dict[str, RuleSpec] = field(default_factory=dict)

    @classmethod
    def parse(cls, data: dict, where: str = "config") -> "Config":
        """The typed config of ``data`` (a config as stored), or one error naming the bad key."""
        known = set(SECTIONS) | {"rules", "reference", "preset"}
        for section, values in data.items():
            if section not in known:
                raise CuratorError(f"{where}: unknown section '{section}' (known: {', '.join(sorted(known))})")
            if section == "preset":  # the name of the shipped preset the rules came from
                if not isinstance(values, str):
                    raise CuratorError(f"{where}: 'preset' must be a name, not {excerpt(values)}")
                continue
            if not isinstance(values, dict):
                raise CuratorError(f"{where}: '{section}' must be a mapping, not {excerpt(values)}")
        sections = {}
        for section, kind in SECTIONS.items():
            fields = {f.name: f for f in dataclasses.fields(kind)}
            values = data.get(section, {})
            for key, value in values.items():
                if key not in fields:
                    raise CuratorError(f"{where}: unknown key '{section}.{key}' (known: {', '.join(fields)})")
                _check_value(where, f"{section}.{key}", value, fields[key])
            sections[section] = kind(**values)
        dedup = sections["dedup"]
        if dedup.bands * dedup.rows > dedup.num_perm:
            raise CuratorError(f"{where}: dedup.bands × dedup.rows ({dedup.bands} × {dedup.rows}) "
                               f"exceeds dedup.num_perm ({dedup.num_perm})")
        _check_reference(data.get("reference", {}), where)
        return cls(**sections, rules=_parse_rules(data.get("rules", {}), where))


def _check_value(where: str, key: str, value, setting: dataclasses.Field) -> None:
    kind, check, meaning = setting.type, setting.metadata["check"], setting.metadata["meaning"]
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
        raise CuratorError(f"{where}: {key} must be {meaning}, not {excerpt(value)}")


def _check_reference(reference: dict, where: str) -> None:
    """The clean reference distribution a calibration left (``filters/calibration.py``)."""
    for key, value in reference.items():
        if key == "signals":
            if not isinstance(value, dict):
                raise CuratorError(f"{where}: reference.signals must be a mapping of signal names")
            for signal, levels in value.items():
                if (not isinstance(levels, list) or len(levels) != len(LEVELS)
                        or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in levels)):
                    raise CuratorError(f"{where}: reference.signals.{signal} must be {len(LEVELS)} finite numbers")
        elif key == "junk":  # what a two-sided calibration caught of its junk set (a record, not a setting)
            if not isinstance(value, dict):
                raise CuratorError(f"{where}: reference.junk must be a mapping")
        elif key not in ("source", "documents", "budget", "joint_budget"):
            raise CuratorError(f"{where}: unknown key 'reference.{key}' (known: source, documents, budget, "
                               f"joint_budget, signals, junk)")


def known_signals() -> set[str]:
    from curator.signals import signal_fields
    return {f.name for f in signal_fields()} | {"n_chars", "repeated_line_ratio", "learned_quality"}


def _parse_rules(rules: dict, where: str) -> dict[str, RuleSpec]:
    from curator.signals import signal_range
    if not isinstance(rules, dict):
        raise CuratorError(f"{where}: 'rules' must be a mapping of rule names")
    signals = known_signals()
    parsed = {}
    for name, rule in rules.items():
        family, _, short = str(name).partition(":")
        if family not in FAMILIES or not short:
            raise CuratorError(f"{where}: rule '{name}' must be named family:rule with family one of "
                               f"{', '.join(FAMILIES)}")
        if not isinstance(rule, dict) or "signal" not in rule:
            # a bound for a rule that does not exist (a typo of a shipped rule) reads as a new rule
            from difflib import get_close_matches

            from curator.filters.defaults import STARTING_RULES
            if name not in STARTING_RULES:
                close = get_close_matches(str(name), list(STARTING_RULES), n=1, cutoff=0.85)
                raise CuratorError(f"{where}: unknown rule {name}" + (f" (did you mean {close[0]}?)" if close else
                                   "; a new rule needs a 'signal'"))
            raise CuratorError(f"{where}: rule '{name}' needs a 'signal'")
        unknown = [k for k in rule if k not in RULE_KEYS]
        if unknown:
            raise CuratorError(f"{where}: rule '{name}' has unknown key '{unknown[0]}' (known: {', '.join(RULE_KEYS)})")
        if rule["signal"] not in signals and not is_contamination_signal(rule["signal"]):
            raise CuratorError(f"{where}: rule '{name}' names unknown signal {excerpt(rule['signal'])}")
        for bound in ("min", "max"):
            value = rule.get(bound)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                                      or not math.isfinite(value)):
                raise CuratorError(f"{where}: rule '{name}' {bound} must be a finite number or null, not {excerpt(value)}")
        low, high = signal_range(rule["signal"])
        for bound in ("min", "max"):
            value = rule.get(bound)
            if value is not None and ((low is not None and value < low) or (high is not None and value > high)):
                span = f"{low:g}–{high:g}" if high is not None else f"≥ {low:g}"
                raise CuratorError(f"{where}: rule '{name}' {bound} {value:g} is outside what {rule['signal']} can be "
                                   f"({span})")
        if rule.get("min") is not None and rule.get("max") is not None and rule["min"] > rule["max"]:
            raise CuratorError(f"{where}: rule '{name}' min {rule['min']} is above max {rule['max']}")
        if "enabled" in rule and not isinstance(rule["enabled"], bool):
            raise CuratorError(f"{where}: rule '{name}' enabled must be true or false")
        parsed[name] = RuleSpec(**rule)
    return parsed


# the defaults as stored (plain JSON): every section's dataclass defaults and the filters' rules
DEFAULT_CONFIG: dict = {**{name: dataclasses.asdict(kind()) for name, kind in SECTIONS.items()},
                        "preset": DEFAULT_PRESET,
                        "rules": copy.deepcopy(DEFAULT_RULES), "reference": copy.deepcopy(DEFAULT_REFERENCE)}


def preset_config(name: str) -> dict:
    """The defaults with the rules and reference of shipped preset ``name`` (``run --preset``)."""
    from curator.filters.defaults import preset, preset_rules
    shipped = preset(name)
    return {**copy.deepcopy(DEFAULT_CONFIG), "preset": name, "rules": preset_rules(name, shipped),
            "reference": copy.deepcopy(shipped.get("reference", {}))}


def validate_config(config: dict, where: str) -> None:
    """Every key known, every value of its type and range, before any work starts."""
    Config.parse(config, where)


def deep_merge(base: dict, override: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in (override or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


MAX_EXPANDED_VALUES = 100_000  # a config expanded (aliases repeated) holds at most this many values
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


def excerpt(value, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters: an error line never carries a whole value (a
    value built from aliases can expand to gigabytes). Never expands more than it prints."""
    short = reprlib.Repr()  # attributes, not arguments: Python 3.11
    short.maxlevel, short.maxlist, short.maxdict, short.maxstring, short.maxother = 3, 4, 4, limit, limit
    text = short.repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def expanded_values(value, limit: int) -> int:
    """How many values ``value`` holds once every shared (aliased) part is counted as often as it
    is referenced, stopping past ``limit``: what json.dumps or a deep copy would materialise."""
    count, stack = 0, [value]
    while stack and count <= limit:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return count


def load_config(path: str | None, base: dict | None = None, preset: str | None = None) -> dict:
    """Defaults (or ``base``, or the shipped ``preset``) merged with the YAML file at ``path``;
    validated whole."""
    if preset is not None and base is None:
        base_config = preset_config(preset)
    else:
        base_config = base if base is not None else DEFAULT_CONFIG
    config = copy.deepcopy(base_config)
    if base is not None:  # settings added since the workspace was made get their defaults (not rules)
        config = deep_merge({k: v for k, v in DEFAULT_CONFIG.items() if k not in ("rules", "preset")}, config)
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
        if expanded_values(user, MAX_EXPANDED_VALUES) > MAX_EXPANDED_VALUES:
            raise CuratorError(f"{path}: expands to more than {MAX_EXPANDED_VALUES:,} values (aliases repeat "
                               f"a value); a config is a few hundred")
        if not isinstance(user, dict):
            raise CuratorError(f"{path}: expected a mapping at the top level")
        config = deep_merge(config, user)
    validate_config(config, path or "config")
    return config


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
