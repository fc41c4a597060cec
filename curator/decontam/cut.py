"""``--mode span``: take the lines that hold matched spans out of a text, keep the rest.

A line, not just the span: a benchmark item pasted into a page sits in its own line or
paragraph with its answer or its label next to it ("정답: ③"), which the span alone would leave
behind. What is left is judged by the rules again (pipeline/decontaminate.py re-analyses it).
"""


def cut_lines(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[str]]:
    """(text without every line that overlaps a span, the lines taken out in order)."""
    kept, cut, start = [], [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if any(a < end + 1 and b > start for a, b in spans) and line.strip():
            cut.append(line)
        else:
            kept.append(line)
        start = end + 1
    return "\n".join(kept).strip("\n"), cut
