"""PII redaction for export: every stored span becomes a typed placeholder such as ``<|phone|>``."""


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
