"""Light or dark palette, the text size, and the few colours that carry meaning (kept, removed,
lines, muted text), chosen for the palette in use so they stay readable on either.

Marks in the document text (evidence, PII, search hits) are dark text on light colours and need
nothing here; everything else takes its colour from ``colour(name)``.
"""

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")
DEFAULT_POINT_SIZE = 10
_COLOURS = {  # name: (on a light base, on a dark base)
    "kept": ("#1b6e3a", "#81c995"),
    "removed": ("#b3261e", "#f28b82"),
    "line": ("#202124", "#e8eaed"),
    "muted": ("#5f6368", "#9aa0a6"),
    "reference": ("#188038", "#81c995"),
    "suggested": ("#c26401", "#fcad70"),  # the bound the decisions suggest (histogram marker)
}


def is_dark() -> bool:
    app = QApplication.instance()
    return app is not None and app.palette().color(QPalette.Base).lightness() < 128


def colour(name: str) -> QColor:
    light, dark = _COLOURS[name]
    return QColor(dark if is_dark() else light)


def css(name: str) -> str:
    return colour(name).name()


_brushes: dict = {}


def brush(name: str):
    """A cached QBrush of ``colour(name)`` (table cells ask for it on every paint)."""
    from PySide6.QtGui import QBrush

    key = (name, is_dark())
    if key not in _brushes:
        _brushes[key] = QBrush(colour(name))
    return _brushes[key]


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, value in ((QPalette.Window, "#202124"), (QPalette.WindowText, "#e8eaed"), (QPalette.Base, "#171717"),
                        (QPalette.AlternateBase, "#26272a"), (QPalette.Text, "#e8eaed"), (QPalette.Button, "#2d2e31"),
                        (QPalette.ButtonText, "#e8eaed"), (QPalette.ToolTipBase, "#2d2e31"),
                        (QPalette.ToolTipText, "#e8eaed"), (QPalette.PlaceholderText, "#9aa0a6"),
                        (QPalette.Highlight, "#8ab4f8"), (QPalette.HighlightedText, "#202124"),
                        (QPalette.Link, "#8ab4f8"), (QPalette.BrightText, "#f28b82")):
        palette.setColor(role, QColor(value))
    for role in (QPalette.Text, QPalette.WindowText, QPalette.ButtonText):
        palette.setColor(QPalette.Disabled, role, QColor("#6f7378"))
    return palette


_system_palette: QPalette | None = None


def apply(theme: str, point_size: int | None = None) -> None:
    """Switch the whole app to ``theme`` (system, light, dark) and, when given, the text size."""
    global _system_palette
    app = QApplication.instance()
    if _system_palette is None:
        _system_palette = QPalette(app.palette())
    fusion = theme in ("dark", "light")
    if fusion and app.style().name().lower() != "fusion":  # setStyle re-polishes every widget: only on a change
        app.setStyle("Fusion")
    if theme == "dark":
        app.setPalette(dark_palette())
    elif theme == "light":
        app.setPalette(app.style().standardPalette())
    else:
        app.setPalette(_system_palette)
    if point_size:
        app.setFont(sized_font(point_size))


def sized_font(point_size: int) -> QFont:
    """The app's font at ``point_size`` points."""
    font = QFont(QApplication.instance().font())
    font.setPointSize(point_size)
    return font
