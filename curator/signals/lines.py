"""Line- and character-level signals: Gopher line repetition, FineWeb quality, C4-style line rules
adapted to Korean, and Korean boilerplate lines.

Korean sentences often end without a period in informal text, so a line "ends like a sentence" when
it ends in terminal punctuation (. ? ! … 。 and closing quotes after them) or in a common sentence-
final ending (다, 요, 죠, 까, 니다, 음, 함, 됨 …).
"""

import re
from collections import Counter

import pyarrow as pa

from curator.signals.batch import TextBatch

_TERMINAL = re.compile(r"(?:[.?!…。]|다|요|죠|까|음|함|됨|임|[.?!…][\"'”’」』)\]])\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•·●○■□▪▶►◆◇※]|\d+[.)]\s)")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")
CODE = re.compile(r"[{};]\s*$|^\s*[{}]|\bfunction\s*\(|\bvar\s+\w+\s*=|</?(?:script|div|span|ul|li|a|p|table|td|tr)\b|"
                   r"javascript|document\.|window\.|=>\s*\{", re.IGNORECASE)
TAG = re.compile(r"<[^<>\n]{1,300}>")

# Korean web boilerplate: copyright/redistribution notices, related-article links, reporter
# bylines, company footers, navigation and login links, cookie/privacy notices.
_BOILERPLATE = re.compile(
    r"무단\s*전재|재배포\s*금지|저작권자\s*[©ⓒ(]|ⓒ|©|copyright|all rights reserved|"
    r"^\s*[▶▷☞►]\s*(?:관련\s*기사|많이\s*본|인기\s*기사|추천\s*기사|이\s*시각)|"
    r"[가-힣]{2,4}\s*(?:기자|특파원)\s*(?:=|$|[\w.]+@)|"
    r"사업자\s*등록\s*번호|통신판매업\s*신고|대표\s*이사\s*[:|]?|개인정보\s*(?:처리|취급)\s*방침|"
    r"이용\s*약관|고객\s*센터|^\s*(?:로그인|회원\s*가입|홈|메뉴|검색|top|맨\s*위로)\s*$|"
    r"쿠키\s*(?:정책|설정)|구독\s*신청|좋아요\s*\d|공유하기",
    re.IGNORECASE)
_MENU = re.compile(r"^(?:[^|·/>]{1,12}\s*[|·/>]\s*){3,}[^|·/>]{0,12}$")

# Literals that every match of a pattern contains (casefolded; a tuple = all of its parts): a
# document without any of them cannot match, so the per-line regex scan, the costly part, is
# skipped. Kept next to the patterns they summarise.
_BOILERPLATE_TRIGGERS = (("무단", "전재"), ("재배포", "금지"), ("저작권자",), ("ⓒ",), ("©",), ("copyright",),
                         ("all rights reserved",), ("▶",), ("▷",), ("☞",), ("►",), ("기자",), ("특파원",),
                         ("사업자", "등록", "번호"), ("통신판매업", "신고"), ("대표", "이사"), ("개인정보", "방침"),
                         ("이용", "약관"), ("고객", "센터"), ("로그인",), ("회원", "가입"), ("홈",), ("메뉴",), ("검색",),
                         ("top",), ("맨", "위로"), ("쿠키",), ("구독", "신청"), ("좋아요",), ("공유하기",))
_CODE_TRIGGERS = (("{",), ("}",), (";",), ("function",), ("var",), ("javascript",), ("document.",), ("window.",),
                  ("=>",), *((f"<{tag}",) for tag in ("script", "div", "span", "ul", "li", "a", "p", "table", "td", "tr")),
                  *((f"</{tag}",) for tag in ("script", "div", "span", "ul", "li", "a", "p", "table", "td", "tr")))
_MENU_SEPARATORS = "|·/>"


def _may_contain(folded: str, triggers: tuple[tuple[str, ...], ...]) -> bool:
    for first, *rest in triggers:
        if first in folded and all(part in folded for part in rest):
            return True
    return False


COLUMNS = {name: pa.float64() for name in (
    "dup_line_frac", "dup_line_char_frac", "dup_para_frac", "dup_para_char_frac",
    "line_punct_ratio", "short_line_ratio", "char_dup_ratio", "bullet_line_ratio", "ellipsis_line_ratio",
    "code_line_ratio", "markup_char_ratio", "boilerplate_line_ratio")}


