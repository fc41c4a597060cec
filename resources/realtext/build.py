#!/usr/bin/env python3
"""Rebuild /work/realtext/<style>.jsonl from git snapshots fetched into /work/.mirror.

Each output line: {"id", "text", "style", "source", "licence"}; text is NFC UTF-8.
Sampling is deterministic (fixed seed), documents are never truncated: a document that
is too long for the style's budget is skipped, not cut.

Snapshots used (read with `git --git-dir ... show <commit>:<path>`; no work tree needed):
  97danielj/WordEmbedding           text/**/wiki_*  (Korean Wikipedia, WikiExtractor output)
  yiunsr/boddari                    boddari/csv/wikinews.csv, book_review01.csv, book_review02.csv
  kocohub/korean-hate-speech        labeled/train.tsv + news_title/train.news_title.txt; unlabeled/unlabeled_comments_5.txt + news_title/unlabeled_comments.news_title_5.txt
  KLUE-benchmark/KLUE               klue-nli-v1.1_dev.json (airbnb premises only), klue-sts-v1.1_dev.json (airbnb original sentences)
  lovit/petitions_archive           petitions_2017-08, petitions_2019-04 .. petitions_2019-08
  HLTCHKUST/Xpersona                dataset/Ko_persona_split_{valid,test}_human_annotated.json
  mue76/skala-llm-transformer       input_kr_large.txt (public-domain short stories from Korean Wikisource; dialect)
  97danielj/WordEmbedding           the Korean Wikipedia articles on Korean dialects (dialect; none is in encyclopedic)
"""
import csv
import gzip
import html
import io
import json
import os
import random
import re
import subprocess
import sys
import unicodedata

MIRROR = os.environ.get("MIRROR", "/work/.mirror")
OUT = os.path.dirname(os.path.abspath(__file__))

REPOS = {
    # repo: (git dir under MIRROR, pinned commit)
    "97danielj/WordEmbedding": ("97danielj+WordEmbedding/repo", "2e427337521cd4747d20efef073b8a885c97fd04"),
    "yiunsr/boddari": ("yiunsr+boddari/repo", "9d21b9ef7e70afdd843acb4212ea8250b4c59745"),
    "kocohub/korean-hate-speech": ("kocohub+korean-hate-speech/repo", "f8d05dce2b22007bb149e5139c0060c68ad8f94b"),
    "KLUE-benchmark/KLUE": ("KLUE-benchmark+KLUE/repo", "3efd98708a40ff49251fddde35453f8fbb11f536"),
    "lovit/petitions_archive": ("lovit+petitions_archive/repo", "03dc3f3d69e03a0a4885350c6991e328fc0a6b81"),
    "HLTCHKUST/Xpersona": ("HLTCHKUST+Xpersona/repo", "1da049a1bbf3b01548f98cc23ba75ef871416e50"),
    "mue76/skala-llm-transformer": ("mue76+skala-llm-transformer/repo", "3f64a626e9348a9e45f7eccb946304cb50a57f29"),
}

LIC_WIKI = "CC BY-SA 3.0 (Korean Wikipedia text; dump-era licence), attribution: Korean Wikipedia contributors"
LIC_WIKINEWS = "CC BY 2.5 (Korean Wikinews), attribution: Korean Wikinews contributors"
LIC_NANET = "CC BY (National Assembly Library of Korea weekly book reviews, as recorded by yiunsr/boddari)"
LIC_ACORN = "CC BY 2.0 KR (Acorn Publishing blog, as recorded by yiunsr/boddari)"
LIC_KOCO = "CC BY-SA 4.0 (kocohub/korean-hate-speech, Moon, Cho & Lee 2020)"
LIC_KLUE = "CC BY-SA 4.0 (KLUE benchmark; airbnb sentences from Inside Airbnb)"
LIC_PETITION = "KOGL Type 1 (attribution) for Cheong Wa Dae petition-board data, as stated by akngs/petitions; archive lovit/petitions_archive carries no licence file"
LIC_XPERSONA = "MIT (HLTCHKUST/Xpersona LICENSE: 'MIT License / Copyright (c) 2020 CAiRE')"


