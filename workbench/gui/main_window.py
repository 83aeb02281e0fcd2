"""The main window: menus, the data panel, and the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from workbench.core.data import build_dataset, read_table
from workbench.core.errors import DatasetError
from workbench.core.samples import sample_files
from workbench.gui.data_panel import DataPanel

FILE_FILTER = "Text tables (*.csv *.tsv *.txt *.tab);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.setWindowTitle("Text Classification Workbench")
        self.setAcceptDrops(True)
        self.data_panel = DataPanel(self)
        self.setCentralWidget(self.data_panel)
        self._build_menus()
        self.statusBar().showMessage("Open a CSV or TSV file of labelled texts to begin.")
        self.resize(1100, 760)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open…", self, shortcut=QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._choose_file)
        file_menu.addAction(open_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        samples_menu = self.menuBar().addMenu("&Samples")
        for path in sample_files():
            action = QAction(path.stem.replace("_", " "), self)
            action.triggered.connect(lambda _=False, p=path: self.open_dataset(p))
            samples_menu.addAction(action)
        samples_menu.setEnabled(bool(samples_menu.actions()))

    def _choose_file(self) -> None:
        start = str(self.data_panel.path.parent) if self.data_panel.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open a dataset", start, FILE_FILTER)
        if path:
            self.open_dataset(path)

    def open_dataset(self, path: str | Path) -> bool:
        """Load a file; on a bad file, explain in a dialog and keep the current dataset."""
        path = Path(path).absolute()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            table = read_table(path)
            dataset = build_dataset(table, path)
        except DatasetError as exc:
            QGuiApplication.restoreOverrideCursor()
            self._refuse(path, str(exc))
            return False
        QGuiApplication.restoreOverrideCursor()
        self.data_panel.show_table(table, path, dataset)
        self.statusBar().showMessage(f"Loaded {path.name}: {dataset.summary.rows:,} rows, "
                                     f"{len(dataset.summary.classes)} classes.")
        return True

    def _refuse(self, path: Path, message: str) -> None:
        kept = " The previous dataset is still loaded." if self.data_panel.dataset else ""
        self.statusBar().showMessage(f"Could not open {path.name}.")
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot use this file", message + kept,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("datasetErrorDialog")
        box.open()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.open_dataset(urls[0].toLocalFile())