def _duplicates(items: list[str]) -> tuple[int, int]:
    """(elements that repeat an earlier one, their characters), as datatrove's find_duplicates."""
    seen: set[str] = set()
    dup_elems = dup_chars = 0
    for item in items:
        if item in seen:
            dup_elems += 1
            dup_chars += len(item)
        else:
            seen.add(item)
    return dup_elems, dup_chars


def is_boilerplate_line(line: str) -> bool:
    return bool(_BOILERPLATE.search(line) or _MENU.match(line.strip()))


def _boilerplate_lines(text: str, folded: str, lines: list[str]) -> int:
    if _may_contain(folded, _BOILERPLATE_TRIGGERS):
        return sum(1 for l in lines if is_boilerplate_line(l))
    if sum(text.count(c) for c in _MENU_SEPARATORS) < 3:
        return 0
    return sum(1 for l in lines if _MENU.match(l))


def _code_lines(folded: str, lines: list[str]) -> int:
    return sum(1 for l in lines if CODE.search(l)) if _may_contain(folded, _CODE_TRIGGERS) else 0


# shares of a document's lines: no value under ``signals.line_share_min_lines`` non-empty lines (the
# duplicate-line and boilerplate shares stay: a repeated line or a footer is a defect at any length)
LINE_SHARES = ("line_punct_ratio", "short_line_ratio", "bullet_line_ratio", "ellipsis_line_ratio", "code_line_ratio")
DEFAULT_MIN_LINES = 3


def compute(batch: TextBatch) -> dict[str, list[float]]:
    rows = [line_signals(text, lines) for text, lines in zip(batch.texts, batch.lines)]
    min_lines = (batch.config.get("signals") or {}).get("line_share_min_lines", DEFAULT_MIN_LINES)
    for row, lines in zip(rows, batch.lines):
        if sum(1 for line in lines if line.strip()) < min_lines:
            row.update({name: float("nan") for name in LINE_SHARES})
    return {name: [row[name] for row in rows] for name in COLUMNS}


def line_signals(text: str, raw_lines: list[str] | None = None) -> dict[str, float]:
    """The line signals of one text (``raw_lines``: its ``split("\n")``, when already made)."""
    n_chars = max(1, len(text))
    lines = [l.strip() for l in (raw_lines if raw_lines is not None else text.split("\n"))]
    lines = [l for l in lines if l]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    n_lines = max(1, len(lines))
    dup_lines, dup_line_chars = _duplicates(lines)
    dup_paras, dup_para_chars = _duplicates(paragraphs)
    counts = Counter(lines)
    chars_no_nl = max(1, len(text) - text.count("\n"))
    folded = text.casefold()
    return {
        "dup_line_frac": dup_lines / n_lines,
        "dup_line_char_frac": dup_line_chars / n_chars,
        "dup_para_frac": dup_paras / max(1, len(paragraphs)),
        "dup_para_char_frac": dup_para_chars / n_chars,
        # lines are stripped, so the last 2 (terminal) or 3 (ellipsis) characters decide
        "line_punct_ratio": sum(1 for l in lines if _TERMINAL.search(l[-2:])) / n_lines,
        "short_line_ratio": sum(1 for l in lines if len(l) <= 10) / n_lines,
        # FineWeb: characters in lines that occur more than once (all copies after the first)
        "char_dup_ratio": sum(len(l) * (c - 1) for l, c in counts.items() if c > 1) / chars_no_nl,
        "bullet_line_ratio": sum(1 for l in lines if _BULLET.match(l)) / n_lines,
        "ellipsis_line_ratio": sum(1 for l in lines if _ELLIPSIS.search(l[-3:])) / n_lines,
        "code_line_ratio": _code_lines(folded, lines) / n_lines,
        "markup_char_ratio": (sum(len(m) for m in TAG.findall(text)) if "<" in text else 0) / n_chars,
        "boilerplate_line_ratio": _boilerplate_lines(text, folded, lines) / n_lines,
    } if lines else {name: 0.0 for name in COLUMNS}


def strip_boilerplate(text: str) -> tuple[str, list[str]]:
    """The text without its boilerplate lines, and the lines removed (recorded, never silent)."""
    kept, removed = [], []
    for line in text.split("\n"):
        (removed if line.strip() and is_boilerplate_line(line.strip()) else kept).append(line)
    return "\n".join(kept), removed
