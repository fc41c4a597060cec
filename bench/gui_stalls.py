"""The longest UI-thread stall of each desktop workflow (offscreen Qt), on an idle machine and with
every core loaded by other processes; prints one JSON object. Budget: no stall over 100 ms.

    python bench/gui_stalls.py WORKDIR [--load N] [--repeat R] [--profile] [--workspaces heavy,real]

Two workspaces are built in WORKDIR:

* heavy: the shipped Korean texts plus a 400,000-character document and two 57,000-character
  near-duplicates (the laws and bills of resources/src, repeated);
* real: the 3,448 web-style documents of resources/realtext (``curator run --preset web``).

Each workspace's workflows (open, row click, arrow-key browsing, the long document and its next
page, the morpheme view on and off, search as typed, lemma search, text size, theme, language, the
duplicates tab) run ``--repeat`` times in a fresh app process, first on the idle machine, then with
``--load`` busy-loop processes (default 2: one per core of a 2-core machine) running at normal
priority for the whole measurement (always stopped at the end). A 2 ms timer runs on the UI thread
throughout; a workflow's stall is the longest gap between two of its ticks, i.e. the longest time
the UI thread was busy (or could not get a core) and could neither repaint nor take input. Per
workflow the max and the median over the repeats are reported, and how many cores processes
outside the benchmark kept busy meanwhile (``other_processes_cores``: near 0 for a clean run).
Also the longest gap measured in the UI thread's own CPU time (``cpu_max``, ``time.thread_time``):
the work of ours in the stall, i.e. the stall with a core to itself; the wall-clock figure adds
the time the thread waited for a core (or for the GIL), which grows with the machine's load.
A workflow ends when no worker runs and the window has nothing left for later event-loop turns
(its ``steps_pending``, the pane's ``drawing``).

``--profile``: a third, loaded run profiles every workflow whose loaded max is over budget: cProfile
of the UI thread (the repeat with the longest stall; top functions by cumulative time) and the
longest single call of each app method on the UI thread (perf_counter wrappers installed by the
bench; curator/ itself is not changed). Profiled runs are slower; their stalls are reported apart.
"""

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
BUDGET_MS = 100
ARROW_PRESSES = 200
ARROW_PUMP_S = 0.033  # between two Down presses: a keyboard's auto-repeat (~30 per second)
TEXT_QUERIES = {"heavy": ["국민", "법률", "대통령", "위원회", "경우"], "real": ["사람", "오늘", "정말", "서울", "가격"]}
LEMMA_QUERIES = {"heavy": ["보장하다", "규정하다", "정하다", "설치하다", "제출하다"],
                 "real": ["좋다", "먹다", "사용하다", "생각하다", "가다"]}


