"""The main window: data and settings on the left, live curves on the right, runs and results below.

The window only arranges panels and routes signals: data reading is core.data, training and
predictions happen in the engine process (engine_link.py), and every panel knows nothing of the
others. This process never imports TensorFlow.
"""

from __future__ import annotations

import gc
import json
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from workbench.core.compare import describe_runs
from workbench.core.config import ExperimentConfig
from workbench.core.diagnostics import detect_overfitting
from workbench.core.errors import ConfigError, WorkbenchError
from workbench.core.events import BatchProgress, EpochEnd, RunFinished, RunStarted
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.samples import sample_files, sample_title
from workbench.core.store import RunRecord, RunStore
from workbench.engine.protocol import DataRef, RunOutcome
from workbench.gui.compare_panel import ComparePanel
from workbench.gui.config_form import ConfigForm
from workbench.gui.data_panel import DataPanel
from workbench.gui.dataset_loader import DatasetLoader
from workbench.gui.engine_link import STOP_GRACE_MS, EngineLink
from workbench.gui.errors_panel import ErrorsPanel
from workbench.gui.features import install_features
from workbench.gui.fonts import install_cjk_font
from workbench.gui.i18n import (
    add_language_menu,
    chosen_language,
    core_message,
    install_translations,
    status_text,
    translate,
    translator,
)
from workbench.gui.in_turns import TURN_MS, InTurns
from workbench.gui.live_plot import LivePlots
from workbench.gui.probes_panel import ProbesPanel
from workbench.gui.results_panel import ResultsPanel
from workbench.gui.runs_panel import RunsPanel
from workbench.gui.sweep_dialog import SweepDialog
from workbench.gui.sweep_queue import SweepQueue
from workbench.gui.weights_panel import WeightsPanel

if TYPE_CHECKING:  # pandas is imported when a file is read, not at start-up
    from workbench.core.data import Dataset

FILE_FILTER = QT_TRANSLATE_NOOP("MainWindow", "Text tables (*.csv *.tsv *.txt *.tab);;All files (*)")
MAX_RECENT = 8
# The panels that hold pyqtgraph plots are built after the first paint: the curves and the panels of the
# bottom tabs that the first paint does not show, one a turn, and then the file opened at start is read.
# Until then each holds an empty page; one that is needed or shown sooner is built then. (Their modules,
# pyqtgraph with them, are imported before: imported on a thread while the window painted, pyqtgraph
# crashed the process in 2 of 80 launches on a busy machine, since PySide6 makes its classes as they are
# first used and pyqtgraph's import makes them all; imported after the first paint, it would freeze the
# window 0.3-0.4 s.)
# The objects made until the panels are built are frozen out of Python's garbage collection (gc.freeze,
# undone when the window closes): they live as long as the window, and a full collection walked them all
# each time, 44-51 ms with the GIL held.
LATER_TABS = ("results_panel", "compare_panel", "weights_panel", "errors_panel", "probes_panel", "sweep_queue")
LATER_PANELS = ("plots", *LATER_TABS)
SETTINGS_VERSION = 1
PROGRESS_MS = 500  # the progress bars and the time left change at most this often (each repaints at once)


