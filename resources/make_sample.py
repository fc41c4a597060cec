"""Build the demo corpus in resources/corpus/ from public-domain Korean texts in resources/src/.

Sources (not protected by copyright under Article 7 of the Korean Copyright Act, which excludes
statutes and National Assembly bills; shipped in konlpy's ``kolaw``/``kobill`` corpora):
the Constitution of the Republic of Korea, and ten bills of the 18th National Assembly.

The corpus mixes formats and encodings on purpose (JSONL, CSV with multi-line quoted fields, .txt
in UTF-8 and CP949) and includes deliberately bad documents and records so the demo shows
filtering and error reporting. Run ``python resources/make_sample.py`` to regenerate.
"""

import csv
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")
OUT = os.path.join(HERE, "corpus")


def constitution_sections() -> list[tuple[str, str]]:
    with open(os.path.join(SRC, "constitution.txt"), encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    sections, title, body = [], "전문", []
    for line in lines:
        heading = re.match(r"^\s+(제\d+(?:장|절) .+)$", line)
        if heading or line.strip() == "부칙":
            if "".join(body).strip():
                sections.append((title, "\n".join(b.strip() for b in body).strip()))
            title, body = (heading.group(1).strip() if heading else "부칙"), []
        else:
            body.append(line)
    sections.append((title, "\n".join(b.strip() for b in body).strip()))
    return sections


DEFECTS = [
    ("jamo-spam", "ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ ㅎㅎㅎㅎㅎㅎㅎ ㅠㅠㅠㅠㅠㅠㅠ 진짜 대박 ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ "
     "ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ ㅎㅎㅎㅎㅎㅎㅎ ㅠㅠㅠㅠㅠㅠㅠ 헐 ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ "
     "ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ ㅎㅎㅎㅎㅎㅎㅎㅎㅎㅎ ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ"),
    ("english", "The Constitution of the Republic of Korea was first enacted in 1948 and has been "
     "amended nine times, most recently in 1987. It establishes a democratic republic with a "
     "president elected by direct popular vote for a single five-year term, a unicameral National "
     "Assembly, and an independent Constitutional Court that reviews the constitutionality of laws."),
    ("short", "대한민국은 민주공화국이다."),
    ("mojibake", "ëŒ€í•œë¯¼êµ­ì€ ë¯¼ì£¼ê³µí™”êµ­ì´ë‹¤. ëŒ€í•œë¯¼êµ­ì˜ ì£¼ê¶Œì€ êµ­ë¯¼ì—ê²Œ ìžˆê³  "
     "ëª¨ë“  ê¶Œë ¥ì€ êµ­ë¯¼ìœ¼ë¡œë¶€í„° ë‚˜ì˜¨ë‹¤. ëŒ€í•œë¯¼êµ­ì˜ êµ­ë¯¼ì´ ë˜ëŠ” ìš”ê±´ì€ ë²•ë¥ ë¡œ ì •í•œë‹¤. "
     "êµ­ê°€ëŠ” ë²•ë¥ ì´ ì •í•˜ëŠ” ë°”ì— ì˜í•˜ì—¬ ìž¬ì™¸êµ­ë¯¼ì„ ë³´í˜¸í•  ì˜ë¬´ë¥¼ ì§„ë‹¤."),
    ("gambling-spam", "카지노 바카라 토토 사이트 추천 ★ 먹튀 없는 안전놀이터 ★ 첫충 30% 매충 10% "
     "카지노 바카라 토토 사이트 추천 ★ 24시간 출장안마 상담 ★ 토토 먹튀검증 바카라 카지노 "
     "카지노 바카라 토토 사이트 추천 ★ 가입코드 777 ★ 바카라 카지노 토토 안전놀이터 "
     "카지노 바카라 토토 사이트 추천 ★ 텔레그램 문의 ★ 토토 카지노 바카라 먹튀검증"),
    ("boilerplate", "홈 | 회사소개 | 뉴스 | 고객센터 | 로그인 | 회원가입\n무단전재 및 재배포 금지\n"
     "저작권자 © 한국일보 무단전재 및 재배포 금지\n▶ 관련기사\n▶ 관련기사\n▶ 많이 본 뉴스\n"
     "사업자등록번호 123-45-67890 | 대표이사 홍길동 | 서울특별시 중구\nCopyright © All rights reserved."),
    ("html-dump", "<div class=\"nav\"><ul><li><a href=\"/\">홈</a></li><li><a href=\"/news\">뉴스</a>"
     "</li></ul></div><script>var _gaq = _gaq || []; _gaq.push(['_setAccount', 'UA-000000-1']);"
     "function init(){document.getElementById('x').innerHTML='';}</script><div id=\"x\"></div>"),
    ("repetition", "오늘의 특가 상품을 확인하세요.\n" * 20),
]


def main() -> None:
    os.makedirs(os.path.join(OUT, "bills"), exist_ok=True)
    with open(os.path.join(OUT, "constitution.jsonl"), "w", encoding="utf-8") as fh:
        for i, (title, body) in enumerate(constitution_sections(), 1):
            fh.write(json.dumps({"id": f"constitution-{i:02d}", "title": title, "text": body,
                                 "license": "public domain (KR Copyright Act art. 7)"},
                                ensure_ascii=False) + "\n")
        # A copy of one section (a duplicate for the dedup stage) and two broken records.
        first = constitution_sections()[1]
        fh.write(json.dumps({"id": "constitution-copy", "title": first[0], "text": first[1]},
                            ensure_ascii=False) + "\n")
        fh.write('{"id": "broken", "text": "닫히지 않은 문자열\n')
        fh.write(json.dumps({"id": "no-text", "title": "본문 없음"}, ensure_ascii=False) + "\n")
    with open(os.path.join(OUT, "defects.jsonl"), "w", encoding="utf-8") as fh:
        for kind, text in DEFECTS:
            fh.write(json.dumps({"id": f"defect-{kind}", "kind": kind, "text": text},
                                ensure_ascii=False) + "\n")
    bills = sorted(os.listdir(os.path.join(SRC, "kobill")))
    for i, name in enumerate(bills):
        with open(os.path.join(SRC, "kobill", name), encoding="utf-8") as fh:
            text = fh.read()
        encoding = "cp949" if i % 3 == 0 else "utf-8"  # legacy-encoded files are common in Korea
        if encoding == "cp949":  # the few punctuation marks CP949 lacks, by their look-alikes
            text = text.translate(str.maketrans({"\u2024": "·", "\u2027": "·", "\u22c5": "·", "｢": "「", "｣": "」"}))
        with open(os.path.join(OUT, "bills", name), "w", encoding=encoding, newline="\n") as fh:
            fh.write(text)
    with open(os.path.join(OUT, "qa.csv"), "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "question", "text"])
        writer.writerow(["qa-1", "대한민국의 주권은 누구에게 있나요?",
                         "헌법 제1조 제2항은 \"대한민국의 주권은 국민에게 있고, 모든 권력은 국민으로부터 "
                         "나온다\"라고 규정합니다.\n즉, 국가의 최고 의사를 결정하는 힘은 국민에게 있으며, "
                         "국가기관의 권력은 모두 국민의 위임에서 비롯됩니다. 이를 국민주권의 원리라고 "
                         "합니다.\n국민은 선거와 국민투표를 통해 이 주권을 행사하고, 대표자를 뽑아 "
                         "국정을 맡깁니다. 또한 헌법 개정안은 국민투표로 확정되므로, 헌법을 바꾸는 "
                         "최종 결정 역시 국민이 내립니다."])
        writer.writerow(["qa-2", "국회의원의 임기는?", "4년입니다."])


if __name__ == "__main__":
    main()
