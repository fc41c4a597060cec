"""Command line: argument parsing and terminal output only; the work happens in the layers below."""

import argparse
import json
import os
import sys

from curator import __version__
from curator.errors import CuratorError


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def positive_ints(text: str) -> list[int]:
    """One size or a comma-separated list (a vocabulary sweep: 8000,16000,32000)."""
    return [positive_int(part.strip()) for part in text.split(",") if part.strip()] or [positive_int(text)]


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors: one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def _summary_table(stats: dict) -> str:
    docs = stats["documents"] or 1
    rules = stats["removed_by_rule"]
    width = max([28] + [len(rule) + 4 for rule in rules])  # every count in one column

    def row(label: str, count: int, share: bool = True, indent: str = "") -> str:
        text = f"{indent}{label:<{width - len(indent)}}{count:>10,}"
        return text + (f"  {count / docs:6.1%}" if share else "")

    lines = [row("documents", stats["documents"], share=False), row("kept", stats["kept"]),
             row("removed", stats["removed"]), row("unreadable records", stats["errors"], share=False)]
    if rules:
        lines.append("removed by rule (a document can fail several):")
        for rule, count in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(row(rule, count, indent="  "))
    if stats.get("near_dup_clusters"):
        lines.append(row("near-duplicate clusters", stats["near_dup_clusters"], share=False))
    decisions = stats.get("decisions", {})
    if any(decisions.values()):
        lines.append(f"{'decisions accept/reject':<{width}}{decisions['accept']:>5,} / {decisions['reject']:,}")
    return "\n".join(lines)


def _human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:,.1f} GB"


def cmd_run(args) -> int:
    from curator.config import load_config
    from curator.pipeline.run import run_pipeline

    config = load_config(args.config, preset=args.preset)
    if args.text_field:
        config["input"]["text_field"] = args.text_field
    if args.txt_split:
        config["input"]["txt_split"] = args.txt_split
    if args.model:
        config.setdefault("learned", {})["model"] = args.model
    benchmarks = []
    if args.decontaminate:  # a bad benchmark stops the run before any work
        from curator.decontam.benchmark import read_benchmark
        benchmarks = [(paths, read_benchmark(paths)) for paths in args.decontaminate]
    result = run_pipeline(args.inputs, args.out, config, workers=args.workers,
                          overwrite=args.overwrite, dedup_against=args.dedup_against,
                          resume=args.resume, force=args.force, executor=args.executor,
                          ray_address=args.ray_address, drop_decisions=args.drop_decisions)
    for paths, bench in benchmarks:
        from curator.pipeline.decontaminate import decontaminate
        done = decontaminate(result.workspace, paths, bench=bench)
        result.stats = done.stats
        print(_decontam_line(done))
    replaced = result.replaced
    if replaced is not None:
        kept = ("it held no decisions or notes" if not replaced["decisions"] + replaced["notes"] else
                f"its {replaced['decisions']:,} decisions and {replaced['notes']:,} notes were dropped (--drop-decisions)"
                if replaced["dropped"] else
                f"its {replaced['decisions']:,} decisions and {replaced['notes']:,} notes were carried over, "
                f"{replaced['matched']:,} decisions match a document of the new run by id")
        print(f"replaced the earlier workspace in {result.workspace.root} ({replaced['documents']:,} documents) "
              f"once the new run had succeeded; {kept}; other files there were kept")
    print(f"workspace: {result.workspace.root} (thresholds: preset {config.get('preset') or 'none, as configured'})")
    rate = result.input_bytes / max(result.seconds, 1e-9)
    print(f"read {_human_bytes(result.input_bytes)} in {result.seconds:.1f} s ({_human_bytes(rate)}/s)")
    print(_summary_table(result.stats))
    if result.stats["errors"]:
        print(f"{result.stats['errors']} unreadable record(s) listed in {result.workspace.errors_path}")
    if result.skipped:
        print(f"skipped {len(result.skipped)} file(s) of unsupported format, e.g. {result.skipped[0]}")
    if result.own_outputs:
        print(f"did not read {len(result.own_outputs)} folder(s) this tool wrote (workspaces, exports) inside the inputs: "
              + ", ".join(result.own_outputs[:3]) + (" …" if len(result.own_outputs) > 3 else ""))
    return 0


