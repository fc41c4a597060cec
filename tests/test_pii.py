"""Every PII kind with true and false cases, checksum arithmetic included, and the variant set
(tests/data/pii_variants.jsonl): PII as it is really written and look-alikes that must be kept."""

import json
from collections import Counter
from pathlib import Path

import pytest

from curator.korean.pii import PII_KINDS, brn_checksum_ok, find_pii, luhn_ok, rrn_checksum_ok, rrn_date_ok

VARIANTS = Path(__file__).parent / "data" / "pii_variants.jsonl"
RECALL_FLOOR = 0.98  # per kind, on the variant set
KEPT_FLOOR = 0.98  # look-alikes left alone


def kinds(text):
    return [(s["kind"], text[s["start"]:s["end"]]) for s in find_pii(text)]


def test_rrn_checksum_arithmetic():
    # 9 0 0 1 0 1 1 2 3 4 5 6 · weights 2..9,2..5: 18+0+0+5+0+7+8+18+6+12+20+30 = 124; 124 % 11 = 3; (11-3) % 10 = 8
    assert rrn_checksum_ok("9001011234568")
    assert not rrn_checksum_ok("9001011234567")
    assert rrn_date_ok("900101", "1") and not rrn_date_ok("901301", "1") and not rrn_date_ok("000229", "1")
    assert rrn_date_ok("000229", "3")  # 2000 was a leap year; 1900 was not


def test_rrn_and_frn():
    assert kinds("주민등록번호 900101-1234568 입니다") == [("rrn", "900101-1234568")]
    # Issued after October 2020: random tail, checksum fails, still PII with the hyphen.
    assert kinds("신생아 211015-3876543 등록") == [("rrn", "211015-3876543")]
    assert kinds("외국인등록번호 850315-5123457") == [("frn", "850315-5123457")]
    assert kinds("붙여 쓴 9001011234568 번호") == [("rrn", "9001011234568")]


def test_rrn_false_cases():
    assert kinds("잘못된 날짜 901332-1234568") == []
    assert kinds("성별 자리 9 901010-9234568") == []
    assert kinds("체크섬이 틀린 13자리 9001011234567") == []


@pytest.mark.parametrize("number", ["010-1234-5678", "010 1234 5678", "01012345678", "02-312-3456",
                                    "031-123-4567", "+82 10 9876 5432", "+82-2-312-3456", "070-1234-5678"])
def test_phones(number):
    assert kinds(f"연락처는 {number} 입니다") == [("phone", number)]


def test_phone_with_parenthesised_area_code():
    assert kinds("전화 (02)123-4567") == [("phone", "(02)123-4567")]


def test_email_card_brn_passport():
    assert kinds("메일 hong.gildong@example.co.kr 로") == [("email", "hong.gildong@example.co.kr")]
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert kinds("카드 4111-1111-1111-1111 결제") == [("card", "4111-1111-1111-1111")]
    assert kinds("카드 4111-1111-1111-1112 결제") == []
    # 220-81-62517: 2+6+0+8+3+7+6+6+5 = 43, + 1*5//10 = 0 -> 43; (10 - 3) % 10 = 7
    assert brn_checksum_ok("2208162517") and not brn_checksum_ok("1234567890")
    assert kinds("사업자등록번호 220-81-62517") == [("brn", "220-81-62517")]
    assert kinds("사업자등록번호 123-45-67890") == []
    assert kinds("여권번호 M123A4567, M12345678") == [("passport", "M123A4567"), ("passport", "M12345678")]


def test_not_pii():
    text = ("발의연월일 2010.11.12, 시행일 2024-03-01, 금액 1,234,567원, 버전 3.10.12, "
            "ISBN 978-89-01-23456-7, 제12조 제3항, 1588-0000, 인구 51,740,000명")
    assert kinds(text) == []


def test_windowed_scan_finds_exactly_what_a_whole_text_scan_finds(monkeypatch):
    """Number-shaped kinds are searched only near runs of ≥ 4 digits, addresses only near a 로/길/
    동/리/가 before a digit; on dense, adversarial text (numbers glued to Hangul, adjacent to each
    other, at the very start and end) the spans must equal a scan of the whole text."""
    import random

    from curator.korean import pii

    rng = random.Random(5)

    def digits(n):
        return "".join(rng.choice("0123456789") for _ in range(n))

    pieces = [lambda: f"{digits(6)}-{rng.choice('1234')}{digits(6)}", lambda: f"{digits(13)}",
              lambda: f"010-{digits(4)}-{digits(4)}", lambda: f"+82 10 {digits(4)} {digits(4)}",
              lambda: f"(02){digits(3)}-{digits(4)}", lambda: " ".join(digits(4) for _ in range(4)),
              lambda: f"{digits(3)}-{digits(2)}-{digits(5)}", lambda: f"M{digits(8)}", lambda: f"S{digits(3)}A{digits(4)}",
              lambda: "hong.gildong@example.co.kr", lambda: f"{rng.randint(1990, 2030)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
              lambda: f"{rng.randint(1, 999)},{digits(3)},{digits(3)}원", lambda: f"ISBN 978-89-{digits(4)}-{digits(3)}-{digits(1)}",
              lambda: digits(rng.randint(1, 30)), lambda: "국민은 법 앞에 평등하다", lambda: "제1조", lambda: "-", lambda: " ",
              lambda: f"서울 강남구 테헤란로{rng.choice(['', ' '])}{digits(rng.randint(1, 3))}",
              lambda: f"역삼동 {digits(3)}-{digits(2)}번지", lambda: f"중앙로 {digits(2)}번길 {digits(1)}",
              lambda: f"계좌 {digits(3)}-{digits(3)}-{digits(6)}", lambda: f"{digits(2)}-{digits(2)}-{digits(6)}-{digits(2)}",
              lambda: f"{digits(6)}–{rng.choice('1234')}{digits(6)}", lambda: f"{digits(4)}.{digits(4)}.{digits(4)}.{digits(4)}",
              lambda: "홍길동@회사.한국"]
    texts = ["".join(rng.choice(pieces)() + rng.choice(["", " ", "\n", "-", "가"]) for _ in range(rng.randint(1, 40)))
             for _ in range(400)]
    windowed = [find_pii(t) for t in texts]
    monkeypatch.setattr(pii, "_windows", lambda text: ([(0, len(text))], [(0, len(text))], True))
    assert windowed == [find_pii(t) for t in texts]
    assert sum(len(spans) for spans in windowed) > 400  # the text really is dense with PII


