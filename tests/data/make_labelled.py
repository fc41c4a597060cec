"""Build tests/data/labelled.jsonl: clean Korean controls and labelled defects (kind, family).

Clean controls are real public-domain Korean (Constitution, National Assembly bills), some in NFD,
some carrying phone numbers and e-mail addresses, plus short informal passages written for this
set. Defects are made from the same sources or written by hand: jamo spam, repetition, non-Korean,
mojibake (UTF-8 and CP949 bytes read as CP1252/Latin-1), short, navigation/boilerplate pages,
gambling/adult spam, word salad (eojeols shuffled), random-syllable garbage, HTML/JS dumps.
Deterministic (seeded); run ``python tests/data/make_labelled.py`` to regenerate.
"""

import json
import os
import random
import re
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "..", "resources", "src")

INFORMAL = [
    "어제 친구랑 한강에 가서 치킨을 먹었어요. 날씨가 생각보다 따뜻해서 돗자리를 펴고 오래 앉아 있었는데, "
    "해가 지니까 바람이 꽤 차가워졌어요. 다음에는 담요를 꼭 챙겨 가야겠어요 ㅎㅎ 그래도 오랜만에 수다를 "
    "실컷 떨어서 스트레스가 다 풀린 느낌이었어요. 여러분도 주말에 한번 가 보세요.",
    "이번 학기에 데이터베이스 수업을 듣고 있는데 과제가 생각보다 많다. 특히 정규화 부분이 헷갈려서 교재를 "
    "몇 번이나 다시 읽었다. 그래도 직접 테이블을 설계해 보니 왜 중복을 줄여야 하는지 조금은 알 것 같다. "
    "기말고사 전까지 SQL 문제를 매일 두세 개씩 풀어 볼 생각이다.",
    "우리 동네 도서관이 리모델링을 마치고 다시 문을 열었습니다. 열람실이 넓어졌고 어린이 자료실에는 "
    "그림책이 훨씬 많아졌어요. 주말에는 가족 단위 방문객이 많아서 자리가 금방 찹니다. 평일 오전에 가면 "
    "조용히 책을 읽을 수 있으니 참고하세요. 대출은 한 사람당 다섯 권까지 가능합니다.",
    "김치찌개를 맛있게 끓이려면 잘 익은 김치를 쓰는 것이 가장 중요하다. 돼지고기를 먼저 볶다가 김치를 "
    "넣고 충분히 볶은 뒤 물을 붓는다. 두부와 대파는 마지막에 넣어야 식감이 살아 있다. 간은 국간장보다 "
    "김치 국물로 맞추면 더 깊은 맛이 난다. 오래 끓일수록 맛이 진해진다.",
    "새로 산 노트북은 가볍고 배터리가 오래 가서 만족스럽다ㅋㅋ 다만 키보드 배열이 예전 것과 달라서 "
    "처음 며칠은 오타가 많이 났다. 화면 밝기도 충분하고 발열도 심하지 않다. 가격이 조금 비싸긴 했지만 "
    "매일 들고 다니는 물건이라 좋은 걸 사길 잘했다고 생각한다.",
]

ENGLISH = [
    "The quick development of large language models has increased the demand for clean training data. "
    "Curators remove duplicated pages, boilerplate and spam before a corpus is used for pretraining.",
    "Seoul is the capital and largest city of South Korea. The metropolitan area is home to about half "
    "of the country's population and is a global center of technology, finance and culture.",
]
JAPANESE = ["大韓民国の首都はソウルであり、人口の約半分が首都圏に住んでいる。韓国語はハングルで書かれ、"
            "世宗大王によって十五世紀に創製された。現在も多くの人々が日常生活で使用している。"]
CHINESE = ["大韩民国是位于东亚朝鲜半岛南部的国家，首都为首尔。韩国是总统制共和国，实行三权分立，"
           "国会为一院制，宪法法院负责审查法律是否违宪。经济以制造业和出口为主。"]


# A bill ends with its 신·구조문대비표: the old and new text side by side in two PDF columns, which
# text extraction flattens line by line, so the columns interleave mid-word ("하고자 하는 /
# ------ / 자는 제24조에"). That is extraction debris, not clean prose, so clean controls are the
# bills up to that table (applied to every bill alike); bench/eval_filters.py reports the tables
# on their own.
BILL_TABLE = re.compile(r"\x0c\s*신\s*[·ㆍ․]?\s*구조문대비표")


def bill_parts() -> list[tuple[str, str]]:
    """(body, comparison table or "") of each of the ten bills."""
    bills = os.path.join(SRC, "kobill")
    parts = []
    for name in sorted(os.listdir(bills)):
        text = open(os.path.join(bills, name), encoding="utf-8").read()
        cut = BILL_TABLE.search(text)
        parts.append((text[:cut.start()], text[cut.start():]) if cut else (text, ""))
    return parts


def whole_documents() -> list[str]:
    """Natural documents: the Constitution's sections and the ten bills (without their tables)."""
    import sys
    sys.path.insert(0, os.path.join(HERE, "..", "..", "resources"))
    from make_sample import constitution_sections

    docs = [body for _, body in constitution_sections() if len(body) >= 200]
    docs += [body for body, _ in bill_parts()]
    return docs


def paragraphs() -> list[str]:
    """Blocks of about 400 characters of real text, the raw material of most defects."""
    texts = [open(os.path.join(SRC, "constitution.txt"), encoding="utf-8").read()]
    bills = os.path.join(SRC, "kobill")
    texts += [open(os.path.join(bills, n), encoding="utf-8").read() for n in sorted(os.listdir(bills))]
    out = []
    for text in texts:
        lines = [" ".join(l.split()) for l in text.split("\n")]
        block: list[str] = []
        for line in lines:
            if line:
                block.append(line)
            if sum(map(len, block)) >= 400 or (not line and block and sum(map(len, block)) >= 200):
                out.append("\n".join(block))
                block = []
    return [p for p in out if len(p) >= 200]