def _decontam_line(done) -> str:
    b, ix = done.benchmark, done.index
    m = ix.settings
    what = (f"{done.cut:,} had the lines cut and were judged again" if done.mode == "span" else
            f"{done.stats.get('removed_by_rule', {}).get(done.rule, 0):,} removed as {done.rule}")
    return (f"{b.name}: {len(b.items):,} items ({ix.items_checked:,} of ≥ {m.min_item_chars} characters checked, "
            f"character {m.n}-grams, share > {m.min_share:g}) from {len(b.files)} file(s); {done.matched:,} "
            f"documents hold benchmark text, {what}; {done.text_bytes / 1e6:,.1f} MB matched in {done.seconds:.1f} s")


def cmd_decontaminate(args) -> int:
    from curator.pipeline.decontaminate import decontaminate
    from curator.workspace.layout import Workspace

    ws = Workspace.open(args.workspace)
    fields = [f.strip() for f in args.fields.split(",") if f.strip()] if args.fields else None
    done = decontaminate(ws, args.benchmarks, name=args.name, fields=fields,
                         mode="document" if args.mode == "doc" else args.mode,
                         say=lambda text: print(text, file=sys.stderr) if sys.stderr.isatty() else None)
    print(_decontam_line(done))
    print(f"which items matched and where: {ws.contamination_path(done.benchmark.name)}; "
          f"documents: `curator rows {ws.root} --rule {done.rule}`")
    print(_summary_table(done.stats))
    return 0


def cmd_learn(args) -> int:
    import time

    from curator.pipeline.learn import learn
    from curator.workspace.layout import Workspace

    started = time.monotonic()
    ws = Workspace.open(args.workspace)
    result = learn(ws, min_decisions=args.min_decisions, workers=args.workers, enable=args.enable,
                   keep_doubtful=args.keep_doubtful, say=lambda text: print(text, file=sys.stderr) if sys.stderr.isatty() else None)
    info = result.model.info
    cv = info["cross_validated"]
    ws_config = ws.config
    print(f"learned from {info['decisions']:,} decisions ({info['rejected']:,} reject, {info['accepted']:,} accept) "
          f"in {time.monotonic() - started:.1f} s; model: {ws.model_path}")
    print(f"cross-validated ({info['folds']} folds, C={info['C']:g} {info.get('penalty', 'l2').upper()}) agreement on 'reject': precision {cv['precision']:.3f}, "
          f"recall {cv['recall']:.3f}, F1 {cv['f1']:.3f}, accuracy {cv['accuracy']:.3f}; "
          f"calibration: Brier {cv['brier']:.3f}, ECE {cv['ece']:.3f}")
    if result.doubtful:  # filters/learned.py, doubtful
        print(f"{len(result.doubtful):,} decision(s) the model confidently contradicts, probably mistakes: "
              + ("kept in its training (--keep-doubtful)" if args.keep_doubtful else "set aside from its training; the "
                 "figures above are of the others") + f"; all in {ws.model_path} (info: doubtful). Look again at:")
        for doc_id, decision, p in result.doubtful[:10]:
            print(f"  {doc_id}: you said {decision}, the model {'accept' if decision == 'reject' else 'reject'} "
                  f"(P(reject) {p:.2f})")
        if len(result.doubtful) > 10:
            print(f"  and {len(result.doubtful) - 10:,} more")
    from curator.pipeline.learn import ENABLE_F1, ENABLE_MCC, gate_figures
    if result.enabled:
        print(f"rule quality:learned enabled (learned_quality ≥ 0.5): it removes {result.would_remove:,} documents "
              f"the other rules keep; learned_quality written for every document")
    else:
        gate = gate_figures(info)
        print(f"rule quality:learned NOT enabled: cross-validated F1 {gate['f1']:.2f}, Matthews correlation "
              f"{gate.get('mcc', float('nan')):.2f} (every decision; needs F1 ≥ {ENABLE_F1} and correlation ≥ {ENABLE_MCC}: "
              f"not better than chance by a margin); it would remove {result.would_remove:,} documents the other rules keep. "
              f"learned_quality is written for every document; decide more, or `curator learn --enable` to switch it on")
    print(_summary_table(result.stats))
    if result.suggestions:
        print("bounds the decisions suggest (decisions agreeing there / now, of those the rule decides alone; "
              "adopt with `curator apply` or in the app):")
        for s in sorted(result.suggestions, key=lambda s: -(s.agree - s.agree_now)):
            current = ws_config["rules"][s.rule].get(s.side)
            print(f"  {s.rule} {s.side} {current:g} → {s.value:g}  ({s.agree}/{s.support} vs {s.agree_now}/{s.support})")
    return 0


