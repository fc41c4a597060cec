"""The junk a Korean web crawl holds, generated deterministically from real clean text (issue 28).

Why: filters are calibrated two-sided. The clean real text in ``resources/realtext`` says how much
good text a threshold throws away; this junk says how much bad text it lets through. The junk is
built *from* that real text (its headlines, sentences, eojeols and bytes), so it has the vocabulary
and the character statistics of Korean, and a rule can only catch it by what makes it junk, not by
looking un-Korean in general. Every kind draws on many templates, vocabularies and lengths, so no
single string identifies a kind.

Kinds (one generator function each, below):

- ``chrome``: news-site and portal chrome (menus, breadcrumbs, bylines, ranking lists, footers).
- ``seo_spam``: gambling / adult / pharma / loan / marketing spam with keyword stuffing and contacts.
- ``word_salad``: real eojeols in random order (drawn from many documents, or one document shuffled).
- ``template``: slot-filled pages (listings, price comparisons, weather, stock pages ...).
- ``encoding``: mojibake of real text (UTF-8 or CP949 bytes read with the wrong codec).
- ``mixed_language``: English / Japanese / Chinese pages with a little Korean (≤ 20 % of letters).
- ``boilerplate_list``: blog and forum chrome (categories, tags, board lists, 이전글/다음글).

Rows are ``{"id", "text", "kind", "style": "junk"}``; the id is ``junk-<kind>-s<seed>-<n>-<variant>``,
the variant naming how the row was made (e.g. ``utf8_as_cp1252``, ``shuffled_doc``), so a report
can say which variants a rule misses.

Determinism: each kind has its own ``random.Random("junk:<seed>:<kind>")`` (a string seed is
hashed with SHA-512 by ``random``, not with ``hash()``, so PYTHONHASHSEED does not matter and adding
a kind does not change the others), the clean documents are sorted by style and id first, and
no output depends on the iteration order of a set.

    python bench/junk.py OUT.jsonl [--realtext resources/realtext] [--seed 0] [--per-kind 150]
"""

import argparse
import gzip
import json
import math
import os
import random
import re
import sys
import time
import unicodedata
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REALTEXT = os.path.join(ROOT, "resources", "realtext")
STYLES = ("encyclopedic", "news", "comment", "review", "blog", "chat")
KINDS = ("chrome", "seo_spam", "word_salad", "template", "encoding", "mixed_language", "boilerplate_list")

HANGUL_CLASS = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff"  # as curator.korean.script
_HANGUL = re.compile(f"[{HANGUL_CLASS}]")
_NOT_HANGUL = re.compile(f"[^{HANGUL_CLASS}]+")
_NOT_LETTER = re.compile(r"[\W\d_]+")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?。])\s+|\n+")
# a whitespace token without the punctuation at its edges (tokens with no word character give nothing)
_EOJEOL = re.compile(r"(?<!\S)[^\w\s]*(\w(?:\S*\w)?)[^\w\s]*(?!\S)")


# --------------------------------------------------------------------------------------------
# small shared helpers


def hangul_share(text: str) -> float:
    """Hangul letters / all letters, as the ``hangul_ratio`` signal counts them."""
    letters, hangul = _letter_counts(text)
    return hangul / letters if letters else 0.0


def _letter_counts(text: str) -> tuple[int, int]:
    return len(_NOT_LETTER.sub("", text)), len(_NOT_HANGUL.sub("", text))


def target_length(rng: random.Random) -> int:
    """A page length like a crawl's: mostly 300–4,000 characters (log-uniform), a few outside."""
    r = rng.random()
    if r < 0.04:
        return rng.randint(160, 300)
    if r < 0.96:
        return int(math.exp(rng.uniform(math.log(320), math.log(3800))))
    return rng.randint(4000, 5500)