def git_show(repo, path):
    gitdir, commit = REPOS[repo]
    gd = os.path.join(MIRROR, gitdir)
    return subprocess.check_output(["git", "--git-dir", gd, "show", f"{commit}:{path}"])


def git_ls(repo, prefix):
    gitdir, commit = REPOS[repo]
    gd = os.path.join(MIRROR, gitdir)
    out = subprocess.check_output(["git", "--git-dir", gd, "ls-tree", "-r", "--name-only", commit, prefix])
    return out.decode().split("\n")[:-1]


def nfc(s):
    s = unicodedata.normalize("NFC", s.replace("\r\n", "\n").replace("\r", "\n"))
    s = re.sub(r"[ \t]+\n", "\n", s)
    s = re.sub(r"\n{3,}", "\n\n", s)
    return s.strip()


def hangul_ratio(s):
    letters = [c for c in s if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\uac00" <= c <= "\ud7a3") / len(letters)


def take(cands, budget_chars, max_docs, min_len=1, max_len=10**9, seed=0):
    """Shuffle candidates deterministically; keep whole documents until the char budget."""
    rnd = random.Random(seed)
    cands = list(cands)
    rnd.shuffle(cands)
    kept, total = [], 0
    for d in cands:
        n = len(d["text"])
        if n < min_len or n > max_len:
            continue
        if total + n > budget_chars and kept:
            continue
        kept.append(d)
        total += n
        if len(kept) >= max_docs or total >= budget_chars:
            break
    return kept


# ---------------------------------------------------------------- encyclopedic
def encyclopedic():
    repo = "97danielj/WordEmbedding"
    files = [f for f in git_ls(repo, "text") if re.search(r"/wiki_\d\d$", f)]
    rnd = random.Random(1)
    files = sorted(rnd.sample(files, 60))  # spread over the dump, not just the first (oldest) pages
    docre = re.compile(r'<doc id="(\d+)" url="([^"]+)" title="([^"]*)">\n(.*?)\n</doc>', re.S)
    cands = []
    for f in files:
        raw = git_show(repo, f).decode("utf-8", "replace")
        for m in docre.finditer(raw):
            pid, url, title, body = m.groups()
            text = nfc(body)
            # skip disambiguation / list stubs
            if len(text) < 400 or "동음이의" in text[:200] or title.endswith("목록"):
                continue
            if hangul_ratio(text) < 0.5:
                continue
            cands.append(dict(id=f"kowiki-{pid}", text=text, style="encyclopedic",
                              source=f"{url} ({title}) via github:{repo}@{REPOS[repo][1][:7]}:{f}",
                              licence=LIC_WIKI))
    return take(cands, 600_000, 500, max_len=4000, seed=11)


# ---------------------------------------------------------------- news
def news():
    repo = "yiunsr/boddari"
    t = git_show(repo, "boddari/csv/wikinews.csv").decode("utf-8-sig")
    cands = []
    for i, r in enumerate(csv.DictReader(io.StringIO(t))):
        body = nfc(r["내용"])
        if len(body) < 150:
            continue
        text = nfc(r["제목"]) + "\n\n" + body
        cands.append(dict(id=f"kowikinews-{i:04d}", text=text, style="news",
                          source=f"{r['출처']} ({r['작성일']}) via github:{repo}@{REPOS[repo][1][:7]}:boddari/csv/wikinews.csv",
                          licence=LIC_WIKINEWS))
    return take(cands, 450_000, 700, max_len=5000, seed=12)


# ---------------------------------------------------------------- comment
def _unquote_title(t):
    t = t.strip()
    if len(t) > 1 and t.startswith('"') and t.endswith('"'):  # CSV-style quoting in the title files
        t = t[1:-1].replace('""', '"')
    return t


def comments():
    """Comment pages: the source gives, for every comment, the title of the entertainment-news
    article it was posted under; a page = the article title + all comments of that article
    (in source order). Pages with fewer than 3 comments or more than 3,000 characters are skipped."""
    repo = "kocohub/korean-hate-speech"
    base = f"github:{repo}@{REPOS[repo][1][:7]}:"
    cands = []
    # 1) labeled/train.tsv (header + 7,896 comments) aligned row-by-row with news_title/train.news_title.txt
    cm = git_show(repo, "labeled/train.tsv").decode("utf-8").split("\n")[1:]
    ti = git_show(repo, "news_title/train.news_title.txt").decode("utf-8").split("\n")
    groups = {}
    for c, t in zip(cm, ti):
        c = c.split("\t")[0].strip()
        if c:
            groups.setdefault(_unquote_title(t), []).append(c)
    for i, (t, cs) in enumerate(groups.items()):
        if len(cs) >= 3:
            cands.append((f"koco-train-page-{i:04d}", t, cs,
                          base + "labeled/train.tsv + news_title/train.news_title.txt"))
    # 2) unlabeled/unlabeled_comments_5.txt aligned with news_title/unlabeled_comments.news_title_5.txt
    cm = git_show(repo, "unlabeled/unlabeled_comments_5.txt").decode("utf-8").split("\n")
    ti = git_show(repo, "news_title/unlabeled_comments.news_title_5.txt").decode("utf-8").split("\n")
    assert len(cm) == len(ti), (len(cm), len(ti))
    groups = {}
    for c, t in zip(cm, ti):
        if c.strip():
            groups.setdefault(_unquote_title(t), []).append(c.strip())
    for i, (t, cs) in enumerate(groups.items()):
        if len(cs) >= 3:
            cands.append((f"koco-unlab5-page-{i:04d}", t, cs,
                          base + "unlabeled/unlabeled_comments_5.txt + news_title/unlabeled_comments.news_title_5.txt"))
    docs = [dict(id=i, text=nfc(t + "\n\n" + "\n".join(cs)), style="comment",
                 source=src + " (page = article title + its comments, grouped by source title)",
                 licence=LIC_KOCO) for i, t, cs, src in cands]
    return take(docs, 450_000, 800, max_len=3000, seed=13)


# ---------------------------------------------------------------- review
def reviews():
    repo = "yiunsr/boddari"
    t = git_show(repo, "boddari/csv/book_review01.csv").decode("utf-8-sig")
    long_c = []
    for i, r in enumerate(csv.DictReader(io.StringIO(t))):
        text = nfc(r["제목"]) + "\n\n" + nfc(r["내용"])
        long_c.append(dict(id=f"nanet-review-{i:04d}", text=text, style="review",
                           source=f"{r['출처']} ({r['작성일']}, 『{r['책제목']}』, {r['작성자']}) via github:{repo}@{REPOS[repo][1][:7]}:boddari/csv/book_review01.csv",
                           licence=LIC_NANET))
    kept = take(long_c, 300_000, 150, max_len=3500, seed=14)
    # short user reviews: KLUE-NLI premises whose source is airbnb (premises are the original
    # review sentences; hypotheses are annotator-written and are not used; NSMC-sourced rows are excluded)
    krepo = "KLUE-benchmark/KLUE"
    d = json.loads(git_show(krepo, "klue_benchmark/klue-nli-v1.1/klue-nli-v1.1_dev.json"))
    seen, short_c = set(), []
    for x in d:
        if x["source"] != "airbnb":
            continue
        p = nfc(x["premise"])
        if p in seen:
            continue
        seen.add(p)
        short_c.append(dict(id=x["guid"] + "-premise", text=p, style="review",
                            source=f"github:{krepo}@{REPOS[krepo][1][:7]}:klue_benchmark/klue-nli-v1.1/klue-nli-v1.1_dev.json (premise, source=airbnb; single review sentence)",
                            licence=LIC_KLUE))
    # KLUE-STS dev, airbnb rows: both sentences of "airbnb-sampled" pairs are original review
    # sentences; for "airbnb-rtt" only sentence1 is original (sentence2 is a round-trip translation).
    d = json.loads(git_show(krepo, "klue_benchmark/klue-sts-v1.1/klue-sts-v1.1_dev.json"))
    for x in d:
        if x["source"] == "airbnb-sampled":
            keys = ["sentence1", "sentence2"]
        elif x["source"] == "airbnb-rtt":
            keys = ["sentence1"]
        else:
            continue
        for k in keys:
            p = nfc(x[k])
            if p in seen:
                continue
            seen.add(p)
            short_c.append(dict(id=f"{x['guid']}-{k}", text=p, style="review",
                                source=f"github:{krepo}@{REPOS[krepo][1][:7]}:klue_benchmark/klue-sts-v1.1/klue-sts-v1.1_dev.json ({k}, source={x['source']}; single review sentence)",
                                licence=LIC_KLUE))
    kept += take(short_c, 60_000, 700, seed=15)
    return kept


# ---------------------------------------------------------------- blog
def blog():
    repo = "yiunsr/boddari"
    t = git_show(repo, "boddari/csv/book_review02.csv").decode("utf-8-sig")
    cands = []
    for i, r in enumerate(csv.DictReader(io.StringIO(t))):
        body = nfc(r["내용"])
        if len(body) < 200:
            continue
        text = nfc(r["제목"]) + "\n\n" + body
        cands.append(dict(id=f"acornpub-blog-{i:04d}", text=text, style="blog",
                          source=f"{r['출처']} ({r['작성일']}) via github:{repo}@{REPOS[repo][1][:7]}:boddari/csv/book_review02.csv",
                          licence=LIC_ACORN))
    return take(cands, 450_000, 300, max_len=4000, seed=16)


# ---------------------------------------------------------------- forum (public petition board)
def forum():
    repo = "lovit/petitions_archive"
    cands = []
    for f in ["petitions_2017-08", "petitions_2019-04", "petitions_2019-05", "petitions_2019-06",
              "petitions_2019-07", "petitions_2019-08"]:
        for line in git_show(repo, f).decode("utf-8").split("\n"):
            if not line.strip():
                continue
            p = json.loads(line)
            body = nfc(p.get("content", ""))
            if len(body) < 150:
                continue
            text = nfc(p.get("title", "")) + "\n\n" + body
            cands.append(dict(id=f"petition-{p.get('petition_idx')}", text=text, style="forum",
                              source=f"https://www1.president.go.kr/petitions/{p.get('petition_idx')} ({p.get('begin')}, {p.get('category')}) via github:{repo}@{REPOS[repo][1][:7]}:{f}",
                              licence=LIC_PETITION))
    return take(cands, 450_000, 500, max_len=3000, seed=17)


# ---------------------------------------------------------------- chat
def chat():
    repo = "HLTCHKUST/Xpersona"
    cands = []
    for split in ["valid", "test"]:
        path = f"dataset/Ko_persona_split_{split}_human_annotated.json"
        for i, x in enumerate(json.loads(git_show(repo, path))):
            lines = []
            for pair in x["dialogue"]:
                for u in pair:
                    u = nfc(u)
                    if u:
                        lines.append(u)
            if len(lines) < 4:
                continue
            cands.append(dict(id=f"xpersona-ko-{split}-{i:04d}", text="\n".join(lines), style="chat",
                              source=f"github:{repo}@{REPOS[repo][1][:7]}:{path} (dialogue only, persona omitted; Korean translation of English PersonaChat, human-corrected)",
                              licence=LIC_XPERSONA))
    return take(cands, 400_000, 700, seed=18)


# ---------------------------------------------------------------- dialect
# Public-domain short stories whose dialogue (or narration) is in a regional dialect. Korean copyright
# lasted life+50 for authors who died before 1963 (the 2013 extension to life+70 did not revive them).
# The carrier file joins Korean Wikisource texts with "<|작품끝|>"; a work is found by its opening
# words. (opening words, slug, title, author, death year, dialect, where the dialect is, marker regex)
# Kim Yu-jeong's speakers: -어유/-지유/-슈 endings, o>u raising (-구/-두/-루), 허- for 하-, -걸랑, -드래
_YU = r"(?:[가-힣](?:유|슈|구|두|루)(?=[.!?…,\"”’'―~)\s])|허[고구다니면지는]|걸랑|드래|그려)"
DIALECT_WORKS = [
    ("오늘도 또 우리 수탉이", "dongbaekkkot", "동백꽃", "김유정", 1937, "gangwon", "dialogue, Chuncheon-area village", _YU),
    ("“장인님! 인제 저", "bombom", "봄봄", "김유정", 1937, "gangwon", "dialogue and narration, Gangwon mountain village", _YU),
    ("밤이 깊어도 술군은", "sangol-nagne", "산골 나그네", "김유정", 1937, "gangwon", "dialogue, Gangwon mountain village", _YU),
    ("음산한 검은 구름이", "sonakbi", "소낙비", "김유정", 1937, "gangwon", "dialogue, Gangwon mountain village", _YU),
    ("땅속 저 밑은 늘 음침하다", "geum-ttaneun-kongbat", "금 따는 콩밭", "김유정", 1937, "gangwon", "dialogue", _YU),
    ("산골에, 가을은 무르녹았다", "manmubang", "만무방", "김유정", 1937, "gangwon", "dialogue", _YU),
    ("우람스레 생긴 덕순이는", "ttaengbyeot", "땡볕", "김유정", 1937, "gangwon", "dialogue of a country couple in Seoul", _YU),
    ("그믐 칠야 캄캄한 밤이었다", "nodaji", "노다지", "김유정", 1937, "gangwon", "dialogue of gold diggers", _YU),
    ("머리 위에서 굽어보던 햇님이", "sangol", "산골", "김유정", 1937, "gangwon", "dialogue", _YU),
    ("여름장이란 애시당초에", "memilkkot", "메밀꽃 필 무렵", "이효석", 1942, "gangwon", "dialogue of peddlers, Bongpyeong (mild)", _YU),
    ("안협집이 부엌으로", "ppong", "뽕", "나도향", 1926, "gangwon", "dialogue, Cheorwon/Anhyeop (northern Gangwon)",
     r"(?:습네|습나\?|님자|던교|깐두루|[가-힣]소[.!]|그려[.!]|는가\?|인고)"),
    ("대구에서 서울로 올라오는 차중에서", "gohyang", "고향", "현진건", 1943, "gyeongsang", "dialogue of a man from a village near Daegu",
     r"(?:기오|구마|는교|능교|꺼정|어데|카[이고노더]|[가-힣]예[.!?]|[가-힣]능기)"),
    ("싸움, 간통, 살인, 도둑", "gamja", "감자", "김동인", 1951, "pyongan", "dialogue, Pyongyang",
     r"(?:[가-힣]디[.!?,\"”\s]|거이|[가-힣]네[!\"”]|구레|하갔|갔디|있디|[가-힣]수다)"),
    ("우리 아저씨 말이지요?", "chisuk", "치숙", "채만식", 1950, "jeolla", "the whole text is the narrator's Jeolla-coloured speech",
     r"(?:시방|거시키|아따|허[고니다면는지]|혀|라우|것이여|이여[.!?]|헐|[가-힣]디[.!?,\s]|쇼[.!?]|겄)"),
]
# Korean Wikipedia articles on Korean dialects (their example sentences are in the dialect). None is in
# encyclopedic.jsonl.gz (checked by curid). curid: (title, dialect)
DIALECT_ARTICLES = {
    "13849": ("동남 방언", "gyeongsang"), "167122": ("서남 방언", "jeolla"), "133077": ("충청 방언", "chungcheong"),
    "11390": ("제주어", "jeju"), "120491": ("영동 방언", "gangwon"), "1460840": ("영서 방언", "gangwon"),
    "472692": ("동북 방언", "hamgyong"), "545019": ("육진 방언", "hamgyong"), "30583": ("고려말", "hamgyong"),
    "330852": ("서북 방언", "pyongan"), "855753": ("황해 방언", "hwanghae"), "363874": ("경기 방언", "gyeonggi"),
    "1427559": ("중부 방언", "central"), "71488": ("한국어의 방언", "general"),
}
DIALECT_PASSAGE = (800, 3000)  # a passage closes at the first paragraph end past 800 chars; never over 3,000


def _unwrap(lines):
    """Some Wikisource transcriptions keep the printed page's line breaks: no line is longer than
    the page width and many lines end within a few characters of it, broken at a space. Join such a
    line to the next one, so a paragraph is one line as in the other texts; other texts (whose
    paragraph lines run far past 100 characters) are left alone."""
    width = max((len(x) for x in lines), default=0)
    if width > 100 or sum(len(x) >= width - 6 for x in lines) < 0.15 * len(lines):
        return lines
    out, cur = [], ""
    for x in lines:
        cur = f"{cur} {x}" if cur else x
        if len(x) < width - 8:
            out.append(cur)
            cur = ""
    return out + ([cur] if cur else [])


def _passages(lines, lo, hi):
    """Consecutive whole paragraphs, closed at the first paragraph end past ``lo`` characters; a
    paragraph that would take the passage over ``hi`` starts the next one; a too-short tail is dropped."""
    out, cur = [], []
    for x in lines:
        if len(x) > hi:
            if cur:
                out.append(cur)
            cur = []
            continue
        if cur and len("\n".join(cur + [x])) > hi:
            out.append(cur)
            cur = []
        cur.append(x)
        if len("\n".join(cur)) >= lo:
            out.append(cur)
            cur = []
    if cur and len("\n".join(cur)) >= 300:
        out.append(cur)
    return ["\n".join(p) for p in out]


def _wiki_text(body):
    """WikiExtractor leaves HTML escaped (``&lt;ins&gt;더&lt;/ins&gt;기``): unescape it and drop the
    inline tags it came from, so a dialect example reads as the article shows it."""
    t = html.unescape(body)
    t = re.sub(r"<br\s*/?>", "\n", t)
    t = re.sub(r"</?(?:ins|del|u|sup|sub|small|span|b|i|s)(?:\s[^<>]*)?>", "", t)
    return nfc(t)


def dialect():
    """Real dialect text: passages of public-domain stories whose dialect markers (per work) occur at
    least twice, plus the Wikipedia articles on the dialects cut at section boundaries. The dialect is
    the second part of every id (``dialect-<dialect>-...``)."""
    repo = "mue76/skala-llm-transformer"
    path = "input_kr_large.txt"
    text = git_show(repo, path).decode("utf-8").replace("\r\n", "\n")  # the file has CRLF line ends
    works = [w.strip() for w in text.split("<|작품끝|>")]
    docs = []
    for opening, slug, title, author, died, where, note, marker in DIALECT_WORKS:
        found = [w for w in works if w.lstrip("🙝🙟 \n").startswith(opening)]
        assert len(found) == 1, (title, len(found))
        lines = [x.strip() for x in found[0].split("\n")]
        lines = _unwrap([x for x in lines if x and x != "🙝🙟"])
        licence = (f"Public domain in Korea: {author} died {died}, term life+50 expired at the end of {died + 50} "
                   f"(before the 2013 extension to life+70). Text transcribed by Korean Wikisource")
        for i, p in enumerate(_passages(lines, *DIALECT_PASSAGE)):
            p = nfc(p)
            if len(re.findall(marker, p)) < 2:
                continue
            docs.append(dict(id=f"dialect-{where}-lit-{slug}-{i:02d}", text=p, style="dialect",
                             source=f"『{title}』 by {author} (d. {died}), passage {i} ({note}); "
                                    f"Korean Wikisource text via github:{repo}@{REPOS[repo][1][:7]}:{path}",
                             licence=licence))
    wrepo = "97danielj/WordEmbedding"
    files = [f for f in git_ls(wrepo, "text") if re.search(r"/wiki_\d\d$", f)]
    docre = re.compile(r'<doc id="(\d+)" url="([^"]+)" title="([^"]*)">\n(.*?)\n</doc>', re.S)
    seen = set()
    for f in files:
        raw = git_show(wrepo, f).decode("utf-8", "replace")
        for m in docre.finditer(raw):
            pid, url, title, body = m.groups()
            if pid not in DIALECT_ARTICLES or pid in seen:
                continue
            seen.add(pid)
            where = DIALECT_ARTICLES[pid][1]
            lines = [x for x in _wiki_text(body).split("\n") if x.strip()]
            head, lines = lines[0], lines[1:]  # WikiExtractor's first line is the title
            for i, p in enumerate(_passages(lines, *DIALECT_PASSAGE)):
                docs.append(dict(id=f"dialect-{where}-kowiki-{pid}-{i}", text=nfc(f"{head}\n\n{p}"), style="dialect",
                                 source=f"{url} ({title}), part {i} (article about the dialect, with its example sentences) "
                                        f"via github:{wrepo}@{REPOS[wrepo][1][:7]}:{f}",
                                 licence=LIC_WIKI))
    assert seen == set(DIALECT_ARTICLES), set(DIALECT_ARTICLES) - seen
    enc = os.path.join(OUT, "encyclopedic.jsonl.gz")
    if os.path.exists(enc):  # one text in one style: no article of these is an encyclopedic document
        with gzip.open(enc, "rt", encoding="utf-8") as fh:
            taken = {json.loads(line)["id"] for line in fh}
        assert not taken & {f"kowiki-{pid}" for pid in DIALECT_ARTICLES}, taken & {f"kowiki-{pid}" for pid in DIALECT_ARTICLES}
    return docs


STYLES = {
    "encyclopedic": encyclopedic,
    "news": news,
    "comment": comments,
    "review": reviews,
    "blog": blog,
    "forum": forum,
    "chat": chat,
    "dialect": dialect,
}


def main():
    only = sys.argv[1:] or list(STYLES)
    for style in only:
        docs = STYLES[style]()
        ids = set()
        path = os.path.join(OUT, f"{style}.jsonl")
        with open(path, "w", encoding="utf-8") as fh:
            for d in docs:
                assert d["id"] not in ids, d["id"]
                ids.add(d["id"])
                assert unicodedata.is_normalized("NFC", d["text"])
                fh.write(json.dumps({k: d[k] for k in ("id", "text", "style", "source", "licence")},
                                    ensure_ascii=False) + "\n")
        by_src = {}
        for d in docs:
            key = d["licence"].split(" (")[0] + " | " + d["id"].rsplit("-", 1)[0].split("-")[0]
            n, c = by_src.get(key, (0, 0))
            by_src[key] = (n + 1, c + len(d["text"]))
        print(f"{style}: {len(docs)} docs, {sum(len(d['text']) for d in docs)} chars, "
              f"{os.path.getsize(path)} bytes; " + "; ".join(f"{k}: {v[0]} docs/{v[1]} chars" for k, v in by_src.items()))


if __name__ == "__main__":
    main()
