"""The UI's words in Korean (default) and English: a small catalogue, not Qt Linguist files, so
the strings live next to their keys and a missing translation falls back to English."""


CATALOGUE: dict[str, tuple[str, str]] = {  # key: (한국어, English)
    "app": ("한글 큐레이터", "Hangul Curator"),
    "file": ("파일", "File"), "view": ("보기", "View"), "language": ("언어", "Language"),
    "open": ("작업 공간 열기…", "Open workspace…"), "recent": ("최근 작업 공간", "Recent workspaces"),
    "new_run": ("새 실행 (파일/폴더)…", "New run from files/folders…"), "export": ("내보내기…", "Export…"),
    "save_thresholds": ("임계값 저장", "Save thresholds"), "quit": ("종료", "Quit"),
    "documents": ("문서", "Documents"), "review": ("검토", "Review"), "filters": ("필터", "Filters"),
    "duplicates": ("중복", "Duplicates"),
    "all": ("전체", "All"), "kept": ("유지", "Kept"), "removed": ("제거", "Removed"),
    "any_reason": ("모든 사유", "Any reason"), "search": ("본문 검색 (Enter)", "Search text (Enter)"),
    "search_text": ("글자 그대로", "As typed"), "search_lemma": ("기본형 (삭제하다 → 삭제했다)", "Lemma (삭제하다 → 삭제했다)"),
    "source_filter": ("출처 필터", "Source filter"),
    "counts": ("문서 {documents:,} · 유지 {kept:,} · 제거 {removed:,} ({share:.1%})",
               "{documents:,} documents · {kept:,} kept · {removed:,} removed ({share:.1%})"),
    "shown": ("표시 {shown:,}", "{shown:,} shown"),
    "col_id": ("ID", "ID"), "col_kept": ("판정", "Verdict"), "col_reasons": ("사유", "Reasons"),
    "col_chars": ("글자 수", "Chars"), "col_source": ("출처", "Source"), "col_text": ("본문", "Text"),
    "col_decision": ("결정", "Decision"), "chars": ("{n:,}자", "{n:,} chars"),
    "signal": ("신호", "Signal"), "value": ("값", "Value"), "threshold": ("기준", "Threshold"),
    "pass": ("통과", "pass"), "fail": ("탈락", "fail"),
    "morphemes": ("형태소 보기", "Show morphemes"), "no_document": ("문서를 선택하세요", "Select a document"),
    "decision": ("결정", "Decision"), "note": ("메모", "Note"), "accept": ("수락", "accept"),
    "reject": ("거부", "reject"), "none": ("없음", "none"),
    "decisions_menu": ("결정", "Decisions"), "accept_selected": ("선택한 문서 수락", "Accept selected"),
    "reject_selected": ("선택한 문서 거부", "Reject selected"), "clear_selected": ("선택한 문서 결정 지우기", "Clear selected"),
    "accept_shown": ("표시된 모든 문서 수락", "Accept all shown"), "reject_shown": ("표시된 모든 문서 거부", "Reject all shown"),
    "reject_cluster": ("이 중복 묶음에서 대표 외 모두 거부", "Reject this duplicate cluster but its representative"),
    "undo_bulk": ("일괄 결정 되돌리기", "Undo bulk decision"),
    "bulk_done": ("{n:,}개 문서: {action} (되돌리기 Ctrl+Z)", "{n:,} documents: {action} (undo: Ctrl+Z)"),
    "bulk_undone": ("{n:,}개 문서의 결정을 되돌렸습니다", "Undid the decisions of {n:,} documents"),
    "nothing_to_undo": ("되돌릴 일괄 결정이 없습니다", "No bulk decision to undo"),
    "past_threshold": ("값 {value}, 기준을 {distance} 넘음", "value {value}, {distance} past the threshold"),
    "reference_share": ("깨끗한 기준 텍스트 중 이만큼 벗어난 비율 {share}",
                        "{share} of clean reference text is this far out"),
    "reference_cut": ("기준 텍스트 {budget}", "reference {budget}"),
    "why_removed": ("제거 사유", "Why removed"),
    "page": ("{page}/{pages}쪽", "page {page}/{pages}"),
    "docs_log": ("문서 수 (로그)", "documents (log)"),
    "skip": ("건너뛰기", "Skip"), "undo": ("되돌리기", "Undo"),
    "theme": ("색 구성", "Colours"), "theme_system": ("시스템", "System"), "theme_light": ("밝게", "Light"),
    "theme_dark": ("어둡게", "Dark"), "text_larger": ("글자 크게", "Larger text"),
    "text_smaller": ("글자 작게", "Smaller text"), "text_reset": ("글자 크기 기본값", "Default text size"),
    "evidence": ("표시한 근거", "Marked evidence"),
    "first_page": ("앞의 {shown:,}자만 표시 (전체 {total:,}자; 문서 탭에서 모두 볼 수 있음)",
                   "the first {shown:,} of {total:,} characters (the Documents tab shows all)"),
    "evidence_repeated_line": ("반복된 줄", "repeated line"), "evidence_repeated_ngram": ("반복된 어절 5-gram", "repeated 5-gram"),
    "evidence_boilerplate": ("상투 문구 줄", "boilerplate line"), "evidence_code": ("코드 줄", "code line"),
    "evidence_markup": ("HTML 태그", "HTML tag"), "evidence_spam": ("스팸 단어", "spam term"),
    "evidence_jamo_run": ("자모 연속", "jamo run"), "evidence_mojibake": ("깨진 인코딩", "mojibake"),
    "evidence_invalid": ("잘못된 문자", "invalid character"),
    "benchmark_items": ("찾은 벤치마크 문항", "Benchmark items found"),
    "benchmark_cut": ("잘라 낸 줄", "lines cut out"),
    "identical_chars": ("같은 글자 {n:,}자 생략", "{n:,} identical characters"),
    "more_differences": ("차이가 더 있음 (앞부분만 표시)", "more differences (the first are shown)"), "kept_doc": ("유지됨", "Kept"),
    "show_flips": ("이 변경으로 바뀌는 문서 보기", "Show what this change flips"),
    "rule_counts": ("이 규칙으로 제거: {n:,}", "Removed by this rule: {n:,}"),
    "live_counts": ("유지 {kept:,} · 제거 {removed:,} · 제거율 {share:.1%}",
                    "kept {kept:,} · removed {removed:,} · discarded {share:.1%}"),
    "strategy": ("표본 방식", "Sampling"), "random": ("무작위", "random"),
    "removed_only": ("제거된 것만", "removed only"), "kept_only": ("유지된 것만", "kept only"),
    "per_reason": ("사유별", "per reason"), "borderline": ("경계선 (임계값 근처)", "borderline (near a threshold)"),
    "doubtful_only": ("모델이 의심하는 결정", "decisions the model doubts"),
    "review_keys": ("a 수락 · x 거부 · 스페이스 건너뛰기 · ⌫ 되돌리기 · n 메모",
                    "a accept · x reject · space skip · ⌫ undo · n note"),
    "review_progress": ("검토 {done:,} / {total:,} · 결정 {decided:,}",
                        "reviewed {done:,} / {total:,} · decided {decided:,}"),
    "review_agreement": ("필터와 일치 {agree:.0%}", "agreement with filters {agree:.0%}"),
    "review_done": ("이 표본을 모두 검토했습니다. 다른 표본 방식을 고르거나 파일 → 내보내기로 내보내세요",
                    "This sample is done: pick another sampling above, or export (File → Export)"),
    "clusters": ("클러스터 {n:,}개", "{n:,} clusters"), "members": ("구성원 {n}", "{n} members"),
    "similarity": ("유사도 {s:.2f}", "similarity {s:.2f}"), "representative": ("대표", "representative"), "estimated": ("MinHash 추정", "MinHash estimate"),
    "make_rep": ("이 문서를 대표로", "Keep this one instead"),
    "run_title": ("새 실행", "New run"), "export_title": ("내보내기", "Export"),
    "inputs": ("입력", "Inputs"), "output": ("출력 폴더", "Output folder"), "start": ("시작", "Start"),
    "cancel": ("취소", "Cancel"), "ok": ("확인", "OK"), "yes": ("예", "Yes"), "no": ("아니요", "No"),
    "save": ("저장", "Save"), "discard": ("저장 안 함", "Discard"),
    "enable": ("켜기", "Switch on"), "keep_off": ("끈 채로 두기", "Keep off"),
    "note_for": ("{id} 에 남길 메모 — “{excerpt}”", "Note on {id} — “{excerpt}”"), "close": ("닫기", "Close"), "add_files": ("파일 추가…", "Add files…"),
    "add_folder": ("폴더 추가…", "Add folder…"), "shard_size": ("샤드 크기", "Shard size"),
    "val_fraction": ("검증 비율", "Validation fraction"), "seed": ("시드", "Seed"),
    "working": ("진행 중…", "Working…"), "done": ("완료", "Done"), "cancelled": ("취소됨", "Cancelled"),
    "failed": ("실패: {error}", "Failed: {error}"),
    "drop_hint": ("파일이나 폴더를 끌어다 놓으면 새 실행을 시작합니다", "Drop files or folders to start a run"),
    "no_workspace": ("작업 공간을 여세요 (Ctrl+O), 또는 파일이나 폴더를 끌어다 놓아 새로 처리하세요 (Ctrl+N)",
                     "Open a workspace (Ctrl+O), or drop files or folders here to run on them (Ctrl+N)"),
    "saved": ("임계값을 저장했습니다", "Thresholds saved"), "exported": ("내보냈습니다: {path}", "Exported: {path}"),
    "no_clusters": ("중복 클러스터가 없습니다 (더 느슨한 사본까지 찾으려면 설정의 dedup.threshold를 낮추고 다시 처리)",
                    "No duplicate clusters (to find looser copies, lower dedup.threshold in the config and run again)"),
    "no_signal": ("이 작업 공간에는 이 신호가 없습니다", "This workspace has no such signal"),
    "save_all": ("모두 저장", "Save all"), "revert_all": ("모두 되돌리기", "Revert all"),
    "unsaved": ("저장 안 됨", "unsaved"), "saved_value": ("저장된 값", "saved"),
    "pending_none": ("저장하지 않은 변경 없음", "No unsaved changes"),
    "pending_delta": ("저장하지 않은 변경 {n}개 · 모두 적용하면 유지 {kept:+,} · 제거 {removed:+,}",
                      "{n} unsaved change(s) · together: kept {kept:+,} · removed {removed:+,}"),
    "unsaved_title": ("저장하지 않은 임계값", "Unsaved thresholds"),
    "unsaved_question": ("저장하지 않은 임계값 변경이 {n}개 있습니다. 저장할까요?",
                         "{n} threshold change(s) are not saved. Save them?"),
    "replace_title": ("작업 공간 바꾸기", "Replace workspace"),
    "preset": ("임계값 프리셋", "Threshold preset"),
    "preset_web": ("웹 (뉴스, 위키백과, 댓글, 리뷰, 블로그, 대화)", "Web (news, Wikipedia, comments, reviews, blogs, chat)"),
    "preset_docs": ("문서 (도움말, 매뉴얼)", "Docs (help pages, manuals)"),
    "preset_books-law": ("도서·법령 (법령, 긴 격식체 글)", "Books & law (laws, long formal prose)"),
    "replace_question": ("{path} 에 이미 작업 공간이 있습니다 (문서 {documents:,}개, 결정 {decisions:,}개, 메모 {notes:,}개). "
                         "새 실행이 성공하면 이것을 바꿉니다. 결정과 메모는 같은 id의 문서로 옮겨집니다. 계속할까요?",
                         "{path} already holds a workspace ({documents:,} documents, {decisions:,} decisions, "
                         "{notes:,} notes). The new run replaces it once it has succeeded; decisions and notes "
                         "carry over to the documents with the same id. Continue?"),
    "any_decision": ("모든 결정", "Any decision"), "undecided": ("결정 없음", "undecided"),
    "export_decisions": ("결정과 메모 내보내기…", "Export decisions and notes…"),
    "decisions_exported": ("결정과 메모 {n:,}개를 저장했습니다: {path}", "Wrote {n:,} decisions and notes: {path}"),
    "changed_outside_workspace": ("다른 곳(curator apply·learn·run)에서 작업 공간이 바뀌어 다시 열었습니다; 저장 안 한 임계값은 그대로입니다",
                                  "The workspace was changed outside the app (curator apply, learn or run): reopened; unsaved thresholds kept"),
    "changed_outside_decisions": ("다른 곳(curator decide·decisions import)에서 결정이 바뀌어 다시 열었습니다",
                                  "Decisions were changed outside the app (curator decide or decisions import): reopened"),
    "saved_after_outside": ("임계값을 저장했습니다; 그사이 다른 곳에서 바뀐 작업 공간을 다시 열어 저장된 수치를 보여 줍니다",
                            "Thresholds saved; the workspace had changed outside the app and was reopened to show the stored numbers"),
    "read_only_title": ("읽기 전용", "read-only"),
    "read_only_note": ("읽기 전용 작업 공간: 살펴보고 세고 내보낼 수 있지만 결정·메모·임계값 저장·학습은 저장되지 않습니다",
                       "Read-only workspace: browse, count and export; decisions, notes, saved thresholds and learning cannot be stored here"),
    "cannot_open": ("{path} 을(를) 열 수 없습니다: {error}", "Cannot open {path}: {error}"),
    "no_inputs": ("입력 파일이나 폴더를 먼저 추가하세요", "Add input files or folders first"),
    "not_replaced": ("바꾸지 않았습니다: 다른 출력 폴더를 고르세요", "Not replaced: choose another output folder"),
    "informative": ("가장 유익한 것 (모델이 불확실하거나 규칙과 다름)", "most informative (model unsure or against the rules)"),
    "learn": ("결정에서 학습", "Learn from decisions"),
    "learning": ("결정 {n:,}개에서 학습 중…", "Learning from {n:,} decisions…"),
    "learned_done": ("결정 {n:,}개에서 학습했습니다 · 교차 검증 F1 {f1:.2f} · quality:learned 켜짐 (문서 {removed:,}개 추가 제거)",
                     "Learned from {n:,} decisions · cross-validated F1 {f1:.2f} · quality:learned on ({removed:,} more documents removed)"),
    "learned_off": ("결정 {n:,}개에서 학습했습니다 · 교차 검증 F1 {f1:.2f}, 상관 {mcc:.2f}: 우연보다 충분히 낫지 않아 quality:learned 꺼 둠 "
                    "(켜면 문서 {removed:,}개 제거) · 더 결정하거나 필터 탭에서 켜세요",
                    "Learned from {n:,} decisions · cross-validated F1 {f1:.2f}, correlation {mcc:.2f}: not better than chance by a margin, "
                    "quality:learned left off (on, it would remove {removed:,} documents) · decide more, or switch it on "
                    "in the filters tab"),
    "large_removal_question": ("이 변경을 저장하면 문서 {removed:,}개({share:.1%})가 더 제거됩니다 (묻는 기준 {limit:.0%}):\n{changes}\n\n저장할까요?",
                               "Saving these changes removes {removed:,} more documents ({share:.1%}; asked above {limit:.0%}):\n"
                               "{changes}\n\nSave?"),
    "choose_folder": ("폴더 고르기…", "Choose folder…"),
    "keep_at_least": ("이 값 이상만 유지 ≥", "keep at least ≥"), "keep_at_most": ("이 값 이하만 유지 ≤", "keep at most ≤"),
    "learned_declined": ("결정 {n:,}개에서 학습했습니다 · 교차 검증 F1 {f1:.2f} · quality:learned 꺼 둠 (켜면 문서 {removed:,}개 제거)",
                         "Learned from {n:,} decisions · cross-validated F1 {f1:.2f} · quality:learned left off "
                         "(on, it would remove {removed:,} documents)"),
    "enable_learned_question": ("결정 {n:,}개에서 학습한 모델의 교차 검증 F1은 {f1:.2f}입니다.\n"
                                "quality:learned를 켜면 지금 유지된 문서 {removed:,}개({share:.1%})를 제거합니다. 예:\n{sample}\n\n켤까요?",
                                "The model learnt from {n:,} decisions has a cross-validated F1 of {f1:.2f}.\n"
                                "Switching quality:learned on removes {removed:,} documents kept now ({share:.1%}), e.g.:\n"
                                "{sample}\n\nSwitch it on?"),
    "learned_score": ("학습된 품질 {q}", "Learned quality {q}"),
    "why_disagree": ("모델과 규칙이 다름", "the model and the rules disagree"),
    "why_doubtful": ("결정 ‘{said}’, 모델은 ‘{other}’ (P(거부) {p:.2f}): 실수일 수 있어 학습에서 뺐습니다",
                     "you said {said}, the model {other} (P(reject) {p:.2f}): probably a slip, left out of its training"),
    "why_doubtful_kept": ("결정 ‘{said}’, 모델은 ‘{other}’ (P(거부) {p:.2f}): 실수일 수 있습니다 (--keep-doubtful: 학습에는 넣음)",
                          "you said {said}, the model {other} (P(reject) {p:.2f}): probably a slip (--keep-doubtful: still in its training)"),
    "why_unsure": ("모델이 확신하지 못함", "the model is unsure"),
    "toward_keep": ("유지 쪽", "toward keep"), "toward_reject": ("거부 쪽", "toward reject"),
    "suggested": ("제안 {value} (결정 {agree}/{support} 일치, 지금 {now})",
                  "suggested {value} (agrees with {agree}/{support} decisions, now {now})"),
    "suggested_short": ("제안", "suggested"),
    "reranked": ("결정 {n:,}개로 순서를 다시 매김", "re-ranked with {n:,} decisions"),
    "model_figures": ("모델: 결정 {n:,}개 · 교차검증 F1 {f1:.2f} (정밀도 {p:.2f}, 재현율 {r:.2f})",
                      "model: {n:,} decisions · cross-validated F1 {f1:.2f} (precision {p:.2f}, recall {r:.2f})"),
    "model_none": ("모델 없음: 결정 {n:,}개 (승인·거부 각각 {each}개 이상, 모두 {need}개 이상 필요)",
                   "no model yet: {n:,} decisions (needs {need}, at least {each} of each kind)"),
    "adopt_suggestion": ("제안 적용", "Adopt suggestion"),
    "no_suggestion": ("제안 없음 (이 규칙에 달린 결정이 10개 미만이거나 지금 기준이 가장 잘 맞음)",
                      "No suggestion (fewer than 10 decisions depend on this rule, or the current bound fits them best)"),
}

