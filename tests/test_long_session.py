"""A curator's day in one process, and the Qt binding's handling of ``None`` (issue 26's crash).

PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` on every void Qt call; the app aborted
(``none_dealloc``, exit 134) after about 2,000 row changes. These tests fail on such a binding: the
long session dies in its child process, and the direct check counts the references lost."""

import ctypes
import json
import os
import shutil
import subprocess
import sys

import pytest

pytest.importorskip("PySide6")
from PySide6.QtWidgets import QLabel  # noqa: E402

from conftest import run_cli  # noqa: E402
from curator.gui import binding  # noqa: E402

HERE = os.path.dirname(__file__)


def test_a_long_session_of_row_changes_and_review_decisions_ends_cleanly(demo, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(demo, ws)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.path.dirname(HERE)}
    done = subprocess.run([sys.executable, os.path.join(HERE, "long_session.py"), str(ws), str(tmp_path / "s.ini"),
                           "10000", "1000"], capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["row_changes"] == 10_000 and report["decisions"] == 1_000
    assert report["documents_shown"] == 33  # every document of the demo went through the pane
    assert report["undone"] >= 1_000  # every decision was undone again: the store saw 2,000 writes
    # a leaking binding loses one reference per void call (tens of thousands here) before it aborts
    assert report["none_lost"] < 100, report
    stats = json.loads(run_cli("stats", str(ws), "--json").stdout)
    assert stats["decisions"] == {"accept": 0, "reject": 0}  # all undone: the store is back where it was


def test_the_installed_binding_loses_no_reference_to_none():
    done = run_cli("gui", "--check-binding", env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "20,000 void Qt calls, no reference to None lost" in done.stdout


def test_the_check_sees_a_binding_that_leaks(qapp, monkeypatch):
    """A setter that drops a reference to None on every call, as 6.12.0's do: the check counts
    them, hands them back (so measuring cannot crash the process) and the app refuses to start."""
    real = QLabel.setText

    def leaking(self, text):
        real(self, text)
        ctypes.pythonapi.Py_DecRef(ctypes.py_object(None))

    monkeypatch.setattr(QLabel, "setText", leaking)
    before = sys.getrefcount(None)
    assert 20 <= binding.none_references_lost(50) <= 25  # one per call of the first chunk (25), then stops
    assert sys.getrefcount(None) >= before - 5  # what the leak took was handed back
    refusal = binding.refuse_leaking_binding()
    assert refusal and "loses a reference to None" in refusal and "6.11.3" in refusal
    monkeypatch.setattr(QLabel, "setText", real)
    assert binding.none_references_lost(200) == 0
    assert binding.refuse_leaking_binding() is None