def total_len(lines: list[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def numbered(rng: random.Random, items: list[str]) -> list[str]:
    """A list as sites number it: "1 ", "01. ", "1위 ", bullets or nothing."""
    style = rng.choice(["{i} ", "{i:02d} ", "{i}. ", "{i}위 ", "· ", "- ", "", "• ", "{i}) "])
    return [style.format(i=i) + item for i, item in enumerate(items, 1)]


def joined(rng: random.Random, items: list[str], separators=(" | ", " · ", "  ", " ", " / ", "\n")) -> list[str]:
    """Items on one line with a site's separator, or one per line (how text extraction leaves menus)."""
    sep = rng.choice(separators)
    return items if sep == "\n" else [sep.join(items)]


def decorate_headline(rng: random.Random, headline: str, max_chars: int = 60) -> str:
    """A headline as lists show it: tags like [단독], a suffix, or cut with an ellipsis."""
    if rng.random() < 0.2:
        headline = rng.choice(["[단독] ", "[속보] ", "[종합] ", "[포토] ", "[영상] ", "[인터뷰] ", "[르포] ", "[팩트체크] ",
                               "[이슈] ", "[카드뉴스] "]) + headline
    if len(headline) > max_chars:
        headline = headline[: rng.randint(max_chars // 2, max_chars)].rstrip() + rng.choice(["…", "...", ".."])
    elif rng.random() < 0.08:
        headline += rng.choice([" (종합)", " (사진)", " [영상]", " (2보)", " 外"])
    return headline


# --------------------------------------------------------------------------------------------
# fake people, sites, places, dates (slot values for chrome, spam and templates)

_ROMAN = {
    "김": "kim", "이": "lee", "박": "park", "최": "choi", "정": "jung", "강": "kang", "조": "cho", "윤": "yoon",
    "장": "jang", "임": "lim", "한": "han", "오": "oh", "서": "seo", "신": "shin", "권": "kwon", "황": "hwang",
    "안": "ahn", "송": "song", "류": "ryu", "전": "jeon", "홍": "hong", "고": "ko", "문": "moon", "양": "yang",
    "손": "son", "배": "bae", "백": "baek", "허": "heo", "유": "yoo", "남": "nam", "심": "shim", "노": "noh",
    "하": "ha", "곽": "kwak", "성": "sung", "차": "cha", "주": "joo", "우": "woo", "구": "koo", "민": "min",
    "진": "jin", "나": "na", "지": "ji", "엄": "eom", "채": "chae", "원": "won", "천": "chun", "방": "bang",
    "공": "kong", "현": "hyun", "함": "ham", "변": "byun", "염": "yeom", "여": "yeo", "추": "choo", "도": "do",
    "소": "so", "석": "seok", "선": "sun", "설": "seol", "마": "ma", "길": "gil", "연": "yeon", "표": "pyo",
    "명": "myung", "기": "ki", "반": "ban", "왕": "wang", "금": "keum", "옥": "ok", "육": "yuk", "인": "in",
    "수": "su", "영": "young", "준": "jun", "호": "ho", "훈": "hoon", "은": "eun", "혜": "hye", "경": "kyung",
    "희": "hee", "재": "jae", "아": "a", "예": "ye", "다": "da", "빈": "bin", "태": "tae", "상": "sang",
    "규": "gyu", "승": "seung", "미": "mi", "용": "yong", "범": "beom", "찬": "chan", "혁": "hyuk", "건": "gun",
    "솔": "sol", "람": "ram", "일": "il", "환": "hwan", "종": "jong", "형": "hyung", "철": "chul", "동": "dong",
}
SURNAMES = list("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연표명기반왕금옥육인")
GIVEN = list("민서지현수영준우호진성훈은혜경희정연석철동재윤하아예다채유빈태상규승원미선주용기남범찬혁건도솔나람일환종명형")
WEEKDAYS = "월화수목금토일"

CITIES = [
    ("서울특별시", ["종로구", "중구", "마포구", "영등포구", "강남구", "서초구", "송파구", "용산구", "성동구", "광진구", "노원구", "관악구"]),
    ("부산광역시", ["해운대구", "부산진구", "동래구", "남구", "수영구", "사하구"]),
    ("인천광역시", ["남동구", "연수구", "부평구", "미추홀구"]),
    ("대구광역시", ["중구", "수성구", "달서구", "북구"]),
    ("광주광역시", ["서구", "북구", "광산구", "동구"]),
    ("대전광역시", ["유성구", "서구", "중구", "대덕구"]),
    ("울산광역시", ["남구", "중구", "울주군"]),
    ("경기도", ["수원시 영통구", "성남시 분당구", "고양시 일산동구", "용인시 수지구", "안양시 동안구", "화성시", "파주시"]),
    ("강원특별자치도", ["춘천시", "원주시", "강릉시", "속초시"]),
    ("충청북도", ["청주시 흥덕구", "충주시", "제천시"]),
    ("전라남도", ["여수시", "순천시", "목포시"]),
    ("경상북도", ["포항시 남구", "경주시", "안동시", "구미시"]),
    ("제주특별자치도", ["제주시", "서귀포시"]),
]
ROADS = ["세종대로", "테헤란로", "을지로", "퇴계로", "도산대로", "중앙로", "시청로", "센텀중앙로", "충장로", "대학로",
         "월드컵북로", "여의대로", "국제금융로", "한강대로", "통일로", "올림픽로", "경수대로", "판교역로", "동대구로", "둔산로"]
SHORT_REGIONS = ["강남", "홍대", "신촌", "잠실", "건대", "성수", "을지로", "이태원", "여의도", "목동", "노원", "해운대", "서면",
                 "광안리", "전주", "수원", "일산", "분당", "판교", "동탄", "송도", "부평", "대전 둔산동", "광주 상무지구",
                 "대구 동성로", "제주시", "서귀포", "속초", "강릉", "경주", "여수", "통영", "춘천", "천안", "청주", "포항",
                 "울산", "김해", "창원", "세종", "평택", "의정부", "안산", "구리", "하남", "김포", "파주", "원주", "군산"]

_SITE_PREFIX = [("한빛", "hanbit"), ("새날", "saenal"), ("바른", "bareun"), ("열린", "yeollin"), ("푸른", "pureun"),
                ("누리", "nuri"), ("미래", "mirae"), ("아침", "achim"), ("온누리", "onnuri"), ("동방", "dongbang"),
                ("남도", "namdo"), ("경인", "gyeongin"), ("영남", "yeongnam"), ("호남", "honam"), ("충청", "chungcheong"),
                ("시민", "simin"), ("국민", "kookmin"), ("데일리", "daily"), ("글로벌", "global"), ("아시아", "asia"),
                ("코리아", "korea"), ("테크", "tech"), ("머니", "money"), ("헬스", "health"), ("스포츠", "sports"),
                ("한울", "hanul"), ("가온", "gaon"), ("다온", "daon"), ("마루", "maru"), ("세계", "segye")]
_SITE_SUFFIX = [("일보", "ilbo"), ("신문", "news"), ("경제", "biz"), ("뉴스", "news"), ("타임즈", "times"), ("저널", "journal"),
                ("미디어", "media"), ("투데이", "today"), ("포스트", "post"), ("헤럴드", "herald"), ("방송", "tv"),
                ("뉴스24", "news24"), ("이코노미", "economy"), ("인사이트", "insight"), ("프레스", "press")]


def person(rng: random.Random) -> tuple[str, str]:
    """A Korean name and a romanised e-mail local part for it."""
    surname = rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN) for _ in range(1 if rng.random() < 0.07 else 2))
    roman = [_ROMAN.get(c, "k") for c in surname + given]
    local = rng.choice(["{s}{g}", "{s}.{g}", "{g}{s}", "{s}{n}", "{i}{s}", "{s}{g}{n}"]).format(
        s=roman[0], g="".join(roman[1:]), n=rng.randint(1, 999), i="".join(r[0] for r in roman[1:]))
    return surname + given, local


def site(rng: random.Random) -> tuple[str, str]:
    """A fictional outlet ("한빛일보") and its domain."""
    prefix, rp = rng.choice(_SITE_PREFIX)
    suffix, rs = rng.choice(_SITE_SUFFIX)
    return prefix + suffix, rp + rs + rng.choice([".co.kr", ".com", ".kr", ".net", ".or.kr", ".co.kr"])


def date(rng: random.Random, first: int = 2005, last: int = 2024) -> tuple[int, int, int, int, int]:
    return rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59)


def date_text(rng: random.Random, fmt: int | None = None) -> str:
    """A date and time in one of the formats Korean sites use (``fmt`` fixes the format, per site)."""
    y, m, d, hh, mm = date(rng)
    formats = [f"{y}.{m:02d}.{d:02d} {hh:02d}:{mm:02d}", f"{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}:{rng.randint(0, 59):02d}",
               f"{y}.{m}.{d} {'오전' if hh < 12 else '오후'} {hh % 12 or 12}:{mm:02d}", f"{y}년 {m}월 {d}일 {hh}시 {mm}분",
               f"{y}/{m:02d}/{d:02d}", f"{y}.{m:02d}.{d:02d}"]
    return formats[fmt % len(formats)] if fmt is not None else rng.choice(formats)


def phone(rng: random.Random, mobile: bool = False) -> str:
    if mobile or rng.random() < 0.2:
        return f"010-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
    area = rng.choice(["02", "031", "032", "051", "053", "062", "042", "052", "064", "033", "043", "061", "054"])
    if rng.random() < 0.15:
        return f"{rng.choice(['1588', '1577', '1544', '1661', '1600'])}-{rng.randint(1000, 9999)}"
    return f"{area}-{rng.randint(200, 999)}-{rng.randint(1000, 9999)}"


def address(rng: random.Random) -> str:
    city, districts = rng.choice(CITIES)
    return f"{city} {rng.choice(districts)} {rng.choice(ROADS)} {rng.randint(1, 300)}" + rng.choice(
        ["", f" {rng.randint(2, 20)}층", f", {rng.choice(['미디어', '한빛', '센트럴', '스퀘어', '드림'])}빌딩 {rng.randint(2, 15)}층",
         f" ({rng.choice(['신문로', '서초동', '역삼동', '중동', '우동', '도화동'])}{rng.randint(1, 3)}가)"])


def business_number(rng: random.Random) -> str:
    return f"{rng.randint(100, 899)}-{rng.randint(10, 99)}-{rng.randint(10000, 99999)}"


# --------------------------------------------------------------------------------------------
# what the junk is made of, taken once from the clean documents

_PARTICLES = ("에서는", "으로는", "에서", "으로", "에게", "까지", "부터", "보다", "처럼", "은", "는", "이", "가", "을", "를",
              "의", "에", "로", "와", "과", "도", "만")
_VERBAL_ENDS = set("다는고지어아해요게서면며한된던으하했있없않라네죠까니도만와과")  # last syllables of verbs/endings, not nouns
_NOT_NOUNS = {"가장", "정말", "너무", "지금", "모두", "다시", "이제", "아직", "많이", "그래", "진짜", "실제", "우리", "그것", "그들", "이후",
              "현재", "무엇", "안녕", "오늘", "이번", "동안", "정도", "이상", "아니라", "때문", "자신", "여기", "거기", "저기", "이것"}
_HANGUL_WORD = re.compile(f"^[{HANGUL_CLASS}]+$")
_WITH_PARTICLE = re.compile(f"^(.{{2,}}?)(?:{'|'.join(_PARTICLES)})$")  # the stem before the (longest) particle


def first_line(text: str) -> str:
    return text.split("\n", 1)[0].strip()


def doc_title(doc: dict) -> str:
    """A document's title: its first line when a blank line follows (how resources/realtext marks
    titles); "" for documents without one (single review sentences, chat)."""
    parts = doc["text"].split("\n", 2)
    return parts[0].strip() if len(parts) > 2 and not parts[1].strip() else ""


class Pools:
    """Headlines, titles, sentences, eojeols and noun-like words of the clean documents.

    Everything is a list in a fixed order (documents sorted by style and id, counters sorted by
    count then text), so drawing from it with a seeded ``random.Random`` is reproducible.
    """

    def __init__(self, clean: list[dict]):
        docs = sorted((d for d in clean if d.get("text")), key=lambda d: (str(d.get("style", "")), str(d["id"])))
        if not docs:
            raise ValueError("make_junk needs clean documents with text")
        self.docs = docs
        self.by_style: dict[str, list[dict]] = {}
        for d in docs:
            self.by_style.setdefault(str(d.get("style", "other")), []).append(d)
        headline_docs = self.styles("news", "comment") or docs
        self.headlines = _unique(title for title in map(doc_title, headline_docs) if 8 <= len(title) <= 90)
        self.titles = _unique(title for title in map(doc_title, self.styles("blog", "review", "news", "encyclopedic"))
                              if 4 <= len(title) <= 60) or self.headlines
        self.keywords = _unique(first_line(d["text"]) for d in self.styles("encyclopedic") if 2 <= len(first_line(d["text"])) <= 12)
        self.sentences_by_style = {style: [s for d in ds for s in _SENTENCE_SPLIT.split(d["text"]) if 20 <= len(s) <= 220]
                                   for style, ds in self.by_style.items()}
        self.sentences = [s for ss in self.sentences_by_style.values() for s in ss]
        # eojeols with the punctuation at their edges removed (the salad adds its own), with repeats
        # so that drawing from the list follows their real frequencies
        self.doc_eojeols = [[w for w in _EOJEOL.findall(d["text"]) if _HANGUL.search(w)] for d in docs]
        self.eojeols = [w for ws in self.doc_eojeols for w in ws]
        # noun-like words: stems seen at least twice with a case particle attached (so not adverbs
        # or determiners such as 역시, 어떤), ranked by how often they occur at all
        counts: Counter = Counter()
        with_particle: Counter = Counter()
        for w, c in Counter(self.eojeols).items():
            if _HANGUL_WORD.match(w):
                m = _WITH_PARTICLE.match(w)
                if m:
                    w = m.group(1)
                    with_particle[w] += c
                if 2 <= len(w) <= 5:
                    counts[w] += c
        nouns = [(-c, w) for w, c in counts.items()
                 if c >= 3 and with_particle[w] >= 2 and w[-1] not in _VERBAL_ENDS and w not in _NOT_NOUNS]
        self.nouns = [w for _, w in sorted(nouns)[:4000]] or ["한국"]
        self.sentences = self.sentences or [d["text"][:200] for d in docs]
        self.headlines = self.headlines or [s[:40] for s in self.sentences]
        self.keywords = self.keywords or self.nouns[:200]

    def styles(self, *names: str) -> list[dict]:
        return [d for name in names for d in self.by_style.get(name, [])]

    def sentence(self, rng: random.Random, *styles: str) -> str:
        pools = [self.sentences_by_style[s] for s in styles if self.sentences_by_style.get(s)]
        return rng.choice(rng.choice(pools)) if pools else rng.choice(self.sentences)


def _unique(items) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


# --------------------------------------------------------------------------------------------
# 1. chrome

SECTIONS = {
    "정치": ["대통령실", "국회·정당", "북한", "외교·안보", "행정", "선거"],
    "경제": ["금융", "증권", "부동산", "산업", "유통", "취업·창업", "경제일반"],
    "사회": ["사건사고", "교육", "노동", "환경", "법원·검찰", "복지", "전국", "인권"],
    "국제": ["미국·중남미", "중국", "일본", "유럽", "중동·아프리카", "아시아·호주"],
    "문화": ["책", "공연·전시", "여행·레저", "종교", "학술·문화재", "건강"],
    "연예": ["방송", "영화", "음악", "스타", "해외연예"],
    "스포츠": ["야구", "축구", "농구", "배구", "골프", "e스포츠", "스포츠일반"],
    "IT·과학": ["모바일", "인터넷·SNS", "과학", "게임", "AI", "보안"],
    "오피니언": ["사설", "칼럼", "기고", "만평", "데스크 칼럼", "독자 투고"],
    "라이프": ["여행", "음식", "패션·뷰티", "육아", "반려동물", "자동차"],
}
EXTRA_MENU = ["포토", "영상", "TV", "기획·연재", "지역", "피플", "팩트체크", "인터랙티브", "뉴스레터", "English", "전체기사",
              "랭킹", "이슈", "라이브", "날씨", "운세", "지면보기", "구독", "기자 찾기", "공지사항"]
RANK_TITLES = ["많이 본 뉴스", "실시간 인기", "많이 본 기사", "가장 많이 읽은 기사", "이 시각 주요뉴스", "오늘의 핫이슈", "주간 인기 기사",
               "댓글 많은 기사", "에디터 추천", "추천 기사", "최신 기사", "{sec} 주요뉴스", "{sec} 많이 본 뉴스", "인기 동영상",
               "이슈 포커스", "랭킹 뉴스", "HOT 뉴스", "Best Click", "TOP 10", "많이 본 {sec} 뉴스", "지금 뜨는 기사",
               "공감 많은 기사", "오늘의 추천", "실시간 급상승", "{sec} 최신기사", "놓치면 안 될 뉴스", "주요 뉴스", "헤드라인"]
RELATED_TITLES = ["▶ 관련기사", "관련기사", "[관련기사]", "관련 기사 더보기", "함께 보면 좋은 뉴스", "이 기사와 관련된 기사", "▷ 관련 뉴스",
                  "관련뉴스", "☞ 관련기사", "같이 보면 좋은 기사", "기자의 다른 기사", "이 기자의 최신기사"]
SHARE_LINES = ["카카오톡 공유 페이스북 트위터 URL 복사", "공유하기", "공유 카카오톡 페이스북 X 링크복사", "글자크기 설정 가 가 가 가 가",
               "프린트", "스크랩", "기사 저장", "글씨 크게 글씨 작게 인쇄", "기사 듣기", "번역 English 日本語 中文", "북마크",
               "SNS 퍼가기", "네이버 밴드 공유", "페이스북 트위터 카카오스토리 밴드", "가 가", "이메일 보내기", "URL이 복사되었습니다",
               "닫기", "기사 원문 보기", "본문 글씨 줄이기 본문 글씨 키우기", "인쇄하기 메일보내기", "구독 +"]
FOOTER_LINKS = ["회사소개", "인재채용", "광고안내", "제휴문의", "구독신청", "고객센터", "개인정보처리방침", "청소년보호정책", "이메일무단수집거부",
                "이용약관", "고충처리인", "윤리강령", "편집규약", "저작권규약", "기사제보", "정정보도 청구", "사이트맵", "RSS", "모바일 버전",
                "찾아오시는 길", "독자권익위원회", "기사배열 책임자", "뉴스레터 신청", "공지사항", "PC버전"]


def _top_bar(rng: random.Random, name: str) -> list[str]:
    y, m, d, _, _ = date(rng)
    city, _ = rng.choice(CITIES)
    options = [["로그인", "회원가입"], ["로그인 | 회원가입 | 마이페이지"], ["Login | Join | Sitemap"],
               ["구독신청 | 기사제보 | 광고문의 | 고객센터"], ["전체메뉴 열기"], ["검색어를 입력해 주세요", "검색"], ["검색 닫기"],
               [f"{y}년 {m}월 {d}일 ({rng.choice(WEEKDAYS)}) {city[:2]} {rng.randint(-9, 33)}℃ {rng.choice(['맑음', '흐림', '비', '눈', '구름많음'])}"],
               ["ENG | 中文 | 日本語"], ["PC버전 | 모바일"], ["지면보기 | e-Paper"], ["본문 바로가기", "주메뉴 바로가기"],
               [f"{y}.{m:02d}.{d:02d} ({rng.choice(WEEKDAYS)})"], ["홈", "메뉴", "검색"], [name], [f"{name} 로고"], ["전체서비스"]]
    return [line for option in rng.sample(options, rng.randint(2, 5)) for line in option]


def _menu(rng: random.Random) -> list[str]:
    items = (["홈"] if rng.random() < 0.6 else []) + [s for s in SECTIONS if rng.random() < 0.75]
    items += rng.sample(EXTRA_MENU, rng.randint(0, 5))
    return joined(rng, items)


def _breadcrumb(rng: random.Random) -> tuple[str, list[str]]:
    section = rng.choice(list(SECTIONS))
    sep = rng.choice([" > ", " › ", " / ", " » ", " ＞ ", ">"])
    start = rng.choice(["홈", "HOME", "Home", "뉴스", "홈 > 뉴스"])
    return section, [sep.join([start, section, rng.choice(SECTIONS[section])])]


def _dateline(rng: random.Random) -> list[str]:
    a, b = date_text(rng), date_text(rng)
    return [rng.choice([f"입력 {a}", f"입력 {a} | 수정 {b}", f"기사승인 {a}", f"등록 {a}", f"승인 {a}  댓글 {rng.randint(0, 400)}",
                        f"발행일 : {a}", f"업데이트 {a}", f"Published {a}", f"최종수정 {b}", f"{a} 입력"])]


def _byline(rng: random.Random, name: str, domain: str) -> list[str]:
    who, local = person(rng)
    email = f"{local}@{domain}"
    title = rng.choice(["기자", "기자", "기자", "선임기자", "특파원", "인턴기자", "객원기자", "전문기자"])
    city = rng.choice(CITIES)[0][:2]
    return [rng.choice([f"{who} {title}", f"{who} {title} {email}", f"[{name}={who} {title}]", f"({city}={name}) {who} {title} =",
                        f"글·사진 {who} {title}", f"{who} {title}의 다른 기사 보기", f"{who} {title} | {date_text(rng)}",
                        f"{who} {title} ({email})", f"{email}", f"{who} {title}\n기자 페이지 구독"])]


def _copyright(rng: random.Random, name: str, domain: str) -> list[str]:
    _, local = person(rng)
    return [rng.choice(["무단전재 및 재배포 금지", f"<저작권자 © {name}, 무단 전재 및 재배포 금지>",
                        f"저작권자 © {name} 무단전재 및 재배포 금지", f"Copyright © {name}. All rights reserved.",
                        f"Copyright ⓒ {domain} All Rights Reserved.", f"ⓒ {name}, 무단 전재-재배포, AI 학습 및 활용 금지",
                        f"[ⓒ {name} - 무단전재 & 재배포 금지]", f"본 기사는 {name}의 동의 없이 무단 전재 및 재배포할 수 없습니다",
                        f"{name}의 모든 콘텐츠(기사)는 저작권법의 보호를 받습니다", f"기사제보 및 보도자료 {local}@{domain}",
                        f"<ⓒ{name}(www.{domain}), 무단전재 및 재배포금지>", f"Copyright by {domain}"])]


def _ranking(rng: random.Random, pools: Pools, section: str) -> list[str]:
    title = rng.choice(RANK_TITLES).format(sec=section)
    items = [decorate_headline(rng, h) for h in rng.sample(pools.headlines, min(len(pools.headlines), rng.randint(4, 10)))]
    tail = [rng.choice(["더보기", "더보기 +", "+ 더보기", "전체보기", "more", ""])]
    return [title, *numbered(rng, items), *(t for t in tail if t)]


def _related(rng: random.Random, pools: Pools) -> list[str]:
    bullet = rng.choice(["▶ ", "- ", "· ", "☞ ", "", "▷ ", "• ", "[관련] "])
    items = [bullet + decorate_headline(rng, h) for h in rng.sample(pools.headlines, min(len(pools.headlines), rng.randint(2, 6)))]
    return [rng.choice(RELATED_TITLES), *items]


def _ticker(rng: random.Random) -> list[str]:
    def move() -> str:
        return f"{rng.choice(['▲', '▼', '+', '-'])}{rng.uniform(0.1, 40):.2f}"
    items = [f"코스피 {rng.uniform(1800, 3300):,.2f} {move()}", f"코스닥 {rng.uniform(600, 1100):,.2f} {move()}",
             f"원/달러 {rng.uniform(1050, 1450):,.1f} {move()}", f"WTI {rng.uniform(40, 110):.2f} {move()}",
             f"금 {rng.uniform(1500, 2500):,.1f} {move()}", f"다우 {rng.uniform(25000, 40000):,.2f} {move()}"]
    return joined(rng, rng.sample(items, rng.randint(2, 6)))


def _media_list(rng: random.Random, pools: Pools) -> list[str]:
    tag = rng.choice(["[포토]", "[영상]", "포토", "▶ 영상", "[화보]", "[카드뉴스]"])
    lines = [rng.choice(["포토뉴스", "영상뉴스", "포토 갤러리", "오늘의 사진", "뉴스 영상", "TV"])]
    for h in rng.sample(pools.headlines, min(len(pools.headlines), rng.randint(3, 8))):
        lines.append(f"{tag} {decorate_headline(rng, h, 40)}")
        if rng.random() < 0.3:
            lines.append(f"{rng.randint(0, 9):02d}:{rng.randint(0, 59):02d}")
    return lines


def _keywords(rng: random.Random, pools: Pools) -> list[str]:
    words = rng.sample(pools.keywords, min(len(pools.keywords), rng.randint(5, 12)))
    heading = rng.choice(["인기 검색어", "실시간 검색어", "오늘의 키워드", "관련 검색어", "이슈 키워드", "급상승 검색어"])
    if rng.random() < 0.5:
        return [heading, *joined(rng, ["#" + w.replace(" ", "") for w in words], (" ", "  ", "\n"))]
    return [heading, *numbered(rng, [w + rng.choice(["", "", " 상승", " NEW", " ▲", " -"]) for w in words])]


def _ads(rng: random.Random) -> list[str]:
    return rng.sample(["AD", "광고", "[광고]", "Sponsored", "ADVERTISEMENT", "이 광고는 파트너스 활동의 일환으로 수수료를 제공받습니다",
                       "광고 닫기", "오늘 하루 보지 않기", "배너 광고 문의", "파워링크", "광고 영역"], rng.randint(1, 3))


def _company(rng: random.Random, name: str, domain: str) -> list[str]:
    ceo = person(rng)[0]
    y, m, d, _, _ = date(rng, 1995, 2020)
    options = [f"주소: {address(rng)} | 대표전화: {phone(rng)} | 팩스: {phone(rng)}", f"{name} | 사업자등록번호: {business_number(rng)} | 대표이사: {ceo}",
               f"등록번호: {rng.choice(['서울', '경기', '부산', '인천'])} 아{rng.randint(100, 99999):05d} | 등록일: {y}.{m:02d}.{d:02d} | 발행인: {person(rng)[0]} | 편집인: {person(rng)[0]}",
               f"발행·편집인: {person(rng)[0]} | 청소년보호책임자: {person(rng)[0]}", f"통신판매업신고 제{y}-{rng.choice(['서울종로', '서울마포', '부산해운대', '경기성남'])}-{rng.randint(100, 9999)}호",
               "인터넷신문위원회 자율심의 준수 서약사", f"(주){name} {address(rng)} Tel {phone(rng)}", f"대표이사 {ceo}",
               f"제호: {name} | 등록번호: {rng.choice(['서울', '경기'])}, 아{rng.randint(100, 99999):05d}", f"대표전화 {phone(rng)}",
               f"개인정보관리책임자: {person(rng)[0]}", f"{name}은(는) 인터넷신문윤리강령 및 그 실천요강을 준수합니다",
               f"Tel. {phone(rng)}  Fax. {phone(rng)}  E-mail. {person(rng)[1]}@{domain}"]
    return rng.sample(options, rng.randint(2, 6))


def _snippet(rng: random.Random, pools: Pools, budget: int) -> tuple[str, list[str]]:
    """A news document's headline and the first sentences of its body, at most ``budget`` chars."""
    docs = pools.styles("news") or pools.docs
    doc = rng.choice(docs)["text"]
    headline = first_line(doc)
    body = [s for s in _SENTENCE_SPLIT.split(doc.split("\n", 1)[-1]) if s.strip()]
    out: list[str] = []
    for s in body:
        if total_len(out) + len(s) + 1 > budget:
            break
        out.append(s)
    return headline, out


def chrome_page(rng: random.Random, pools: Pools) -> tuple[str, str]:
    """A news-site or portal page as a crawler's text extraction leaves it.

    Why: pages whose boilerplate outweighs the article (or that have no article) are the commonest
    junk of a Korean crawl; their lines are short, unpunctuated and repeated across a site, and at
    most a quarter of the page is real text.
    """
    variant = rng.choice(["article", "article", "article", "section", "portal"])
    if variant == "portal":
        return portal_page(rng, pools), variant
    target = target_length(rng)
    name, domain = site(rng)
    section, crumbs = _breadcrumb(rng)
    head = _top_bar(rng, name) + _menu(rng) + (crumbs if rng.random() < 0.8 else [])
    snippet: list[str] = []
    if variant == "article":
        headline, snippet = _snippet(rng, pools, int(target * rng.uniform(0.05, 0.2)))
        head += [headline, *_dateline(rng), *_byline(rng, name, domain), *rng.sample(SHARE_LINES, rng.randint(1, 4))]
        head += snippet
        head += _copyright(rng, name, domain) if rng.random() < 0.7 else []
        head += _byline(rng, name, domain) if rng.random() < 0.3 else []
        head += _related(rng, pools) if rng.random() < 0.6 else []
    else:
        head += [section, *rng.sample(SECTIONS[section], min(len(SECTIONS[section]), rng.randint(2, 5)))]
    foot = (_menu(rng) if rng.random() < 0.4 else []) + joined(rng, rng.sample(FOOTER_LINKS, rng.randint(4, 12)))
    foot += _company(rng, name, domain) + _copyright(rng, name, domain)
    fillers = [lambda: _ranking(rng, pools, section), lambda: _ranking(rng, pools, rng.choice(list(SECTIONS))),
               lambda: _related(rng, pools), lambda: _media_list(rng, pools), lambda: _ticker(rng),
               lambda: _keywords(rng, pools), lambda: _ads(rng), lambda: rng.sample(SHARE_LINES, rng.randint(1, 3)),
               lambda: _section_list(rng, pools), lambda: [rng.choice(["1 2 3 4 5 6 7 8 9 10 다음", "< 이전 1 2 3 4 5 다음 >",
                                                                       "더보기 +", "처음 이전 1 2 3 다음 끝"])]]
    middle: list[str] = []
    while total_len(head) + total_len(middle) + total_len(foot) < target:
        middle += rng.choice(fillers)()
    lines = head + middle + foot
    if snippet and sum(map(len, snippet)) > 0.25 * total_len(lines):  # the real text stays a minority
        lines = [line for line in lines if line not in snippet]
    return "\n".join(lines), variant


def _section_list(rng: random.Random, pools: Pools) -> list[str]:
    """A section index: headline, a date, sometimes a one-line teaser cut short."""
    lines = []
    for h in rng.sample(pools.headlines, min(len(pools.headlines), rng.randint(3, 7))):
        lines.append(decorate_headline(rng, h))
        if rng.random() < 0.25:
            teaser = pools.sentence(rng, "news")
            lines.append(teaser[: rng.randint(25, 50)] + "…")
        lines.append(rng.choice([date_text(rng), f"{person(rng)[0]} 기자", f"{date_text(rng)} | {person(rng)[0]} 기자", ""]))
    return [line for line in lines if line]


def portal_page(rng: random.Random, pools: Pools) -> str:
    """A portal front page: services, login box, trending keywords, news stand, shopping, footer."""
    portal = rng.choice(["누리", "온바다", "한울", "별빛", "다온", "마루", "가온", "새길", "하늘창"])
    target = target_length(rng)
    services = ["메일", "카페", "블로그", "쇼핑", "뉴스", "증권", "부동산", "지도", "웹툰", "지식iN", "사전", "번역", "영화", "뮤직",
                "날씨", "게임", "캘린더", "메모", "주소록", "클라우드", "페이", "더보기"]
    head = [portal, *joined(rng, rng.sample(services, rng.randint(6, 14))), rng.choice(["검색", f"{portal} 검색", "검색어 입력"]),
            *rng.sample(["아이디", "비밀번호", "로그인 상태 유지", "IP보안", "로그인", "아이디·비밀번호 찾기", "회원가입", "QR코드 로그인",
                         "일회용 번호"], rng.randint(3, 6))]
    foot = joined(rng, rng.sample(["회사소개", "인재채용", "제휴제안", "이용약관", "개인정보처리방침", "청소년보호정책", f"{portal} 정책",
                                   "고객센터", "게시중단요청서비스", "책임의 한계와 법적고지"], rng.randint(4, 9)))
    foot += [f"ⓒ {portal} Corp." if rng.random() < 0.5 else f"Copyright © {portal} Corp. All Rights Reserved."]
    weather_city = rng.choice(CITIES)[0][:2]
    fillers = [lambda: _keywords(rng, pools), lambda: _ranking(rng, pools, "뉴스"), lambda: _ticker(rng), lambda: _media_list(rng, pools),
               lambda: [rng.choice(["뉴스스탠드", "언론사 편집", "구독한 언론사", "전체 언론사"]),
                        *joined(rng, [site(rng)[0] for _ in range(rng.randint(4, 12))])],
               lambda: [f"{weather_city} {rng.randint(-9, 33)}° {rng.choice(['맑음', '흐림', '비', '눈'])}",
                        f"미세먼지 {rng.choice(['좋음', '보통', '나쁨'])} 초미세먼지 {rng.choice(['좋음', '보통', '나쁨'])}"],
               lambda: [rng.choice(["오늘의 특가", "쇼핑 추천", "핫딜"]),
                        *[f"{p} {rng.randint(5, 300) * 100:,}원 {rng.randint(5, 70)}%" for p in rng.sample(PRODUCT_NAMES, rng.randint(2, 5))]],
               lambda: _ads(rng)]
    middle: list[str] = []
    while total_len(head) + total_len(middle) + total_len(foot) < target:
        middle += rng.choice(fillers)()
    return "\n".join(head + middle + foot)


# --------------------------------------------------------------------------------------------
# 2. seo_spam

SPAM = {
    "gambling": {
        "kw": ["카지노", "온라인카지노", "카지노사이트", "바카라", "바카라사이트", "온라인바카라", "슬롯", "슬롯사이트", "슬롯머신", "토토",
               "토토사이트", "스포츠토토", "사설토토", "먹튀검증", "먹튀검증사이트", "먹튀폴리스", "메이저사이트", "메이저놀이터", "안전놀이터",
               "안전토토사이트", "파워볼", "파워볼사이트", "홀덤", "홀덤사이트", "룰렛", "블랙잭", "라이브카지노", "에볼루션카지노",
               "인터넷카지노", "바둑이", "맞고", "포커", "미니게임", "스포츠중계", "해외축구중계"],
        "slogans": ["신규가입 첫충 {n}% 매충 {m}%", "먹튀 없는 메이저 놀이터", "24시간 실시간 환전", "최고 배당 보장", "가입코드 {code}",
                    "첫 가입 꽁머니 {n}만원 지급", "업계 최고 보증금 {m}억 예치", "1:1 전담 상담원 대기", "검증 완료된 안전한 사이트만 추천",
                    "무제한 환전 무한 매충", "스포츠 라이브 배팅 지원", "10년 무사고 운영", "당일 가입 즉시 이용 가능", "롤링 100% 환전 가능",
                    "출금 지연 없음"],
        "brands": ["황금성", "로얄", "골드", "다이아", "킹", "빅토리", "에이스", "맥스", "퍼스트", "제우스", "헤라", "스타", "원더", "VEGAS", "KING",
                   "SKY", "BET", "WIN", "LUCKY"],
        "domains": ["casino", "bet", "toto", "slot", "vip", "king", "gold", "ace", "major", "safe", "win", "lucky", "royal", "evo", "power"],
    },
    "adult": {
        "kw": ["출장안마", "출장마사지", "{region}출장안마", "{region}출장마사지", "{region} 출장", "홈타이", "스웨디시", "건마", "아로마마사지",
               "태국마사지", "오피", "오피사이트", "휴게텔", "유흥", "조건만남", "애인대행", "성인용품", "19금", "후불출장"],
        "slogans": ["100% 후불제", "전국 어디든 30분 이내 방문", "20대 관리사 대기", "선입금 없는 안전 업체", "24시 연중무휴",
                    "{region} 전지역 출장 가능", "실사 100% 보장", "예약 문의 환영", "호텔 모텔 자택 어디든", "첫 방문 {n}% 할인",
                    "매니저 {n}명 상시 대기"],
        "brands": ["힐링", "로즈", "블루", "샤넬", "핑크", "엔젤", "VIP", "프리미엄", "스타", "드림", "러브"],
        "domains": ["anma", "massage", "healing", "op", "night", "vip", "love", "rose", "pink", "hot"],
    },
    "pharma": {
        "kw": ["비아그라", "시알리스", "비아그라 구매", "시알리스 구입", "비아그라 처방전 없이", "정품 비아그라", "비아그라 후기", "비아그라 효과",
               "레비트라", "카마그라", "프릴리지", "발기부전치료제", "조루치료제", "여성흥분제", "낙태약", "미프진 구매", "다이어트약",
               "식욕억제제", "비아그라 가격", "시알리스 복용법"],
        "slogans": ["정품 100% 보장", "처방전 없이 구매 가능", "비밀 포장 당일 발송", "전국 무료 배송", "1+1 이벤트 진행중", "카톡 상담 시 추가 할인",
                    "정품 아니면 {n}배 보상", "{n}정 {m}만원 특가", "해외 직배송"],
        "brands": ["정품약국", "메디", "헬스", "파마", "닥터", "케어", "365약국", "굿약", "블루필"],
        "domains": ["viagra", "cialis", "pharm", "medi", "pill", "health", "drug", "care", "blue"],
    },
    "loan": {
        "kw": ["대출", "무직자대출", "무직자 소액대출", "소액대출", "비상금대출", "당일대출", "비대면대출", "신용불량자대출", "저신용자대출",
               "개인돈", "개인돈대출", "일수", "월변", "급전", "작업대출", "대환대출", "주부대출", "대학생대출", "사업자대출",
               "자동차담보대출", "월변대출", "{region} 일수", "{region} 급전"],
        "slogans": ["신용 무관 당일 입금", "무직자 주부 대학생 OK", "서류 없이 5분 승인", "연체자 신불자 가능", "상담만 받아도 OK",
                    "{n}만원~{m}천만원 즉시 한도 조회", "선수수료 없음", "비밀 보장 100%", "정식 등록 대부업체", "연 {n}% 최저 금리"],
        "brands": ["머니", "캐시", "행복", "희망", "바로", "스피드", "신속", "믿음", "든든", "우리동네"],
        "domains": ["loan", "money", "cash", "daechul", "credit", "fund", "speed", "easy", "now"],
    },
    "marketing": {
        "kw": ["인스타 팔로워 구매", "인스타 좋아요 늘리기", "유튜브 구독자 구매", "유튜브 조회수 올리기", "블로그 상위노출", "상위노출",
               "구글 상위노출", "백링크", "백링크 작업", "SEO 최적화", "트래픽 작업", "리뷰 작업", "체험단 모집", "댓글 알바", "비트코인 리딩방",
               "주식 리딩방", "코인 무료 리딩", "급등주 추천", "흥신소", "심부름센터", "사람찾기", "{region} 흥신소", "불륜 증거"],
        "slogans": ["한국인 실계정 100%", "작업 후 결제", "효과 없으면 전액 환불", "월 수익 {n}0% 보장", "무료 체험 가능", "상위노출 보장",
                    "업계 최저가", "VIP 리딩방 무료 입장", "{n}시간 내 작업 완료", "누적 고객 {m}만명"],
        "brands": ["마케팅", "그로스", "부스트", "탑랭크", "바이럴", "파워", "골드", "세븐", "알파"],
        "domains": ["seo", "rank", "viral", "boost", "follow", "growth", "top", "link", "coin", "stock"],
    },
}
_DECOR = ["★", "☆", "♥", "◆", "■", "▶", "◀", "✔", "✅", "👉", "🔥", "💯", "💰", "🎰", "⭐", "♣", "♠", "✨", "♨", "【", "】", "◎", "▣"]


def _fill(rng: random.Random, template: str) -> str:
    return template.format(n=rng.choice([3, 5, 10, 20, 30, 50]), m=rng.randint(1, 9), region=rng.choice(SHORT_REGIONS),
                           code=rng.choice(["VIP", "WIN", "GO", "K", "A", "SS"]) + str(rng.randint(1, 999)))


def josa(word: str, after_consonant: str, after_vowel: str) -> str:
    """The particle form for ``word``: 이/가, 은/는, 을/를, 과/와 by its last syllable's final consonant."""
    last = word[-1] if word else ""
    if "\uac00" <= last <= "\ud7a3":
        return after_consonant if (ord(last) - 0xAC00) % 28 else after_vowel
    return after_consonant if last.isdigit() and last in "013678" else after_vowel


def _spam_contact(rng: random.Random, spec: dict) -> str:
    ident = rng.choice(spec["domains"]) + rng.choice(["", "", "_", "0"]) + str(rng.randint(1, 9999))
    domain = f"{rng.choice(spec['domains'])}{rng.choice(['', '-', ''])}{rng.randint(1, 999)}.{rng.choice(['com', 'net', 'xyz', 'top', 'site', 'club', 'vip', 'kr', 'io', 'me', 'shop', 'pro', 'biz', 'info'])}"
    options = [f"010-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}", f"☎ 010 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
               f"카톡 {ident}", f"카톡ID: {ident}", f"카카오톡 : {ident}", f"ⓚ톡 {ident}", f"KAKAO {ident}", f"텔레그램 @{ident}",
               f"텔레 {ident}", f"TG: @{ident}", f"텔레그램 문의 @{ident}", f"라인 {ident}", f"https://{domain}", f"www.{domain}", domain,
               f"주소: {domain}", f"▶▶ {domain} ◀◀", f"바로가기 ☞ {domain}", f"https://{domain}/?code={ident}", f"상담문의 {phone(rng, True)}"]
    return rng.choice(options)


def _evade(rng: random.Random, word: str) -> str:
    """Spam spelled to slip past exact matching: 바*카*라, 토.토, 카 지 노."""
    glue = rng.choice(["*", ".", " ", "ㅡ", "♡", "_", "ㆍ", "-"])
    return glue.join(word.replace(" ", ""))


def seo_spam_page(rng: random.Random, pools: Pools) -> tuple[str, str]:
    """A gambling / adult / pharma / loan / marketing spam page.

    Why: spam is keyword-stuffed, repeats its slogans and contacts, and often hides among scraped
    real sentences so it still looks like Korean prose to a character-level rule.
    """
    topic = rng.choice(["gambling", "gambling", "gambling", "adult", "pharma", "loan", "loan", "marketing"])
    spec = SPAM[topic]
    target = target_length(rng)
    kws = [_fill(rng, k) for k in spec["kw"]]
    brand = rng.choice(spec["brands"]) + rng.choice(["", "", "카지노", "벳", "플레이", "존", "24", "77", "99", "365"]) if topic == "gambling" \
        else rng.choice(spec["brands"]) + rng.choice(["", "24", "365", "코리아", "센터", "닷컴"])
    slogans = [_fill(rng, s) for s in rng.sample(spec["slogans"], min(len(spec["slogans"]), rng.randint(2, 4)))]
    real_share = rng.choice([0.0, 0.0, 0.15, 0.3, 0.5])  # sentences scraped from a real page, interleaved, sometimes
    scraped: list[str] = []
    real_chars = 0

    def kw() -> str:
        k = rng.choice(kws)
        return _evade(rng, k) if rng.random() < 0.08 else k

    def deco(text: str) -> str:
        a = rng.choice(_DECOR) if rng.random() < 0.5 else ""
        return f"{a}{a} {text} {a}{a}".strip() if a else text

    prose = ["{k} 찾고 계신가요? {b}에서 {s}.", "{r} {k} 전문 {b} 입니다. {s}!", "안녕하세요 {b} 입니다. {k} {k2} 문의는 {c}",
             "믿을 수 있는 {k}, 지금 바로 {b_wa} 함께하세요.", "{k} 추천 순위 1위 {b}", "{k} 이용 전 반드시 {k2} 여부를 확인하세요. {b_neun} {s}.",
             "많은 분들이 {k} 후기를 물어보십니다. 결론부터 말씀드리면 {b_ga} 정답입니다.", "지금 가입하면 {s}", "{k} ✔ {k2} ✔ {k3}",
             "{k} 하면 {b}! {s}", "{b_neun} {k} 업계 {n}년 경력의 노하우로 약속드립니다. {s}!", "{k} {k2} {k3} {k} {k2}",
             "{k} 관련 문의가 많아 정리했습니다. {k2}, {k3} 모두 {b}에서 가능합니다.", "※ {k} 사칭 사이트 주의 ※ 공식 주소는 {c}",
             "오늘도 {b_reul} 찾아주셔서 감사합니다. {s}. {c}"]
    forms = {"b": brand, "b_wa": brand + josa(brand, "과", "와"), "b_neun": brand + josa(brand, "은", "는"),
             "b_ga": brand + josa(brand, "이", "가"), "b_reul": brand + josa(brand, "을", "를")}

    def line() -> str:
        r = rng.random()
        if r < 0.2:
            return rng.choice([" ", ", ", " | ", " ♥ ", " ★ ", " / ", " #", "  "]).join(kw() for _ in range(rng.randint(3, 12)))
        if r < 0.35:
            return deco(rng.choice(slogans))
        if r < 0.5:
            return deco(_spam_contact(rng, spec))
        if r < 0.58:
            return " ".join("#" + kw().replace(" ", "") for _ in range(rng.randint(4, 14)))
        return rng.choice(prose).format(k=kw(), k2=kw(), k3=kw(), s=rng.choice(slogans), c=_spam_contact(rng, spec),
                                        r=rng.choice(SHORT_REGIONS), n=rng.randint(3, 15), **forms)

    lines = [rng.choice(["{k} {k2} {k3} | {b}", "【{b}】 {k} {k2} 추천", "{k} - {k2} - {k3} 최신 주소", "{b} {k} 공식 사이트", "{k} {s}"]).format(
        k=kw(), k2=kw(), k3=kw(), b=brand, s=rng.choice(slogans))]
    while total_len(lines) < target:
        if real_share and rng.random() < real_share and real_chars < real_share * total_len(lines):
            if not scraped:  # the next real page's sentences, in order
                scraped = [x for x in _SENTENCE_SPLIT.split(rng.choice(pools.docs)["text"]) if len(x.strip()) > 5]
            lines.append(scraped.pop(0))
            real_chars += len(lines[-1]) + 1
        else:
            lines.append(line())
    variant = topic + ("_with_real" if real_share else "")
    return "\n".join(lines), variant


# --------------------------------------------------------------------------------------------
# 3. word_salad


def word_salad_page(rng: random.Random, pools: Pools) -> tuple[str, str]:
    """Machine word salad: every eojeol is real Korean, their order is not.

    Why: salad passes character-level rules (Hangul share, word lengths, punctuation) and only
    morpheme/word-order signals catch it. Variants: eojeols drawn from many documents (following
    their real frequencies), from a few documents (one topic), or one document shuffled within
    each of its lines (the layout kept).
    """
    target = target_length(rng)
    variant = rng.choice(["many_docs", "many_docs", "few_docs", "shuffled_doc", "shuffled_doc"])
    if variant == "shuffled_doc":
        return _shuffled_doc(rng, pools, target), variant
    if variant == "many_docs":
        vocab = pools.eojeols
    else:
        chosen = rng.sample(range(len(pools.doc_eojeols)), min(len(pools.doc_eojeols), rng.randint(2, 8)))
        vocab = [w for i in chosen for w in pools.doc_eojeols[i]] or pools.eojeols
    per_line = rng.choice([1, 2, 3, 4, 6])  # sentences per line: short lines or paragraphs
    ends = rng.choice([[".", ".", ".", "?"], [".", "!", "?", "…", ""], ["."], [".", ".", ",", ""]])
    lines, sentences = [], []
    if rng.random() < 0.5:
        lines.append(" ".join(rng.choice(vocab) for _ in range(rng.randint(2, 6))))  # a title
    while total_len(lines) + total_len(sentences) < target:
        words = [rng.choice(vocab) for _ in range(rng.randint(4, 18))]
        for i in range(len(words) - 1):
            if rng.random() < 0.07:
                words[i] += ","
        sentences.append(" ".join(words) + rng.choice(ends))
        if len(sentences) >= per_line:
            lines.append(" ".join(sentences))
            sentences = []
    if sentences:
        lines.append(" ".join(sentences))
    return "\n".join(lines), variant


def _shuffled_doc(rng: random.Random, pools: Pools, target: int) -> str:
    """One real document (continued by others of its style if short) with each line's eojeols shuffled."""
    doc = rng.choice(pools.docs)
    same = pools.by_style.get(str(doc.get("style", "other")), pools.docs)
    lines: list[str] = []
    while total_len(lines) < target:
        for line in doc["text"].split("\n"):
            words = line.split()
            rng.shuffle(words)
            lines.append(" ".join(words))
            if total_len(lines) >= target:
                break
        doc = rng.choice(same)
    return "\n".join(lines).strip()


# --------------------------------------------------------------------------------------------
# 4. template

BUSINESSES = ["맛집", "카페", "헬스장", "필라테스", "치과", "피부과", "안과", "한의원", "미용실", "네일샵", "영어학원", "수학학원", "이사업체",
              "인테리어", "꽃집", "세탁소", "동물병원", "애견카페", "펜션", "호텔", "게스트하우스", "자동차정비", "세차장", "스터디카페", "노래방",
              "고깃집", "횟집", "국밥집", "돈까스", "빵집", "브런치", "초밥", "중국집", "치킨집", "족발", "정형외과", "소아과", "요가원",
              "태권도장", "피아노학원", "안경점", "사진관", "PC방", "볼링장", "키즈카페", "방탈출"]
SHOP_HEAD = ["할매", "원조", "명가", "본가", "참", "황금", "행복한", "우리", "옛날", "청춘", "달빛", "소담", "온기", "정직한", "바른", "하늘",
             "푸른", "새봄", "한결", "봄날", "미소", "동네", "제일", "첫", "오늘"]
SHOP_TAIL = ["돼지", "국밥", "칼국수", "커피", "베이커리", "식당", "치킨", "분식", "곱창", "스시", "파스타", "의원", "치과", "헤어", "네일",
             "학원", "스튜디오", "하우스", "마켓", "상회", "정육점", "약국", "피트니스", "플라워", "공방"]
PRODUCT_NAMES = ["무선 이어폰", "에어프라이어", "로봇청소기", "가습기", "전기요", "캠핑의자", "노트북", "27인치 모니터", "기계식 키보드",
                 "게이밍 마우스", "유모차", "기저귀 대형", "분유 800g", "생수 2L 24병", "라면 40개", "쌀 10kg", "홍삼정", "비타민C 1000",
                 "오메가3", "선크림 SPF50", "탈모 샴푸", "러닝화", "롱패딩", "기내용 캐리어", "전기밥솥 10인용", "식기세척기", "무선 청소기",
                 "공기청정기", "제습기", "안마의자", "블루투스 스피커", "스마트워치", "태블릿 11인치", "보조배터리 20000mAh", "전동칫솔"]
MALLS = ["한빛마켓", "오늘쇼핑", "누리몰", "11마켓", "가온샵", "바로몰", "스마트스토어A", "하나로몰", "위드몰", "플러스마트", "딜마켓", "알뜰장터"]
COMPANY_HEAD = ["한빛", "대성", "동양", "삼화", "우진", "성호", "태평", "한일", "신성", "대원", "세방", "금강", "대명", "유진", "서진", "광명"]
COMPANY_TAIL = ["전자", "화학", "제약", "건설", "바이오", "중공업", "반도체", "식품", "물산", "에너지", "홀딩스", "테크", "정밀", "소재", "로직스"]
APT_HEAD = ["한빛", "푸른", "청솔", "은행나무", "벽산", "주공", "삼익", "우성", "동아", "신동아", "한신", "대림", "미성", "극동", "쌍용", "럭키"]
ANIMALS = ["쥐", "소", "호랑이", "토끼", "용", "뱀", "말", "양", "원숭이", "닭", "개", "돼지"]
STATIONS = ["시청", "강남", "홍대입구", "잠실", "신도림", "사당", "왕십리", "고속터미널", "서울역", "수원", "부평", "동대구", "서면", "센텀시티",
            "정부청사", "유성온천", "상무", "범계", "야탑", "광교중앙", "김포공항", "노원", "건대입구", "합정"]


def _shop(rng: random.Random) -> str:
    return rng.choice(SHOP_HEAD) + rng.choice(SHOP_TAIL) + rng.choice(["", "", " 본점", f" {rng.choice(SHORT_REGIONS)}점", " 2호점"])


def _won(rng: random.Random, low: int, high: int, step: int = 10) -> str:
    return f"{rng.randint(low // step, high // step) * step:,}"


def _tpl_local_best(rng: random.Random, pools: Pools) -> list[str]:
    region, biz, n = rng.choice(SHORT_REGIONS), rng.choice(BUSINESSES), rng.choice([5, 7, 10, 10, 15, 20])
    lines = [f"{region} {biz} 추천 베스트 {n} ({date(rng, 2018)[0]}년 최신)",
             f"{region}에서 {biz}을(를) 찾고 계신가요? 저희가 직접 엄선한 {region} {biz} 베스트 {n}을 소개합니다.",
             "아래 순위는 방문자 리뷰와 평점을 바탕으로 자동 집계되었습니다."]
    for i in range(1, n + 1):
        shop = _shop(rng)
        lines += [f"{i}. {shop}", f"평점 {rng.uniform(3.5, 5):.1f} | 리뷰 {rng.randint(3, 2500):,}개 | {region} {biz}",
                  f"주소: {address(rng)}", f"영업시간: {rng.randint(7, 11):02d}:00 ~ {rng.randint(18, 23)}:00 | 주차 {rng.choice(['가능', '불가', '2시간 무료'])}",
                  f"{shop}은(는) {region} {biz} 중에서도 {rng.choice(['가성비', '친절함', '분위기', '접근성', '청결도'])}로 많은 사랑을 받는 곳입니다."]
    lines += [f"이상 {region} {biz} 추천 베스트 {n}이었습니다. 방문 전 영업시간을 꼭 확인하세요.", f"#{region}{biz} #{region}{biz}추천 #{biz}"]
    return lines


def _tpl_price(rng: random.Random, pools: Pools) -> list[str]:
    product = rng.choice(PRODUCT_NAMES)
    low = rng.randint(10, 900) * 1000
    lines = [f"{product} 최저가 비교 | {product} 가격 {low:,}원부터", f"{product} 최저가 {low:,}원 · 판매처 {rng.randint(5, 60)}곳 · 최근 업데이트 {date_text(rng)}",
             "판매처 | 상품명 | 가격 | 배송비"]
    for _ in range(rng.randint(6, 30)):
        price = int(low * rng.uniform(1, 1.6)) // 10 * 10
        lines.append(f"{rng.choice(MALLS)} | {product} {rng.choice(['', '정품', '1+1', '특가', '리퍼', '화이트', '블랙', '대용량'])} | {price:,}원 | "
                     f"{rng.choice(['무료배송', '3,000원', '2,500원', '조건부 무료'])}")
    lines += [f"{product} 가격 변동 그래프 (최근 3개월)", f"최고가 {int(low * 1.8):,}원 최저가 {low:,}원 평균가 {int(low * 1.3):,}원",
              f"{product} 관련 상품: " + ", ".join(rng.sample(PRODUCT_NAMES, 4)), "※ 가격 및 배송비는 판매처 사정에 따라 변경될 수 있습니다."]
    return lines


def _tpl_apartment(rng: random.Random, pools: Pools) -> list[str]:
    city, districts = rng.choice(CITIES)
    apt = f"{rng.choice(APT_HEAD)}{rng.choice(['아파트', '마을', '타운', '1단지', '2단지', '3차', '그린빌'])}"
    where = f"{city} {rng.choice(districts)}"
    lines = [f"{apt} 실거래가 | {where} 아파트 매매 시세", f"{where} {apt} ({rng.randint(1985, 2022)}년 준공, {rng.randint(100, 3000):,}세대)",
             "계약일 | 전용면적 | 층 | 거래금액"]
    for y, m, d, _, _ in sorted((date(rng, 2019) for _ in range(rng.randint(8, 40))), reverse=True):
        area = rng.choice([39.6, 49.8, 59.9, 74.5, 84.9, 101.3, 114.7])
        lines.append(f"{y}.{m:02d}.{d:02d} | {area}㎡ | {rng.randint(1, 30)}층 | {rng.randint(15, 250) * 1000:,}만원")
    lines += [f"{apt} 전세 시세 {rng.randint(10, 90) * 1000:,}만원 ~ {rng.randint(90, 150) * 1000:,}만원", f"주변 아파트: {rng.choice(APT_HEAD)}아파트, {rng.choice(APT_HEAD)}타운",
              "본 정보는 국토교통부 실거래가 공개시스템 자료를 바탕으로 자동 생성되었습니다."]
    return lines


def _tpl_weather(rng: random.Random, pools: Pools) -> list[str]:
    region = rng.choice(SHORT_REGIONS)
    y, m, d, _, _ = date(rng, 2015)
    lines = [f"{region} 날씨 {y}년 {m}월 {d}일 ({rng.choice(WEEKDAYS)})", f"현재 {region} 기온 {rng.randint(-10, 34)}℃, 체감온도 {rng.randint(-14, 38)}℃",
             f"습도 {rng.randint(20, 95)}% | 바람 {rng.choice(['북서풍', '남풍', '동풍', '서풍'])} {rng.uniform(0.5, 9):.1f}m/s | 미세먼지 {rng.choice(['좋음', '보통', '나쁨'])}",
             "시간별 예보"]
    for h in range(0, 24, rng.choice([1, 2, 3])):
        lines.append(f"{h:02d}시 {rng.randint(-10, 34)}℃ {rng.choice(['맑음', '구름많음', '흐림', '비', '눈', '소나기'])} 강수확률 {rng.randint(0, 10) * 10}%")
    lines.append("주간 예보")
    for i in range(rng.randint(5, 10)):
        lines.append(f"{m}/{(d + i) % 28 + 1} ({WEEKDAYS[(i + d) % 7]}) 최저 {rng.randint(-10, 20)}℃ 최고 {rng.randint(0, 35)}℃ "
                     f"오전 {rng.choice(['맑음', '흐림', '비'])} 오후 {rng.choice(['맑음', '흐림', '비'])}")
    lines.append(f"{region} 날씨 정보는 기상청 자료를 기반으로 매시간 자동 업데이트됩니다.")
    return lines


def _tpl_jobs(rng: random.Random, pools: Pools) -> list[str]:
    region, job = rng.choice(SHORT_REGIONS), rng.choice(["편의점", "카페", "물류센터", "배달", "서빙", "주방보조", "PC방", "학원 보조", "사무보조",
                                                          "생산직", "콜센터", "매장관리", "택배 상하차"])
    lines = [f"{region} {job} 알바 채용 정보 | 오늘 올라온 공고 {rng.randint(5, 300)}건", f"{region} {job} 아르바이트 구인 구직 정보를 한눈에 확인하세요."]
    for _ in range(rng.randint(6, 25)):
        lines += [f"[{region}] {_shop(rng)} {job} 모집", f"시급 {_won(rng, 9860, 15000)}원 | {rng.choice(['주말', '평일', '야간', '오전', '주 3일'])} | "
                                                        f"{rng.choice(['경력무관', '초보가능', '대학생 우대', '장기 우대'])} | 마감 D-{rng.randint(0, 30)}"]
    lines.append("※ 본 채용정보는 각 채용사이트의 공고를 자동 수집한 것입니다.")
    return lines


def _tpl_stock(rng: random.Random, pools: Pools) -> list[str]:
    company = rng.choice(COMPANY_HEAD) + rng.choice(COMPANY_TAIL)
    code = f"{rng.randint(0, 999999):06d}"
    price = rng.randint(10, 5000) * 100
    lines = [f"{company} 주가 {price:,}원 ({code}) | 실시간 시세", f"{company} {code} {rng.choice(['코스피', '코스닥'])} | 전일대비 {rng.choice(['▲', '▼'])}{rng.randint(1, 500) * 10:,} ({rng.uniform(0, 15):.2f}%)",
             f"시가 {price:,} 고가 {int(price * 1.05):,} 저가 {int(price * 0.95):,} 거래량 {rng.randint(1000, 9000000):,}",
             f"시가총액 {rng.randint(100, 90000):,}억원 | PER {rng.uniform(2, 80):.2f} | PBR {rng.uniform(0.2, 9):.2f} | 배당수익률 {rng.uniform(0, 6):.2f}%",
             "일자 | 종가 | 전일비 | 거래량"]
    for y, m, d, _, _ in sorted((date(rng, 2020) for _ in range(rng.randint(8, 40))), reverse=True):
        lines.append(f"{y}.{m:02d}.{d:02d} | {int(price * rng.uniform(0.8, 1.2)):,} | {rng.choice(['▲', '▼'])}{rng.randint(1, 300) * 10:,} | {rng.randint(1000, 9000000):,}")
    lines += [f"{company} 관련 종목: " + ", ".join(rng.choice(COMPANY_HEAD) + rng.choice(COMPANY_TAIL) for _ in range(4)),
              "투자 판단의 책임은 투자자 본인에게 있습니다."]
    return lines


def _tpl_lotto(rng: random.Random, pools: Pools) -> list[str]:
    draw = rng.randint(500, 1150)
    lines = [f"{draw}회 로또 당첨번호 조회 | 1등 당첨금", f"제{draw}회 로또 당첨번호: " + " ".join(str(n) for n in sorted(rng.sample(range(1, 46), 6))) + f" + 보너스 {rng.randint(1, 45)}",
             f"1등 {rng.randint(3, 25)}명 | 1인당 {rng.randint(10, 40) * 100000000 + rng.randint(0, 99999999):,}원",
             f"2등 {rng.randint(40, 120)}명 | 1인당 {rng.randint(30, 90) * 1000000:,}원", "지난 회차 당첨번호"]
    for k in range(1, rng.randint(8, 30)):
        lines.append(f"{draw - k}회 " + " ".join(f"{n:02d}" for n in sorted(rng.sample(range(1, 46), 6))))
    lines += [f"{draw}회 1등 배출점: " + ", ".join(f"{_shop(rng)}({rng.choice(SHORT_REGIONS)})" for _ in range(rng.randint(2, 6))),
              "로또 번호 자동 생성기 | 당첨 통계 | 번호별 출현 빈도"]
    return lines


def _tpl_hospital(rng: random.Random, pools: Pools) -> list[str]:
    region, kind = rng.choice(SHORT_REGIONS), rng.choice(["내과", "소아과", "치과", "약국", "정형외과", "이비인후과", "피부과", "동물병원", "한의원"])
    lines = [f"{region} {kind} 목록 | 야간진료 · 일요일 진료 {kind} 찾기", f"{region} 지역 {kind} {rng.randint(8, 120)}곳의 진료시간과 전화번호입니다."]
    for _ in range(rng.randint(5, 20)):
        lines += [f"{rng.choice(SHOP_HEAD)}{kind}", f"☎ {phone(rng)} | {address(rng)}",
                  f"평일 {rng.randint(8, 10)}:00~{rng.randint(18, 22)}:00 토요일 {rng.randint(8, 10)}:00~{rng.randint(13, 17)}:00 | 일요일 {rng.choice(['휴진', '진료'])}"]
    lines.append("진료시간은 변경될 수 있으니 방문 전 전화로 확인하시기 바랍니다.")
    return lines


def _tpl_fortune(rng: random.Random, pools: Pools) -> list[str]:
    y, m, d, _, _ = date(rng, 2015)
    lines = [f"오늘의 띠별 운세 {y}년 {m}월 {d}일 ({rng.choice(WEEKDAYS)}요일)"]
    phrases = ["뜻밖의 재물이 들어오는 날입니다.", "주변 사람과의 다툼을 조심하세요.", "건강에 유의해야 합니다.", "새로운 인연을 만날 수 있습니다.",
               "계획했던 일이 순조롭게 풀립니다.", "지출이 늘어날 수 있으니 주의하세요.", "윗사람의 도움을 받게 됩니다.", "서두르면 일을 그르칩니다.",
               "동쪽에서 귀인이 찾아옵니다.", "금전운이 상승하는 하루입니다."]
    for animal in ANIMALS:
        lines.append(f"{animal}띠")
        for year in rng.sample(range(1948, 2012, 12), rng.randint(2, 5)):
            lines.append(f"{year + ANIMALS.index(animal) % 12}년생 {rng.choice(phrases)}")
        lines.append(f"행운의 숫자 {rng.randint(1, 9)} 행운의 색 {rng.choice(['빨강', '파랑', '노랑', '초록', '흰색', '검정'])}")
    return lines


def _tpl_timetable(rng: random.Random, pools: Pools) -> list[str]:
    station = rng.choice(STATIONS)
    station = station if station.endswith("역") else station + "역"
    line_no = rng.choice(["1호선", "2호선", "3호선", "4호선", "5호선", "7호선", "9호선", "분당선", "공항철도", "부산 1호선", "대전 1호선"])
    lines = [f"{station} 시간표 ({line_no}) 첫차 막차 시간", f"{station} {line_no} 평일 첫차 05:{rng.randint(20, 59):02d} 막차 {rng.choice(['23', '24', '00'])}:{rng.randint(0, 59):02d}",
             f"{station} 출구 정보 | 주변 버스 정류장 | 환승 정보"]
    for hour in range(5, 25):
        lines.append(f"{hour:02d}시 " + " ".join(f"{mm:02d}" for mm in sorted(rng.sample(range(60), rng.randint(2, 10)))))
    lines.append(f"{station} 시간표는 운영 기관 사정에 따라 변경될 수 있습니다.")
    return lines


def _tpl_word_meaning(rng: random.Random, pools: Pools) -> list[str]:
    word = rng.choice(pools.nouns[:1500])
    examples = [s for s in pools.sentences[rng.randrange(len(pools.sentences)):] if word in s][:rng.randint(3, 8)]
    lines = [f"{word} 뜻 | {word} 의미와 예문 총정리", f"'{word}'의 뜻과 예문, 유의어, 반의어를 알아보겠습니다.", f"{word} 뜻", f"{word}: {word}의 사전적 의미",
             f"{word} 예문"]
    lines += [f"{i}. {s}" for i, s in enumerate(examples, 1)]
    lines += [f"{word} 유의어: " + ", ".join(rng.sample(pools.nouns[:1500], 4)), f"{word} 반의어: " + rng.choice(pools.nouns[:1500]),
              f"{word} 관련 검색어: {word} 뜻, {word} 영어로, {word} 한자, {word} 맞춤법", f"이상으로 {word} 뜻에 대해 알아보았습니다."]
    return lines


def _tpl_company(rng: random.Random, pools: Pools) -> list[str]:
    biz, region = rng.choice(BUSINESSES), rng.choice(SHORT_REGIONS)
    shop = _shop(rng)
    lines = [f"{shop} | {region} {biz} | 전화번호 · 주소 · 영업시간", f"업체명: {shop}", f"업종: {biz}", f"전화: {phone(rng)}", f"주소: {address(rng)}",
             f"영업시간: 매일 {rng.randint(7, 11):02d}:00 - {rng.randint(18, 23)}:00", f"사업자등록번호: {business_number(rng)}", f"주변 {biz}"]
    for _ in range(rng.randint(5, 25)):
        lines.append(f"{_shop(rng)} | {region} {biz} | {rng.uniform(0.1, 5):.1f}km | {phone(rng)}")
    lines.append(f"{region} {biz} 정보가 잘못되었나요? 정보 수정 요청")
    return lines


TEMPLATE_FAMILIES = {
    "local_best": _tpl_local_best, "price_compare": _tpl_price, "apartment": _tpl_apartment, "weather": _tpl_weather,
    "jobs": _tpl_jobs, "stock": _tpl_stock, "lotto": _tpl_lotto, "hospital": _tpl_hospital, "fortune": _tpl_fortune,
    "timetable": _tpl_timetable, "word_meaning": _tpl_word_meaning, "company": _tpl_company,
}


def template_page(rng: random.Random, pools: Pools) -> tuple[str, str]:
    """A page made by filling one of a dozen site templates' slots.

    Why: auto-generated SEO/listing sites publish thousands of pages that share everything but the
    slots (region, product, date, numbers); each page looks like fine Korean, the set is a near-
    duplicate cluster with little content. Lengths follow the number of listed items.
    """
    family = rng.choice(list(TEMPLATE_FAMILIES))
    return "\n".join(TEMPLATE_FAMILIES[family](rng, pools)), family


# --------------------------------------------------------------------------------------------
# 5. encoding

# a "sloppy" CP1252 decoder (as browsers and ftfy): the five undefined bytes become Latin-1 code points
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]
_LATIN1 = [chr(b) for b in range(256)]