def cmd_stats(args) -> int:
    from curator.workspace.layout import Workspace
    from curator.workspace.tables import workspace_stats

    stats = workspace_stats(Workspace.open(args.workspace))
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
    else:
        print(_summary_table(stats))
    return 0


def cmd_rows(args) -> int:
    from curator.workspace.layout import Workspace
    from curator.workspace.rows import rows, write_rows

    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    verdict = "kept" if args.kept else "removed" if args.removed else None
    n = write_rows(rows(Workspace.open(args.workspace), columns, verdict, args.rule), args.format, args.out)
    if args.out:
        print(f"{n:,} rows written to {args.out}")
    return 0


def cmd_apply(args) -> int:
    import time

    from curator.config import load_config
    from curator.workspace.layout import Workspace
    from curator.export.source import reference_signatures
    from curator.workspace.reapply import reapply

    started = time.monotonic()
    ws = Workspace.open(args.workspace)
    stats, written = reapply(ws, load_config(args.config, base=ws.config), read_reference=reference_signatures)
    print(f"re-evaluated {stats['documents']:,} documents in {time.monotonic() - started:.2f} s "
          f"(no analysis part rewritten; {written:,} bytes of derived columns written)")
    print(_summary_table(stats))
    return 0


def cmd_decide(args) -> int:
    from curator.workspace.decide import record_decision
    from curator.workspace.layout import Workspace

    result = record_decision(Workspace.open(args.workspace), args.doc_id, args.decision, note=args.note)
    verdict = "kept" if result["kept"] else "removed (" + ", ".join(result["reasons"]) + ")"
    print(f"{result['id']}: {result['after'] or 'no decision'} (was {result['before'] or 'no decision'}); "
          f"now {verdict}")
    return 0


def cmd_decisions(args) -> int:
    from curator.workspace.decisions_io import export_decisions, import_decisions
    from curator.workspace.layout import Workspace

    ws = Workspace.open(args.workspace)
    if args.decisions_command == "export":
        n = export_decisions(ws, args.file)
        print(f"wrote {n:,} decision(s) and note(s) to {args.file}")
    else:
        result = import_decisions(ws, args.file)
        print(f"imported {result['imported']:,} row(s) from {args.file}: accept {result['accept']:,}, "
              f"reject {result['reject']:,}, notes {result['notes']:,}; verdicts updated")
        unknown = result["unknown"]
        if unknown:
            listed = ", ".join(f"{doc_id} ({where.rsplit(':', 1)[-1]})" for where, doc_id in unknown[:10])
            more = f" and {len(unknown) - 10:,} more" if len(unknown) > 10 else ""
            print(f"skipped {len(unknown):,} row(s) whose id is not in {args.workspace} (line): {listed}{more}")
    return 0


def cmd_export(args) -> int:
    from curator.export.export import export_workspace
    from curator.export.sizes import parse_size
    from curator.workspace.layout import Workspace

    ws = Workspace.open(args.workspace)
    manifest = export_workspace(ws, args.out, parse_size(args.shard_size),
                                val_fraction=args.val_fraction, seed=args.seed)
    totals = manifest["totals"]
    rows = ", ".join(f"{split} {n:,}" for split, n in totals["rows"].items())
    print(f"exported {totals['exported']:,} of {totals['documents']:,} documents ({rows}) "
          f"in {totals['shards']} shard(s), {_human_bytes(totals['bytes'])}")
    if manifest["redactions"]:
        print("redacted: " + ", ".join(f"{k} {v:,}" for k, v in manifest["redactions"].items()))
    print(f"shards:   {os.path.join(args.out, 'data')}")
    print(f"manifest: {os.path.join(args.out, 'manifest.json')}")
    if not ws.writable():
        print(f"{args.workspace} is read-only: nothing was written there (export only reads a workspace; "
              f"no write lock was taken)")
    return 0


