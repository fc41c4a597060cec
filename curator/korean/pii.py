"""Personal data in Korean text, found as typed spans (stored in ``pii``, redacted at export).

PII is never a reason to drop a document. Kinds (``PII_KINDS``, one ``<|kind|>`` placeholder each):

- ``rrn`` / ``frn``: resident / foreign registration number YYMMDD-GNNNNNN (also written with an
  en dash, a fullwidth hyphen, ``ㅡ``, a space, a dot or nothing; masked tails ``-1******``).
- ``phone``: mobile 01X, Seoul 02, area codes 031–064, 070, 050X; with -, –, －, ., spaces or
  nothing, ``(02)``, ``+82``, ``82-10-…``, ``0082``; masked middles (``010-****-5678``).
- ``email``: ASCII or Hangul (``홍길동@회사.한국``), also ``＠``, ``(at)``, ``[at]``.
- ``card``: 14–16 digits in groups, issuer digit 2–6 or 9, Luhn.
- ``brn``: business registration NNN-NN-NNNNN with its checksum.
- ``passport``: [MSROD]NNN[A-Z]NNNN and [MSROD]NNNNNNNN; the old AANNNNNNN and a spaced
  M 1234 5678 only after 여권.
- ``account``: bank account numbers, only after a label (계좌, 입금, 예금주, a bank's name …).
- ``licence``: driver's licence RR-YY-NNNNNN-CC (region code 11–28, or 서울 YY-NNNNNN-CC).
- ``address``: street addresses with a building number (서울특별시 종로구 세종대로 209, 테헤란로
  123길 45, 역삼동 737-32번지, with 101동 1203호 when written), not a city or a district alone.

Not covered: names, birth dates on their own, ages, postcodes, IP addresses, car plates, student
and employee numbers, masked card numbers, numbers spelled out in words.

How the numbers are told from look-alikes: what they carry and the words before them.

- Registration numbers: the date must exist for the century the gender digit G gives (1/2/5/6:
  1900s, 3/4/7/8: 2000s; 9/0, the 1800s, are not accepted) and not lie after this year. The
  checksum (weights 2,3,4,5,6,7,8,9,2,3,4,5; check = (11 − S mod 11) mod 10) holds for numbers
  issued before October 2020; later numbers have random tails, so with a dash a valid date and
  gender digit suffice. With a space, a dot or nothing between the halves the checksum must hold,
  or a label (주민번호 …) must come before.
- Labels: the nearest label in the ~24 characters before a number decides. 주문번호, 송장번호,
  운송장, 문서번호, 사건번호, 접수번호, 상품번호, 모델명, ISBN … right before it mean "not PII";
  연락처, 전화, 주민등록번호, 계좌, 카드번호, 여권, 운전면허, 사업자, 주소 … mean the kind named.
  A number followed by 호, 원, 명, 개 or 건 (document numbers, amounts, counts) is not PII.
- Undivided digits count only when they carry their own proof (checksum, Luhn with an issuer
  digit, a mobile prefix) or come after their label (a landline, a BRN, a licence, an account).

Speed: one scan of the text finds runs of ≥ 4 digits, 로/길/동/리/가 before a digit, and at-signs;
number-shaped kinds are searched only in windows around the runs, addresses around the anchors,
e-mail only when an at-sign (or ``(at)``) is in the text. Text without such places costs one scan.
"""

import bisect
import datetime
import re

# every kind of span ``find_pii`` gives, in the order the tokenizer reserves their placeholders
# (new kinds go at the end: the order is part of trained tokenizers and of the GUI colours)
PII_KINDS = ("rrn", "frn", "phone", "email", "card", "brn", "passport", "account", "licence", "address")

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d\u3161"  # - ‐ ‑ ‒ – — ― − ﹣ － ㅡ
_DASH = "\\" + _DASHES  # inside [...]
_SP = "[ \u00a0\u3000]"
_HARD = rf"{_SP}?[{_DASH}]{_SP}?"  # a dash, maybe spaced
_DOT = "._\u00b7\u30fb"  # . _ · ・
_SEP = rf"(?:{_SP}?[{_DASH}{_DOT}]{_SP}?|{_SP})"  # a dash, a dot or a space
# (?=…) first: a pattern that starts with a plain character set is tried only where it can match
_START = rf"(?=[0-9０-９])(?<!\d)(?<!\d[{_DASH}{_DOT},])"  # not inside a longer number
_END = rf"(?!\d)(?!{_SP}?[{_DASH}{_DOT}]\d)"

