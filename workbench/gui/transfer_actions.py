"""Transfer and incremental learning in the window: continue a stored run, pretrain, start from word vectors.

- *Continue from this run…* (Runs tab's right-click menu, Run menu) puts the run's settings into
  the form with ``init_from`` set and the learning rate core.transfer advises, so that Train goes on
  training it on the loaded data. The advice stays under the form's Start settings.
- A run that continues another is drawn after it: its curves start where its parent's ended, and
  the parents' curves are drawn faint in its colour (``core.transfer.lineage``: a pretraining
  parent learnt another objective, so its curves are not drawn).
- *Pretrain…* (Run menu) runs the engine's ``pretrain`` task on the loaded file's text column or
  any text file, with the form's model and text settings; its loss curve is drawn live, and the
  stored run (marked "pretraining" in the Runs tab) can then be continued.
- *Word vectors file…* (Run menu) sets the form's ``embeddings`` and its embedding size to the
  file's dimension; after training, the Results tab gives the share of the vocabulary found.

core.transfer reads the store and the runs' vocabulary files only (no TensorFlow); it is imported
when first needed, as it brings pandas with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.core.compare import model_title
from workbench.core.config import SPECS, ExperimentConfig
from workbench.core.errors import ConfigError, WorkbenchError
from workbench.core.events import RunStarted
from workbench.gui.config_form import INVALID_LABEL_STYLE, LogEdit

CONTINUABLE = ("completed", "stopped")
PRETRAIN_LEARNING_RATE = 1e-2  # a softmax over thousands of tokens learns little at 1e-3 (core/pretrain.py)


class TransferActions(QObject):
    """The window's transfer commands, the advice under the form's Start settings, and lineage curves."""

    def __init__(self, window: Any):
        super().__init__(window)
        self.window = window
        self.continue_action = QAction(self.tr("&Continue from This Run…"), window)
        self.continue_action.setObjectName("continueFromRunAction")
        self.continue_action.triggered.connect(self._continue_selected)
        self.pretrain_action = QAction(self.tr("&Pretrain…"), window)
        self.pretrain_action.setObjectName("pretrainAction")
        self.pretrain_action.setToolTip(self.tr("Teach the form's model to read unlabelled text first, then "
                                                "start a classifier from it."))
        self.pretrain_action.triggered.connect(self.open_pretrain_dialog)
        self.vectors_action = QAction(self.tr("Word &Vectors File…"), window)
        self.vectors_action.setObjectName("wordVectorsAction")
        self.vectors_action.setToolTip(self.tr("Start the embedding from a word-vectors file (.vec, .txt)."))
        self.vectors_action.triggered.connect(self.choose_vectors)
        for action in (self.continue_action, self.pretrain_action, self.vectors_action):
            window.run_menu.addAction(action)
        window.runs_panel.add_context_action(self.continue_action)

        self.advice_label = QLabel(objectName="startAdviceLabel")
        self.advice_label.setWordWrap(True)
        self.advice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.advice_label.hide()
        window.config_form.group_boxes["start"].layout().addWidget(self.advice_label)

        self._continue_after: bool = False  # the pretraining in flight: continue from it when it ends
        window.runs_panel.selection_changed.connect(lambda _ids: self._update_actions())
        window.runs_shown.connect(self._on_runs_shown)
        window.engine.run_started.connect(self._on_run_started)
        window.engine.run_finished.connect(lambda _outcome: self._update_actions())  # a selected run has ended
        window.engine.task_finished.connect(lambda *_args: self._update_actions())
        window.config_form.config_changed.connect(self._show_advice)
        window.data_panel.dataset_changed.connect(lambda _dataset: self._show_advice())
        self._update_actions()

    # --- continue from a stored run ---------------------------------------------------------

    def _selected_run(self):
        ids = self.window.runs_panel.selected_ids()
        if len(ids) != 1:
            return None
        try:
            return self.window.store.get_run(ids[0])
        except WorkbenchError:
            return None

    def _update_actions(self) -> None:
        record = self._selected_run()
        why = None
        if record is None:
            why = self.tr("Select one run in the Runs tab first.")
        elif record.model == "lookup":
            why = self.tr("The lookup-table baseline has no weights to start from.")
        elif record.status not in CONTINUABLE or not record.model_path:
            why = self.tr("Only a completed or stopped run with a saved model can be continued.")
        self.continue_action.setEnabled(why is None)
        self.continue_action.setToolTip(why or self.tr(
            "Put run {run}'s settings into the form, with a learning rate for going on training it; "
            "then press Train.").format(run=record.id))

    def _continue_selected(self) -> None:
        record = self._selected_run()
        if record is not None:
            self.continue_from(record.id)

    def continue_from(self, run_id: int) -> bool:
        """Set the form to go on training run ``run_id`` on the loaded data; False (and a dialog) if it cannot."""
        from workbench.core.transfer import fine_tune_config

        window = self.window
        try:
            config = fine_tune_config(window.store, run_id, self._class_names())
        except WorkbenchError as exc:
            _warn(window, self.tr("Cannot continue this run"), str(exc), "continueProblemDialog")
            return False
        window.config_form.set_config(config)
        window.left_tabs.setCurrentWidget(window.config_form)
        scroll = window.config_form.findChild(QScrollArea, "configScroll")
        if scroll is not None:  # once the advice has its place in the layout
            QTimer.singleShot(0, lambda: scroll.ensureWidgetVisible(self.advice_label))
        where = (self.tr("on {file}").format(file=Path(window.data_panel.dataset.summary.path).name)
                 if window.data_panel.dataset is not None else self.tr("once a dataset is open"))
        window.statusBar().showMessage(self.tr("The form now continues run {run}: press Train to go on training "
                                               "it {where}.").format(run=run_id, where=where))
        return True

    def _class_names(self) -> list[str] | None:
        dataset = self.window.data_panel.dataset
        return dataset.class_names if dataset is not None else None

    def _show_advice(self, config: ExperimentConfig | None = None) -> None:
        """Under the Start settings: which run the form continues, and the learning rate advised for it."""
        if config is None:
            if not self.window.config_form.is_valid():
                return
            config = self.window.config_form.config()
        if not config.init_from or not SPECS["init_from"].applies(config):
            self.advice_label.hide()
            return
        from workbench.core.transfer import load_parent, suggest_learning_rate

        try:
            parent = load_parent(self.window.store, config.init_from)
        except WorkbenchError as exc:
            text = str(exc)
        else:
            advice = suggest_learning_rate(parent, self._class_names())
            kind = self.tr("pretraining run") if parent.kind == "pretrain" else self.tr("run")
            text = self.tr("Continues {kind} #{run} ({model}). {reason}").format(
                kind=kind, run=parent.run_id, model=model_title(parent.config), reason=advice.reason)
            if abs(config.learning_rate - advice.learning_rate) > 1e-12:
                text += " " + self.tr("Advised learning rate: {advised:g} (the form has {lr:g}).").format(
                    advised=advice.learning_rate, lr=config.learning_rate)
        self.advice_label.setText(text)
        self.advice_label.show()

    # --- curves: a continued run after its parents ------------------------------------------

    def _on_runs_shown(self, ids: list[int]) -> None:
        self._mark_pretraining()
        if len(ids) == 1 and ids[0] in self.window.plots.keys():
            self.show_lineage(ids[0])

    def _on_run_started(self, event: RunStarted) -> None:
        self._update_actions()
        self._mark_pretraining()
        if event.config.get("init_from") and event.run_id is not None:
            self.show_lineage(event.run_id)

    def _mark_pretraining(self) -> None:
        """Name pretraining runs' curves as such (the window names runs by their settings): their loss and
        accuracy are about predicting words, not classes."""
        plots, marker = self.window.plots, self.tr("pretraining")
        labels = {}
        for key in plots.keys():
            try:
                pretraining = self.window.store.get_run(key).kind == "pretrain"
            except WorkbenchError:
                continue
            label = plots.label(key)
            if pretraining and marker not in label:
                number, _, rest = label.partition(" ")
                labels[key] = f"{number} {marker} · {rest}" if rest else f"{number} {marker}"
        plots.rename_runs(labels)  # the legends built again once

    def show_lineage(self, run_id: int) -> None:
        """Move run ``run_id``'s curves after its parents' epochs and draw the parents faint in its colour
        (a pretraining parent's curves, about predicting words, are taken off the plots)."""
        from workbench.core.transfer import lineage

        plots = self.window.plots
        try:
            chain = lineage(self.window.store, run_id)
        except WorkbenchError:  # a parent deleted since: nothing to draw before it
            return
        if len(chain) < 2 or run_id not in plots.keys():
            return
        color = plots.color(run_id)
        for entry in chain[:-1]:
            key = entry["run_id"]
            if entry["first_epoch"] is None:  # pretraining: another objective, another scale
                plots.remove_run(key)
                continue
            if not entry["history"]:
                continue
            label = self.tr("#{run}, continued by #{child}").format(run=key, child=run_id)
            plots.show_history(key, label, entry["history"], color)
            plots.set_faint(key)
            plots.set_epoch_offset(key, entry["first_epoch"] - 1)
        if chain[-1]["first_epoch"] is not None:
            plots.set_epoch_offset(run_id, chain[-1]["first_epoch"] - 1)

    # --- pretraining ------------------------------------------------------------------------

    def open_pretrain_dialog(self) -> None:
        window = self.window
        if window.engine.running:
            window.statusBar().showMessage(self.tr("Wait for the run in progress to end, or stop it first."), 6000)
            return
        try:
            config = window.config_form.config()
        except ConfigError as exc:
            window.statusBar().showMessage(self.tr("Fix the settings first: {problem}").format(problem=exc), 8000)
            return
        dataset = window.data_panel.dataset
        loaded = (dataset.summary.path, dataset.summary.text_column) if dataset is not None else None
        dialog = PretrainDialog(config, loaded, window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.pretrain(dialog.config(), dialog.path(), dialog.text_column(), dialog.continue_check.isChecked())

    def pretrain(self, config: ExperimentConfig, path: str, text_column: str | None = None,
                 continue_after: bool = True) -> bool:
        """Pretrain ``config``'s model on the texts of ``path`` through the window's long-task machinery."""
        self._continue_after = continue_after
        return self.window.start_task(
            "pretrain", self.tr("Pretraining {model} on {file}…").format(model=model_title(config),
                                                                         file=Path(path).name),
            on_reply=self._on_pretrained, config=config.to_dict(), path=str(path), text_column=text_column)

    def _on_pretrained(self, result: dict[str, Any]) -> None:
        window = self.window
        run_id, status = result.get("run_id"), result.get("status")
        window.runs_panel.refresh()
        if run_id is not None:
            window.runs_panel.select_runs([run_id])
        if status in ("diverged", "failed"):
            _warn(window, self.tr("Pretraining {status}").format(status=status), result.get("message", ""),
                  "pretrainProblemDialog")
            return
        if run_id is None:
            return
        if self._continue_after and result.get("model_path"):
            self.continue_from(run_id)
        else:
            window.statusBar().showMessage(self.tr("Pretraining run {run} {status}: choose Continue from This Run… "
                                                   "to start a classifier from it.").format(run=run_id, status=status))

    # --- word vectors -----------------------------------------------------------------------

    def choose_vectors(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Choose a word-vectors file"), str(Path.home()),
                                              self.tr("Word vectors (*.vec *.txt);;All files (*)"))
        if path:
            self.use_vectors(path)

    def use_vectors(self, path: str) -> bool:
        """Start the form's embedding from ``path``, sized to the file's dimension (from scratch otherwise)."""
        from workbench.core.vectors import check_vectors

        window = self.window
        try:
            dimension = check_vectors(path)
        except WorkbenchError as exc:
            _warn(window, self.tr("Cannot use this file"), str(exc), "vectorsProblemDialog")
            return False
        window.config_form.set_values({"embeddings": str(path), "embedding_dim": dimension, "init_from": 0})
        window.left_tabs.setCurrentWidget(window.config_form)
        window.statusBar().showMessage(self.tr("The embedding starts from {file} ({dimension} dimensions); after "
                                               "training, the Results tab tells how much of the vocabulary it "
                                               "covers.").format(file=Path(path).name, dimension=dimension))
        return True


class PretrainDialog(QDialog):
    """What to pretrain on, for how long and how fast; the model and text settings are the form's."""

    def __init__(self, config: ExperimentConfig, loaded: tuple[str, str] | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pretrainDialog")
        self.setWindowTitle(self.tr("Pretrain on unlabelled text"))
        self._base = config
        self._loaded = loaded

        intro = QLabel(self.tr(
            "The model learns to predict words of the texts from the other words (labels play no part). Then "
            "start a classifier from it: it begins knowing how the words are used, which helps most when few "
            "texts are labelled.\n\nModel and text settings come from the form: {model}.").format(
            model=model_title(config)))
        intro.setWordWrap(True)

        self.loaded_radio = QRadioButton(objectName="pretrainLoadedRadio")
        if loaded is not None:
            self.loaded_radio.setText(self.tr("The loaded file's text column ({file}, column “{column}”)").format(
                file=Path(loaded[0]).name, column=loaded[1]))
        else:
            self.loaded_radio.setText(self.tr("The loaded file's text column (no file is open)"))
            self.loaded_radio.setEnabled(False)
        self.file_radio = QRadioButton(self.tr("Another file (one text per line, or a table):"),
                                       objectName="pretrainFileRadio")
        self.sources = QButtonGroup(self)
        self.sources.addButton(self.loaded_radio)
        self.sources.addButton(self.file_radio)
        (self.loaded_radio if loaded is not None else self.file_radio).setChecked(True)
        self.file_edit = QLineEdit(objectName="pretrainFileEdit")
        self.file_edit.setPlaceholderText(self.tr("a .txt, .csv or .tsv file"))
        browse = QPushButton(self.tr("Browse…"), objectName="pretrainBrowseButton")
        browse.clicked.connect(self._browse)
        self.column_edit = QLineEdit(objectName="pretrainTextColumnEdit")
        self.column_edit.setPlaceholderText(self.tr("guessed"))
        self.column_edit.setToolTip(self.tr("The name or 1-based number of the text column of a table."))
        file_row = QHBoxLayout()
        file_row.setContentsMargins(20, 0, 0, 0)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)
        column_row = QHBoxLayout()
        column_row.setContentsMargins(20, 0, 0, 0)
        column_row.addWidget(QLabel(self.tr("Text column:")))
        column_row.addWidget(self.column_edit, 1)

        self.epochs_spin = QSpinBox(objectName="pretrainEpochsSpin")
        self.epochs_spin.setRange(int(SPECS["epochs"].minimum), int(SPECS["epochs"].maximum))
        self.epochs_spin.setValue(config.epochs)
        spec = SPECS["learning_rate"]
        self.learning_rate_edit = LogEdit(spec.minimum, spec.maximum)
        self.learning_rate_edit.setObjectName("pretrainLearningRateEdit")
        self.learning_rate_edit.set_value(max(config.learning_rate, PRETRAIN_LEARNING_RATE))
        self.learning_rate_edit.setToolTip(self.tr(
            "Predicting words among thousands learns little at a classifier's usual 1e-3: 1e-2 is a good start."))
        settings = QFormLayout()
        settings.addRow(self.tr("Epochs:"), self.epochs_spin)
        settings.addRow(self.tr("Learning rate:"), self.learning_rate_edit)

        self.continue_check = QCheckBox(self.tr("When it ends, set the form to continue from it"),
                                        objectName="continueAfterPretrainCheck", checked=True)
        self.problem_label = QLabel(objectName="pretrainProblemLabel")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(INVALID_LABEL_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = self.buttons.addButton(self.tr("Pretrain"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setObjectName("pretrainStartButton")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(QLabel(self.tr("<b>Texts</b>")))
        layout.addWidget(self.loaded_radio)
        layout.addWidget(self.file_radio)
        layout.addLayout(file_row)
        layout.addLayout(column_row)
        layout.addSpacing(6)
        layout.addLayout(settings)
        layout.addWidget(self.continue_check)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.buttons)
        # Wrapped text: a dialog is sized by its labels' unwrapped width; fix the width, fit the height (_check).
        self.setFixedWidth(max(480, self.minimumSizeHint().width()))

        for signal in (self.file_edit.textChanged, self.learning_rate_edit.textChanged, self.epochs_spin.valueChanged,
                       self.sources.buttonToggled, self.column_edit.textChanged):
            signal.connect(self._check)
        self._check()

    def config(self) -> ExperimentConfig:
        """The form's settings for pretraining: its epochs and learning rate, from random weights."""
        return self._base.replace(epochs=self.epochs_spin.value(),
                                  learning_rate=self.learning_rate_edit.value() or self._base.learning_rate,
                                  init_from=0, embeddings="", freeze_embeddings=False)

    def path(self) -> str:
        return self._loaded[0] if self.loaded_radio.isChecked() else self.file_edit.text().strip()

    def text_column(self) -> str | None:
        if self.loaded_radio.isChecked():
            return self._loaded[1]
        return self.column_edit.text().strip() or None

    def problem(self) -> str:
        """Why Pretrain is disabled, in one sentence; "" when it can start."""
        from workbench.core.pretrain import check_config

        if self.learning_rate_edit.value() is None:
            return self.tr("Type a learning rate, e.g. 1e-2.")
        try:
            check_config(self.config())
        except ConfigError as exc:
            return str(exc)
        if self.file_radio.isChecked():
            path = self.file_edit.text().strip()
            if not path:
                return self.tr("Choose a file of texts.")
            if not Path(path).is_file():
                return self.tr("There is no file {file}.").format(file=path)
        return ""

    def _check(self, *_: Any) -> None:
        self.file_edit.setEnabled(self.file_radio.isChecked())
        self.column_edit.setEnabled(self.file_radio.isChecked())
        problem = self.problem()
        self.problem_label.setText(problem)
        self.problem_label.setVisible(bool(problem))
        self.start_button.setEnabled(not problem)
        height = self.layout().totalHeightForWidth(self.width())
        self.setMinimumHeight(height)
        self.resize(self.width(), height)

    def _browse(self) -> None:
        start = str(Path(self._loaded[0]).parent) if self._loaded else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a file of texts"), start,
                                              self.tr("Texts (*.txt *.csv *.tsv *.tab);;All files (*)"))
        if path:
            self.file_edit.setText(path)
            self.file_radio.setChecked(True)


def _warn(parent: QWidget, title: str, text: str, name: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.open()


def install(window: Any) -> TransferActions:
    return TransferActions(window)