def cmd_verify(args) -> int:
    from curator.export.verify import verify_export

    result = verify_export(args.directory)
    print(f"{args.directory}: {result['shards']} shard(s), {result['rows']:,} rows match the manifest")
    return 0


def cmd_tokenizer(args) -> int:
    from curator.export.tokenizer import train_tokenizer

    report = train_tokenizer(args.source, args.out, args.vocab_size, model_type=args.model_type,
                             morpheme_aware=args.morpheme_aware, seed=args.seed)
    print(f"model:  {os.path.join(args.out, report['model_file'])}")
    print(f"report: {os.path.join(args.out, 'report.json')}")
    print(f"chars/token {report['chars_per_token']:.3f}, tokens/eojeol {report['tokens_per_eojeol']:.3f}, "
          f"Hangul share of vocabulary {report['vocab_hangul_share']:.1%} (held-out kept lines)")
    gpt4o = report["comparison"]["o200k_base"]["all"]
    print(f"tokens per 1,000 characters: this model {report['comparison']['trained']['all']['tokens_per_1k_chars']:.1f}, "
          f"GPT-4o {gpt4o['tokens_per_1k_chars']:.1f}; {report['headline']}")
    if report.get("sweep"):
        trained = ", ".join(f"{row['vocab_size']:,}: {row['all']:.1f}" for row in report["sweep"]["sizes"])
        print(f"sweep (vocabulary: tokens per 1,000 characters): {trained}; curve in "
              f"{os.path.join(args.out, 'efficiency.png')}")
        if report["sweep"]["skipped"]:
            print("not trained, beyond what this text supports: " + ", ".join(f"{s:,}" for s in report["sweep"]["skipped"]))
    if report.get("uncurated"):
        base = report["uncurated"]
        print(f"uncurated input: chars/token {base['chars_per_token']:.3f}, "
              f"tokens/eojeol {base['tokens_per_eojeol']:.3f}")
    if report.get("note"):
        print(report["note"])
    return 0


def cmd_tokenizer_compare(args) -> int:
    from curator.export.tokenizer import compare_on

    comparison, lines = compare_on(args.source, args.model, args.out)
    print(comparison.markdown, end="")
    for line in comparison.headlines:
        print(line)
    if args.out:
        print(f"report: {os.path.join(args.out, 'comparison.json')}")
    return 0


def cmd_calibrate(args) -> int:
    import shlex

    import yaml

    from curator.config import DEFAULT_CONFIG, load_config, validate_config
    from curator.filters.defaults import STARTING_RULES
    from curator.io.atomic import write_text
    from curator.pipeline.calibrate import report_lines, run_calibration

    config = load_config(args.config)
    if args.starting_points:
        config["rules"] = {name: dict(spec) for name, spec in STARTING_RULES.items()}
    result = run_calibration(args.reference, config, args.budget, args.joint_budget, args.hold_out,
                             args.workspace, args.source, args.workers, junk=args.junk, preset=args.preset,
                             junk_source=args.junk_source)
    print("\n".join(report_lines(result)))
    if args.out:
        validate_config({**DEFAULT_CONFIG, **result.config}, args.out)
        command = shlex.join(["curator", *args.argv])
        header = (f"# Thresholds calibrated on clean reference text{' and junk' if args.junk else ''}: {command}\n"
                  f"# Pass to `curator run --config` or `curator apply --config`.\n")
        write_text(args.out, header + yaml.safe_dump(result.config, allow_unicode=True, sort_keys=False))
        print(f"wrote {args.out}")
    return 0


def cmd_gui(args) -> int:
    if args.workspace:
        from curator.workspace.layout import Workspace
        Workspace.open(args.workspace)  # a bad path is a one-line error before any window opens
    has_display = any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    if not has_display:
        if not args.screenshot and not args.check_binding:
            raise CuratorError("no display (DISPLAY is not set): run on a desktop, or use --screenshot FILE.png")
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a screenshot needs no screen
    try:
        from curator.gui.app import check_binding, main as gui_main
    except ImportError as exc:
        raise CuratorError(f"the desktop app needs PySide6 (pip install 'curator[gui]'): {exc}") from None
    if args.check_binding:
        return check_binding()
    return gui_main(args.workspace, screenshot=args.screenshot, tab=args.tab, language=args.language,
                    theme_name=args.theme)


