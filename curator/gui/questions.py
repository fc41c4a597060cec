"""Message boxes and the note input, with buttons in the app's language.

Qt's standard buttons (Yes/No, OK/Cancel, Save/Discard) are English unless a Qt translation is
loaded, so a Korean window asked its questions with English buttons. Every question the app asks
goes through here and labels its buttons with ``tr``.
"""

from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QMessageBox

from curator.gui.i18n import tr

ROLES = {"yes": QMessageBox.YesRole, "no": QMessageBox.NoRole, "save": QMessageBox.AcceptRole,
         "discard": QMessageBox.DestructiveRole, "cancel": QMessageBox.RejectRole, "ok": QMessageBox.AcceptRole,
         "enable": QMessageBox.AcceptRole, "keep_off": QMessageBox.RejectRole}


def choose(parent, title: str, text: str, choices: tuple[str, ...], default: str | None = None,
           warning: bool = False) -> str | None:
    """Ask ``text`` with one button per key in ``choices`` (labelled ``tr(key)``); returns the key
    clicked, or None when the box was closed without one."""
    box = QMessageBox(QMessageBox.Warning if warning else QMessageBox.Question, title, text, parent=parent)
    keys = {}
    for key in choices:
        button = box.addButton(tr(key), ROLES[key])
        keys[id(button)] = key
        if key == default:
            box.setDefaultButton(button)
    box.exec()
    clicked = box.clickedButton()
    return keys.get(id(clicked)) if clicked is not None else None


def warn(parent, title: str, message: str) -> None:
    choose(parent, title, message, ("ok",), "ok", warning=True)


def ask_text(parent, title: str, label: str, text: str = "") -> tuple[str, bool]:
    """One line of text (a note): (text, accepted)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.setOkButtonText(tr("ok"))
    dialog.setCancelButtonText(tr("cancel"))
    accepted = bool(dialog.exec())
    return dialog.textValue(), accepted


def button_texts(dialog) -> list[str]:
    """The texts of a dialog's buttons (what the tests check)."""
    if isinstance(dialog, QMessageBox):
        return [b.text() for b in dialog.buttons()]
    return [b.text() for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()]