# each rule in words a curator reads (the filter list showed raw codes); a rule missing here is
# shown by its code alone
RULE_WORDS: dict[str, tuple[str, str]] = {
    "encoding:invalid_chars": ("깨진 문자", "invalid characters"),
    "encoding:mojibake": ("인코딩 깨짐(외계어)", "mojibake"),
    "length:min_chars": ("너무 짧음(글자 수)", "too short (characters)"),
    "length:min_words": ("너무 짧음(어절 수)", "too short (words)"),
    "language:hangul_ratio": ("한글 비율 낮음", "little Hangul"),
    "repetition:dup_line_frac": ("같은 줄 반복", "repeated lines"),
    "repetition:dup_para_frac": ("같은 문단 반복", "repeated paragraphs"),
    "repetition:dup_line_char_frac": ("반복 줄의 글자 비율", "characters in repeated lines"),
    "repetition:dup_para_char_frac": ("반복 문단의 글자 비율", "characters in repeated paragraphs"),
    "repetition:char_dup_ratio": ("같은 글자 반복", "repeated characters"),
    "repetition:top_2gram": ("가장 흔한 2-gram 비율", "most frequent 2-gram"),
    "repetition:top_3gram": ("가장 흔한 3-gram 비율", "most frequent 3-gram"),
    "repetition:top_4gram": ("가장 흔한 4-gram 비율", "most frequent 4-gram"),
    "quality:mean_word_len": ("어절 길이가 이상함", "odd word length"),
    "quality:alpha_words": ("글자 없는 어절이 많음", "few words with letters"),
    "quality:stopwords": ("조사·어미 같은 기능어가 없음", "no function words"),
    "quality:hash_ellipsis": ("#과 …이 많음", "many # and …"),
    "quality:bullet_lines": ("글머리표 줄이 많음", "mostly bullet lines"),
    "quality:ellipsis_lines": ("…로 끝나는 줄이 많음", "many lines ending in …"),
    "quality:line_punct": ("문장부호로 끝나는 줄이 적음(메뉴·목록)", "few lines end in punctuation (menus, lists)"),
    "quality:newline_ratio": ("줄바꿈이 너무 잦음", "too many line breaks"),
    "quality:code_lines": ("코드 줄이 많음", "many code lines"),
    "quality:markup": ("HTML·마크업이 많음", "much markup"),
    "quality:jamo_runs": ("ㅋㅋ·ㅎㅎ 같은 자모 연속", "jamo runs (ㅋㅋ, ㅎㅎ)"),
    "quality:spam_terms": ("도박·광고 낱말", "gambling and spam terms"),
    "quality:morph_lm_score": ("형태소 언어 모델 점수 낮음", "low morpheme LM score"),
    "quality:word_order": ("어순이 자연스럽지 않음(낱말 샐러드)", "unnatural word order (word salad)"),
    "quality:line_end": ("줄이 문장 끝처럼 끝나지 않음(낱말 샐러드)", "lines do not end as sentences do (word salad)"),
    "quality:unknown_morphs": ("분석 안 되는 형태소가 많음", "many unknown morphemes"),
    "boilerplate:lines": ("상투 문구 줄(메뉴·저작권)", "boilerplate lines (menus, ©)"),
    "boilerplate:repeated_lines": ("여러 문서에 되풀이되는 줄", "lines repeated across documents"),
    "quality:learned": ("학습된 품질(큐레이터의 결정)", "learned quality (the curator's decisions)"),
}


