"""Is this Qt binding safe for a long session? A check of the one defect that killed the app.

pyside6-essentials/shiboken6 6.12.0 on Python 3.11 drops one reference to ``None`` on every Qt call
that returns nothing (``QLabel.setText``, ``QProgressBar.setValue``, ...). Python < 3.12 counts
references to ``None`` like any other object's, so after a few thousand such calls (about 2,000 row
changes in the table) the count reaches zero and the interpreter aborts with ``Fatal Python error:
none_dealloc``; unsaved work is lost. 6.11.2 and 6.11.3 lose none (measured on Python 3.11.7);
Python ≥ 3.12 makes ``None`` immortal, so the defect cannot bite there.

The app runs ``none_references_lost`` at start (100 calls, well under a millisecond) and
refuses a leaking binding with one line naming it; ``curator gui --check-binding`` runs it on many
calls and reports, which is how the test suite and the packaged bundle are checked.
"""

import sys

KNOWN_BAD = ("6.12.0",)  # pyside6-essentials versions seen to leak None on Python < 3.12


def binding_version() -> str:
    import PySide6
    return PySide6.__version__


_REPAID: list = []  # references to None handed back after a leak was measured (see below)


def none_references_lost(rounds: int = 50) -> int:
    """References to ``None`` lost over up to ``rounds`` rounds of four void Qt calls (0 on a sound
    binding); stops at the first chunk that loses any.

    Needs a QApplication. Each round calls several kinds of void method (a setter with a string,
    an int, a bool; ``update``) on real widgets, so a leak in any one path shows. What a leak took is
    handed back (a list holding that many ``None``), so measuring cannot itself crash the process.
    On Python ≥ 3.12 ``sys.getrefcount(None)`` is a constant and this is 0, as it should be: the
    defect cannot harm there.
    """
    from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton

    label, bar, button = QLabel(), QProgressBar(), QPushButton()
    bar.setRange(0, 1000)
    texts = [str(i) for i in range(16)]  # made before counting: no allocation inside the loop
    lost, done = 0, 0
    while done < rounds and lost == 0:
        chunk = min(25, rounds - done)
        before = sys.getrefcount(None)
        for i in range(chunk):
            label.setText(texts[i % 16])
            bar.setValue(i)
            button.setEnabled(bool(i % 2))
            label.update()
        lost = max(0, before - sys.getrefcount(None))
        done += chunk
    _REPAID.extend([None] * lost)
    for widget in (label, bar, button):
        widget.deleteLater()
    return lost


def refuse_leaking_binding() -> str | None:
    """One line saying why this binding cannot run the app, or None when it is sound."""
    lost = none_references_lost(25)
    if lost < 10:  # a sound binding loses none; 6.12.0 loses one per call (96 of these 100)
        return None
    return (f"PySide6 {binding_version()} on Python {sys.version.split()[0]} loses a reference to None on every "
            f"void Qt call ({lost} in 100 calls) and would crash the app within minutes; install the tested "
            f"version: pip install 'pyside6-essentials==6.11.3' (known bad: {', '.join(KNOWN_BAD)})")