def main() -> None:
    rng = random.Random(20261126)
    paras = paragraphs()
    rng.shuffle(paras)
    rows = []

    def add(kind, family, text):
        rows.append({"id": f"{kind}-{sum(1 for r in rows if r['kind'] == kind):02d}", "kind": kind,
                     "family": family, "text": text})

    docs = whole_documents()
    for p in docs:
        add("clean", None, p)
    for p in docs[:5]:
        add("clean_nfd", None, unicodedata.normalize("NFD", p))
    contacts = ["문의: 010-1234-5678", "담당자 전화 02-2100-2114, 이메일 minwon@korea.go.kr",
                "연락처 +82 10 9876 5432", "팩스 031-123-4567", "상담 1588-0000 또는 help@example.kr"]
    for p, c in zip(docs[5:], contacts):
        add("clean_with_pii", None, p + "\n" + c)
    for text in INFORMAL:
        add("clean_informal", None, text)
    for p in paras[40:55]:
        tokens = [t for line in p.split("\n") for t in line.split()]
        rng.shuffle(tokens)
        add("word_salad", "quality", " ".join(tokens))
    for _ in range(10):
        n = rng.randint(150, 400)
        text = "".join(chr(rng.randint(0xAC00, 0xD7A3)) if rng.random() > 0.18 else " " for _ in range(n))
        add("syllable_garbage", "quality", text)
    jamo = ["ㅋ", "ㅎ", "ㅠ", "ㅜ", "ㄷ", "ㅇ"]
    fillers = ["진짜", "대박", "헐", "미쳤다", "레알", "ㄹㅇ", "완전"]
    for _ in range(10):
        parts = []
        for _ in range(rng.randint(15, 40)):
            parts.append(rng.choice(jamo) * rng.randint(3, 12) if rng.random() < 0.75 else rng.choice(fillers))
        add("jamo_spam", "quality", " ".join(parts))
    for p in paras[55:65]:
        line = p.split("\n")[0][:80]
        add("repetition", "repetition", "\n".join([line] * rng.randint(8, 30)))
    for text in ENGLISH + JAPANESE + CHINESE:
        add("non_korean", "language", text)
    for p in paras[65:70]:
        add("non_korean", "language", "Article text follows. " * 30 + p[:60])
    for p in paras[70:80]:
        raw = p.encode("utf-8") if len(rows) % 2 else p.encode("cp949", errors="ignore")
        codec = "cp1252" if len(rows) % 2 else "latin-1"
        add("mojibake", "encoding", raw.decode(codec, errors="ignore") if codec == "cp1252" else raw.decode(codec))
    shorts = ["대한민국은 민주공화국이다.", "감사합니다!", "오늘 날씨 맑음", "회원가입 완료", "3·1운동",
              "다음 페이지로 이동", "국민은 법 앞에 평등하다.", "제1장 총강", "ㅇㅋ", "확인"]
    for s in shorts:
        add("short", "length", s)
    menus = ["홈 | 회사소개 | 제품안내 | 고객센터 | 로그인 | 회원가입", "뉴스 · 정치 · 경제 · 사회 · 문화 · 스포츠 · 연예",
             "무단전재 및 재배포 금지", "저작권자 ⓒ 한국뉴스 무단전재-재배포 금지", "▶ 관련기사", "▶ 많이 본 뉴스",
             "사업자등록번호 123-45-67890 | 대표이사 김철수 | 통신판매업신고 제2020-서울-0000호",
             "Copyright © 2024 Example Corp. All rights reserved.", "개인정보처리방침 | 이용약관 | 이메일무단수집거부",
             "홍길동 기자 hong@example.com", "맨 위로", "공유하기", "구독신청", "고객센터 1588-0000"]
    for _ in range(10):
        lines = rng.sample(menus, rng.randint(6, 10))
        add("boilerplate", "boilerplate", "\n".join(lines))
    spam_lines = ["카지노 바카라 토토 사이트 추천", "먹튀 없는 안전놀이터 가입코드 777", "첫충 30% 매충 10% 무료충전",
                  "24시간 출장안마 출장마사지 예약", "스포츠토토 메이저사이트 파워볼 사다리", "텔레그램 문의 환영",
                  "바카라 슬롯 홀덤 실시간 라이브", "조건만남 성인용품 할인", "급전 대출문의 당일 승인"]
    for _ in range(10):
        text = " ★ ".join(rng.choice(spam_lines) for _ in range(rng.randint(6, 14)))
        add("spam", "quality", text)
    html = ['<div class="header"><ul class="gnb"><li><a href="/">홈</a></li><li><a href="/about">소개</a></li></ul></div>',
            "<script>var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-1234-1']); (function() { var ga = document.createElement('script'); })();</script>",
            '<table><tr><td class="title">제목</td><td>작성자</td></tr></table>',
            "function openMenu(id) { document.getElementById(id).style.display = 'block'; }",
            '<style>.nav{float:left;width:100%;} .footer{color:#999;}</style>',
            '<input type="text" name="q" placeholder="검색어를 입력하세요"><button onclick="search()">검색</button>']
    for _ in range(10):
        add("html_js", "quality", "\n".join(rng.choice(html) for _ in range(rng.randint(5, 12))))
    with open(os.path.join(HERE, "labelled.jsonl"), "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} documents")


if __name__ == "__main__":
    main()