def _as_table(data: bytes, table: list[str]) -> str:
    return "".join(table[b] for b in data)


def _damage(variant: str, text: str) -> str:
    """``text`` damaged as ``variant`` names it: <bytes written as>_as_<codec they were read with>."""
    if variant == "utf8_as_cp1252":
        return _as_table(text.encode("utf-8"), _CP1252)
    if variant == "utf8_as_latin1":
        return _as_table(text.encode("utf-8"), _LATIN1)
    if variant == "cp949_as_latin1":
        return _as_table(text.encode("cp949", errors="replace"), _LATIN1)
    if variant == "cp949_as_cp1252":
        return _as_table(text.encode("cp949", errors="replace"), _CP1252)
    if variant == "utf8_as_cp949":
        return text.encode("utf-8").decode("cp949", errors="replace")
    if variant == "cp949_as_utf8":
        return text.encode("cp949", errors="replace").decode("utf-8", errors="replace")
    if variant == "utf8_as_cp1252_twice":
        return _damage("utf8_as_cp1252", _damage("utf8_as_cp1252", text))
    raise ValueError(variant)


ENCODING_VARIANTS = ["utf8_as_cp1252", "utf8_as_cp1252", "utf8_as_cp1252", "utf8_as_latin1", "cp949_as_latin1", "cp949_as_latin1",
                     "cp949_as_cp1252", "utf8_as_cp949", "utf8_as_cp949", "cp949_as_utf8", "utf8_as_cp1252_twice"]