def rule_words(name: str) -> str:
    """A rule as the filter list shows it: its words, then its code ('너무 짧음(글자 수) · length:min_chars')."""
    if name.startswith("repetition:dup_") and name.endswith("gram"):
        n = name[len("repetition:dup_"):-len("gram")]
        words = (f"{n}-gram 중복 글자 비율", f"characters in duplicated {n}-grams")
    elif name.startswith("contamination:"):  # one rule per benchmark checked (curator decontaminate)
        bench = name.split(":", 1)[1]
        words = (f"벤치마크 {bench} 문항이 들어 있음", f"holds text of benchmark {bench}")
    else:
        words = RULE_WORDS.get(name)
    if words is None:
        return name
    return f"{words[1] if _language == 'en' else words[0]} · {name}"


FAMILY_WORDS: dict[str, tuple[str, str]] = {
    "encoding": ("인코딩 문제", "encoding problem"), "length": ("너무 짧음", "too short"),
    "language": ("한국어가 아님", "not Korean"), "quality": ("품질 낮음", "low quality"),
    "repetition": ("반복이 많음", "too repetitive"), "boilerplate": ("상투 문구", "boilerplate"),
    "dedup": ("중복", "duplicate"), "review": ("검토자가 거부", "rejected by a curator"),
    "contamination": ("벤치마크 문항 포함", "holds benchmark text"),
}