_RRN = re.compile(rf"{_START}(\d{{6}})({_SEP}?)(\d)(\d{{6}}|[*＊xX●]{{6}}){_END}")
_PREFIX = r"(?:1[016789]|2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70|50[2-8])"  # 01X, 02, area codes, 070, 050X
_PHONE = re.compile(
    rf"(?=[0-9０-９+(])(?<![\d+])(?<!\d[{_DASH}{_DOT},])"
    rf"(?:(?:\+{_SP}?|00{_SEP}?)82{_SEP}?(?:\(0\){_SP}?|0)?{_PREFIX}{_SEP}?"  # +82 10, 0082-2, +82 (0)10
    rf"|82{_HARD}{_PREFIX}{_HARD}"  # 82-10-
    rf"|\(0{_PREFIX}\){_SP}?|0{_PREFIX}\){_SP}?"  # (02) 123-4567, 02)123-4567
    rf"|0{_PREFIX}{_SEP}?)"
    rf"[\d*＊xX]{{3,4}}{_SEP}?\d{{4}}{_END}")
_CARD = re.compile(rf"{_START}[2-69]\d{{3}}({_SEP}?)(?:\d{{4}}\1\d{{4}}\1\d{{4}}|\d{{6}}\1\d{{4,5}}){_END}")
_BRN = re.compile(rf"{_START}(\d{{3}})({_SEP}?)(\d{{2}})\2(\d{{5}}){_END}")
_LICENCE = re.compile(
    rf"(?=[0-9０-９서부경강충전제대인광울])(?<!\d)(?<!\d[{_DASH}{_DOT},])(?:(?:1[1-9]|2[0-68])({_SEP}?)\d{{2}}\1\d{{6}}\1\d{{2}}"
    rf"|(?<![가-힣])(?:서울|부산|경기|강원|충북|충남|전북|전남|경북|경남|제주|대구|인천|광주|대전|울산)"
    rf"{_SP}?\d{{2}}({_HARD})\d{{6}}\2\d{{2}}){_END}")
_PASSPORT = re.compile(rf"(?=[A-Z])(?<![A-Za-z0-9])(?:[MSROD](?:\d{{3}}[A-Z]\d{{4}}|\d{{8}})"
                       rf"|([A-Z]{{2}}\d{{7}}|[MSROD]{_SP}\d{{4}}{_SP}?\d{{4}}))(?![A-Za-z0-9])")
_ACCOUNT = re.compile(rf"{_START}(?:\d{{1,6}}(?:{_SP}?[{_DASH}{_DOT}]{_SP}?\d{{1,8}}){{1,4}}|\d{{10,14}}){_END}")

_EMAIL_AT = re.compile(r"[@＠]|[(\[]at[)\]]")
_EMAIL_LOCAL = re.compile(r"[\w.%+\-]{1,64}$")
_EMAIL_DOMAIN = re.compile(r"[\w\-]+(?:\.[\w\-]+)*\.(?:[A-Za-z]{2,}|한국|닷컴|닷넷)")

_SIDO = ("서울특별시|서울시|서울|부산광역시|부산시|부산|대구광역시|대구시|대구|인천광역시|인천시|인천|광주광역시|"
         "광주시|광주|대전광역시|대전시|대전|울산광역시|울산시|울산|세종특별자치시|세종시|세종|경기도|경기|"
         "강원특별자치도|강원도|강원|충청북도|충북|충청남도|충남|전북특별자치도|전라북도|전북|전라남도|전남|"
         "경상북도|경북|경상남도|경남|제주특별자치도|제주도|제주")
