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


def _masks(columns: dict[str, np.ndarray], name: str, spec: dict, bounds: dict, n: int) -> np.ndarray:
    """Rows failing rule ``name`` at ``bounds`` (its own bounds where not given; none without its signal)."""
    b = {**spec, **bounds.get(name, {})}
    if spec["signal"] not in columns:
        return np.zeros(n, bool)
    return Rule(name, spec["signal"], b.get("min"), b.get("max")).fails(columns[spec["signal"]])


def joint_failing(columns: dict[str, np.ndarray], rules: dict[str, dict], bounds: dict[str, dict],
                  n: int) -> np.ndarray:
    """Rows failing any of ``rules`` at ``bounds`` (a rule's own bounds where not given)."""
    failing = np.zeros(n, bool)
    for name, spec in rules.items():
        if spec.get("enabled", True) is not False:
            failing |= _masks(columns, name, spec, bounds, n)
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


# Two-sided calibration: the clean reference bounds what may be lost, a junk set says what each
# bound buys. -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Move:
    """One step of the two-sided search: ``rule``'s ``side`` from ``before`` to ``after``; ``clean``
    clean documents kept by it (negative: removed) and ``junk`` junk documents given up (negative:
    caught), counting only documents no other rule removes."""
    rule: str
    side: str
    before: float
    after: float
    clean: int
    junk: int


@dataclass
class TwoSided:
    bounds: dict[str, dict]  # rule → {side: threshold}, every calibrated rule
    moves: list[Move]
    clean_removed: float  # share of the clean reference failing any calibrated (not fixed) rule at ``bounds``
    junk_caught: float  # share of the junk failing any rule at ``bounds``
    junk_by_kind: dict[str, tuple[int, int]]  # kind → (caught, documents)
    junk_at_start: float  # share of the junk the starting points caught
    began_at: str = "starting points"  # which of the two searches won (``two_sided``)


def _looser(clean: np.ndarray, failing: np.ndarray, side: str, current: float, most: int = 200) -> list[float]:
    """Thresholds looser than ``current`` that let clean documents now failing pass: each such
    document's value rounded outward (so it passes), nearest first, at most ``most`` of them."""
    values = np.unique(clean[failing & ~np.isnan(clean)])
    if side == "min":
        values = values[::-1]  # nearest to a min bound first: the highest failing values
    if len(values) > most:
        values = values[np.linspace(0, len(values) - 1, most).round().astype(int)]
    out = []
    for value in values:
        t = _round_out(float(value), "min" if side == "min" else "max")
        if ((side == "min" and t < current) or (side == "max" and t > current)) and t not in out:
            out.append(t)
    return out


STYLE_BUDGET = 0.05  # share of one style of the reference the calibrated rules may remove (two-sided)
SWAP_STEPS = 4  # looser values a trade tries per bound (the nearest clean documents it frees)
TAIL_SPACING_K = 5  # clean values a bound spares that estimate the spacing of the clean tail


def _tail_margin_ok(ordered: np.ndarray, side: str, bound: float) -> bool:
    """Whether ``bound`` leaves the clean documents it spares at least one tail spacing away
    (``ordered``: the clean values without NaN, sorted ascending, once per ``_tighter`` call).

    The reference is a sample: beyond its nearest clean value to a bound, the next clean document
    of the population is expected about one spacing further (the mean gap between the
    ``TAIL_SPACING_K`` clean values nearest the bound on the passing side). A tightening right
    next to a clean value spares the sample and cuts the population: books-law's line_punct went
    to 0.0865 beside a calibration bill at 0.088 and removed a held-out bill at 0.083.
    """
    if side == "min":
        spared = ordered[np.searchsorted(ordered, bound, side="left"):]
    else:
        spared = ordered[:np.searchsorted(ordered, bound, side="right")][::-1]
    if len(spared) < 2:
        return True
    near = spared[:TAIL_SPACING_K]
    spacing = abs(float(near[-1] - near[0])) / (len(near) - 1)
    return abs(float(near[0]) - bound) >= spacing


