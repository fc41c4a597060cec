"""PII redaction for export: every stored span becomes a typed placeholder such as ``<|phone|>``.

The text's spans were found at analysis; every other exported string (ids, sources and input file
names, ``meta`` keys and values) is searched here, at export, with the same finder
(``redact_string``, ``redact_id``), so no exported field carries the raw digits. A whole value that
is a mobile number which lost its leading 0 as an integer (``1012345678``) counts as a phone.
"""

import hashlib
import json
import re

from curator.korean.pii import find_pii

# 10–11 digits starting 10 or 010: 010-1234-5678 stored as a number (or as bare digits)
_MOBILE_NUMBER = re.compile(r"(?=[0-9]{10,11}\Z)0?10[0-9]*")


def placeholder(kind: str) -> str:
    return f"<|{kind}|>"


def redact(text: str, spans: list[dict] | None) -> str:
    """Replace each ``{kind, start, end}`` span (code-point offsets into ``text``)."""
    if not spans:
        return text
    pieces = []
    cursor = 0
    for span in sorted(spans, key=lambda s: s["start"]):
        start, end = span["start"], span["end"]
        if start < cursor:  # overlapping spans: the earlier one already covers this
            start = cursor
        if end <= start:
            continue
        pieces.append(text[cursor:start])
        pieces.append(placeholder(span["kind"]))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def count_kinds(spans: list[dict], counts: dict) -> list[dict]:
    """Add the spans to the redaction counts by kind (the manifest's ``redactions``)."""
    for span in spans:
        counts[span["kind"]] = counts.get(span["kind"], 0) + 1
    return spans


def pii_spans(value: str) -> list[dict]:
    """The PII spans of an exported string other than the text: ``find_pii``'s, or the whole
    value when it is a mobile number written as bare digits."""
    spans = find_pii(value)
    if not spans and _MOBILE_NUMBER.fullmatch(value):
        spans = [{"kind": "phone", "start": 0, "end": len(value)}]
    return spans


def redact_string(value: str, counts: dict | None = None) -> str:
    """An exported string other than the text (a source, a file name, a ``meta`` key or value) with
    its PII spans replaced by placeholders, counted in ``counts`` when given."""
    spans = pii_spans(value)
    if counts is not None:
        count_kinds(spans, counts)
    return redact(value, spans)


def redact_id(value: str, counts: dict | None = None) -> str:
    """A document id as exported: unchanged, or ``pii-`` + 16 hex digits of its sha256 when it holds
    PII (stable, so re-exports agree and the export's id can be traced to the workspace's)."""
    spans = pii_spans(value)
    if not spans:
        return value
    if counts is not None:
        count_kinds(spans, counts)
    return "pii-" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]


def _redact_value(value, counts: dict):
    if isinstance(value, str):
        return redact_string(value, counts)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):  # a number stored as such (01012345678 loses its 0; an RRN does not)
        redacted = redact_string(str(value), counts)
        return redacted if redacted != str(value) else value
    if isinstance(value, list):
        return [_redact_value(v, counts) for v in value]
    if isinstance(value, dict):
        out = {}
        for key, v in value.items():
            name = base = redact_string(key, counts)
            n = 2
            while name in out:  # two e-mail keys both become <|email|>: keep both values
                name, n = f"{base}~{n}", n + 1
            out[name] = _redact_value(v, counts)
        return out
    return value


def redact_meta(meta_json: str | None, policy, counts: dict) -> str | None:
    """One row's ``meta`` JSON as exported: fields kept by ``policy`` ("redact": all; a list:
    those names), every string (and PII-shaped number) redacted; None when nothing is left."""
    if meta_json is None or policy == "drop":
        return None
    try:
        obj = json.loads(meta_json)
    except ValueError:
        return redact_string(meta_json, counts)
    if isinstance(policy, list) and isinstance(obj, dict):
        obj = {k: v for k, v in obj.items() if k in policy}
        if not obj:
            return None
    return json.dumps(_redact_value(obj, counts), ensure_ascii=False)