def encoding_page(rng: random.Random, pools: Pools) -> tuple[str, str]:
    """Real Korean text whose bytes were read with the wrong codec (mojibake), whole or in part.

    Why: a crawl decodes some pages with the wrong charset (an EUC-KR/CP949 site served as Latin-1,
    UTF-8 read as CP949 ...). Partially damaged pages (damage ≥ 40 % of the characters) keep some
    intact Korean, so a share-of-Hangul rule alone can miss them.
    """
    variant = rng.choice(ENCODING_VARIANTS)
    partial = rng.random() < 0.35
    target = target_length(rng)
    doc = rng.choice(pools.docs)
    same = pools.by_style.get(str(doc.get("style", "other")), pools.docs)
    source = [line for line in doc["text"].split("\n") if line.strip()]
    out, damaged_chars, intact = [], 0, 0
    while total_len(out) < target:
        if not source:
            source = [line for line in rng.choice(same)["text"].split("\n") if line.strip()]
        line = source.pop(0)
        room = max(40, target - total_len(out))
        # intact lines of a partial page are whole source lines; a line too long for the room left
        # is damaged and cut (its source) so the page ends near its target
        if not partial or len(line) > room or damaged_chars < 0.45 * (total_len(out) + len(line)) or rng.random() < 0.5:
            damaged = _damage(variant, line)
            if len(damaged) > room:
                damaged = _damage(variant, line[: max(10, len(line) * room // len(damaged))])
            damaged_chars += len(damaged) + 1
            line = damaged
        else:
            intact += 1
        out.append(line)
    return "\n".join(out), variant + ("_partial" if intact else "")


# --------------------------------------------------------------------------------------------
# 6. mixed_language

# Foreign sentences from per-topic vocabularies (subjects, verbs, objects that go together), so a
# page reads like one article on one subject rather than as salad.
EN = {
    "topics": {
        "travel": (["We", "My sister and I", "Our group", "The tour guide", "Most visitors", "I", "Backpackers"],
                   ["visited", "explored", "walked around", "photographed", "booked a tour of", "found", "skipped"],
                   ["the old palace", "the night market", "the harbour", "the mountain trail", "the museum district",
                    "the riverside park", "a tiny guesthouse", "the cable car", "the fortress wall"]),
        "food": (["We", "I", "Local chefs", "My friends", "The waiter", "Food bloggers"],
                 ["ordered", "tried", "shared", "recommended", "cooked", "tasted", "reviewed"],
                 ["a spicy stew", "the grilled pork", "a bowl of cold noodles", "the fried chicken", "a seafood pancake",
                  "the street food", "the set menu", "a cup of barley tea", "the rice cakes"]),
        "tech": (["The company", "Reviewers", "Many users", "The startup", "Our team", "Engineers", "I"],
                 ["launched", "tested", "compared", "updated", "benchmarked", "announced", "returned"],
                 ["a new smartphone", "a budget laptop", "the wireless earbuds", "the latest firmware", "the smartwatch",
                  "the electric scooter", "the updated privacy policy", "the companion app"]),
        "business": (["Analysts", "The central bank", "Investors", "The company", "Exporters", "The ministry", "Economists"],
                     ["revised", "announced", "criticised", "welcomed", "questioned", "reported", "forecast"],
                     ["the quarterly results", "the exchange rate", "the interest rate decision", "the new trade deal",
                      "record semiconductor exports", "the housing market data", "a hiring freeze"]),
        "culture": (["Fans", "The band", "Critics", "The actress", "Viewers", "The director", "Our reading club"],
                    ["praised", "watched", "discussed", "celebrated", "streamed", "reviewed", "waited for"],
                    ["the latest drama series", "the comeback single", "the world tour", "the film festival", "the new album",
                     "the season finale", "the fan meeting"]),
    },
    "T": ["on the first morning", "before sunset", "despite the rain", "with a local friend", "after a long flight", "during the festival",
          "last weekend", "for the third time", "in under an hour", "this spring", "without a reservation", "at a reasonable price",
          "earlier this year", "for the first time", "on a tight budget"],
    "C": ["It was worth every penny.", "Highly recommended.", "Click here to read more.", "Subscribe to our newsletter for weekly updates.",
          "Prices may vary by location.", "Please share this post if you found it useful.", "Read the full review below.",
          "We will update this article as more information becomes available.", "Terms and conditions apply.",
          "The line was long, but it moved quickly.", "Honestly, I would go again.", "Leave a comment and let us know what you think.",
          "Shipping takes 5-7 business days.", "All opinions are my own."],
    "forms": ["{S} {V} {O} {T}.", "{T}, {s} {V} {O}.", "Honestly, {s} {V} {O}.", "{S} {V} {O}, and {s2} {V2} {O2}.",
              "Why {s} {V} {O} {T} is still a mystery.", "{S} {V} {O} because {s2} {V2} {O2} {T}.", "{C}", "{S} also {V} {O}."],
    "korean": ["We finally tried {food} and loved it.", "The menu listed {food} for about 9,000 won.", "Don't leave without trying {food}.",
               "The sign just said {place}.", "Search for {place} on the map app.", "Next stop: {place}.",
               "My friend taught me how to say {phrase}.", "Everyone kept shouting {phrase}!", 'Our guide said "{phrase}" with a big smile.',
               "Tip: learn a few words like {phrase} before you go.", "(Korean: {phrase})"],
}
JA = {
    "topics": {
        "travel": (["私", "友人", "家族", "多くの観光客", "ガイドさん"], ["訪れました", "散策しました", "写真に撮りました", "予約しました"],
                   ["ソウルの市場", "古い宮殿", "港町", "山道", "ゲストハウス", "夜景スポット"]),
        "food": (["私", "友人", "店長", "編集部", "家族"], ["食べてみました", "注文しました", "紹介しました", "作ってみました"],
                 ["韓国料理", "冷麺", "チキン", "海鮮チヂミ", "屋台の料理", "ランチセット"]),
        "tech": (["同社", "研究チーム", "編集部", "多くのユーザー"], ["発表しました", "比較しました", "購入しました", "確認しました"],
                 ["新しいスマートフォン", "最新モデル", "ワイヤレスイヤホン", "新しいサービス", "アップデート"]),
        "culture": (["ファン", "監督", "批評家", "視聴者"], ["楽しみました", "紹介しました", "体験しました", "公開しました"],
                    ["話題のドラマ", "新しいアルバム", "コンサートのチケット", "映画祭", "ファンミーティング"]),
    },
    "T": ["昨日", "先週末", "今年の春", "初めて", "久しぶりに", "東京で", "現地で", "雨の中", "朝早く", "夏休みに", "出張の途中で"],
    "C": ["とても良かったです。", "また行きたいと思います。", "詳しくは公式サイトをご覧ください。", "ぜひ参考にしてください。", "価格は税込みです。",
          "予約をおすすめします。", "コメントお待ちしています。", "以上、現場からお伝えしました。", "次回もお楽しみに。"],
    "forms": ["{T}、{S}は{O}を{V}。", "{S}は{T}{O}を{V}。", "{O}について{S}が{V}。", "{S}が{V}{O}は、とても人気があります。", "{C}",
              "{T}{S}と一緒に{O}を{V}。"],
    "korean": ["「{food}」を食べました。", "メニューに「{food}」がありました。", "看板には「{place}」と書いてありました。", "「{place}」まで歩きました。",
               "友達に「{phrase}」の言い方を教えてもらいました。", "みんなで「{phrase}」と叫びました。", "韓国語で「{phrase}」と言います。"],
}
ZH = {
    "topics": {
        "travel": (["我", "我们", "朋友", "许多游客", "导游"], ["参观了", "逛了", "拍摄了", "预订了"],
                   ["首尔的市场", "古老的宫殿", "港口", "山间小路", "民宿", "夜景"]),
        "food": (["我", "我们", "店主", "朋友们"], ["品尝了", "点了", "推荐了", "做了"], ["韩国料理", "冷面", "炸鸡", "海鲜煎饼", "路边小吃", "套餐"]),
        "tech": (["该公司", "研究团队", "许多用户", "记者"], ["发布了", "比较了", "购买了", "测试了"], ["新款手机", "最新车型", "无线耳机", "新服务", "系统更新"]),
        "culture": (["粉丝们", "导演", "评论家", "观众"], ["关注了", "介绍了", "体验了", "公开了"], ["热播电视剧", "新专辑", "演唱会门票", "电影节", "见面会"]),
    },
    "T": ["昨天", "上周末", "今年春天", "第一次", "在北京", "在当地", "冒着雨", "一大早", "暑假期间", "出差途中"],
    "C": ["感觉非常好。", "下次还想再去。", "详情请访问官方网站。", "欢迎留言讨论。", "价格仅供参考。", "建议提前预订。", "本文仅代表作者观点。",
          "更多精彩内容请关注我们。"],
    "forms": ["{T}，{S}{V}{O}。", "{S}{T}{V}{O}，感觉非常好。", "关于{O}，{S}已经{V}相关信息。", "{S}{V}{O}，{C}", "{C}", "{T}{S}和朋友一起{V}{O}。"],
    "korean": ["我们吃了“{food}”。", "菜单上有“{food}”。", "招牌上写着“{place}”。", "我们走到了“{place}”。", "朋友教我说“{phrase}”。",
               "大家一起喊“{phrase}”！", "韩语里叫“{phrase}”。"],
}
KOREAN_FOOD = ["김치찌개", "떡볶이", "비빔밥", "삼겹살", "불고기", "냉면", "김밥", "라면", "소주", "막걸리", "치맥", "할머니 손칼국수", "순두부찌개",
               "호떡", "닭갈비", "부대찌개", "감자탕", "잡채"]
KOREAN_PLACES = ["서울", "부산", "명동", "홍대", "경복궁", "제주도", "노래방", "편의점", "찜질방", "남산타워", "광장시장", "해운대", "인사동",
                 "북촌 한옥마을", "동대문", "강남역", "출구"]
KOREAN_PHRASES = ["안녕하세요", "감사합니다", "사랑해요", "대박", "화이팅", "맛있어요", "진짜", "최고", "괜찮아요", "주세요", "얼마예요",
                  "수고하셨습니다", "잘 먹겠습니다", "어서 오세요", "오빠", "언니", "선배", "친구", "한국어", "한글", "아이돌", "드라마", "한복"]
FOREIGN_FOOTERS = {"en": ["Home | About | Contact | Privacy Policy", "© All rights reserved.", "Share: Facebook Twitter Email", "Related posts"],
                   "ja": ["ホーム | 会社概要 | お問い合わせ", "Copyright © All Rights Reserved.", "関連記事", "この記事をシェアする"],
                   "zh": ["首页 | 关于我们 | 联系我们", "版权所有 © 保留所有权利", "相关文章", "分享到：微信 微博"]}


def _lower(subject: str) -> str:
    return subject if subject == "I" else subject[0].lower() + subject[1:]


def _foreign_sentence(rng: random.Random, lang: dict, topic: str, english: bool) -> str:
    subjects, verbs, objects = lang["topics"][topic]
    s, s2 = rng.choice(subjects), rng.choice(subjects)
    text = rng.choice(lang["forms"]).format(
        S=s, s=_lower(s) if english else s, s2=_lower(s2) if english else s2, V=rng.choice(verbs), V2=rng.choice(verbs),
        O=rng.choice(objects), O2=rng.choice(objects), T=rng.choice(lang["T"]), C=rng.choice(lang["C"]))
    return text[0].upper() + text[1:] if english else text


def mixed_language_page(rng: random.Random, pools: Pools) -> tuple[str, str]:
    """A page in English, Japanese or Chinese with a few Korean words or one or more Korean lines.

    Why: a language-ID or Hangul-share rule must drop these even though they contain Korean. The
    Korean is kept at 1–18 % of the letters (never over 20 %): words in sentences made for them
    ("The sign just said 명동."), or real Korean lines from the clean text.
    """
    name = rng.choice(["en", "en", "ja", "zh"])
    lang, english = {"en": EN, "ja": JA, "zh": ZH}[name], name == "en"
    topic = rng.choice(list(lang["topics"]))
    style = rng.choice(["words", "words", "line"])
    # English sentences around a Korean word are mostly Latin letters: they can only reach ~8 %
    share = rng.uniform(0.01, 0.07 if english and style == "words" else 0.18)
    target = target_length(rng)
    target = int(target * (1 - share) // (1 if english else 2))  # CJK text packs more per character
    per_line = rng.randint(1, 5)
    lines = [_foreign_sentence(rng, lang, topic, english).rstrip(".。")]
    while total_len(lines) < max(target, 150):
        lines.append((" " if english else "").join(_foreign_sentence(rng, lang, topic, english) for _ in range(rng.randint(1, per_line))))
    if rng.random() < 0.3:
        lines += rng.sample(FOREIGN_FOOTERS[name], 2)
    letters, hangul = _letter_counts("\n".join(lines))
    limit = 1.4 * total_len(lines)
    for _ in range(300):
        if hangul >= share * letters or total_len(lines) > limit:
            break
        def korean_sentence() -> str:
            return rng.choice(lang["korean"]).format(food=rng.choice(KOREAN_FOOD), place=rng.choice(KOREAN_PLACES),
                                                     phrase=rng.choice(KOREAN_PHRASES))
        added = pools.sentence(rng, "chat", "comment", "review", "news")[:90] if style == "line" and rng.random() < 0.7 \
            else korean_sentence()
        n_letters, n_hangul = _letter_counts(added)
        if hangul + n_hangul > 0.2 * (letters + n_letters) and not hangul:  # a short page: a Korean word, not a line
            added = korean_sentence()
            n_letters, n_hangul = _letter_counts(added)
        if hangul + n_hangul > 0.2 * (letters + n_letters):
            break  # one more would pass the 20 % ceiling
        i = rng.randrange(1, len(lines) + 1)  # never into the title line
        if style == "line" or i == len(lines) or rng.random() < 0.3:
            lines.insert(i, added)
        else:
            lines[i] += (" " if english else "") + added
        letters, hangul = letters + n_letters, hangul + n_hangul
    return "\n".join(lines), f"{name}_{topic}_{style}"


# --------------------------------------------------------------------------------------------
# 7. boilerplate_list

BLOG_CATEGORIES = ["일상", "맛집", "여행", "리뷰", "육아", "요리", "독서", "영화", "IT", "개발", "주식", "부동산", "건강", "운동", "다이어트",
                   "반려동물", "인테리어", "패션", "뷰티", "캠핑", "공부", "자격증", "취업", "생활정보", "잡담", "사진", "음악", "게임", "공지사항",
                   "Today I Learned", "국내여행", "해외여행", "카페투어", "홈베이킹", "책 리뷰", "드라마", "재테크"]
TAGS = ["맛집", "서울맛집", "카페", "데일리", "일상", "여행", "먹스타그램", "맞팔", "소통", "좋아요", "선팔", "오오티디", "ootd", "인스타그램",
        "육아스타그램", "운동", "헬스", "다이어트", "주말", "데이트", "맛스타그램", "여행스타그램", "럽스타그램", "셀카", "풍경", "감성",
        "제주여행", "부산여행", "캠핑", "홈카페", "요리", "레시피", "독서", "책추천", "영화추천", "리뷰", "내돈내산", "협찬", "체험단", "이벤트"]
NICK_HEAD = ["행복한", "졸린", "배고픈", "용감한", "수상한", "귀여운", "조용한", "심심한", "밤하늘", "달콤한", "푸른", "작은", "커피먹는", "여행하는"]
NICK_TAIL = ["고양이", "판다", "곰", "토끼", "여우", "펭귄", "다람쥐", "개발자", "아빠", "엄마", "직장인", "대학생", "나그네", "감자", "고구마"]


def _nick(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return rng.choice(["user", "guest", "happy", "sky", "blue", "dream", "coffee", "zzang", "love", "star"]) + str(rng.randint(1, 9999))
    return rng.choice(NICK_HEAD) + rng.choice(NICK_TAIL) + (str(rng.randint(1, 99)) if rng.random() < 0.3 else "")


def _tags(rng: random.Random, pools: Pools, n: int) -> list[str]:
    words = [rng.choice(TAGS) if rng.random() < 0.6 else rng.choice(pools.nouns[:2000]) for _ in range(n)]
    words = list(dict.fromkeys(words))
    if rng.random() < 0.7:
        return joined(rng, ["#" + w for w in words], (" ", "  ", "\n"))
    return [rng.choice(["태그", "Tags", "태그 :", "TAG"]) + " " + rng.choice([", ", " ", " · "]).join(words)]


def _blog_page(rng: random.Random, pools: Pools, target: int) -> list[str]:
    owner = _nick(rng)
    cats = rng.sample(BLOG_CATEGORIES, rng.randint(5, 16))
    title = rng.choice(pools.titles)
    head = [rng.choice([f"{owner}의 블로그", f"{owner} 님의 블로그", f"{owner}'s log", f"{owner}의 작은 공간"]),
            *joined(rng, rng.sample(["홈", "태그", "방명록", "관리", "글쓰기", "프롤로그", "블로그", "메모", "안부", "이웃추가", "구독하기"], rng.randint(3, 7)))]
    post = [title, f"{rng.choice(cats)} · {date_text(rng)}", *rng.sample(["URL 복사", "이웃추가", "본문 기타 기능", "번역보기", "공유하기", "신고하기"], 2)]
    if rng.random() < 0.5:
        post.append(pools.sentence(rng, "blog", "review", "chat")[:100])
    post += _tags(rng, pools, rng.randint(3, 25))
    post += [rng.choice([f"공감 {rng.randint(0, 99)} 댓글 {rng.randint(0, 30)}", f"댓글 {rng.randint(0, 30)} 공감 {rng.randint(0, 99)}",
                         f"좋아요 {rng.randint(0, 300)} 댓글 {rng.randint(0, 40)} 공유하기", "댓글 0 공감 0", f"♥ {rng.randint(0, 99)}  💬 {rng.randint(0, 30)}"])]
    post += [f"이전글 {rng.choice(pools.titles)}", f"다음글 {rng.choice(pools.titles)}"]
    fillers = [lambda: [rng.choice(["카테고리", "분류 전체보기", "전체보기"]) + f" ({rng.randint(10, 2000)})",
                        *[f"{c} ({rng.randint(0, 300)})" for c in rng.sample(cats, min(len(cats), rng.randint(3, 10)))]],
               lambda: [f"'{rng.choice(cats)}' 카테고리의 다른 글",
                        *[f"{t}  {date_text(rng)}" for t in rng.sample(pools.titles, min(len(pools.titles), rng.randint(3, 6)))]],
               lambda: [rng.choice(["최근 글", "인기 글", "최근 댓글", "추천 글"]),
                        *[decorate_headline(rng, t, 35) for t in rng.sample(pools.titles, min(len(pools.titles), rng.randint(3, 8)))]],
               lambda: [rng.choice(["보관함", "아카이브", "Archives"]),
                        *[f"{y}년 {m}월 ({rng.randint(1, 40)})"
                          for y, m in sorted({date(rng, 2012)[:2] for _ in range(rng.randint(3, 12))}, reverse=True)]],
               lambda: [f"Today {rng.randint(0, 999)}", f"Yesterday {rng.randint(0, 999)}", f"Total {rng.randint(1000, 9999999):,}"],
               lambda: _tags(rng, pools, rng.randint(8, 40)),
               lambda: [rng.choice(["Blog is powered by kakao / Designed by Tistory", "Powered by WordPress", "Designed by 블로그스킨",
                                    "Copyright © All rights reserved.", "관리자 글쓰기", "RSS 피드"])]]
    lines = head + post
    while total_len(lines) < target:
        lines += rng.choice(fillers)()
    return lines


def _forum_page(rng: random.Random, pools: Pools, target: int) -> list[str]:
    board = rng.choice(["자유게시판", "유머게시판", "질문과 답변", "정보게시판", "후기게시판", "중고장터", "베스트", "연예 게시판", "주식 토론방"])
    lines = [rng.choice([f"{board} - {site(rng)[0]} 커뮤니티", board]), *joined(rng, rng.sample(["전체글", "인기글", "공지", "질문", "자유", "정보",
                                                                                                "후기", "베스트", "추천글", "사진"], rng.randint(4, 8))),
             rng.choice(["번호 제목 글쓴이 날짜 조회 추천", "번호 | 제목 | 작성자 | 작성일 | 조회수", "제목 작성자 등록일 조회"])]
    number, date_format = rng.randint(1000, 900000), rng.randrange(6)
    for notice in rng.sample(["게시판 이용 규칙 안내", "광고글 및 도배 금지", "신고 기능 이용 안내", "운영 정책 변경 안내", "개인정보 보호 안내"],
                             rng.randint(1, 3)):
        lines.append(f"[공지] {notice} 운영자 {date_text(rng, date_format)}")
    row = rng.choice(["{n} {t} {u} {d} {v} {r}", "{n} | {t} | {u} | {d} | {v}", "{t}\n{u} {d} 조회 {v} 추천 {r}"])
    while total_len(lines) < target - 80:
        title = rng.choice(pools.headlines) if rng.random() < 0.5 else rng.choice(pools.titles)
        title = (decorate_headline(rng, title, 45) if len(title) > 45 or rng.random() < 0.3 else title) \
            + (f" [{rng.randint(1, 99)}]" if rng.random() < 0.5 else "")
        lines.append(row.format(n=number, t=title, u=_nick(rng), d=date_text(rng, date_format)[5:], v=rng.randint(0, 30000),
                                r=rng.randint(0, 300)))
        number -= rng.randint(1, 40)
    lines += [rng.choice(["1 2 3 4 5 6 7 8 9 10 다음", "< 이전 1 2 3 4 5 다음 >", "처음 1 2 3 4 5 6 7 8 9 10 다음 맨끝"]),
              rng.choice(["글쓰기 목록", "글쓰기", "목록 검색"]), rng.choice(["제목 내용 제목+내용 글쓴이 검색", "검색 옵션 선택 제목+내용 검색"])]
    return lines


def _shop_page(rng: random.Random, pools: Pools, target: int) -> list[str]:
    top = rng.choice(["패션의류", "뷰티", "식품", "가전디지털", "생활용품", "출산·유아동", "스포츠·레저", "도서·음반", "반려동물용품", "가구·인테리어"])
    lines = [rng.choice(["전체 카테고리", "카테고리", "CATEGORY"]), f"홈 > {top} > {rng.choice(['베스트', '신상품', '할인', '전체'])}",
             *joined(rng, ["추천순", "낮은가격순", "높은가격순", "판매량순", "최신순", "리뷰많은순"]),
             *joined(rng, ["브랜드", "가격대", "배송", "혜택", "별점"]), rng.choice(["1만원 이하 1만원~3만원 3만원~5만원 5만원 이상", "무료배송 로켓배송 오늘출발"])]
    while total_len(lines) < target:
        sub = rng.choice(PRODUCT_NAMES + BUSINESSES)
        lines.append(rng.choice([f"{top} > {sub} ({rng.randint(1, 9999):,})", f"· {sub} ({rng.randint(1, 999)})", f"{sub} {rng.randint(1, 99)}%",
                                 f"{sub} 더보기", f"{sub} | {rng.choice(MALLS)} | ★{rng.uniform(3, 5):.1f} ({rng.randint(1, 9999)})"]))
    return lines


def boilerplate_list_page(rng: random.Random, pools: Pools) -> tuple[str, str]:
    """A blog, forum or shop page that is mostly links, tags and categories.

    Why: blog/forum chrome (category trees with counts, tag clouds, board lists, 이전글/다음글,
    댓글 0 공감 0) is Korean, but there is no prose in it; what little real text there is sits in
    the titles.
    """
    variant = rng.choice(["blog", "blog", "forum", "forum", "shop", "tags"])
    target = target_length(rng)
    if variant == "blog":
        lines = _blog_page(rng, pools, target)
    elif variant == "forum":
        lines = _forum_page(rng, pools, target)
    elif variant == "shop":
        lines = _shop_page(rng, pools, target)
    else:
        lines = [rng.choice(["태그 클라우드", "전체 태그", "TAGS", "태그 목록"])]
        while total_len(lines) < target:
            lines += _tags(rng, pools, rng.randint(10, 40))
    return "\n".join(lines), variant


# --------------------------------------------------------------------------------------------

GENERATORS = {
    "chrome": chrome_page, "seo_spam": seo_spam_page, "word_salad": word_salad_page, "template": template_page,
    "encoding": encoding_page, "mixed_language": mixed_language_page, "boilerplate_list": boilerplate_list_page,
}


def make_junk(clean: list[dict], seed: int = 0, per_kind: int = 150) -> list[dict]:
    """``per_kind`` junk rows of every kind, built from ``clean`` ({"id", "text", "style", ...}).

    The same ``clean`` (in any order), ``seed`` and ``per_kind`` give the same rows in any process.
    """
    pools = Pools(clean)
    rows = []
    for kind in KINDS:
        rng = random.Random(f"junk:{seed}:{kind}")
        for n in range(per_kind):
            text, variant = GENERATORS[kind](rng, pools)
            text = unicodedata.normalize("NFC", "\n".join(line.rstrip() for line in text.strip().split("\n")))
            rows.append({"id": f"junk-{kind}-s{seed}-{n:04d}-{variant}", "text": text, "kind": kind, "style": "junk"})
    return rows


def load_realtext(directory: str = REALTEXT) -> list[dict]:
    """The committed clean documents, ``<style>.jsonl.gz`` for every style in STYLES that exists."""
    rows = []
    for style in STYLES:
        path = os.path.join(directory, f"{style}.jsonl.gz")
        if os.path.exists(path):
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                rows += [json.loads(line) for line in fh if line.strip()]
    return rows


def to_json_line(row: dict) -> str:
    """One JSON line, UTF-8 kept readable, but with the characters that some readers take for line
    breaks (NEL U+0085 from Latin-1 mojibake, U+2028, U+2029) escaped, so a line is always a row."""
    line = json.dumps(row, ensure_ascii=False)
    return line.replace("\u0085", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write deterministic Korean web junk built from real clean text (JSON lines).")
    parser.add_argument("out", help="output .jsonl")
    parser.add_argument("--realtext", default=REALTEXT, help="directory of <style>.jsonl.gz (default: resources/realtext)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-kind", type=int, default=150)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    clean = load_realtext(args.realtext)
    if not clean:
        print(f"no <style>.jsonl.gz under {args.realtext}", file=sys.stderr)
        return 2
    rows = make_junk(clean, args.seed, args.per_kind)
    with open(args.out, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(to_json_line(row))
    counts = Counter(r["kind"] for r in rows)
    for kind in KINDS:
        chars = sorted(len(r["text"]) for r in rows if r["kind"] == kind)
        print(f"{kind:17s} {counts[kind]:5d} rows  median {chars[len(chars) // 2] if chars else 0:5d} chars")
    print(f"{len(rows)} rows from {len(clean)} clean documents -> {args.out} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
