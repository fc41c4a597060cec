"""Character-level signals every document gets: length, lines, script shares, invalid characters."""

from curator.korean.script import count_hangul, count_invalid, count_letters

SCHEMA = {
    "n_lines": "int64",
    "hangul_ratio": "float64",
    "invalid_chars": "int64",
}


def basic_signals(texts: list[str]) -> dict[str, list]:
    n_lines, hangul_ratio, invalid = [], [], []
    for text in texts:
        n_lines.append(text.count("\n") + 1 if text else 0)
        letters = count_letters(text)
        hangul_ratio.append(count_hangul(text) / letters if letters else 0.0)
        invalid.append(count_invalid(text))
    return {"n_lines": n_lines, "hangul_ratio": hangul_ratio, "invalid_chars": invalid}