# building the workspaces ------------------------------------------------------------------------------
def build_heavy(workdir: str) -> str:
    texts = [open(p, encoding="utf-8").read() for p in
             [os.path.join(ROOT, "resources", "src", "constitution.txt")]
             + sorted(glob.glob(os.path.join(ROOT, "resources", "src", "kobill", "*.txt")))]
    corpus = "\n".join(texts)
    long_doc = (corpus * (400_000 // len(corpus) + 1))[:400_000]
    dup = (corpus * (57_000 // len(corpus) + 1))[:57_000]
    near = dup[:30_000] + "이 문장은 두 번째 사본에만 있습니다." + dup[30_000:]
    rows = [{"id": "long-400k", "text": long_doc}, {"id": "dup-57k-a", "text": dup}, {"id": "dup-57k-b", "text": near}]
    rows += [{"id": f"doc-{i}", "text": t} for i, t in enumerate(texts)]
    source = os.path.join(workdir, "stalls.jsonl")
    os.makedirs(workdir, exist_ok=True)
    with open(source, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    ws = os.path.join(workdir, "stalls-ws")
    from curator.cli import main as cli
    assert cli(["run", source, "--out", ws, "--overwrite"]) == 0
    return ws


def build_real(workdir: str) -> str:
    ws = os.path.join(workdir, "realtext-ws")
    from curator.cli import main as cli
    assert cli(["run", os.path.join(ROOT, "resources", "realtext"), "--out", ws, "--preset", "web",
                "--overwrite"]) == 0
    return ws


def built(workdir: str, name: str, reuse: bool) -> str:
    ws = os.path.join(workdir, {"heavy": "stalls-ws", "real": "realtext-ws"}[name])
    if reuse and os.path.isdir(ws):
        return ws
    import contextlib
    with contextlib.redirect_stdout(sys.stderr):  # stdout is the JSON's
        return {"heavy": build_heavy, "real": build_real}[name](workdir)


# load ---------------------------------------------------------------------------------------------------
def start_load(n: int) -> list:
    """``n`` busy loops at normal priority (other work on the machine)."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"], stdin=subprocess.DEVNULL)
            for _ in range(n)]


def stop_load(processes: list) -> None:
    for p in processes:
        if p.poll() is None:
            p.kill()
    for p in processes:
        p.wait()


# instrumentation (profile runs only) --------------------------------------------------------------------
class SlotTimes:
    """perf_counter wrappers around the app's methods: per method, calls, total and longest single
    call on the UI thread, collected per workflow. The wrapper has the wrapped function's
    positional arity (PySide drops a signal's extra arguments by the slot's arity)."""

    def __init__(self):
        import threading
        self.main = threading.get_ident()
        self.current: dict | None = None
        self.depth = 0

    def _record(self, name: str, seconds: float) -> None:
        if self.current is not None:
            calls, total, longest = self.current.get(name, (0, 0.0, 0.0))
            self.current[name] = (calls + 1, total + seconds, max(longest, seconds))

    def wrap(self, fn, name: str):
        import functools
        import threading

        code = fn.__code__
        positional = list(code.co_varnames[:code.co_argcount])
        kwonly = list(code.co_varnames[code.co_argcount:code.co_argcount + code.co_kwonlyargcount])
        index = code.co_argcount + code.co_kwonlyargcount
        star = code.co_varnames[index] if code.co_flags & 0x04 else None
        index += 1 if star else 0
        starstar = code.co_varnames[index] if code.co_flags & 0x08 else None
        params = positional + ([f"*{star}"] if star else (["*"] if kwonly else [])) + kwonly
        params += [f"**{starstar}"] if starstar else []
        args = positional + ([f"*{star}"] if star else []) + [f"{k}={k}" for k in kwonly]
        args += [f"**{starstar}"] if starstar else []
        source = (f"def {code.co_name}({', '.join(params)}):\n"
                  f"    if _ident() != _main:\n"
                  f"        return _fn({', '.join(args)})\n"
                  f"    _t = _clock()\n"
                  f"    try:\n"
                  f"        return _fn({', '.join(args)})\n"
                  f"    finally:\n"
                  f"        _record(_name, _clock() - _t)\n")
        scope = {"_fn": fn, "_ident": threading.get_ident, "_main": self.main, "_clock": time.perf_counter,
                 "_record": self._record, "_name": name}
        exec(compile(source, "<bench-wrapper>", "exec"), scope)
        wrapper = scope[code.co_name]
        wrapper.__defaults__, wrapper.__kwdefaults__ = fn.__defaults__, fn.__kwdefaults__
        return functools.update_wrapper(wrapper, fn)

    def install(self) -> None:
        import inspect

        from curator.gui import theme
        from curator.gui.document_pane import DocumentPane
        from curator.gui.duplicates import DuplicatesView
        from curator.gui.filter_panel import FilterPanel
        from curator.gui.histogram import HistogramWidget
        from curator.gui.main_window import MainWindow
        from curator.gui.review import ReviewWidget
        from curator.gui.table_model import DocumentsModel
        from curator.workspace.view import WorkspaceView

        skip = {"__init__", "rowCount", "columnCount", "headerData", "index", "row_at", "x_of", "_plot"}
        for cls in (MainWindow, DocumentPane, DocumentsModel, FilterPanel, HistogramWidget, ReviewWidget,
                    DuplicatesView, WorkspaceView):
            for name, value in list(vars(cls).items()):
                if inspect.isfunction(value) and name not in skip:
                    setattr(cls, name, self.wrap(value, f"{cls.__name__}.{name}"))
        theme.apply = self.wrap(theme.apply, "theme.apply")


def top_functions(profile, n: int = 14) -> tuple[list, float]:
    """The UI thread's top functions by cumulative time (bench and wrappers left out), and the
    Qt event loop's own time (C++: layout, paint, waiting for the GIL)."""
    import pstats

    stats = pstats.Stats(profile).stats
    rows, native = [], 0.0
    here = os.path.abspath(__file__)
    for (path, line, func), (_cc, calls, self_s, cum_s, callers) in stats.items():
        if "processEvents" in func:
            native += self_s
            continue
        if path == "~" and callers and all(c[0] == here for c in callers):
            continue  # a builtin only the bench calls (its tick, its done() polls)
        if (path == here or path == "<bench-wrapper>" or func in ("<built-in method time.sleep>",
                                                                  "<built-in method time.perf_counter>")
                or "threading.py" in path or "singleShot" in func or "_lsprof" in func):
            continue
        short = os.path.relpath(path, ROOT) if path.startswith(ROOT) else "/".join(path.split("/")[-2:])
        where = f"{short}:{line} {func}" if path != "~" else func
        rows.append({"fn": where, "cum_ms": round(1000 * cum_s, 1), "self_ms": round(1000 * self_s, 1),
                     "calls": calls})
    rows.sort(key=lambda r: -r["cum_ms"])
    return rows[:n], round(1000 * native, 1)


# one app process: the workflows ------------------------------------------------------------------------
def run_app(workspaces: dict[str, str], repeat: int, profile_for: dict[str, list[str]]) -> dict:
    import cProfile
    import inspect

    slot_times = SlotTimes() if profile_for else None
    if slot_times:
        slot_times.install()
    from PySide6.QtCore import QPoint, QSettings, Qt, QThreadPool, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from curator.gui import i18n
    from curator.gui.document_pane import MORPHEMES
    from curator.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    i18n.set_language("ko")
    ticks = {"last": time.perf_counter(), "max": 0.0, "cpu_last": time.thread_time(), "cpu_max": 0.0}

    def tick() -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        ticks["max"] = max(ticks["max"], now - ticks["last"])
        ticks["cpu_max"] = max(ticks["cpu_max"], cpu - ticks["cpu_last"])  # the UI thread's own work in it
        ticks["last"], ticks["cpu_last"] = now, cpu
    timer = QTimer()
    timer.setInterval(2)
    timer.timeout.connect(tick)
    timer.start()
    pool = QThreadPool.globalInstance()

    def idle() -> bool:
        """No worker running, and nothing the window does in later event-loop turns left (its
        steps, a page drawn a few morphemes at a time): a workflow is done when both are."""
        w = holder.get("window")
        return pool.activeThreadCount() == 0 and (w is None or (not getattr(w, "steps_pending", 0)
                                                                and getattr(w.pane, "drawing", None) is None))

    def settle(seconds: float = 0.5) -> None:
        """Let what the previous workflow started finish, so it is not counted in the next."""
        end = time.perf_counter() + seconds
        while time.perf_counter() < end or pool.activeThreadCount():
            app.processEvents()
            time.sleep(0.002)

    def pump(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)

    holder: dict = {}
    results: dict[str, dict[str, list]] = {}
    profiles: dict[str, dict] = {}
    state = {"ws": None, "profiling": False}

    def measure(name: str, action, done, timeout: float = 180.0, driver=None) -> float:
        """Run ``action`` from the event loop (or ``driver`` inline), pump events until ``done()``;
        the longest gap between ticks (ms), recorded under ``name``."""
        settle()
        profiling = name in profile_for.get(state["ws"], [])
        profile = cProfile.Profile() if profiling else None
        if slot_times:
            slot_times.current = {} if profiling else None
        ticks["last"], ticks["max"] = time.perf_counter(), 0.0
        ticks["cpu_last"], ticks["cpu_max"] = time.thread_time(), 0.0
        if profile:
            profile.enable()
        timed_out = False
        if driver is not None:
            driver()
        else:
            QTimer.singleShot(0, action)
        deadline = time.perf_counter() + timeout
        app.processEvents()
        while not done():
            if time.perf_counter() > deadline:
                timed_out = True
                break
            app.processEvents()
            time.sleep(0.001)
        for _ in range(20):  # what the result's own signal handlers do
            app.processEvents()
            time.sleep(0.002)
        if profile:
            profile.disable()
        stall, cpu = round(1000 * ticks["max"], 1), round(1000 * ticks["cpu_max"], 1)
        results.setdefault(state["ws"], {}).setdefault(name, []).append(stall if not timed_out else None)
        results.setdefault(state["ws"], {}).setdefault("_cpu " + name, []).append(cpu)
        if profiling:
            best = profiles.setdefault(state["ws"], {}).get(name)
            if best is None or stall > best["stall_ms"]:
                functions, native = top_functions(profile)
                longest = sorted(((k, v) for k, v in slot_times.current.items()), key=lambda kv: -kv[1][2])[:10]
                profiles[state["ws"]][name] = {
                    "stall_ms": stall, "qt_event_loop_self_ms": native, "top_cumulative": functions,
                    "longest_single_calls": [{"fn": k, "max_ms": round(1000 * m, 1), "calls": c,
                                              "total_ms": round(1000 * t, 1)} for k, (c, t, m) in longest]}
        print(f"  [{state['ws']}] {name}: {stall} ms (UI thread CPU {cpu} ms)" + (" (timed out)" if timed_out else ""),
              file=sys.stderr, flush=True)
        return stall

    settings_path = os.path.join(os.path.dirname(next(iter(workspaces.values()))), f"gui-stalls-{os.getpid()}.ini")
    settings = QSettings(settings_path, QSettings.IniFormat)
    settings.setValue("theme", "system")
    window = MainWindow(settings)
    window.resize(1360, 820)
    window.show()
    window.ask_unsaved = lambda: "discard"
    settle()
    holder["window"] = window
    def one_workspace(ws_name: str, ws: str) -> None:
        """Every workflow on one workspace (a function, so its lambdas bind its own names)."""
        state["ws"] = ws_name
        w = holder["window"]
        # as the menu, recent list and drop open one: on a worker where the app can (background=True)
        background = {"background": True} if "background" in inspect.signature(MainWindow.open_workspace).parameters else {}
        for _ in range(repeat):
            before = holder["window"].view
            measure("open workspace", lambda: holder["window"].open_workspace(ws, **background),
                    lambda b=before: holder["window"].view is not None and holder["window"].view is not b
                    and holder["window"].view.ws.root == ws and idle())
        w = holder["window"]
        view = w.view
        w.tabs.setCurrentIndex(0)
        settle()

        # row click: a left click on a visible row of the table
        for i in range(repeat):
            line = 2 + 2 * i if w.model.rowCount() > 2 + 2 * i else i % w.model.rowCount()
            if w.pane.row == w.model.row_at(line):
                w.table.selectRow((line + 1) % w.model.rowCount())
                settle()
            w.table.scrollToTop()
            centre = w.table.visualRect(w.model.index(line, 0)).center()
            measure("row click", lambda c=centre: QTest.mouseClick(w.table.viewport(), Qt.LeftButton,
                                                                   Qt.NoModifier, QPoint(c)),
                    lambda l=line: w.pane.row == w.model.row_at(l) and idle())

        # arrow-key browsing: ARROW_PRESSES presses at auto-repeat pace (bouncing at the ends)
        def browse() -> None:
            w.table.setFocus()
            step = Qt.Key_Down
            for _ in range(ARROW_PRESSES):
                current = w.table.currentIndex().row()
                if current >= w.model.rowCount() - 1:
                    step = Qt.Key_Up
                elif current <= 0:
                    step = Qt.Key_Down
                QTest.keyClick(w.table, step)
                pump(ARROW_PUMP_S)
        for i in range(repeat):
            w.table.selectRow(0 if w.model.rowCount() > ARROW_PRESSES else i % w.model.rowCount())
            settle()
            measure(f"arrow browsing ({ARROW_PRESSES} presses)", None, idle, driver=browse)

        # the longest document, its next page, the morpheme view on and off
        longest = int(view.n_chars.argmax())
        other = next(r for r in range(view.n) if r != longest)
        for _ in range(repeat):
            w.table.selectRow(int(list(w.model.rows).index(other)))
            settle()
            measure("select the longest document", lambda: w.table.selectRow(int(list(w.model.rows).index(longest))),
                    lambda: w.pane.row == longest and idle())
            if len(w.pane.pages) > 1:
                measure("next page of it", lambda: w.pane.turn_page(1), lambda: w.pane.page == 1 and idle())
        landed = {"n": 0}
        original_show = w.pane._show_morphemes

        def show_morphemes(row, page, text, morphs):
            original_show(row, page, text, morphs)
            if morphs is not None:
                landed["n"] += 1
        w.pane._show_morphemes = show_morphemes  # the lambda in _analyse_page looks it up on call
        for i in range(repeat):
            w.pane.turn_page(i % len(w.pane.pages) - w.pane.page)
            settle()
            before = landed["n"]
            measure("morpheme view on", lambda: w.pane.morph_button.setChecked(True),
                    lambda b=before: landed["n"] > b and idle())
            measure("morpheme view off", lambda: w.pane.morph_button.setChecked(False), idle)

        # search as typed, lemma search (until the results have landed), clearing the search
        w.search_mode.setCurrentIndex(0)
        working_text = i18n.tr("working")  # looked up once: done() is polled thousands of times
        working = lambda: w.shown.text() == working_text  # noqa: E731
        for query in TEXT_QUERIES[ws_name][:repeat]:
            measure("search as typed", lambda q=query: (w.search.setText(q), w.apply_filters()),
                    lambda: not working() and idle())
            measure("clear the search", lambda: (w.search.setText(""), w.apply_filters()),
                    lambda: not working() and idle())
        w.search_mode.blockSignals(True)
        w.search_mode.setCurrentIndex(1)
        w.search_mode.blockSignals(False)
        for query in LEMMA_QUERIES[ws_name][:repeat]:
            measure("lemma search (results landing)", lambda q=query: (w.search.setText(q), w.apply_filters()),
                    lambda: not working() and idle())
            w.search.setText("")
            w.apply_filters()
            settle()
        w.search_mode.blockSignals(True)
        w.search_mode.setCurrentIndex(0)
        w.search_mode.blockSignals(False)

        # text size, theme (a document shown: it is rendered again)
        w.table.selectRow(min(3, w.model.rowCount() - 1))
        settle()
        for i in range(repeat):
            measure("text size change", lambda k=(1 if i % 2 == 0 else -1): w.change_text_size(k), idle)
        for i in range(repeat):
            measure("theme switch", lambda t=("dark" if i % 2 == 0 else "light"): w.set_theme(t), idle)

        # language: a new window in that language takes over this one's workspace
        for _ in range(repeat):
            code = "en" if i18n.language() == "ko" else "ko"

            def switch(c=code):
                old = holder["window"]
                old._set_language(c)
                new = old.replaced_by
                new.ask_unsaved = lambda: "discard"
                holder["window"] = new
            measure("language switch", switch, lambda c=code: i18n.language() == c and holder["window"].isVisible()
                    and idle())
        w = holder["window"]

        # the duplicates tab: the largest cluster's pair read and diffed
        for _ in range(repeat):
            w.tabs.setCurrentIndex(0)
            settle()
            w.duplicates.set_view(w.view)
            w.duplicates.shown_pair = None
            measure("duplicates tab (first pair diffed)", lambda: w.tabs.setCurrentWidget(w.duplicates),
                    lambda: idle() and (w.duplicates.shown_pair is not None or not w.view.cluster_sizes()))
        w.tabs.setCurrentIndex(0)
        settle()
        results[ws_name]["_documents"] = [view.n]
        results[ws_name]["_longest_chars"] = [int(view.n_chars.max())]

    for ws_name, ws in workspaces.items():
        one_workspace(ws_name, ws)
    holder["window"].close()
    MORPHEMES.close()
    try:
        os.remove(settings_path)
    except OSError:
        pass
    return {"stalls": results, "profiles": profiles}


def child(args) -> int:
    workspaces = dict(item.split("=", 1) for item in args.child.split(","))
    profile_for = json.loads(args.profile_for) if args.profile_for else {}
    print(json.dumps(run_app(workspaces, args.repeat, profile_for), ensure_ascii=False))
    return 0


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy since boot (Linux /proc/stat), in seconds."""
    with open("/proc/stat") as fh:
        values = [int(v) for v in fh.readline().split()[1:9]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    import resource
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(workspaces: dict, repeat: int, load: int, profile_for: dict | None = None) -> dict:
    """One fresh app process, with ``load`` busy loops running for its whole life. Also how many
    cores processes outside this benchmark kept busy meanwhile (``other_cores``, approximate: the
    machine's busy time less the app's, its analysis process's and the busy loops')."""
    command = [sys.executable, os.path.abspath(__file__), "--child",
               ",".join(f"{k}={v}" for k, v in workspaces.items()), "--repeat", str(repeat)]
    if profile_for:
        command += ["--profile-for", json.dumps(profile_for)]
    label = f"load {load}" + (" (profiled)" if profile_for else "")
    print(f"app run, {label}", file=sys.stderr, flush=True)
    machine, ours, started = busy_cpu_seconds(), children_cpu_seconds(), time.perf_counter()
    busy = start_load(load)
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    finally:
        stop_load(busy)
    wall = time.perf_counter() - started
    other = max(0.0, (busy_cpu_seconds() - machine) - (children_cpu_seconds() - ours))
    for line in done.stderr.splitlines():
        if "propagateSizeHints" not in line:
            print(line, file=sys.stderr)
    if done.returncode != 0:
        raise SystemExit(f"the app run ({label}) failed with exit code {done.returncode}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["other_cores"] = round(other / wall, 2)
    result["seconds"] = round(wall)
    print(f"app run, {label}: {wall:.0f} s; other processes kept {other / wall:.2f} cores busy", file=sys.stderr)
    return result


def summary(values: list) -> dict:
    done = [v for v in values if v is not None]
    out = {"max": max(done) if done else None, "median": round(statistics.median(done), 1) if done else None}
    if len(done) < len(values):
        out["timed_out"] = len(values) - len(done)
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("workdir", nargs="?")
    parser.add_argument("--load", type=int, default=2, help="busy-loop processes during the loaded run (default 2)")
    parser.add_argument("--repeat", type=int, default=5, help="repeats of each workflow (default 5)")
    parser.add_argument("--workspaces", default="heavy,real", help="heavy, real or both (default)")
    parser.add_argument("--profile", action="store_true", help="profile the workflows over budget under load")
    parser.add_argument("--no-idle", action="store_true", help="only the loaded run")
    parser.add_argument("--reuse", action="store_true", help="reuse workspaces already built in WORKDIR")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--profile-for", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        raise SystemExit(child(args))
    if not args.workdir:
        parser.error("WORKDIR is required")
    workspaces = {name: built(args.workdir, name, args.reuse) for name in args.workspaces.split(",")}
    runs, other = {}, {}
    if not args.no_idle:
        done = run_child(workspaces, args.repeat, 0)
        runs["idle"], other["idle"] = done["stalls"], done["other_cores"]
    if args.load > 0:
        done = run_child(workspaces, args.repeat, args.load)
        runs["loaded"], other["loaded"] = done["stalls"], done["other_cores"]
    table, worst, over = {}, {}, []
    for ws_name in workspaces:
        table[ws_name] = {}
        for phase, stalls in runs.items():
            for workflow, values in stalls[ws_name].items():
                if workflow.startswith("_"):
                    continue
                entry = table[ws_name].setdefault(workflow, {})
                entry[phase] = summary(values)
                entry[phase]["cpu_max"] = max(stalls[ws_name].get("_cpu " + workflow) or [None], key=lambda v: v or 0)
                if entry[phase]["max"] is not None:
                    worst[phase] = max(worst.get(phase, 0), entry[phase]["max"])
                if phase == "loaded" and (entry[phase]["max"] or 0) > BUDGET_MS:
                    over.append((ws_name, workflow))
    any_run = next(iter(runs.values()))
    result = {"budget_ms": BUDGET_MS, "load_processes": args.load, "cores": os.cpu_count(), "repeats": args.repeat,
              "workspaces": {k: {"documents": any_run[k]["_documents"][0],
                                 "longest_document_chars": any_run[k]["_longest_chars"][0]} for k in workspaces},
              "other_processes_cores": other,  # besides the busy loops: should be ~0 for a clean measurement
              "stall_ms": table, "worst_ms": worst,
              "over_budget_loaded": [f"{w}: {f}" for w, f in over]}
    if args.profile and over:
        profile_for: dict[str, list[str]] = {}
        for ws_name, workflow in over:
            profile_for.setdefault(ws_name, []).append(workflow)
        done = run_child(workspaces, args.repeat, args.load, profile_for)
        result["profile_loaded"] = done["profiles"]
        result["other_processes_cores"]["profiled"] = done["other_cores"]
    return result


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False))