def _tighter(clean: np.ndarray, junk: np.ndarray, side: str, current: float, limit: float | None) -> list[float]:
    """Thresholds tighter than ``current`` (and not past ``limit``) that would catch junk documents
    now passing: their values rounded inward (so they fail), loosest first; a bound that leaves
    less than a tail spacing to the nearest clean document it spares is skipped (``_tail_margin_ok``)."""
    values = np.unique(junk[~np.isnan(junk)])
    ordered = np.sort(clean[~np.isnan(clean)])
    if side == "min":
        values = values[(values >= current)]
    else:
        values = values[(values <= current)][::-1]
    if len(values) > 200:
        values = values[np.linspace(0, len(values) - 1, 200).round().astype(int)]
    out = []
    for value in values:
        t = _round_out(float(value), "max" if side == "min" else "min")  # just past the junk value
        if side == "min":
            ok = t > current and (limit is None or t <= limit)
        else:
            ok = t < current and (limit is None or t >= limit)
        if ok and t not in out and _tail_margin_ok(ordered, side, t):
            out.append(t)
    return out


def two_sided(clean: dict[str, np.ndarray], junk: dict[str, np.ndarray], kinds: list[str], rules: dict[str, dict],
              joint_budget: float, fixed: frozenset[str] = frozenset(), rule_budget: float = 0.01,
              one_sided: dict[str, dict] | None = None, styles: list[str] | None = None,
              style_budget: float = STYLE_BUDGET) -> TwoSided:
    """The better (more junk caught, then less clean removed) of two greedy searches: from the
    starting points (``_search``), and from the ``one_sided`` proposal (every bound loosened to the
    reference's cut) tightened where the junk pays. Greedy steps find neither optimum; the two
    starts fail differently (the first spends the budget on one broad rule, the second on many
    narrow ones), so both are tried and the report says which won. ``styles`` (per clean document,
    optional): no style may lose more than ``style_budget`` of its documents (``_search``)."""
    caps = _style_caps(styles, style_budget)
    first = _search(clean, junk, kinds, rules, joint_budget, fixed, rule_budget, None, caps)
    if one_sided is None:
        return first
    second = _search(clean, junk, kinds, rules, joint_budget, fixed, rule_budget, one_sided, caps)
    better = max((first, second), key=lambda t: (round(t.junk_caught, 9), -t.clean_removed))
    return better


def _style_caps(styles: list[str] | None, share: float) -> tuple[np.ndarray, np.ndarray] | None:
    """(per clean document: its style's index, per style: how many of its documents the calibrated
    rules may remove); None without styles."""
    if not styles:
        return None
    names, index = np.unique(np.asarray(styles, dtype=object).astype(str), return_inverse=True)
    sizes = np.bincount(index, minlength=len(names))
    return index, np.floor(share * sizes + 1e-9).astype(int)