def test_every_kind_found_is_listed_once_for_export_and_tokenizer():
    from curator.export.redact import placeholder
    from curator.export.tokenizer import PLACEHOLDERS
    from curator.korean.pii import PII_KINDS

    text = ("주민 800101-1234567, 외국인 900101-5234561, 전화 010-2345-6789, 메일 hong@example.co.kr, "
            "카드 4111-1111-1111-1111, 사업자 220-81-62517, 여권 M12345678")
    found = {span["kind"] for span in find_pii(text)}
    assert found <= set(PII_KINDS) and len(found) >= 6
    assert PLACEHOLDERS == [placeholder(kind) for kind in PII_KINDS]


def test_labels_before_a_number_decide_and_only_the_nearest_one():
    # a "not PII" label names the number right after it, not one further on
    assert kinds("문서번호 제2023-123호 담당자 김철수 02-1234-5678") == [("phone", "02-1234-5678")]
    assert kinds("주민번호 900101-1234568, 주문번호 230115-1234567") == [("rrn", "900101-1234568")]
    assert kinds("주문번호 230115-1234567") == [] and kinds("230115-1234567") == [("rrn", "230115-1234567")]
    assert kinds("송장번호 1234567812345670") == [] and kinds("문서번호 02-1234-5678호") == []
    # an account needs its label (before, or 입금/예금주 right after); a mobile number after 입금 stays a phone
    assert kinds("신한 110-123-456789") == [("account", "110-123-456789")] and kinds("110-123-456789") == []
    assert kinds("입금 확인 후 010-1234-5678로 문자") == [("phone", "010-1234-5678")]
    assert kinds("평생계좌 010-1234-5678") == [("account", "010-1234-5678")]


def test_registration_numbers_that_are_not_people():
    assert kinds("법인등록번호 110111-1234567") == []
    assert kinds("바코드 없이 8801234567893 만 적힌 상품") == []  # EAN-13 of a Korean product
    assert kinds("태어날 수 없는 해 880123-4567890") == []  # gender 4 → 2088


def _variant_rows() -> list[dict]:
    return [json.loads(line) for line in VARIANTS.read_text(encoding="utf-8").splitlines() if line.strip()]


def variant_scores(rows: list[dict]):
    """Per kind (found, total) over the expected spans, look-alikes (kept, total), the misses, and
    spans found in a sentence beyond its expected ones. An expected value counts as found when
    spans of its kind cover every character of it."""
    found, total = Counter(), Counter()
    kept = lookalikes = 0
    misses, extra = [], []
    for row in rows:
        text, spans = row["text"], find_pii(row["text"])
        if not row["pii"]:
            lookalikes += 1
            kept += not spans
            if spans:
                misses.append(("look-alike", text, [text[s["start"]:s["end"]] for s in spans]))
            continue
        expected = []
        for want in row["pii"]:
            start = text.index(want["value"])
            end = start + len(want["value"])
            expected.append((want["kind"], start, end))
            covered = {i for s in spans if s["kind"] == want["kind"] for i in range(s["start"], s["end"])}
            total[want["kind"]] += 1
            if set(range(start, end)) <= covered:
                found[want["kind"]] += 1
            else:
                misses.append((want["kind"], text, [(s["kind"], text[s["start"]:s["end"]]) for s in spans]))
        for s in spans:
            if not any(k == s["kind"] and s["start"] < e and s["end"] > b for k, b, e in expected):
                extra.append((s["kind"], text, text[s["start"]:s["end"]]))
    return found, total, (kept, lookalikes), misses, extra


def test_variant_set_recall_per_kind_and_lookalikes_kept():
    rows = _variant_rows()
    found, total, (kept, lookalikes), misses, extra = variant_scores(rows)
    table = ["kind        found  recall"]
    table += [f"{kind:10s} {found[kind]:3d}/{total[kind]:<3d} {found[kind] / total[kind]:.3f}" for kind in PII_KINDS]
    table.append(f"look-alikes kept {kept}/{lookalikes} {kept / lookalikes:.3f}")
    report = "\n".join(table)
    print("\n" + report)  # pytest -s (or -rP) shows the table
    assert sum(total.values()) >= 100 and lookalikes >= 40, report
    assert set(total) == set(PII_KINDS) and min(total.values()) >= 8, report
    assert all(found[kind] / total[kind] >= RECALL_FLOOR for kind in PII_KINDS), (report, misses)
    assert kept / lookalikes >= KEPT_FLOOR, (report, misses)
    assert not extra, extra  # nothing redacted beyond the PII written in the positive sentences