class MainWindow(QMainWindow):
    dataset_opened = Signal(bool)  # a file finished loading (True), or was refused or cancelled (False)
    runs_shown = Signal(list)  # the selected runs' ids, once their curves, comparison and results are drawn
    # LATER_PANELS: set when built (see __getattr__)
    plots: LivePlots
    results_panel: ResultsPanel
    compare_panel: ComparePanel
    weights_panel: WeightsPanel
    errors_panel: ErrorsPanel
    probes_panel: ProbesPanel
    sweep_queue: SweepQueue

    def __init__(self, store: RunStore | None = None, settings: QSettings | None = None, verbose: bool = False):
        super().__init__()
        install_cjk_font()  # before any widget: Chinese must never be drawn as boxes
        self.settings = settings or QSettings()
        install_translations(chosen_language(self.settings))  # before any widget sets its texts
        self.setWindowTitle(self.tr("Text Classification Workbench"))
        self.setAcceptDrops(True)
        self.store = store or RunStore()
        self.engine = EngineLink(self.store, self, verbose=verbose)
        self._current_run: int | None = None
        self._run_started_at = 0.0
        self._progress_shown_at = 0.0  # when the progress bars last changed (time.monotonic)
        self._epochs = 1
        self._shown_run: int | None = None  # whose results and Try-it box are showing
        self._colors: dict[int, QColor] = {}  # a run keeps its colour across overlays
        self._overlay = InTurns(self)  # the selected runs, drawn one per turn of the event loop
        self._run_start = InTurns(self)  # what a run that begins needs beyond its curves

        self.data_panel = DataPanel()
        self.config_form = ConfigForm()
        self.runs_panel = RunsPanel(self.store)
        self._placeholders: dict[str, QWidget] = {}  # the pages of LATER_PANELS until they are built
        self._later_panels = InTurns(self)  # builds them, then lets the file opened at start be read
        self.loader = DatasetLoader(self)
        self.loader.hold_for(self)  # a file opened at start is read once the window has painted and built its tabs
        self.overfit_label = QLabel(objectName="overfitWarningLabel")
        self.overfit_label.setWordWrap(True)
        self.overfit_label.setStyleSheet("background: #fff3cd; color: #664d03; padding: 4px; border-radius: 3px;")
        self.overfit_label.hide()
        self._history: list[dict] = []  # the epochs of the run in flight
        self._tab_before_presenting: QWidget | None = None  # the bottom tab to go back to after presenting
        self._errors_run: int | None = None
        # A feature (features.py) may take over Train and Sweep, e.g. to repeat them over seeds: a function
        # (configs, names, cluster) -> bool (started?) given one config for Train, or a sweep's configs (differing
        # only in names), and a Ray address or None; returning None leaves them to the single run and the sweep queue.
        self.training_hook = None
        self._build_layout()
        self._build_toolbar()
        self._build_menus()
        self._connect()
        self.features = install_features(self)
        self._restore_settings()
        self.statusBar().showMessage(self.tr("Open a CSV or TSV file of labelled texts to begin."))
        self.installEventFilter(self)  # the first paint starts building the tabs it does not show
        QTimer.singleShot(0, self._start_engine)

    def __getattr__(self, name: str):
        """A panel of LATER_PANELS asked for before its turn came (a run that starts at once, a test):
        it is built now. Python calls this only for an attribute that is not set."""
        if name in LATER_PANELS and "_placeholders" in self.__dict__:
            self._build_panel(name)
            return self.__dict__[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """After the first paint: LATER_PANELS one a turn, then the file opened at start is read. (A panel
        built while the reading thread held the GIL, or in the turn that showed the file, stalled the
        window 60-150 ms.) Objects made before are frozen first, then those made until the file is read."""
        if watched is self and event.type() == QEvent.Type.Paint:
            self.removeEventFilter(self)
            gc.freeze()
            gc.enable()  # the `workbench` command paused it until now (cli/gui.py)
            self._later_panels.start([*(partial(self._build_panel, name) for name in LATER_PANELS), gc.freeze,
                                      self.loader.release])
        return False

    def _on_bottom_tab_changed(self) -> None:
        """A tab clicked before its turn came is built at once."""
        page = self.bottom_tabs.currentWidget()
        for name, placeholder in list(self._placeholders.items()):
            if placeholder is page:
                self._build_panel(name)

    # --- building ---------------------------------------------------------------------

    def _build_layout(self) -> None:
        self.left_tabs = QTabWidget(objectName="leftTabs")
        self.left_tabs.addTab(self.data_panel, self.tr("Data"))
        self.left_tabs.addTab(self.config_form, self.tr("Model && settings"))
        self.left_tabs.setMinimumWidth(320)
        self.bottom_tabs = QTabWidget(objectName="bottomTabs")
        self.bottom_tabs.addTab(self.runs_panel, self.tr("Runs"))
        self._add_later_tab("results_panel", self.tr("Results"))
        self._add_later_tab("compare_panel", self.tr("Compare"))
        self._add_later_tab("weights_panel", self.tr("Inside the model"))
        self._add_later_tab("errors_panel", self.tr("Mistakes"))
        self._add_later_tab("probes_panel", self.tr("Probe sentences"))
        self.bottom_tabs.addTab(self.data_panel.preview, self.tr("Data preview"))
        self._add_later_tab("sweep_queue", self.tr("Sweep queue"))
        self.right_splitter = QSplitter(Qt.Orientation.Vertical, objectName="rightSplitter")
        plots_page = QWidget()
        plots_layout = QVBoxLayout(plots_page)
        plots_layout.setContentsMargins(0, 0, 0, 0)
        plots_layout.addWidget(self.overfit_label)
        self._plots_layout = plots_layout
        self._placeholders["plots"] = QWidget(objectName="plotsSlot")
        plots_layout.addWidget(self._placeholders["plots"], 1)
        self.right_splitter.addWidget(plots_page)
        self.right_splitter.addWidget(self.bottom_tabs)
        self.right_splitter.setSizes([430, 330])
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, objectName="mainSplitter")
        self.main_splitter.addWidget(self.left_tabs)
        self.main_splitter.addWidget(self.right_splitter)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setSizes([380, 900])
        self.main_splitter.setContentsMargins(0, 0, 6, 0)  # the right plot's frame and last tick clear the window edge
        self.setCentralWidget(self.main_splitter)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Training"), objectName="trainingToolbar")
        bar.setMovable(False)
        self.train_button = QPushButton(self.tr("▶  Train"), objectName="trainButton")
        self.train_button.setToolTip(self.tr("Train the model on the loaded data (Ctrl+Return)."))
        self.stop_button = QPushButton(self.tr("■  Stop"), objectName="stopButton")
        self.stop_button.setToolTip(self.tr("Stop after the batch in flight; the run is kept (Esc)."))
        self.stop_button.setEnabled(False)
        self.epoch_progress = QProgressBar(objectName="epochProgress")
        self.epoch_progress.setFormat(self.tr("epoch %p%"))
        self.run_progress = QProgressBar(objectName="runProgress")
        self.run_progress.setFormat(self.tr("run %p%"))
        for bar_widget in (self.epoch_progress, self.run_progress):
            bar_widget.setMaximumWidth(180)
            bar_widget.setValue(0)
        self.time_left = QLabel("", objectName="timeLeftLabel")
        self.time_left.setMinimumWidth(150)
        bar.addWidget(self.train_button)
        bar.addWidget(self.stop_button)
        bar.addSeparator()
        bar.addWidget(self.epoch_progress)
        bar.addWidget(self.run_progress)
        bar.addWidget(self.time_left)
        self.addToolBar(bar)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self._action(self.tr("&Open…"), self._choose_file, QKeySequence.StandardKey.Open))
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        file_menu.addSeparator()
        export = file_menu.addMenu(self.tr("&Export Curves"))
        export.addAction(self._action(self.tr("As PNG…"), lambda: self._export("png")))
        export.addAction(self._action(self.tr("As SVG…"), lambda: self._export("svg")))
        export.addAction(self._action(self.tr("As CSV…"), lambda: self._export("csv")))
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit))

        samples_menu = self.menuBar().addMenu(self.tr("&Samples"))
        for path in sample_files():
            samples_menu.addAction(self._action(sample_title(path, translator("Samples")), lambda p=path: self.open_dataset(p)))
        samples_menu.setEnabled(bool(samples_menu.actions()))

        self.run_menu = run_menu = self.menuBar().addMenu(self.tr("&Run"))
        self.train_action = self._action(self.tr("&Train"), self.start_training, QKeySequence("Ctrl+Return"))
        self.stop_action = self._action(self.tr("&Stop"), self.stop_training, QKeySequence("Esc"))
        self.stop_action.setEnabled(False)
        self.sweep_action = self._action(self.tr("S&weep…"), self.open_sweep_dialog,
                                         QKeySequence("Ctrl+Shift+Return"))
        run_menu.addAction(self.train_action)
        run_menu.addAction(self.sweep_action)
        run_menu.addAction(self.stop_action)
        run_menu.addSeparator()  # the techniques below it (features.py) add their actions after it

        self.view_menu = view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.presentation_action = QAction(self.tr("&Presentation mode"), self, checkable=True)
        self.presentation_action.setShortcut(QKeySequence("F11"))
        self.presentation_action.setToolTip(self.tr("Large text and lines, curves only, full screen: for projectors."))
        self.presentation_action.toggled.connect(self.set_presentation)
        view_menu.addAction(self.presentation_action)
        add_language_menu(view_menu, self.settings, self)
        self.help_menu = self.menuBar().addMenu(self.tr("&Help"))

    def _action(self, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _=False: slot())
        return action

    def _connect(self) -> None:
        self.train_button.clicked.connect(self.start_training)
        self.stop_button.clicked.connect(self.stop_training)
        engine = self.engine
        engine.run_started.connect(self._on_run_started)
        engine.batch_progress.connect(self._on_batch)
        engine.epoch_end.connect(self._on_epoch)
        engine.run_finished.connect(self._on_run_finished)
        engine.predicted.connect(self._on_predicted)
        engine.request_failed.connect(self._on_request_failed)
        engine.tensorflow_ready.connect(self._on_tensorflow_ready)
        engine.stop_overdue.connect(self._offer_to_end_engine)
        engine.engine_ended.connect(self._on_engine_ended)
        engine.errors_ready.connect(self._on_errors)
        engine.event.connect(self._on_engine_event)
        engine.task_finished.connect(self._on_task_finished)
        engine.importance_ready.connect(self._on_importance)
        self.config_form.validity_changed.connect(self._update_train_enabled)
        self.data_panel.dataset_changed.connect(self._on_dataset_changed)
        self.runs_panel.selection_changed.connect(self._show_runs)
        self.runs_panel.load_settings_requested.connect(self.load_run_settings)
        self.runs_panel.runs_deleted.connect(self._on_runs_deleted)
        self.loader.progressed.connect(self._on_load_progress)
        self.bottom_tabs.currentChanged.connect(self._on_bottom_tab_changed)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.cancelled.connect(self._on_load_cancelled)
        self.data_panel.cancel_requested.connect(self.loader.cancel)
        self.data_panel.columns_requested.connect(self._assign_columns)
        self.data_panel.open_requested.connect(self._choose_file)
        self.data_panel.sample_requested.connect(self.open_dataset)

    def _add_later_tab(self, name: str, title: str) -> None:
        """A tab of LATER_TABS, with an empty page until its panel is built."""
        self._placeholders[name] = placeholder = QWidget()
        self.bottom_tabs.addTab(placeholder, title)

    def _build_panel(self, name: str) -> None:
        """Build a panel of LATER_PANELS (unless it is built), in the place of its placeholder."""
        placeholder = self._placeholders.pop(name, None)
        if placeholder is None:
            return
        panel = self._new_panel(name)
        tabs = self.bottom_tabs
        index = tabs.indexOf(placeholder)
        if index < 0:  # the curves
            self._plots_layout.replaceWidget(placeholder, panel)
            panel.paint_accuracy_a_turn_later()  # the first paint of both plots in one turn took 29-70 ms
        else:
            with QSignalBlocker(tabs):  # the current tab stays what it was: nothing else needs to know
                current, title = tabs.currentIndex(), tabs.tabText(index)
                tabs.removeTab(index)
                tabs.insertTab(index, panel, title)
                tabs.setCurrentIndex(current)
        placeholder.deleteLater()
        setattr(self, name, panel)

    def _new_panel(self, name: str) -> QWidget:
        if name == "plots":
            return LivePlots()
        if name == "results_panel":
            results = ResultsPanel()
            results.predict_requested.connect(self._predict)
            results.show_result(None)
            return results
        if name == "errors_panel":
            errors = ErrorsPanel()
            errors.importance_requested.connect(self._explain)
            return errors
        if name == "sweep_queue":
            queue = SweepQueue()
            queue.launch.connect(self._launch)
            queue.cancel_requested.connect(self.stop_training)
            queue.runs_done.connect(self.runs_panel.select_runs)
            queue.finished.connect(self._on_sweep_finished)
            return queue
        return {"compare_panel": ComparePanel, "weights_panel": WeightsPanel, "probes_panel": ProbesPanel}[name]()

    def _on_tensorflow_ready(self, seconds: float) -> None:
        if not self.engine.running:
            self.statusBar().showMessage(
                self.tr("TensorFlow ready ({seconds} s).").format(seconds=f"{seconds:.1f}"), 4000)

    def _on_dataset_changed(self, dataset: Dataset) -> None:
        self._update_train_enabled()
        self.engine.prepare(_data_ref(dataset))  # the engine reads it now, not when Train is pressed

    def _on_request_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _start_engine(self) -> None:
        self.statusBar().showMessage(self.tr("Loading TensorFlow in the background…"), 10000)
        self.engine.start_engine()

    def _on_engine_ended(self, sentence: str) -> None:
        """No dialog: the next Train starts a fresh engine, so the sentence is all the user needs."""
        self._set_running(False)
        self.runs_panel.refresh()
        self.statusBar().showMessage(sentence)

    def _offer_to_end_engine(self, run_id: int | None) -> None:
        """Stop went unanswered (a batch that takes very long, or a hung engine): offer to end the engine."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("The run has not stopped"),
                          self.tr("Run {run_id} has not stopped {seconds} s after Stop. End the training "
                                  "engine now? The run is kept as interrupted, with its finished epochs.")
                          .format(run_id=run_id, seconds=STOP_GRACE_MS // 1000),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("stopOverdueDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        end = box.addButton(self.tr("End the engine"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Keep waiting"), QMessageBox.ButtonRole.RejectRole)
        end.setObjectName("endEngineButton")
        end.clicked.connect(self.engine.end_engine)
        self.engine.run_finished.connect(box.close)  # the run ended after all: nothing to decide
        box.open()

    # --- data -------------------------------------------------------------------------

    def _choose_file(self) -> None:
        start = str(self.data_panel.path.parent) if self.data_panel.path else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a dataset"), start, self.tr(FILE_FILTER))
        if path:
            self.open_dataset(path)

    def open_dataset(self, path: str | Path) -> bool:
        """Start reading a file off the GUI thread (dataset_opened tells how it ended); the dataset shown
        stays until the new one is ready, and a bad file is explained in a dialog."""
        path = Path(path).absolute()
        self.loader.load(path)
        self.data_panel.show_loading(path.name)
        self.statusBar().showMessage(self.tr("Reading {name}…").format(name=path.name))
        return True

    def _on_loaded(self, path: Path, table, dataset: Dataset) -> None:
        self.data_panel.show_loading(None)
        if self.data_panel.table is table:  # new columns for the table shown
            self.data_panel.show_dataset(dataset)
            return
        # The cells now, the dataset in a later pass of the event loop: laying out a first screen of
        # Chinese text costs 15-20 ms, and the two together froze the window for 45-55 ms.
        self.data_panel.show_preview(table, path)
        if not self.store.list_runs():  # nothing to compare yet: show the data itself
            self.bottom_tabs.setCurrentWidget(self.data_panel.preview)
        QTimer.singleShot(TURN_MS, partial(self._show_loaded, path, dataset))

    def _show_loaded(self, path: Path, dataset: Dataset) -> None:
        self.data_panel.show_dataset(dataset)
        self._remember_recent(path)
        extra = (self.tr(" {count} undecodable characters are shown as �.").format(
            count=f"{dataset.summary.replaced_characters:,}") if dataset.summary.replaced_characters else "")
        self.statusBar().showMessage(self.tr("Loaded {name}: {rows} rows, {classes} classes.").format(
            name=path.name, rows=f"{dataset.summary.rows:,}", classes=len(dataset.summary.classes)) + extra)
        self.dataset_opened.emit(True)

    def _on_load_failed(self, path: Path, message: str, columns_only: bool) -> None:
        self.data_panel.show_loading(None)
        if columns_only:
            self.data_panel.show_columns_problem(message)
            return
        self._refuse(path, message)
        self.dataset_opened.emit(False)

    def _on_load_cancelled(self, path: Path) -> None:
        self.data_panel.show_loading(None)
        kept = self.tr(" The previous dataset is still loaded.") if self.data_panel.dataset else ""
        self.statusBar().showMessage(self.tr("Stopped reading {name}.").format(name=path.name) + kept, 8000)
        self.dataset_opened.emit(False)

    def _on_load_progress(self, fraction: float) -> None:
        if self.data_panel.loading_row.isVisible():
            self.data_panel.loading_bar.setValue(round(100 * fraction))

    def _assign_columns(self, text_column: str, label_column: str) -> None:
        panel = self.data_panel
        self.loader.assign_columns(panel.table, panel.path, text_column, label_column)

    def _refuse(self, path: Path, message: str) -> None:
        kept = self.tr(" The previous dataset is still loaded.") if self.data_panel.dataset else ""
        self.statusBar().showMessage(self.tr("Could not open {name}.").format(name=path.name))
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Cannot use this file"), message + kept,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("datasetErrorDialog")
        box.open()

    def _remember_recent(self, path: Path) -> None:
        recent = [p for p in self._recent_files() if p != str(path)]
        self.settings.setValue("recentFiles", json.dumps([str(path), *recent][:MAX_RECENT]))
        self._fill_recent_menu()

    def _recent_files(self) -> list[str]:
        try:
            return list(json.loads(self.settings.value("recentFiles", "[]")))
        except (TypeError, ValueError):
            return []

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self._recent_files():
            self.recent_menu.addAction(self._action(path, lambda p=path: self.open_dataset(p)))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.open_dataset(urls[0].toLocalFile())

    # --- training ---------------------------------------------------------------------

    def _update_train_enabled(self, *_) -> None:
        ready = (self.data_panel.dataset is not None and self.config_form.is_valid()
                 and not self.engine.running)
        self.train_button.setEnabled(ready)
        self.train_action.setEnabled(ready)
        if not self.config_form.is_valid():
            self.train_button.setToolTip(
                self.tr("Fix the settings first: {problem}").format(problem=self.config_form.problem()))
        elif self.data_panel.dataset is None:
            self.train_button.setToolTip(self.tr("Open a dataset first."))
        else:
            self.train_button.setToolTip(self.tr("Train the model on the loaded data (Ctrl+Return)."))

    def start_training(self) -> bool:
        dataset = self.data_panel.dataset
        if dataset is None:
            self.statusBar().showMessage(self.tr("Open a dataset before training."), 5000)
            return False
        try:
            config = self.config_form.config()
        except ConfigError as exc:
            self.statusBar().showMessage(self.tr("Fix the settings first: {problem}").format(problem=exc), 8000)
            return False
        if self.training_hook is not None and (started := self.training_hook([config], [], None)) is not None:
            return started
        return self._launch(config)

    def _launch(self, config: ExperimentConfig, split: dict | None = None, stream: bool = False) -> bool:
        """Train ``config`` on the loaded dataset (with ``split``'s fractions and seed, for a sweep; ``stream``:
        streamed from disk, see gui/streaming.py)."""
        try:
            probes = self.probes_panel.probes()
        except ConfigError as exc:
            self.bottom_tabs.setCurrentWidget(self.probes_panel)
            self.statusBar().showMessage(self.tr("Fix the probe sentences first: {problem}").format(problem=exc), 8000)
            return False
        if not self.engine.start(config, _data_ref(self.data_panel.dataset), probes, split, stream):
            return False
        self._epochs = config.epochs
        self._set_running(True)
        self.epoch_progress.setValue(0)
        self.run_progress.setValue(0)
        self.time_left.setText(self.tr("starting…"))
        self.statusBar().showMessage(self.tr("Training {model} on {rows} rows…").format(
            model=config.model, rows=f"{self.data_panel.dataset.summary.rows:,}"))
        return True

    # --- long tasks other than a single run (see features.py) -------------------------------

    def data_ref(self) -> DataRef | None:
        """The loaded dataset, as the engine is told about it (None before a file is loaded)."""
        return _data_ref(self.data_panel.dataset) if self.data_panel.dataset is not None else None

    def start_task(self, kind: str, description: str, on_reply=None, on_error=None, **fields) -> bool:
        """Run a long engine task (anything that trains: cv, tune, lr_find...) with the window's Stop, progress
        and status bar; its runs' curves are drawn like a single run's. False if another one is in flight."""
        if self.engine.request(kind, on_reply, on_error or self._on_task_failed, long=True, **fields) is None:
            self.statusBar().showMessage(self.tr("Wait for the run in progress to end, or stop it first."), 6000)
            return False
        self._set_running(True)
        self.time_left.setText(self.tr("starting…"))
        self.statusBar().showMessage(description)
        return True

    def _on_task_failed(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Could not finish"), message,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("taskProblemDialog")
        box.open()

    def _on_task_finished(self, kind: str, result, error: str) -> None:
        if kind != "train":  # a single run ends in _on_run_finished
            self._set_running(False)
            self.time_left.setText(self.tr("done") if result is not None else "")
            self.runs_panel.refresh()

    def _on_engine_event(self, event) -> None:
        """A run inside a longer task has ended (a fold, a trial, a seed): settle its curves."""
        if isinstance(event, RunFinished) and event.run_id is not None:
            self.plots.finish(event.run_id)
            self.runs_panel.refresh()

    def add_bottom_tab(self, widget: QWidget, title: str) -> None:
        """A technique's panel among the bottom tabs (before the data preview)."""
        self.bottom_tabs.insertTab(self.bottom_tabs.indexOf(self.data_panel.preview), widget, title)

    def show_bottom_tab(self, widget: QWidget, title: str) -> None:
        """Bring a technique's panel forward, adding it to the bottom tabs the first time it is shown."""
        if self.bottom_tabs.indexOf(widget) < 0:
            self.add_bottom_tab(widget, title)
        self.bottom_tabs.setCurrentWidget(widget)

    # --- sweeps ---------------------------------------------------------------------------

    def open_sweep_dialog(self) -> None:
        if self.data_panel.dataset is None or not self.config_form.is_valid() or self.engine.running:
            self.statusBar().showMessage(
                self.tr("A sweep needs a dataset, valid settings and no run in progress."), 6000)
            return
        dialog = SweepDialog(self.config_form.config(), self, self.settings)
        if dialog.exec() and dialog.configs:
            self.start_sweep(dialog.configs, dialog.names, dialog.run_on.cluster())

    def start_sweep(self, configs: list[ExperimentConfig], names: list[str], cluster: str | None = None) -> bool:
        """Queue runs that differ only in ``names``; all share one split made with the first's seed.
        With ``cluster`` (a Ray address) they train there, several at once (the training hook's task)."""
        if self.data_panel.dataset is None or not configs or self.engine.running:
            return False
        if self.training_hook is not None and (started := self.training_hook(configs, names, cluster)) is not None:
            return started
        self.bottom_tabs.setCurrentWidget(self.sweep_queue)
        self.sweep_queue.start(configs, names)
        return True

    def cancel_sweep(self) -> None:
        self.sweep_queue.cancel()

    def sweep_running(self) -> bool:
        return self.sweep_queue.running()

    def _on_sweep_finished(self, run_ids: list[int]) -> None:
        if run_ids:
            self.runs_panel.select_runs(run_ids)
            self.statusBar().showMessage(self.tr("Sweep finished: {count} runs, overlaid.").format(count=len(run_ids)))

    def stop_training(self) -> None:
        if self.engine.running:
            self.engine.stop()
            self.statusBar().showMessage(self.tr("Stopping after the batch in flight…"))
            self.stop_button.setEnabled(False)

    def _set_running(self, running: bool) -> None:
        self.stop_button.setEnabled(running)
        self.stop_action.setEnabled(running)
        self._update_train_enabled()

    def _on_run_started(self, event: RunStarted) -> None:
        self._current_run = event.run_id
        self._epochs = event.epochs
        self._run_started_at = time.monotonic()
        self._progress_shown_at = 0.0
        label = self.plot_new_run(event.run_id, event.config, event.epochs)
        self._history = []
        self.overfit_label.hide()
        # The curves at once; the rest a turn later each, so that no turn is long while the engine takes
        # both cores (an epoch or the end of the run does what is left first). The plots are repainted
        # once, with the baseline on them, the accuracy plot a turn after the loss plot (both in one turn
        # was a gap of 47-61 ms).
        self.plots.setUpdatesEnabled(False)
        steps = [partial(self.weights_panel.start_run, label),
                 partial(self.probes_panel.start_run, label, event.probes, event.class_names)]
        if event.baseline:
            steps.append(partial(self.plots.set_baseline, event.baseline["val_accuracy"]))
        self._run_start.start([*steps, self._repaint_plots, self.runs_panel.refresh])
        params = (self.tr("{count} parameters").format(count=f"{event.total_params:,}") if event.total_params
                  else self.tr("no parameters"))
        self.statusBar().showMessage(self.tr("Run {run_id}: {params}, {rows} training rows.").format(
            run_id=event.run_id, params=params, rows=f"{event.sizes['train']:,}") + " " + " ".join(event.notes))

    def _repaint_plots(self) -> None:
        self.plots.paint_accuracy_a_turn_later()  # first: turning the plots on marks all of them for repainting
        self.plots.setUpdatesEnabled(True)

    def plot_new_run(self, run_id: int, config: dict, epochs: int) -> str:
        """Draw a run that begins now (also one of several training at once); its label.
        Every run on the plots, the new one too, is named by what sets it apart from the others."""
        self._overlay.finish()  # the runs selected just before, all on the plots to be named with this one
        shown = [key for key in self.plots.keys() if key != run_id]
        configs = [*(self.store.get_run(k).experiment_config() for k in shown), ExperimentConfig.from_dict(config)]
        labels = [f"#{key} {text}" for key, text in zip((*shown, run_id), describe_runs(configs, shared_model=False))]
        self.plots.rename_runs(dict(zip(shown, labels)))
        self._plot_run(run_id, labels[-1])
        self.plots.follow(run_id, epochs)
        return labels[-1]

    def _on_batch(self, event: BatchProgress) -> None:
        self.plots.add_batch(self._current_run, event.epoch, event.step, event.steps, event.loss)
        now = time.monotonic()
        if now - self._progress_shown_at < PROGRESS_MS / 1000 and event.step < event.steps:
            return  # repainting them for every batch cost the window 0.8% of a core while an LSTM trained
        self._progress_shown_at = now
        self.epoch_progress.setValue(round(100 * event.step / event.steps))
        done = (event.epoch - 1 + event.step / event.steps) / max(1, self._epochs)
        self.run_progress.setValue(round(100 * done))
        elapsed = time.monotonic() - self._run_started_at
        if done > 0.02 and elapsed > 1:
            self.time_left.setText(self.tr("epoch {epoch}/{epochs} · {time} left").format(
                epoch=event.epoch, epochs=self._epochs, time=_duration(elapsed / done * (1 - done))))

    def _on_epoch(self, event: EpochEnd) -> None:
        self._run_start.finish()
        self.plots.add_epoch(self._current_run, event.epoch, event.metrics)
        self._history.append(event.metrics)
        self._warn_if_overfitting(self._history, self._current_run)
        if event.weights:
            self.weights_panel.show_epoch(event.epoch, event.weights, event.metrics)
        if event.probes:
            self.probes_panel.add_epoch(event.epoch, event.probes)
        m = event.metrics
        self.statusBar().showMessage(
            self.tr("Run {run_id}, epoch {epoch}/{epochs}: loss {loss}, accuracy {accuracy}, validation loss "
                    "{val_loss}, validation accuracy {val_accuracy}").format(
                run_id=self._current_run, epoch=event.epoch, epochs=self._epochs, loss=f"{m['loss']:.3f}",
                accuracy=f"{m['accuracy']:.3f}", val_loss=f"{m['val_loss']:.3f}",
                val_accuracy=f"{m['val_accuracy']:.3f}"))

    def _on_run_finished(self, outcome: RunOutcome) -> None:
        self._run_start.finish()
        if outcome.run_id is not None and outcome.status in ("completed", "stopped"):
            self.engine.misclassified(outcome.run_id)
        self._set_running(False)
        self.plots.finish(self._current_run)
        self.time_left.setText(status_text(outcome.status))
        self.runs_panel.refresh()
        if outcome.run_id is not None:
            self._show_results(outcome.run_id)
        if outcome.status in ("diverged", "failed"):
            box = QMessageBox(QMessageBox.Icon.Warning,
                              self.tr("Run {status}").format(status=status_text(outcome.status)),
                              core_message(outcome.message),
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("runProblemDialog")
            box.open()
        else:
            self.run_progress.setValue(100 if outcome.status == "completed" else self.run_progress.value())
        ended = self.tr("Run {run_id} {status}.").format(run_id=outcome.run_id, status=status_text(outcome.status))
        self.statusBar().showMessage(ended + " " + core_message(outcome.message))
        self.sweep_queue.run_finished(outcome)

    # --- runs and results ---------------------------------------------------------------

    def _show_runs(self, run_ids: list[int]) -> None:
        """Overlay the selected runs (plus the one training now), named by what differs.

        The last run's results come at once; its curves and the others' are drawn one run per turn of the
        event loop (see in_turns.py), then the comparison and its overfitting note; runs_shown says when
        all of it is on screen."""
        keep = {self._current_run} if self.engine.running else set()
        gone = [key for key in self.plots.keys() if key not in keep]
        records = []
        for run_id in run_ids:
            if run_id in keep:
                continue
            try:
                records.append(self.store.get_run(run_id))
            except WorkbenchError:
                continue
        labels = describe_runs([r.experiment_config() for r in records], shared_model=False) if records else []
        histories = [self.store.history(record.id) for record in records]  # read now: a run may be deleted later

        def compare() -> None:
            baseline = _baseline(records)
            if not self.engine.running:
                self.plots.set_baseline(baseline)
            self.compare_panel.show_runs(records, histories, [self._colors[r.id] for r in records], baseline)

        # At once: the Try-it box must ask the run just selected.
        shown = self._show_result(run_ids[-1]) if run_ids else None

        def diagnosis() -> None:
            if shown is not None:
                self._show_diagnosis(shown)
            self.runs_shown.emit(list(run_ids))

        # Each run removed or added moves the plots' ranges and lays out their legends, and a repaint after
        # a moved range lays out the axes again (15-40 ms): one run is taken off or put on per turn, and
        # the plots are repainted once, when all the runs are on them.
        self.plots.setUpdatesEnabled(not (gone or records))
        self._overlay.start([*(partial(self.plots.remove_run, key) for key in gone),
                             *(partial(self._plot_run, record.id, f"#{record.id} {label}", history)
                               for record, label, history in zip(records, labels, histories)),
                             compare, partial(self.plots.setUpdatesEnabled, True), diagnosis])

    def overlay_pending(self) -> bool:
        """Whether selected runs are still being drawn (runs_shown comes when they are)."""
        return self._overlay.pending()

    def _plot_run(self, run_id: int, label: str, history: list[dict] | None = None) -> None:
        """Draw a run in the colour it had before, unless another run on the plots has that colour now."""
        in_use = {self.plots.color(key).name() for key in self.plots.keys() if key != run_id}
        color = self._colors.get(run_id)
        if color is not None and color.name() in in_use:
            color = None
        if history is None:
            color = self.plots.start_run(run_id, label, color)
        else:
            color = self.plots.show_history(run_id, label, history, color)
        self._colors[run_id] = color

    def _show_results(self, run_id: int) -> None:
        if (record := self._show_result(run_id)) is not None:
            self._show_diagnosis(record)

    def _show_result(self, run_id: int) -> RunRecord | None:
        """Run ``run_id``'s results, and the Try-it box asks it; its record (None if it is gone)."""
        try:
            record = self.store.get_run(run_id)
        except WorkbenchError:
            return None
        self._shown_run = run_id
        self.results_panel.show_result(record)
        return record

    def _show_diagnosis(self, record: RunRecord) -> None:
        """Its overfitting note (drawn on its curves, so once they are on the plots) and probe curves."""
        if self.engine.running or self._shown_run != record.id:
            return
        try:
            history, probe_history = self.store.history(record.id), self.store.probe_history(record.id)
        except WorkbenchError:  # deleted meanwhile
            return
        self._warn_if_overfitting(history, record.id, self.tr("Run {run_id}: ").format(run_id=record.id))
        self.probes_panel.show_history(f"#{record.id} {record.name}", record.probes,
                                       record.dataset.get("class_names", []), probe_history)

    def _warn_if_overfitting(self, history: list[dict], run_id: int | None, prefix: str = "") -> None:
        """The detector's plain-language message above the plots and its note inside the loss plot."""
        report = detect_overfitting(history)
        label = self.overfit_label
        shown = (label.isVisibleTo(self), label.text())
        label.setVisible(report is not None)
        if report is not None:
            label.setText(prefix + report.describe(translator("Diagnostics")))
        if (label.isVisibleTo(self), label.text()) != shown:  # the plots under it move: both are painted again
            self.plots.paint_accuracy_a_turn_later()
        if report is None:
            self.plots.annotate_overfitting(None)
            return
        if report.epochs_rising == 1:
            note = self.tr("memorizing since epoch {since}: validation loss up {rising} epoch")
        else:
            note = self.tr("memorizing since epoch {since}: validation loss up {rising} epochs")
        self.plots.annotate_overfitting(
            run_id, report.since_epoch, note.format(since=report.since_epoch, rising=report.epochs_rising))

    def _on_errors(self, run_id: int, rows: list, total: int) -> None:
        self._errors_run = run_id
        self.errors_panel.show_errors(rows, total)

    def _explain(self, text: str) -> None:
        if self._errors_run is not None and text.strip():
            self.engine.explain(self._errors_run, text)

    def _on_importance(self, run_id: int, text: str, tokens: list, predicted: str) -> None:
        if run_id == self._errors_run:
            self.errors_panel.show_importance(text, tokens, predicted)

    def _predict(self, text: str) -> None:
        if self._shown_run is not None and text.strip():
            self.engine.predict(self._shown_run, text)

    def _on_predicted(self, run_id: int, text: str, probabilities: dict) -> None:
        if run_id == self._shown_run:
            self.results_panel.show_probabilities(text, probabilities)

    def _on_runs_deleted(self, run_ids: list[int]) -> None:
        self._overlay.finish()  # then take them off: none is drawn after this
        for run_id in run_ids:
            if run_id in self.plots.keys():
                self.plots.remove_run(run_id)
        if self._shown_run in run_ids:
            self._shown_run = None
            self.results_panel.show_result(None)

    def load_run_settings(self, run_id: int) -> None:
        """Clone and tweak: put a stored run's settings back into the form."""
        record = self.store.get_run(run_id)
        self.config_form.set_config(record.experiment_config())
        self.left_tabs.setCurrentWidget(self.config_form)
        self.statusBar().showMessage(self.tr("Loaded the settings of run {run_id} ({name}); change and train.").format(
            run_id=run_id, name=record.name))

    def _export(self, kind: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export curves as {kind}").format(kind=kind.upper()),
                                              f"curves.{kind}", f"{kind.upper()} (*.{kind})")
        if path:
            getattr(self.plots, f"export_{kind}")(path)
            self.statusBar().showMessage(self.tr("Exported {path}").format(path=path), 5000)

    def set_presentation(self, on: bool) -> None:
        """For projectors: bigger fonts and lines, fewer panels, full screen; off restores all."""
        if self.presentation_action.isChecked() != on:
            self.presentation_action.setChecked(on)  # calls back here
            return
        font = QFont(QGuiApplication.font())
        if on:
            font.setPointSizeF(font.pointSizeF() * 1.5)
        self.setFont(font)
        self.overfit_label.setFont(font)  # a widget with a style sheet does not take its parent's font
        self.plots.set_scale(1.8 if on else 1.0)
        self.probes_panel.set_presenting(on)
        self.left_tabs.setVisible(not on)
        # Probe sentences stay on screen (without the tab bar): watching them is half the demonstration.
        probes = on and self.probes_panel.has_plots()
        if probes:
            self._tab_before_presenting = self.bottom_tabs.currentWidget()
            self.bottom_tabs.setCurrentWidget(self.probes_panel)
        elif not on and self._tab_before_presenting is not None:
            self.bottom_tabs.setCurrentWidget(self._tab_before_presenting)
            self._tab_before_presenting = None
        self.bottom_tabs.tabBar().setVisible(not on)
        self.bottom_tabs.setVisible(not on or probes)
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    # --- settings and closing -------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = self.settings
        if int(s.value("version", SETTINGS_VERSION)) != SETTINGS_VERSION:
            s.clear()
        for key, restore in (("geometry", self.restoreGeometry), ("windowState", self.restoreState),
                             ("mainSplitter", self.main_splitter.restoreState),
                             ("rightSplitter", self.right_splitter.restoreState)):
            value = s.value(key)
            if isinstance(value, QByteArray):
                restore(value)
        if not isinstance(s.value("geometry"), QByteArray):
            self.resize(1280, 800)
        config = s.value("config")
        if config:
            try:
                self.config_form.set_config(ExperimentConfig.from_json(str(config)))
            except ConfigError:
                pass  # settings from an incompatible version: keep the defaults
        self._fill_recent_menu()

    def last_dataset(self) -> str | None:
        value = self.settings.value("lastDataset")
        return str(value) if value and Path(str(value)).exists() else None

    def _save_settings(self) -> None:
        s = self.settings
        s.setValue("version", SETTINGS_VERSION)
        s.setValue("geometry", self.saveGeometry())
        s.setValue("windowState", self.saveState())
        s.setValue("mainSplitter", self.main_splitter.saveState())
        s.setValue("rightSplitter", self.right_splitter.saveState())
        if self.config_form.is_valid():
            s.setValue("config", self.config_form.config().to_json())
        if self.data_panel.path is not None:
            s.setValue("lastDataset", str(self.data_panel.path))
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Hide at once; stop a run in flight (it is kept as stopped) and let the engine exit, within 3 s."""
        self._save_settings()
        gc.unfreeze()
        self.hide()
        self.loader.wait()
        QGuiApplication.processEvents()  # let the window go before waiting for the engine
        self.engine.shutdown(timeout_s=3.0)
        event.accept()


def _data_ref(dataset: Dataset) -> DataRef:
    s = dataset.summary
    return DataRef(s.path, s.text_column, s.label_column, s.fingerprint)


def _baseline(records) -> float | None:
    """The lookup-table baseline of the newest run that has one (runs compared usually share a split)."""
    for record in sorted(records, key=lambda r: r.id, reverse=True):
        baseline = (record.results or {}).get("baseline")
        if baseline:
            return baseline.get("val_accuracy")
    return None


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 60:
        return translate("MainWindow", "{minutes} min {seconds} s").format(
            minutes=seconds // 60, seconds=f"{seconds % 60:02d}")
    return translate("MainWindow", "{seconds} s").format(seconds=seconds)