def _search(clean: dict[str, np.ndarray], junk: dict[str, np.ndarray], kinds: list[str], rules: dict[str, dict],
            joint_budget: float, fixed: frozenset[str], rule_budget: float, start: dict[str, dict] | None,
            caps: tuple[np.ndarray, np.ndarray] | None = None) -> TwoSided:
    """Thresholds from both sides, in three greedy phases over the starting points (``rules``), or
    over ``start`` (then phase 1 has no work: it is inside the budget already).

    1. While the calibrated rules together remove more than ``joint_budget`` of the clean
       reference, loosen the bound that gives back the most clean documents per junk document it
       gives up (documents no other rule removes), never more than the budget needs.
    2. With what is left of the budget, tighten the bound that catches the most junk per clean
       document it costs, but never past the reference's own cut at ``rule_budget`` (a bound may
       remove at most that share of clean text by itself): the junk set decides how much of the
       clean tail to give, the clean text decides how far a bound can go.

    3. Trade: loosen a bound by a few clean documents when what that frees lets another bound catch
       more junk than the loosening gives up (the best such pair, repeated while one gains). Phase 1
       loosens the broadest rule when the starting points are far outside the budget (books-law:
       ``morph_lm_score`` gave up 112 junk documents for 133 clean); a trade buys some back.

    With ``caps`` (``_style_caps``), no style of the reference loses more than its cap: phase 1
    also loosens until every style is inside it, and no tightening may push one past it. A small
    style the joint budget cannot see is often what the preset is for (books-law: 6 calibration laws
    of 846 documents; a trade's newline bound removed 5 of them and all 5 held-out laws).

    Fixed rules stay. Greedy on purpose: every step is a line of the report a curator can read and
    undo, and a step that gives up junk says so."""
    n_clean = len(next(iter(clean.values()))) if clean else 0
    n_junk = len(next(iter(junk.values()))) if junk else 0
    active = {name: spec for name, spec in rules.items()
              if spec.get("enabled", True) is not False and spec["signal"] in clean}
    junk_at_start = float((np.sum([_masks(junk, name, spec, {}, n_junk) for name, spec in active.items()], axis=0)
                           > 0).mean()) if n_junk and active else 0.0
    bounds: dict[str, dict] = {name: dict(sides) for name, sides in (start or {}).items() if name not in fixed}
    fail_c = {name: (_masks(clean, name, spec, bounds, n_clean) if name not in fixed else np.zeros(n_clean, bool))
              for name, spec in active.items()}
    fail_j = {name: _masks(junk, name, spec, bounds, n_junk) for name, spec in active.items()}
    count_c = np.sum(list(fail_c.values()), axis=0) if fail_c else np.zeros(n_clean, int)
    count_j = np.sum(list(fail_j.values()), axis=0) if fail_j else np.zeros(n_junk, int)
    allowed = int(math.floor(joint_budget * n_clean + 1e-9))
    movable = [(name, side) for name, spec in active.items() if name not in fixed
               for side in ("min", "max") if spec.get(side) is not None]
    moves: list[Move] = []
    style_of, style_cap = caps if caps is not None else (np.zeros(n_clean, int), np.array([n_clean]))

    def within_caps(removed: np.ndarray) -> bool:
        return bool((np.bincount(style_of[removed], minlength=len(style_cap)) <= style_cap).all())

    def adopt(name, side, current, value, mask_c, mask_j, freed, lost):
        nonlocal count_c, count_j
        bounds.setdefault(name, {})[side] = value
        count_c = count_c + mask_c.astype(int) - fail_c[name]
        count_j = count_j + mask_j.astype(int) - fail_j[name]
        fail_c[name], fail_j[name] = mask_c, mask_j
        moves.append(Move(name, side, current, value, freed, lost))

    while int((count_c > 0).sum()) > allowed:  # phase 1: loosen into the budget
        removed_c, caught_j = int((count_c > 0).sum()), int((count_j > 0).sum())
        need = removed_c - allowed
        best, best_score = None, -1.0
        for name, side in movable:
            spec = active[name]
            current = bounds.get(name, {}).get(side, spec[side])
            if not fail_c[name].any():
                continue
            others_c, others_j = count_c - fail_c[name], count_j - fail_j[name]
            alone = fail_c[name] & (count_c == 1)
            for value in _looser(clean[spec["signal"]], alone if alone.any() else fail_c[name], side, current):
                trial = {name: {**bounds.get(name, {}), side: value}}
                mask_c = _masks(clean, name, spec, trial, n_clean)
                freed = removed_c - int(((others_c + mask_c) > 0).sum())
                # documents failing several rules free nothing alone: count the failures lifted then
                progress = freed if freed > 0 else 0.01 * int((fail_c[name] & ~mask_c).sum())
                if progress <= 0:
                    continue
                mask_j = _masks(junk, name, spec, trial, n_junk)
                lost = caught_j - int(((others_j + mask_j) > 0).sum())
                score = min(progress, need) / (lost + 1.0)
                if score > best_score:
                    best, best_score = (name, side, current, value, mask_c, mask_j, freed, lost), score
        if best is None:
            break  # nothing left to loosen (the fixed rules alone exceed the budget)
        adopt(*best)
    while not within_caps(count_c > 0):  # phase 1, per style: loosen until no style loses more than its cap
        over = np.bincount(style_of[count_c > 0], minlength=len(style_cap)) > style_cap
        hit = over[style_of]
        removed_hit, caught_j = int(((count_c > 0) & hit).sum()), int((count_j > 0).sum())
        best, best_score = None, -1.0
        for name, side in movable:
            spec = active[name]
            current = bounds.get(name, {}).get(side, spec[side])
            if not (fail_c[name] & hit).any():
                continue
            others_c, others_j = count_c - fail_c[name], count_j - fail_j[name]
            for value in _looser(clean[spec["signal"]], fail_c[name] & hit, side, current):
                trial = {name: {**bounds.get(name, {}), side: value}}
                mask_c = _masks(clean, name, spec, trial, n_clean)
                freed = removed_hit - int((((others_c + mask_c) > 0) & hit).sum())
                if freed <= 0:
                    continue
                mask_j = _masks(junk, name, spec, trial, n_junk)
                lost = caught_j - int(((others_j + mask_j) > 0).sum())
                score = freed / (lost + 1.0)
                if score > best_score:
                    best, best_score = (name, side, current, value, mask_c, mask_j,
                                        int((count_c > 0).sum()) - int(((others_c + mask_c) > 0).sum()), lost), score
        if best is None:
            break
        adopt(*best)
    limits = {(name, side): cut(clean[active[name]["signal"]], side, rule_budget) for name, side in movable}

    def best_tightening(count_c, count_j, fail_c, fail_j, bounds):
        """The tightening that catches the most junk per clean document it costs inside the budget
        (at least 2 junk), as ``adopt`` arguments (clean and junk given back negative: it costs and
        catches); None when there is none."""
        removed_c, caught_j = int((count_c > 0).sum()), int((count_j > 0).sum())
        missed = ~(count_j > 0)
        best, best_score = None, 0.0
        for name, side in movable:
            spec = active[name]
            current = bounds.get(name, {}).get(side, spec[side])
            others_c, others_j = count_c - fail_c[name], count_j - fail_j[name]
            for value in _tighter(clean[spec["signal"]], junk[spec["signal"]][missed], side, current,
                                  limits[(name, side)]):
                trial = {name: {**bounds.get(name, {}), side: value}}
                mask_c = _masks(clean, name, spec, trial, n_clean)
                removed = (others_c + mask_c) > 0
                cost = int(removed.sum()) - removed_c
                if removed_c + cost > allowed or not within_caps(removed):
                    break  # tighter values only cost more
                mask_j = _masks(junk, name, spec, trial, n_junk)
                gain = int(((others_j + mask_j) > 0).sum()) - caught_j
                if gain < 2:
                    continue
                score = gain / (cost + 1.0)
                if score > best_score:
                    best, best_score = (name, side, current, value, mask_c, mask_j, -cost, -gain), score
        return best

    while True:  # phase 2: tighten with what is left of the budget
        best = best_tightening(count_c, count_j, fail_c, fail_j, bounds)
        if best is None:
            break
        adopt(*best)
    while True:  # phase 3: trade a loosening for a tightening that catches more junk than it gives up
        removed_c, caught_j = int((count_c > 0).sum()), int((count_j > 0).sum())
        best_pair, best_net = None, (0, 0)
        for name, side in movable:
            spec = active[name]
            current = bounds.get(name, {}).get(side, spec[side])
            alone = fail_c[name] & (count_c == 1)
            if not alone.any():
                continue
            others_c, others_j = count_c - fail_c[name], count_j - fail_j[name]
            for value in _looser(clean[spec["signal"]], alone, side, current)[:SWAP_STEPS]:
                trial = {name: {**bounds.get(name, {}), side: value}}
                mask_c = _masks(clean, name, spec, trial, n_clean)
                mask_j = _masks(junk, name, spec, trial, n_junk)
                new_c, new_j = others_c + mask_c, others_j + mask_j
                freed = removed_c - int((new_c > 0).sum())
                lost = caught_j - int((new_j > 0).sum())
                if freed <= 0:
                    continue
                loosen = (name, side, current, value, mask_c, mask_j, freed, lost)
                after = {**bounds, name: trial[name]}
                tighten = best_tightening(new_c, new_j, {**fail_c, name: mask_c}, {**fail_j, name: mask_j}, after)
                if tighten is None or tighten[0] == name:
                    continue
                net = (-tighten[7] - lost, tighten[6] + freed)  # junk gained, then clean kept
                if net[0] >= 2 and net > best_net:
                    best_pair, best_net = (loosen, tighten), net
        if best_pair is None:
            break
        adopt(*best_pair[0])
        adopt(*best_pair[1])
    caught = count_j > 0
    by_kind: dict[str, tuple[int, int]] = {}
    for kind in sorted(set(kinds)):
        mine = np.array([k == kind for k in kinds], bool)
        by_kind[kind] = (int(caught[mine].sum()), int(mine.sum()))
    every = {name: {side: bounds.get(name, {}).get(side, spec[side]) for side in ("min", "max")
                    if spec.get(side) is not None} for name, spec in active.items() if name not in fixed}
    return TwoSided(every, moves, float((count_c > 0).mean()) if n_clean else 0.0,
                    float(caught.mean()) if n_junk else 0.0, by_kind, junk_at_start,
                    "one-sided proposal" if start else "starting points")
