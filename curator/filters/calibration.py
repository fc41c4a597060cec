"""Thresholds from the distribution of clean reference text (the method, no I/O).

FineWeb-2 set its per-language thresholds from the distributions of reference text in each
language rather than by hand; this is that method with a budget a curator can read. For each
rule side (a ``min`` or a ``max`` bound) the *reference cut* is the threshold at which at most
``budget`` of the clean reference documents fail it (``cut``). The proposal loosens a starting
threshold to the cut when the starting one removes more clean text than the budget, and never
tightens it: a starting point (FineWeb-2's ``kor_Hang`` values, or a lab's own) that already
keeps the reference is kept, so calibrating a calibrated config changes nothing. With a joint
budget the per-rule budget is lowered until all calibrated rules together remove at most that
share of the reference. Rules whose bound is a definition rather than an estimate (``FIXED``)
are reported but left alone.

The reference distribution itself travels with the config (``reference`` section: the signal's
value at each of ``LEVELS``) so the app can show the cut and tell, for a removed document, what
share of clean reference text is as far out as it.
"""

import math
from dataclasses import dataclass

import numpy as np

from curator.filters.rules import Rule

LEVELS = (0.0, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.98, 0.99, 0.995,
          0.998, 0.999, 1.0)


@dataclass(frozen=True)
class Proposal:
    rule: str
    signal: str
    side: str  # "min" or "max"
    current: float
    cut: float | None  # the reference cut at the budget (None: no reference values)
    proposed: float
    removed_current: float  # share of the reference failing this side at the current threshold
    removed_proposed: float
    fixed: bool = False

    @property
    def changed(self) -> bool:
        return self.proposed != self.current


def _round_out(value: float, side: str) -> float:
    """``value`` rounded to 3 significant digits away from the kept side (so no more fail)."""
    if value == 0 or not math.isfinite(value):
        return float(value)
    step = 10.0 ** (math.floor(math.log10(abs(value))) - 2)
    scaled = value / step  # float noise (201.00000001) must not round a whole step out
    rounded = (math.ceil(scaled - 1e-7) if side == "max" else math.floor(scaled + 1e-7)) * step
    return float(round(rounded, 12))


def cut(values: np.ndarray, side: str, budget: float) -> float | None:
    """The tightest threshold (3 significant digits) at which at most ``budget`` of ``values``
    fail a ``side`` bound (NaN never fails, so it is not counted)."""
    values = np.sort(values[~np.isnan(values)])
    if len(values) == 0:
        return None
    allowed = int(math.floor(budget * len(values) + 1e-9))
    raw = values[len(values) - 1 - allowed] if side == "max" else values[allowed]
    return _round_out(float(raw), side)


def failing_share(values: np.ndarray, side: str, threshold: float) -> float:
    rule = Rule("x:y", "x", min=threshold if side == "min" else None, max=threshold if side == "max" else None)
    return float(rule.fails(values).mean()) if len(values) else 0.0


def propose(name: str, spec: dict, values: np.ndarray, budget: float, fixed: bool) -> list[Proposal]:
    """One proposal per bound of the rule (a two-sided rule splits the budget between its sides)."""
    sides = [side for side in ("min", "max") if spec.get(side) is not None]
    out = []
    for side in sides:
        current = spec[side]  # as written (an integer bound stays one)
        at_budget = cut(values, side, budget / len(sides))
        proposed = current
        if not fixed and at_budget is not None:
            proposed = max(current, at_budget) if side == "max" else min(current, at_budget)
        out.append(Proposal(name, spec["signal"], side, current, at_budget, proposed,
                            failing_share(values, side, current), failing_share(values, side, proposed), fixed))
    return out


def bounds_of(proposals: list[Proposal]) -> dict[str, dict]:
    """rule → {"min"/"max": proposed value}."""
    out: dict[str, dict] = {}
    for p in proposals:
        out.setdefault(p.rule, {})[p.side] = p.proposed
    return out