def build_parser() -> argparse.ArgumentParser:
    from curator.filters.defaults import PRESETS
    parser = _Parser(prog="curator", description="Hangul Curator: clean Korean text into training shards.")
    parser.add_argument("--version", action="version", version=f"curator {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="ingest, analyse, filter and dedup into a workspace")
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="file, directory or glob")
    run.add_argument("--out", required=True, metavar="WS", help="workspace directory to create")
    run.add_argument("--config", metavar="FILE.yaml", help="thresholds and options (YAML)")
    run.add_argument("--workers", type=positive_int, default=None, help="worker processes (default: cores)")
    run.add_argument("--executor", choices=["local", "ray"], default="local")
    run.add_argument("--resume", action="store_true", help="continue an interrupted run in WS")
    run.add_argument("--force", action="store_true",
                     help="with --resume: start over when the input or config changed")
    run.add_argument("--ray-address", metavar="ADDR", help="with --executor ray: an existing Ray cluster")
    run.add_argument("--overwrite", action="store_true",
                     help="replace an existing workspace once the new run has succeeded (its decisions and notes "
                          "are carried over by document id)")
    run.add_argument("--drop-decisions", action="store_true",
                     help="with --overwrite: start the new workspace without the old one's decisions and notes")
    run.add_argument("--dedup-against", metavar="WS_OR_EXPORT",
                     help="also remove documents that duplicate an earlier workspace or export")
    run.add_argument("--preset", choices=PRESETS, default=None,
                     help="shipped thresholds: web (default: news, Wikipedia, comments, reviews, blogs, chat), "
                          "docs (help pages, manuals) or books-law (laws, long formal prose); --config goes on top")
    run.add_argument("--model", metavar="MODEL.npz",
                     help="score every document with a learned model (WS/learned/model.npz of `curator learn`)")
    run.add_argument("--decontaminate", nargs="+", action="append", metavar="BENCH",
                     help="after the run, remove documents holding text of this benchmark (files or directories "
                          "in any input format; repeat the option for another benchmark); see `curator decontaminate`")
    run.add_argument("--text-field", help="name of the text field (default: text)")
    run.add_argument("--txt-split", choices=["file", "paragraph"],
                     help=".txt: one document per file (default) or per blank-line-separated block")
    run.set_defaults(func=cmd_run)

    apply = sub.add_parser("apply", help="re-evaluate verdicts with new thresholds (no re-analysis)")
    apply.add_argument("workspace", metavar="WS")
    apply.add_argument("--config", required=True, metavar="FILE.yaml", help="new thresholds (YAML)")
    apply.set_defaults(func=cmd_apply)

    decon = sub.add_parser("decontaminate", help="remove documents holding benchmark text (reason contamination:NAME)",
                           description="Mark every document that holds text of the benchmark (test items, passages) "
                                       "with reason contamination:NAME. Matching ignores spacing, punctuation, width "
                                       "and case. Undo or change it like any rule: accept a document, or move the "
                                       "rule's bound with `apply` or in the app.")
    decon.add_argument("workspace", metavar="WS")
    decon.add_argument("benchmarks", nargs="+", metavar="BENCH",
                       help="benchmark file, directory or glob in any format `run` reads (JSONL, CSV, Parquet, "
                            "a datasets directory)")
    decon.add_argument("--name", help="benchmark name (default: from the first file): reason contamination:NAME")
    decon.add_argument("--fields", metavar="F,...",
                       help="the fields holding benchmark text (default: every string field of a record)")
    decon.add_argument("--mode", choices=["document", "span", "doc"], default="document",
                       help="document (default): remove the document; span: cut the matched lines and keep the "
                            "rest when it still passes the rules")
    decon.set_defaults(func=cmd_decontaminate)

    learn = sub.add_parser("learn", help="train a quality model on the decisions; enables rule quality:learned")
    learn.add_argument("workspace", metavar="WS")
    learn.add_argument("--min-decisions", type=positive_int, default=20,
                       help="refuse with fewer accept/reject decisions than this (default 20)")
    learn.add_argument("--workers", type=positive_int, default=None, help="scoring processes (default: cores)")
    learn.add_argument("--enable", action=argparse.BooleanOptionalAction, default=None,
                       help="switch rule quality:learned on (--no-enable: off) whatever the model's figures; "
                            "default: on when its cross-validated F1 is at least 0.6 and its Matthews "
                            "correlation at least 0.3 (on every decision)")
    learn.add_argument("--keep-doubtful", action="store_true",
                       help="train on every decision, also those the model confidently contradicts (by default "
                            "they are set aside as probable mistakes, and listed)")
    learn.set_defaults(func=cmd_learn)

    stats = sub.add_parser("stats", help="counts by verdict and by reason")
    stats.add_argument("workspace", metavar="WS")
    stats.add_argument("--json", action="store_true", help="print one JSON object")
    stats.set_defaults(func=cmd_stats)

    rows = sub.add_parser("rows", help="one row per document: the current verdict and any stored column",
                          epilog="Default columns: id,source,kept,reasons,dup_cluster,decision,note. kept, reasons "
                                 "and dup_reason are the verdicts as the decisions and thresholds make them now.")
    rows.add_argument("workspace", metavar="WS")
    rows.add_argument("--columns", metavar="A,B,...", help="columns in this order (any stored column, e.g. text, "
                                                              "n_chars, hangul_ratio; or kept, reasons, dup_reason, decision, note)")
    which = rows.add_mutually_exclusive_group()
    which.add_argument("--kept", action="store_true", help="only the documents kept")
    which.add_argument("--removed", action="store_true", help="only the documents removed")
    rows.add_argument("--rule", metavar="R", help="only the documents with reason R (e.g. quality:line_punct)")
    rows.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl")
    rows.add_argument("--out", metavar="FILE", help="write here (default: standard output; parquet needs it)")
    rows.set_defaults(func=cmd_rows)

    decide = sub.add_parser("decide", help="record a curator decision for one document",
                            epilog="An id that starts with '-' goes after '--' (options before it): "
                                   "curator decide WS --note '중복' -- -2+3 reject")
    decide.add_argument("workspace", metavar="WS")
    decide.add_argument("doc_id", metavar="DOC_ID", help="the document's id (after '--' when it starts with '-')")
    from curator.workspace.store import CLEAR, DECISIONS
    decide.add_argument("decision", choices=[*DECISIONS, CLEAR])
    decide.add_argument("--note", help="why (kept in the decision history)")
    decide.set_defaults(func=cmd_decide)

    decisions = sub.add_parser("decisions", help="decisions and notes to or from JSONL/CSV")
    dec_sub = decisions.add_subparsers(dest="decisions_command", required=True, parser_class=_Parser)
    for name, text in (("export", "write every decision and note to FILE (.jsonl or .csv)"),
                       ("import", "record the decisions and notes of FILE (.jsonl or .csv); ids not in WS are listed")):
        one = dec_sub.add_parser(name, help=text)
        one.add_argument("workspace", metavar="WS")
        one.add_argument("file", metavar="FILE")
        one.set_defaults(func=cmd_decisions)

    export = sub.add_parser("export", help="write training shards, manifest and dataset card")
    export.add_argument("workspace", metavar="WS")
    export.add_argument("--out", required=True, metavar="DIR")
    export.add_argument("--shard-size", default="256MB", help="bound per shard on disk (256MB, 1GiB, ...)")
    export.add_argument("--val-fraction", type=float, default=0.0, help="share of documents in validation")
    export.add_argument("--seed", type=int, default=0, help="seed of the train/validation split")
    export.set_defaults(func=cmd_export)

    verify = sub.add_parser("verify", help="check an export's shards against its manifest")
    verify.add_argument("directory", metavar="DIR")
    verify.set_defaults(func=cmd_verify)

    calibrate = sub.add_parser("calibrate", help="propose thresholds from clean reference text")
    calibrate.add_argument("reference", nargs="+", metavar="REFERENCE", help="clean text: inputs, or one workspace")
    calibrate.add_argument("--budget", type=float, default=0.01,
                           help="share of the reference a rule may remove (default 0.01)")
    calibrate.add_argument("--joint-budget", type=float, metavar="SHARE",
                           help="lower the per-rule budget until all calibrated rules together remove at most this")
    calibrate.add_argument("--hold-out", type=float, default=0.0, metavar="SHARE",
                           help="leave this share of the reference out and report the budget on it")
    calibrate.add_argument("--config", metavar="FILE.yaml", help="the thresholds to start from (default: the defaults)")
    calibrate.add_argument("--starting-points", action="store_true",
                           help="start from the uncalibrated starting points (how the defaults are made)")
    calibrate.add_argument("--workspace", metavar="WS", help="also count the documents of WS the proposal flips")
    calibrate.add_argument("--source", help="what the reference is (recorded in the config)")
    calibrate.add_argument("--workers", type=positive_int, default=None, help="worker processes (default: cores)")
    calibrate.add_argument("--junk", nargs="+", metavar="FILE",
                           help="junk text (inputs; a 'kind' field is reported per kind): tighten rules to catch it "
                                "while all rules together stay inside the joint budget on the reference")
    calibrate.add_argument("--junk-source", help="what the junk is (recorded in the config)")
    calibrate.add_argument("--preset", metavar="NAME", help="the preset name recorded in the written config")
    calibrate.add_argument("--out", metavar="FILE.yaml", help="write the proposal as a config")
    calibrate.set_defaults(func=cmd_calibrate)

    gui = sub.add_parser("gui", help="open the desktop app")
    gui.add_argument("workspace", nargs="?", metavar="WS")
    gui.add_argument("--screenshot", metavar="FILE.png", help="render the main window, save it and exit")
    gui.add_argument("--tab", choices=["documents", "filters", "review", "duplicates"], default="documents")
    gui.add_argument("--language", choices=["ko", "en"], help="UI language (default: settings, then system)")
    gui.add_argument("--theme", choices=["system", "light", "dark"], help="colours (default: settings, then system)")
    gui.add_argument("--check-binding", action="store_true",
                     help="check the Qt binding for the None-reference leak of PySide6 6.12.0 (20,000 void calls); exit 1 on a leak")
    gui.set_defaults(func=cmd_gui)

    tokenizer = sub.add_parser("tokenizer", help="tokenizer tools")
    tok_sub = tokenizer.add_subparsers(dest="tokenizer_command", required=True, parser_class=_Parser)
    train = tok_sub.add_parser("train", help="train SentencePiece on the kept text and report on it")
    train.add_argument("source", metavar="DIR_OR_WS", help="an export directory or a workspace")
    train.add_argument("--vocab-size", type=positive_ints, required=True, metavar="N[,N...]",
                       help="vocabulary size, or several (a sweep: each is trained and drawn in efficiency.png)")
    train.add_argument("--out", required=True, metavar="DIR")
    train.add_argument("--model-type", choices=["unigram", "bpe"], default="unigram")
    train.add_argument("--morpheme-aware", action="store_true",
                       help="pieces never cross a Kiwi morpheme boundary")
    train.add_argument("--seed", type=int, default=0, help="seed of the held-out slice")
    train.set_defaults(func=cmd_tokenizer)
    compare = tok_sub.add_parser("compare", help="tokens per 1,000 characters of SentencePiece models, "
                                 "GPT-4o's and GPT-4's tokenizers on a corpus (offline)")
    compare.add_argument("source", metavar="TEXT_OR_WS", nargs="+",
                         help="a workspace or export (its kept text), or input files in any format run reads")
    compare.add_argument("--model", action="append", default=[], metavar="M.model",
                         help="a SentencePiece model to compare (repeatable)")
    compare.add_argument("--out", metavar="DIR", help="also write comparison.json and comparison.md here")
    compare.set_defaults(func=cmd_tokenizer_compare)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = sys.argv[1:] if argv is None else list(argv)
    try:
        return args.func(args)
    except CuratorError as exc:
        if args.debug:
            raise
        print(f"curator: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("curator: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `curator stats WS | head -1`: the reader left; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # unexpected: still one line unless --debug
        if args.debug:
            raise
        print(f"curator: error: {type(exc).__name__}: {exc} (run with --debug for details)",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