_ADDRESS = re.compile(
    rf"(?<![가-힣A-Za-z0-9])(?P<region>(?:(?:{_SIDO}|[가-힣]{{1,5}}(?:시|군|구|읍|면)){_SP}{{1,3}}){{0,4}})"
    rf"(?:(?P<road>[가-힣][가-힣0-9·]{{0,11}}(?:로|길))(?P<lane>{_SP}?\d{{1,4}}(?:번|가)?길)?"
    rf"|(?P<dong>[가-힣][가-힣0-9·]{{0,7}}(?:동|리|가)))"
    rf"{_SP}?\d{{1,5}}(?:{_HARD}\d{{1,4}})?(?P<bunji>번지)?"
    # a building number is followed by a particle or by no word at all, never by a unit (2곳, 5km)
    r"(?!km|kg|cm|mm|m(?![A-Za-z])|%|㎞|㎡|[.,]\d)"
    r"(?=$|[^가-힣0-9]|에|의|로|으로|이|은|는|까지|부터|와|과|앞|근처|일대|쪽|입니다)"
    rf"(?:,?{_SP}?(?:[가-힣A-Za-z]{{1,12}}{_SP}?)?(?:\d{{1,4}}|[A-Za-z가나다라마바사])동(?:{_SP}?\d{{1,5}}호)?"
    rf"|,?{_SP}?\d{{1,3}}층(?:{_SP}?\d{{1,5}}호)?|,?{_SP}?\d{{1,5}}호)?")
# a district-like word that is an ordinary word (당시, 친구 …) does not make an address
_NOT_REGION = frozenset("당시 역시 즉시 동시 수시 항시 잠시 표시 지시 제시 게시 개시 무시 감시 전시 다시 혹시 도시 "
                        "연구 요구 친구 도구 입구 출구 가구 지구 추구 강구 인구 장군 해군 공군 육군 국군 전면 정면 "
                        "측면 이면 표면 반면 방면 국면 화면 지면 서면".split())

# labels before a number: the nearest one within _CTX characters decides ("not": not PII)
_LABELS = {
    "not": "법인등록번호|법인번호|고유번호|주문번호|주문 번호|주문코드|송장번호|송장|운송장번호|운송장|문서번호|"
           "문서 번호|사건번호|접수번호|상품번호|상품코드|품목코드|모델명|모델번호|제품번호|"
           "품번|일련번호|시리얼번호|시리얼|관리번호|등기번호|우편번호|"
           "승인번호|인증번호|거래번호|결제번호|예약번호|영수증번호|청구번호|인보이스|발주번호|견적번호|계약번호|"
           "특허번호|출원번호|의안번호|공고번호|과제번호|바코드|부품번호|제조번호|로트번호|차대번호|배송번호|"
           "추적번호|티켓번호|쿠폰번호|버전|빌드|펌웨어|ISBN|ISSN|DOI|invoice|Invoice|INVOICE|S/N|SN|P/N|"
           "Model|model|MODEL|Ver|ver",
    "rrn": "주민등록번호|주민번호|주민|외국인등록번호|외국인 등록번호|외국인번호|등록번호|RRN",
    "phone": "연락처|전화번호|전화|휴대폰번호|휴대폰|핸드폰|휴대전화|휴대번호|폰번호|핸펀|팩스|FAX|Fax|fax|"
             "Tel|TEL|tel|Mobile|mobile|HP|문의|상담|연락",
    "card": "카드번호|신용카드|체크카드|카드",
    "account": "계좌번호|평생계좌|입금계좌|계좌|무통장|입금|송금|이체|예금주|통장|은행|뱅크|새마을금고|신협|우체국|"
               "KB|NH|IBK|SC제일|국민|신한|우리|하나|농협|기업|수협|씨티",
    "brn": "사업자등록번호|사업자 등록번호|사업자번호|사업자",
    "passport": "여권번호|여권|Passport|passport|PASSPORT",
    "licence": "운전면허번호|운전면허증|운전면허|면허번호|면허증|면허",
    "address": "도로명주소|주소지|주소|소재지|거주지|배송지|사는 곳|사업장|본사|본점|지번|위치|자택",
}
_LABEL_KIND = {word: kind for kind, words in _LABELS.items() for word in words.split("|")}


