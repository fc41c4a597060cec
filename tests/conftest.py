import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESOURCES = os.path.join(ROOT, "resources")


@pytest.fixture(scope="session")
def constitution() -> str:
    with open(os.path.join(RESOURCES, "src", "constitution.txt"), encoding="utf-8") as fh:
        return fh.read()


@pytest.fixture(scope="session")
def korean_docs(constitution) -> list[str]:
    """Real Korean documents: the Constitution's paragraphs, each at least 100 characters."""
    paragraphs = [p.strip() for p in constitution.split("\n") if len(p.strip()) >= 100]
    return paragraphs[:12]


def documents_table(ws):
    """The whole documents table of a workspace as an outside reader joins it (README): the
    write-once parts concatenated in order, with the row-aligned derived table's columns beside."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    parts = sorted(os.path.join(ws, "documents", p) for p in os.listdir(os.path.join(ws, "documents")))
    table = pa.concat_tables([pq.read_table(p) for p in parts])
    derived_path = os.path.join(ws, "derived.parquet")
    if os.path.exists(derived_path):
        derived = pq.read_table(derived_path)
        assert derived.num_rows == table.num_rows
        for name in derived.column_names:
            if name in table.column_names:
                table = table.drop_columns([name])
            table = table.append_column(name, derived.column(name))
    return table


def run_cli(*args, cwd=None, env=None):
    """Run the real ``curator`` entry point in a subprocess."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "curator.cli", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, env=full_env, timeout=300)


def write_jsonl(path, rows, encoding="utf-8"):
    with open(path, "w", encoding=encoding) as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return str(path)


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """One run over the shipped corpus for the whole session; a test copies it before changing it."""
    ws = tmp_path_factory.mktemp("demo") / "ws"
    # law and Q&A text: its preset (the default, web, removes laws' one-clause lines as chrome does)
    result = run_cli("run", f"{RESOURCES}/corpus", "--out", str(ws), "--workers", "1", "--preset", "books-law")
    assert result.returncode == 0, result.stderr
    return ws


@pytest.fixture()
def xvfb_display():
    """A display of our own: Xvfb (installed by `make` as root) on a free display number, stopped
    afterwards. Yields the DISPLAY value."""
    import shutil as sh
    import subprocess
    import time

    xvfb = sh.which("Xvfb")
    assert xvfb, "Xvfb missing: scripts/setup.sh installs it (run make as root)"
    display = next(n for n in range(90, 200) if not os.path.exists(f"/tmp/.X11-unix/X{n}")
                   and not os.path.exists(f"/tmp/.X{n}-lock"))
    server = subprocess.Popen([xvfb, f":{display}", "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 20
        while not os.path.exists(f"/tmp/.X11-unix/X{display}") and time.monotonic() < deadline:
            time.sleep(0.1)
        yield f":{display}"
    finally:
        server.terminate()
        server.wait(timeout=20)


def menu_words(image, height: int = 22) -> list[list[tuple[int, int]]]:
    """The ink of the menu bar's first words (runs of columns with dark pixels, split at gaps)."""
    from PySide6.QtGui import QColor

    background = QColor(image.pixel(image.width() - 2, 4)).lightness()
    columns = []
    for x in range(min(image.width(), 260)):
        ink = [y for y in range(height) if abs(QColor(image.pixel(x, y)).lightness() - background) > 80]
        columns.append(ink)
    words, current, gap = [], [], 0
    for x, ink in enumerate(columns):
        if ink:
            current.append((x, tuple(ink)))
            gap = 0
        elif current:
            gap += 1
            if gap >= 6:
                words.append(current)
                current = []
    if current:
        words.append(current)
    return [[ink for _, ink in w] for w in words]
