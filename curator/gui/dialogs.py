"""Run and export dialogs: the batch work runs in a background worker with progress and cancel."""

import os

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QProgressBar,
                               QPushButton, QSpinBox, QVBoxLayout)

from curator.gui import questions
from curator.gui.i18n import tr
from curator.gui.workers import Worker, start


class _JobDialog(QDialog):
    """Shared frame: a form, a progress bar, a status line, Start / Cancel / Close."""
    succeeded = Signal(object)

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.worker = None
        self.form = QFormLayout()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel()
        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton(tr("start"), QDialogButtonBox.AcceptRole)
        self.cancel_button = self.buttons.addButton(tr("cancel"), QDialogButtonBox.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    def job(self) -> Worker:
        raise NotImplementedError

    def output_row(self, path: str) -> QHBoxLayout:
        """The output folder: a field wide enough for the whole path and a folder picker beside
        it (the export dialog clipped its path and had no picker)."""
        self.output = QLineEdit(path)
        self.output.setMinimumWidth(min(720, self.output.fontMetrics().horizontalAdvance(path) + 40))
        self.output.setToolTip(path)
        self.output.textChanged.connect(self.output.setToolTip)
        pick = QPushButton(tr("choose_folder"))
        pick.clicked.connect(self._pick_output)
        row = QHBoxLayout()
        row.addWidget(self.output, 1)
        row.addWidget(pick)
        return row

    def _pick_output(self) -> None:
        """A folder to put the output in; the output keeps its own name inside it."""
        current = self.output.text().strip()
        folder = QFileDialog.getExistingDirectory(self, tr("output"), os.path.dirname(current) or os.getcwd())
        if folder:
            self.output.setText(os.path.join(folder, os.path.basename(current.rstrip(os.sep)) or "curator-output"))

    def report_error(self, message: str) -> None:
        """Shown in the dialog and in a message box, never only on stderr (tests replace this)."""
        self.status.setText(message)
        questions.warn(self, self.windowTitle(), message)

    def start(self) -> None:
        from curator.errors import CuratorError
        if self.worker is not None:
            return
        try:
            self.worker = self.job()
        except CuratorError as exc:  # a bad field (shard size, folder): say it, keep the dialog
            self.worker = None
            self.report_error(str(exc))
            return
        if self.worker is None:
            return
        self.worker.signals.progress.connect(self._progress)
        self.worker.signals.finished.connect(self._finished)
        self.worker.signals.failed.connect(lambda error: self._ended(tr("failed", error=error)))
        self.worker.signals.cancelled.connect(lambda: self._ended(tr("cancelled")))
        self.start_button.setEnabled(False)
        self.status.setText(tr("working"))
        start(self.worker)

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.status.setText(tr("cancel") + "…")
        else:
            self.reject()

    def _progress(self, share: float, docs: int) -> None:
        self.progress.setValue(int(share * 1000))
        self.status.setText(f"{tr('working')} {docs:,}")

    def _finished(self, result) -> None:
        self.progress.setValue(1000)
        self._ended(tr("done"))
        self.succeeded.emit(result)

    def _ended(self, message: str) -> None:
        self.worker = None
        self.status.setText(message)
        self.start_button.setEnabled(True)
        self.cancel_button.setText(tr("close"))


def free_folder(path: str) -> str:
    """``path``, or ``path-2``, ``path-3``… : the first that does not exist (a default never
    points at an existing workspace)."""
    candidate, n = path, 1
    while os.path.exists(candidate):
        n += 1
        candidate = f"{path}-{n}"
    return candidate


class RunDialog(_JobDialog):
    """Pick inputs (files, folders, drops) and a workspace folder; run the batch pipeline."""

    def __init__(self, inputs: list[str] | None = None, parent=None):
        super().__init__(tr("run_title"), parent)
        self.setAcceptDrops(True)
        self.inputs = QListWidget()
        for path in inputs or []:
            self.inputs.addItem(path)
        add_files, add_folder = QPushButton(tr("add_files")), QPushButton(tr("add_folder"))
        add_files.clicked.connect(self._add_files)
        add_folder.clicked.connect(self._add_folder)
        row = QHBoxLayout()
        row.addWidget(add_files)
        row.addWidget(add_folder)
        output = self.output_row(free_folder(os.path.abspath("workspace")))
        self.preset = QComboBox()  # the shipped thresholds the run starts from (filters/presets)
        from curator.filters.defaults import PRESETS
        for name in PRESETS:
            self.preset.addItem(tr(f"preset_{name}"), name)
        self.form.addRow(tr("inputs"), self.inputs)
        self.form.addRow("", row)
        self.form.addRow(tr("output"), output)
        self.form.addRow(tr("preset"), self.preset)

    def _add_files(self) -> None:
        for path in QFileDialog.getOpenFileNames(self, tr("add_files"))[0]:
            self.inputs.addItem(path)

    def _add_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, tr("add_folder"))
        if path:
            self.inputs.addItem(path)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        for url in event.mimeData().urls():
            self.inputs.addItem(url.toLocalFile())

    def job(self) -> Worker | None:
        from curator.config import load_config
        from curator.pipeline.run import run_pipeline

        from curator.errors import CuratorError
        from curator.pipeline.run import check_target

        paths = [self.inputs.item(i).text() for i in range(self.inputs.count())]
        if not paths:
            raise CuratorError(tr("no_inputs"))
        out = self.output.text().strip()
        try:
            check_target(out, overwrite=False)
            overwrite = False
        except CuratorError:
            from curator.workspace.layout import Workspace
            from curator.workspace.store import workspace_summary
            replacing = workspace_summary(Workspace(out))
            if replacing is None:  # not a workspace: never touched, whatever the user answers
                raise
            if not self.confirm_replace(out, replacing["documents"], replacing["decisions"], replacing["notes"]):
                self.status.setText(tr("not_replaced"))
                return None
            overwrite = True
        return Worker(run_pipeline, paths, out, load_config(None, preset=self.preset.currentData()),
                      overwrite=overwrite, show_progress=False)

    def confirm_replace(self, path: str, documents: int, decisions: int, notes: int) -> bool:
        """Ask before a run replaces a workspace, naming what it holds (tests replace this)."""
        return questions.choose(self, tr("replace_title"), tr("replace_question", path=path, documents=documents,
                                decisions=decisions, notes=notes), ("yes", "no"), "no") == "yes"


class ExportDialog(_JobDialog):
    def __init__(self, view, parent=None):
        super().__init__(tr("export_title"), parent)
        self.view = view
        output = self.output_row(os.path.join(os.path.dirname(os.path.abspath(view.ws.root)),
                                              os.path.basename(os.path.abspath(view.ws.root)) + "-export"))
        self.shard_size = QLineEdit("256MB")
        self.val_fraction = QDoubleSpinBox()
        self.val_fraction.setRange(0.0, 0.5)
        self.val_fraction.setSingleStep(0.01)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.form.addRow(tr("output"), output)
        self.form.addRow(tr("shard_size"), self.shard_size)
        self.form.addRow(tr("val_fraction"), self.val_fraction)
        self.form.addRow(tr("seed"), self.seed)

    def job(self) -> Worker:
        from curator.export.export import export_workspace
        from curator.export.sizes import parse_size

        return Worker(export_workspace, self.view.ws, self.output.text(), parse_size(self.shard_size.text()),
                      val_fraction=self.val_fraction.value(), seed=self.seed.value(), show_progress=False)
