"""Personal data in Korean text, found as typed spans (stored in ``pii``, redacted at export).

PII is never a reason to drop a document. Kinds: ``rrn`` (resident registration number),
``frn`` (foreign registration number), ``phone``, ``email``, ``card`` (Luhn), ``brn`` (business
registration number, checksum), ``passport``. Dates, amounts, versions and ISBNs are not PII.

Registration numbers YYMMDD-GNNNNNN: the date must exist for the century the gender digit G gives
(1/2/5/6: 1900s, 3/4/7/8: 2000s, 9/0: 1800s; 5–8 are foreigners). The checksum (weights
2,3,4,5,6,7,8,9,2,3,4,5; check = (11 − S mod 11) mod 10) holds for numbers issued before October
2020; later numbers have random tails, so with the hyphen a valid date and gender digit suffice.
Without a hyphen, 13 digits count only when the checksum holds (too many other numbers look alike).
"""

import datetime
import re

# every kind of span ``find_pii`` gives, in the order the tokenizer reserves their placeholders
PII_KINDS = ("rrn", "frn", "phone", "email", "card", "brn", "passport")
_RRN = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})(\s?-\s?|)([0-9])(\d{6})(?![\d-])")
_EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_CARD = re.compile(r"(?<![\d-])(?:\d{4}([- ]?)\d{4}\1\d{4}\1\d{4}|\d{4}([- ]?)\d{6}\2\d{5})(?![\d-])")
_BRN = re.compile(r"(?<![\d-])(\d{3})-(\d{2})-(\d{5})(?![\d-])")
_PASSPORT = re.compile(r"(?<![A-Za-z0-9])[MSROD](?:\d{3}[A-Z]\d{4}|\d{8})(?![A-Za-z0-9])")
_PHONE = re.compile(
    r"(?<![\d+])(?:\+82[\s-]?(?:\(0\))?|0)"
    r"(?:1[016789]|2|[3-6][1-5]|70|50[2-8])"  # mobile 01X, Seoul 02, area 0NN, 070, 050X
    r"(?:[\s.-]?\d{3,4}[\s.-]?\d{4}|\)\s?\d{3,4}-\d{4})(?![\d])")

# Every number-shaped kind contains a run of ≥ 4 digits and is at most ~22 characters long, so
# those patterns only scan windows of ±32 characters around such runs (lookbehinds see before the
# window start; the margin keeps lookaheads clear of its end). Most text has few such runs.
_DIGIT_RUN = re.compile(r"\d{4,}")
_MARGIN = 32

RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_CENTURY = {"1": 1900, "2": 1900, "5": 1900, "6": 1900, "3": 2000, "4": 2000, "7": 2000, "8": 2000,
            "9": 1800, "0": 1800}


def rrn_checksum_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:12], RRN_WEIGHTS))
    return (11 - total % 11) % 10 == int(digits[12])


def rrn_date_ok(yymmdd: str, gender: str) -> bool:
    try:
        datetime.date(_CENTURY[gender] + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
        return True
    except ValueError:
        return False


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def brn_checksum_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], BRN_WEIGHTS))
    total += int(digits[8]) * 5 // 10
    return (10 - total % 10) % 10 == int(digits[9])


def _digit_windows(text: str) -> list[tuple[int, int]]:
    windows: list[list[int]] = []
    for m in _DIGIT_RUN.finditer(text):
        start, end = max(0, m.start() - _MARGIN), min(len(text), m.end() + _MARGIN)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = end
        else:
            windows.append([start, end])
    return [(start, end) for start, end in windows]


def _in_windows(pattern: re.Pattern, text: str, windows: list[tuple[int, int]]):
    for start, end in windows:
        yield from pattern.finditer(text, start, end)


def find_pii(text: str) -> list[dict]:
    """Non-overlapping spans {kind, start, end}, earlier kinds in the list winning overlaps."""
    spans: list[tuple[int, int, str]] = []
    windows = _digit_windows(text)
    for m in _in_windows(_RRN, text, windows):
        date, gender, hyphen = m.group(1) + m.group(2) + m.group(3), m.group(5), m.group(4)
        digits = date + gender + m.group(6)
        if not rrn_date_ok(date, gender) or gender in "90":
            continue
        if hyphen or rrn_checksum_ok(digits):
            spans.append((m.start(), m.end(), "frn" if gender in "5678" else "rrn"))
    for m in _EMAIL.finditer(text) if "@" in text else ():
        spans.append((m.start(), m.end(), "email"))
    for m in _in_windows(_CARD, text, windows):
        if luhn_ok(re.sub(r"\D", "", m.group())):
            spans.append((m.start(), m.end(), "card"))
    for m in _in_windows(_BRN, text, windows):
        if brn_checksum_ok(m.group(1) + m.group(2) + m.group(3)):
            spans.append((m.start(), m.end(), "brn"))
    for m in _in_windows(_PASSPORT, text, windows):
        spans.append((m.start(), m.end(), "passport"))
    for m in _in_windows(_PHONE, text, windows):
        # "(02)123-4567": the opening parenthesis belongs to the number
        opened = ")" in m.group() and m.start() > 0 and text[m.start() - 1] == "("
        start = m.start() - 1 if opened else m.start()
        spans.append((start, m.end(), "phone"))
    taken: list[tuple[int, int, str]] = []
    for start, end, kind in spans:  # priority = order found
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, kind))
    return [{"kind": k, "start": s, "end": e} for s, e, k in sorted(taken)]