_language = "ko"


def environment_language(environ) -> str | None:
    """The language the environment asks for, read as gettext does (LANGUAGE, LC_ALL,
    LC_MESSAGES, LANG: the first one set): "ko" for Korean, "en" for any other language, None when
    it names none (unset, C, POSIX: a default Debian), where the app asks once."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = (environ.get(name) or "").split(":")[0].strip().lower()
        if value:
            if value in ("c", "posix") or value.startswith(("c.", "posix.")):
                return None
            return "ko" if value.startswith("ko") else "en"
    return None


def set_language(code: str) -> None:
    global _language
    _language = "en" if code == "en" else "ko"


def language() -> str:
    return _language


def tr(key: str, **values) -> str:
    korean, english = CATALOGUE.get(key, (key, key))
    text = english if _language == "en" else korean
    return text.format(**values) if values else text


def reason_words(reason: str, rule_text: str = "") -> str:
    """A reason in plain words: '반복이 많음 — dup_line_frac ≤ 0.374 (repetition:dup_line_frac)'."""
    family = reason.split(":", 1)[0]
    korean, english = FAMILY_WORDS.get(family, (family, family))
    words = english if _language == "en" else korean
    return f"{words} — {rule_text} ({reason})" if rule_text else f"{words} ({reason})"


def number(value) -> str:
    """A number for people: thousands separated, at most four significant digits after the
    point, never an exponent ("3,630" not "3.63e+03", "0.0001234" not "1.234e-04")."""
    if value is None:
        return "—"
    value = float(value)
    if value != value:  # NaN
        return "—"
    if value.is_integer() and abs(value) < 1e18:
        return f"{int(value):,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    import numpy as np
    return np.format_float_positional(value, precision=4, unique=True, fractional=False, trim="-")