def _trie(words) -> str:
    """One regex for a set of words sharing their prefixes (a flat alternation of ~150 words costs
    ~150 tests at every position); the longest word wins."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(tree)


_LABEL = re.compile(rf"(?<![A-Za-z])(?:{_trie(w for w in _LABEL_KIND if w.isascii())})(?![A-Za-z])"
                    rf"|{_trie(w for w in _LABEL_KIND if not w.isascii())}")
_CTX = 24
_NOT_GAP = 14  # a "not PII" label labels the number right after it (a short gap without digits)
_BANK_SHORT = {"국민", "신한", "우리", "하나", "농협", "기업", "수협", "씨티"}  # only right before the number
_ACCOUNT_ONLY = {"계좌번호", "평생계좌", "입금계좌", "계좌"}  # labels that make a mobile-shaped number an account
_ACCOUNT_AFTER = re.compile(r"[^\d\n]{0,6}?(?:예금주|입금|송금|이체)")
_STOP_AFTER = frozenset("호원명개건")  # 제2023-0123호, 1234567원, 1,234명

# Every number-shaped kind contains a run of ≥ 4 digits and is at most ~28 characters long, so
# those patterns only scan windows of ±32 characters around such runs (lookbehinds see before the
# window start; the margin keeps lookaheads clear of its end). Every address has a 로/길/동/리/가
# followed by a digit, and its patterns scan 64 characters either side of such an anchor.
# One scan finds both and any at-sign: a pattern that starts with a plain character set is searched
# for far faster than ``\d{4,}`` alone (ASCII and fullwidth digits start a run; other scripts'
# digits do not).
_SCAN = re.compile(r"[0-9０-９로길동리가@＠](?:(?<=[0-9０-９])\d{3,}|(?<=[로길동리가])[ \u00a0\u3000]?(?=\d)|(?<=[@＠]))")
_MARGIN = 32
_ADDRESS_BEFORE, _ADDRESS_AFTER = 64, 64

RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_CENTURY = {"1": 1900, "2": 1900, "5": 1900, "6": 1900, "3": 2000, "4": 2000, "7": 2000, "8": 2000,
            "9": 1800, "0": 1800}
_THIS_YEAR = datetime.date.today().year


def rrn_checksum_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:12], RRN_WEIGHTS))
    return (11 - total % 11) % 10 == int(digits[12])


def rrn_date_ok(yymmdd: str, gender: str) -> bool:
    try:
        born = datetime.date(_CENTURY[gender] + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:6]))
    except (ValueError, KeyError):
        return False
    return born.year <= _THIS_YEAR


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def ean13_ok(digits: str) -> bool:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


def brn_checksum_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], BRN_WEIGHTS))
    total += int(digits[8]) * 5 // 10
    return (10 - total % 10) % 10 == int(digits[9])


def _digits(s: str) -> str:
    """The decimal digits of ``s`` as ASCII (fullwidth ９ counts as 9)."""
    return "".join(str(int(ch)) for ch in s if ch.isdecimal())


def _add_window(windows: list[list[int]], start: int, end: int) -> None:
    if windows and start <= windows[-1][1]:
        windows[-1][1] = end
    else:
        windows.append([start, end])


def _windows(text: str) -> tuple[list, list, bool]:
    """Windows for number-shaped kinds, windows for addresses, whether an at-sign occurs."""
    numbers: list[list[int]] = []
    places: list[list[int]] = []
    at = False
    size = len(text)
    for m in _SCAN.finditer(text):
        start, ch = m.start(), text[m.start()]
        if "0" <= ch <= "9" or "０" <= ch <= "９":
            _add_window(numbers, max(0, start - _MARGIN), min(size, m.end() + _MARGIN))
        elif ch == "@" or ch == "＠":
            at = True
        else:
            _add_window(places, max(0, start - _ADDRESS_BEFORE), min(size, m.end() + _ADDRESS_AFTER))
    return numbers, places, at


def _in_windows(pattern: re.Pattern, text: str, windows: list[tuple[int, int]]):
    for start, end in windows:
        yield from pattern.finditer(text, start, end)


class _Context:
    """The label before a position (cached: several kinds ask about the same number)."""

    def __init__(self, text: str):
        self.text = text
        self.cache: dict[int, tuple[str | None, str]] = {}

    def label(self, start: int) -> tuple[str | None, str]:
        """(kind of the nearest label before ``start`` or None, the label)."""
        if start in self.cache:
            return self.cache[start]
        text = self.text
        labels = list(_LABEL.finditer(text, max(0, start - _CTX), start))
        last = labels[-1] if labels else None
        found: tuple[str | None, str] = (None, "")
        if last is not None:
            word, gap = last.group(), text[last.end():start]
            kind = _LABEL_KIND[word]
            if kind == "not" and (len(gap) > _NOT_GAP or any(ch.isdigit() for ch in gap)):
                kind = None
            elif word in _BANK_SHORT and gap.strip(" :：\u00a0") != "":
                kind = None  # 국민, 우리, 하나 … name a bank only right before the number
            found = (kind, word)
        self.cache[start] = found
        return found

    def kind(self, start: int) -> str | None:
        return self.label(start)[0]

    def stopped(self, end: int) -> bool:
        """A unit or a document-number suffix right after the number: 호, 원, 명, 개, 건."""
        return end < len(self.text) and self.text[end] in _STOP_AFTER


def _rrn(m: re.Match, ctx: _Context):
    date, sep, gender, tail = _digits(m.group(1)), m.group(2), _digits(m.group(3)), m.group(4)
    if gender not in "12345678" or not rrn_date_ok(date, gender):
        return None
    label = ctx.kind(m.start())
    if label == "not" or ctx.stopped(m.end()):
        return None
    dashed = any(ch in _DASHES for ch in sep)
    if not sep and label != "rrn" and date.startswith("880") and ean13_ok(date + gender + _digits(tail)):
        return None  # a Korean product barcode (EAN-13, 880…)
    if not tail.isdigit():  # masked: 900101-1******
        if not dashed:
            return None
    elif not (dashed or label == "rrn" or rrn_checksum_ok(date + gender + _digits(tail))):
        return None
    return "frn" if gender in "5678" else "rrn"


def _phone(m: re.Match, ctx: _Context):
    label = ctx.kind(m.start())
    if label == "not" or ctx.stopped(m.end()):
        return None
    number = m.group()
    if number.isdigit() and not number.startswith("01") and label != "phone":
        return None  # undivided landline-like digits need their label
    return "phone"


def _card(m: re.Match, ctx: _Context):
    if ctx.kind(m.start()) == "not" or ctx.stopped(m.end()) or not luhn_ok(_digits(m.group())):
        return None
    return "card"


def _brn(m: re.Match, ctx: _Context):
    label = ctx.kind(m.start())
    if label == "not" or ctx.stopped(m.end()) or not brn_checksum_ok(_digits(m.group(1) + m.group(3) + m.group(4))):
        return None
    return "brn" if m.group(2) or label == "brn" else None


def _licence(m: re.Match, ctx: _Context):
    label = ctx.kind(m.start())
    if label == "not" or ctx.stopped(m.end()):
        return None
    if m.group(1) == "" and label != "licence":
        return None  # 12 undivided digits
    return "licence"


def _passport(m: re.Match, ctx: _Context):
    label = ctx.kind(m.start())
    if label == "not" or ctx.stopped(m.end()) or (m.group(1) and label != "passport"):
        return None
    return "passport"


def _account(m: re.Match, ctx: _Context):
    digits = _digits(m.group())
    if not 10 <= len(digits) <= 14 or ctx.stopped(m.end()):
        return None
    label, word = ctx.label(m.start())
    if label != "account":  # or a label right after: 3333-12-3456789로 입금, … (예금주 홍길동)
        if label == "not" or not _ACCOUNT_AFTER.match(ctx.text, m.end(), m.end() + 12):
            return None
    if digits.startswith("01") and len(digits) <= 11 and word not in _ACCOUNT_ONLY:
        return None  # a mobile number after 입금, 은행 …: the phone finder takes it
    return "account"


def _emails(text: str):
    for at in _EMAIL_AT.finditer(text):
        local = _EMAIL_LOCAL.search(text, max(0, at.start() - 64), at.start())
        domain = _EMAIL_DOMAIN.match(text, at.end())
        if local is None or domain is None:
            continue
        start = local.start()
        if re.search("[A-Za-z0-9]", local.group()):  # 메일은hong@…: the Hangul before is not the address
            while start < at.start() and "가" <= text[start] <= "힣":
                start += 1
        while start < at.start() and text[start] in ".-":
            start += 1
        if start < at.start():
            yield start, domain.end()


def _addresses(text: str, ctx: _Context, windows):
    for m in _in_windows(_ADDRESS, text, windows):
        start = m.start()
        tokens = m.group("region").split()
        while tokens and tokens[0] in _NOT_REGION:  # 당시 서울시 …: the address starts at 서울시
            tokens.pop(0)
            start = _skip_token(text, start)
        if m.group("road"):
            ok = bool(tokens) or bool(m.group("lane")) or bool(m.group("bunji"))
        else:
            ok = bool(m.group("bunji")) or any(t not in _NOT_REGION for t in tokens)
        if not ok:
            ok = ctx.kind(start) == "address"
        if ok:
            yield start, m.end()


def _skip_token(text: str, start: int) -> int:
    """The start of the next word after the one at ``start``."""
    while start < len(text) and not text[start].isspace():
        start += 1
    while start < len(text) and text[start].isspace():
        start += 1
    return start


# number-shaped kinds in priority order (an earlier kind wins an overlap)
_NUMBERS = ((_RRN, _rrn), (_CARD, _card), (_LICENCE, _licence), (_PASSPORT, _passport),
            (_ACCOUNT, _account), (_BRN, _brn), (_PHONE, _phone))


def find_pii(text: str) -> list[dict]:
    """Non-overlapping spans {kind, start, end}; registration numbers and e-mails win overlaps, then
    cards, licences, passports, accounts, BRNs, phones and addresses."""
    spans: list[tuple[int, int, str]] = []
    ctx = _Context(text)
    windows, places, at = _windows(text)
    rrn_pattern, rrn_check = _NUMBERS[0]
    for m in _in_windows(rrn_pattern, text, windows):
        kind = rrn_check(m, ctx)
        if kind:
            spans.append((m.start(), m.end(), kind))
    if at or "at)" in text or "at]" in text:
        spans.extend((start, end, "email") for start, end in _emails(text))
    if windows:
        for pattern, check in _NUMBERS[1:]:
            for m in _in_windows(pattern, text, windows):
                kind = check(m, ctx)
                if kind:
                    spans.append((m.start(), m.end(), kind))
    spans.extend((start, end, "address") for start, end in _addresses(text, ctx, places))
    taken: list[tuple[int, int, str]] = []  # sorted, non-overlapping
    for span in spans:  # priority = order found
        i = bisect.bisect_left(taken, span)
        if (i == 0 or taken[i - 1][1] <= span[0]) and (i == len(taken) or span[1] <= taken[i][0]):
            taken.insert(i, span)
    return [{"kind": k, "start": s, "end": e} for s, e, k in taken]