def joint_failing(columns: dict[str, np.ndarray], rules: dict[str, dict], bounds: dict[str, dict],
                  n: int) -> np.ndarray:
    """Rows failing any of ``rules`` at ``bounds`` (a rule's own bounds where not given)."""
    failing = np.zeros(n, bool)
    for name, spec in rules.items():
        if spec.get("enabled", True) is False or spec["signal"] not in columns:
            continue
        b = {**spec, **bounds.get(name, {})}
        failing |= Rule(name, spec["signal"], b.get("min"), b.get("max")).fails(columns[spec["signal"]])
    return failing


@dataclass
class Calibration:
    proposals: list[Proposal]
    budget: float  # the per-rule budget the proposals were made with
    joint_current: float  # share of the reference failing any rule, current thresholds
    joint_proposed: float
    joint_calibrated: float  # ... failing any calibrated (not fixed) rule, proposed thresholds
    documents: int

    def rules(self, base_rules: dict[str, dict]) -> dict[str, dict]:
        """``base_rules`` with the proposed thresholds."""
        out = {name: dict(spec) for name, spec in base_rules.items()}
        for name, sides in bounds_of(self.proposals).items():
            out[name].update(sides)
        return out


def calibrate(columns: dict[str, np.ndarray], rules: dict[str, dict], budget: float,
              joint_budget: float | None = None, fixed: frozenset[str] = frozenset()) -> Calibration:
    """Proposals for every enabled rule from reference ``columns`` (signal → values per document).

    With ``joint_budget`` the per-rule budget is lowered (×0.8 a step) until the calibrated rules
    together fail at most that share of the reference, or no lower budget changes anything."""
    n = len(next(iter(columns.values()))) if columns else 0
    active = {name: spec for name, spec in rules.items()
              if spec.get("enabled", True) is not False and spec["signal"] in columns}
    calibrated = {name: spec for name, spec in active.items() if name not in fixed}
    per_rule = budget
    while True:
        proposals = [p for name, spec in active.items()
                     for p in propose(name, spec, columns[spec["signal"]], per_rule, name in fixed)]
        bounds = bounds_of(proposals)
        joint_calibrated = float(joint_failing(columns, calibrated, bounds, n).mean()) if n else 0.0
        if joint_budget is None or joint_calibrated <= joint_budget or per_rule * n < 1:
            break
        per_rule *= 0.8
    return Calibration(proposals, per_rule,
                       float(joint_failing(columns, active, {}, n).mean()) if n else 0.0,
                       float(joint_failing(columns, active, bounds, n).mean()) if n else 0.0,
                       joint_calibrated, n)


def reference_summary(columns: dict[str, np.ndarray], signals: list[str]) -> dict[str, list[float]]:
    """signal → its value at each of ``LEVELS`` over the reference (NaN left out)."""
    out = {}
    for signal in signals:
        values = columns[signal][~np.isnan(columns[signal])]
        if len(values):
            out[signal] = [float(round(v, 6)) for v in np.quantile(values, LEVELS)]
    return out


def reference_share(levels: list[float], value: float, side: str) -> float:
    """Share of the reference as far out as ``value`` on the failing ``side`` (from the stored
    levels, interpolated; exact at the levels)."""
    quantiles = np.asarray(levels, np.float64)
    below = float(np.interp(value, quantiles, LEVELS, left=0.0, right=1.0))
    if side == "min":
        return below
    return 1.0 - below


def reference_cut(reference: dict, signal: str, side: str) -> float | None:
    """Where the reference's budget falls on ``signal`` (the cut a calibration would propose for a
    ``side`` bound), from the stored levels; None without a reference for it."""
    levels, budget = (reference or {}).get("signals", {}).get(signal), (reference or {}).get("budget")
    if not levels or budget is None:
        return None
    return float(np.interp(budget if side == "min" else 1.0 - budget, LEVELS, levels))


def past_threshold(reference: dict, rule: Rule, value: float) -> tuple[float, float | None] | None:
    """For a value failing ``rule``: (how far past its threshold, share of the clean reference at
    least that far out: None without a reference for the signal); None when it does not fail."""
    if value is None or not rule.fails(np.array([value]))[0]:
        return None
    side = "min" if rule.min is not None and value < rule.min else "max"
    distance = abs(value - (rule.min if side == "min" else rule.max))
    levels = (reference or {}).get("signals", {}).get(rule.signal)
    return distance, (reference_share(levels, value, side) if levels else None)
