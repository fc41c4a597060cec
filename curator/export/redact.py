"""PII redaction for export: every stored span becomes a typed placeholder such as ``<|phone|>``.

The text's spans were found at analysis; the other input fields (``meta``) are searched here, at
export, with the same finder, so no exported field carries the raw digits.
"""

import json

from curator.korean.pii import find_pii


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


def _redact_value(value, counts: dict):
    if isinstance(value, str):
        return redact(value, count_kinds(find_pii(value), counts))
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):  # a number stored as such (01012345678 loses its 0; an RRN does not)
        spans = count_kinds(find_pii(str(value)), counts)
        return redact(str(value), spans) if spans else value
    if isinstance(value, list):
        return [_redact_value(v, counts) for v in value]
    if isinstance(value, dict):
        return {k: _redact_value(v, counts) for k, v in value.items()}
    return value


def redact_meta(meta_json: str | None, policy, counts: dict) -> str | None:
    """One row's ``meta`` JSON as exported: fields kept by ``policy`` ("redact": all; a list:
    those names), every string (and PII-shaped number) redacted; None when nothing is left."""
    if meta_json is None or policy == "drop":
        return None
    try:
        obj = json.loads(meta_json)
    except ValueError:
        return redact(meta_json, count_kinds(find_pii(meta_json), counts))
    if isinstance(policy, list) and isinstance(obj, dict):
        obj = {k: v for k, v in obj.items() if k in policy}
        if not obj:
            return None
    return json.dumps(_redact_value(obj, counts), ensure_ascii=False)
