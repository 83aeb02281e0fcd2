"""Lessons in the window: Help > Lessons lists them, and a lesson's narration is told beside the curves.

A lesson (core.lessons) runs in the engine as the task "lesson". Its runs draw on the plots like any
run; its narration arrives as LessonStep events whose English text is translated here, in the "Lesson"
context, before its numbers are filled in. Choosing a lesson also loads its training file and its
settings, so that what the lesson shows can be tried again with one change and Train.

From launch, Help > Lessons… > a lesson > Start (the first lesson is preselected, so the click on it
may be skipped) overlays the curves of two regularization settings: four clicks, no typing.
"""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.events import LessonRunStarted, LessonStep, RunStarted
from workbench.core.i18n import LANGUAGE_NAMES

CONTEXT = "Lesson"  # core.lessons marks its texts in this translation context
PRESENTING_SCALE = 1.5  # the window's font scale in presentation mode (MainWindow.set_presentation)
STEP_SCALE = 1.35  # the newest step, relative to the text around it


def lesson_text(text: str, values: dict[str, Any] | None = None) -> str:
    """A lesson's English text, translated, with its {placeholders} filled; a translation whose
    placeholders do not fit its values falls back to the English text rather than failing."""
    values = values or {}
    translated = QCoreApplication.translate(CONTEXT, text)
    for candidate in (translated, text):
        try:
            return candidate.format(**values)
        except (KeyError, IndexError, ValueError):
            continue
    return text


def first_sentence(text: str) -> str:
    """The first sentence of a summary (English or Chinese), for a one-line description."""
    return re.split(r"(?<=[.!?。！？])\s*", text.strip(), maxsplit=1)[0]


def default_language(data_language: str | None) -> str:
    """The window's language if lessons have data in it (Chinese), else the loaded data's language."""
    if QLocale().language() == QLocale.Language.Chinese:
        return "zh"
    return "zh" if data_language == "zh" else "en"


class LessonsDialog(QDialog):
    """Choose a lesson and the language of its data. ``lessons`` are ``Lesson.to_dict()``s."""

    def __init__(self, lessons: list[dict[str, Any]], language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lessonsDialog")
        self.setWindowTitle(self.tr("Lessons"))
        self.lessons = lessons
        self.language = language
        self.list = QTreeWidget(objectName="lessonList")
        self.list.setHeaderLabels([self.tr("Lesson"), self.tr("What it shows")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        for lesson in lessons:
            title, summary = lesson_text(lesson["title"]), lesson_text(lesson["summary"])
            item = QTreeWidgetItem([title, first_sentence(summary)])
            item.setToolTip(0, title)
            item.setToolTip(1, summary)
            self.list.addTopLevelItem(item)
        self.list.resizeColumnToContents(0)
        self.summary = QLabel(objectName="lessonSummaryLabel", wordWrap=True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.runs = QLabel(objectName="lessonRunsLabel", wordWrap=True)
        self.runs.setTextFormat(Qt.TextFormat.PlainText)
        self.language_combo = QComboBox(objectName="lessonLanguageCombo")
        self.language_combo.setToolTip(self.tr("The language of the lesson's texts."))
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton(self.tr("Start"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setObjectName("startLessonButton")
        self.start_button.setDefault(True)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("cancelLessonButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.currentItemChanged.connect(lambda _item, _previous: self._show(self._row()))
        self.list.itemDoubleClicked.connect(lambda _item, _column: self.accept())

        language_row = QHBoxLayout()
        language_row.addWidget(QLabel(self.tr("Texts in:")))
        language_row.addWidget(self.language_combo)
        language_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.runs)
        layout.addLayout(language_row)
        layout.addWidget(buttons)
        self.resize(900, 400)
        self.list.setCurrentItem(self.list.topLevelItem(0))  # the overfitting lesson: Start right away is enough

    def chosen(self) -> tuple[str, str]:
        """The lesson's name and the language of its data."""
        return self.lessons[max(0, self._row())]["name"], self.language

    def _row(self) -> int:
        return self.list.indexOfTopLevelItem(self.list.currentItem()) if self.list.currentItem() else -1

    def _show(self, row: int) -> None:
        if row < 0:
            return
        lesson = self.lessons[row]
        self.summary.setText(lesson_text(lesson["summary"]))
        labels = self.tr(" · ").join(lesson_text(run["label"]) for run in lesson["runs"])
        self.runs.setText(self.tr("Compares: {runs}. Each is trained {seeds} times, with different seeds; the "
                                  "verdict averages them.").format(runs=labels, seeds=lesson["seeds"]))
        self.language_combo.blockSignals(True)
        self.language_combo.clear()
        for code in lesson["data"]:
            self.language_combo.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(self.language)))
        self.language_combo.blockSignals(False)
        self.language = self.language_combo.currentData()

    def _language_chosen(self, index: int) -> None:
        if index >= 0:
            self.language = self.language_combo.itemData(index)


class NarrationPanel(QWidget):
    """What the lesson says: its title, which run is training, then (scrolling) the verdict at the end,
    the newest step large, and the earlier ones below it, newest first. Fed texts already translated."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lessonNarrationPanel")
        self.setMinimumWidth(220)
        self.title = QLabel(objectName="lessonTitleLabel", wordWrap=True)
        self.progress = QLabel(objectName="lessonProgressLabel", wordWrap=True)
        self.verdict_title = QLabel(self.tr("Verdict"), objectName="lessonVerdictTitle")
        self.verdict = _box(QLabel(objectName="lessonVerdictLabel"), QPalette.ColorRole.AlternateBase)
        self.current = _box(QLabel(objectName="lessonCurrentStep"), QPalette.ColorRole.Base)
        self.earlier = QLabel(objectName="lessonEarlierSteps", wordWrap=True)
        self.earlier.setTextFormat(Qt.TextFormat.RichText)
        self.earlier.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.choose_button = QPushButton(self.tr("Choose a lesson…"), objectName="chooseLessonButton")
        story = QWidget()
        story_layout = QVBoxLayout(story)
        story_layout.setContentsMargins(0, 0, 4, 0)
        for widget in (self.verdict_title, self.verdict, self.current, self.earlier):
            story_layout.addWidget(widget)
        story_layout.addStretch(1)
        self.scroll = QScrollArea(objectName="lessonNarrationScroll", widgetResizable=True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(story)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.progress)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.choose_button)
        self._steps: list[str] = []  # oldest first
        self._presenting = False
        self._apply_fonts()
        self.begin("", 0)
        self.current.setText(self.tr("Choose a lesson from Help > Lessons. Its narration appears here while the "
                                     "curves grow."))

    def begin(self, title: str, runs: int) -> None:
        self.title.setText(title)
        self.progress.setText(self.tr("Starting: {runs} runs to train…").format(runs=runs) if runs else "")
        self._steps = []
        self.current.setText("")
        self.earlier.clear()
        self.verdict.clear()
        self.verdict.hide()
        self.verdict_title.hide()

    def run_started(self, label: str, seed: int, index: int, total: int) -> None:
        self.progress.setText(self.tr("Run {index} of {total}: {label}, seed {seed}").format(
            index=index, total=total, label=label, seed=seed))

    def add_step(self, text: str) -> None:
        """The newest step takes the large box; the one it replaces goes to the top of the earlier steps."""
        self._steps.append(text)
        self.current.setText(text)
        self.earlier.setText("".join(f"<p>{html.escape(step)}</p>" for step in reversed(self._steps[:-1])))
        self.scroll.verticalScrollBar().setValue(0)

    def steps(self) -> list[str]:
        return list(self._steps)

    def show_verdict(self, text: str) -> None:
        self.verdict.setText(text)
        self.verdict.show()
        self.verdict_title.show()
        self.scroll.verticalScrollBar().setValue(0)

    def finish(self, sentence: str) -> None:
        self.progress.setText(sentence)

    def set_presenting(self, on: bool) -> None:
        """Presentation mode: every text larger, as the window's are, and no button mid-demonstration."""
        self._presenting = on
        self._apply_fonts()
        self.choose_button.setVisible(not on)

    def _apply_fonts(self) -> None:
        """Set from the application font, not inherited: the step and verdict must stay larger than the rest."""
        base = QFont(QGuiApplication.font())
        if self._presenting:
            base.setPointSizeF(base.pointSizeF() * PRESENTING_SCALE)
        self.setFont(base)
        title = QFont(base)
        title.setBold(True)
        title.setPointSizeF(base.pointSizeF() * 1.15)
        step = QFont(base)
        step.setPointSizeF(base.pointSizeF() * STEP_SCALE)
        fonts = {self.title: title, self.verdict_title: title, self.current: step, self.verdict: step,
                 self.progress: base, self.earlier: base, self.choose_button: base}
        for widget, font in fonts.items():
            widget.setFont(font)


def _box(label: QLabel, background: QPalette.ColorRole) -> QLabel:
    """A framed, filled paragraph (from the palette, so dark themes work) that stands out from the rest."""
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setMargin(8)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setBackgroundRole(background)
    label.setAutoFillBackground(True)
    return label


class LessonsController(QObject):
    """Help > Lessons, the narration dock, and the lesson task's events."""

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("lessonsController")
        self.window = window
        # Settings changed in every run and the number of seeds (None: the lesson's). Users get the
        # lessons as written; tests set fewer epochs and one seed.
        self.changes: dict[str, Any] = {}
        self.seeds: int | None = None
        self.active: str | None = None  # the lesson in flight
        self._next_label: tuple[str, int] | None = None  # the lesson run whose RunStarted comes next
        self._labels: dict[int, str] = {}  # run id -> its name on the plots
        self._total = 0  # runs the lesson in flight trains

        self.action = QAction(self.tr("&Lessons…"), window)
        self.action.setObjectName("lessonsAction")
        self.action.setToolTip(self.tr("Planned comparisons on bundled data, narrated while they train."))
        self.action.triggered.connect(self.open_dialog)
        window.help_menu.addAction(self.action)

        self.panel = NarrationPanel()
        self.panel.choose_button.clicked.connect(self.open_dialog)
        self.dock = QDockWidget(self.tr("Lesson"), window)
        self.dock.setObjectName("lessonDock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        window.view_menu.addAction(self.dock.toggleViewAction())

        window.engine.event.connect(self._on_event)
        window.engine.run_started.connect(self._on_run_started)  # after the window's own handler
        window.engine.task_finished.connect(self._on_task_finished)
        self._name_when_shown = False  # the lesson's runs, being overlaid: name them by their part once drawn
        window.runs_shown.connect(self._on_runs_shown)
        window.presentation_action.toggled.connect(self._on_presentation)

    # --- choosing and starting ------------------------------------------------------------------

    def open_dialog(self) -> LessonsDialog:
        from workbench.core.lessons import LESSONS  # reads pandas: not at window start-up

        dataset = self.window.data_panel.dataset
        language = default_language(dataset.summary.language if dataset is not None else None)
        dialog = LessonsDialog([lesson.to_dict() for lesson in LESSONS.values()], language, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.start(*dialog.chosen()))
        dialog.open()
        return dialog

    def start(self, name: str, language: str) -> bool:
        """Load the lesson's data and settings into the window and run it; False while something trains."""
        from workbench.core.lessons import LESSON_DIR, LESSONS

        lesson = LESSONS[name]
        title = lesson_text(lesson.title)
        if not self.window.start_task("lesson", self.tr("Lesson: {title}").format(title=title), name=name,
                                      language=language, seeds=self.seeds, changes=self.changes):
            return False
        self.active = name
        self._next_label, self._labels = None, {}
        self.window.config_form.set_config(lesson.base.replace(**self.changes))
        data = LESSON_DIR / lesson.data[language].train
        if data.is_file():  # else the task's error says what is missing, once
            self.window.open_dataset(data)
        for key in self.window.plots.keys():  # the lesson's runs, and only them, on the plots
            self.window.plots.remove_run(key)
        self._total = len(lesson.runs) * (self.seeds or lesson.seeds)
        self.panel.begin(title, self._total)
        self.dock.show()
        self.dock.raise_()
        QTimer.singleShot(0, self._fit_dock)  # once the dock is laid out
        return True

    # --- while it runs ---------------------------------------------------------------------------

    def _on_event(self, event: Any) -> None:
        if self.active is None or getattr(event, "lesson", None) != self.active:
            return
        if isinstance(event, LessonRunStarted):
            label = lesson_text(event.label)
            self._next_label = (label, event.seed)
            self.panel.run_started(label, event.seed, event.index, event.total)
        elif isinstance(event, LessonStep):
            text = lesson_text(event.text, event.values)
            if event.moment == "verdict":
                self.panel.show_verdict(text)
            else:
                self.panel.add_step(text)

    def _on_run_started(self, event: RunStarted) -> None:
        if self.active is None or self._next_label is None or event.run_id is None:
            return
        label, seed = self._next_label
        self._next_label = None
        self._labels[event.run_id] = self.tr("#{run} {label}, seed {seed}").format(run=event.run_id, label=label,
                                                                                   seed=seed)
        self._name_runs()

    def _on_runs_shown(self, _ids: list[int]) -> None:
        if self._name_when_shown:
            self._name_when_shown = False
            self._name_runs()

    def _name_runs(self) -> None:
        """Name the lesson's runs on the plots by their part in the lesson (the window names them by settings)."""
        self.window.plots.rename_runs(self._labels)  # runs not on the plots are left out

    def _on_task_finished(self, kind: str, result: dict[str, Any] | None, error: str) -> None:
        if kind != "lesson" or self.active is None:
            return
        self.active = None
        if result is None:
            self.panel.finish(self.tr("The lesson could not finish: {reason}").format(reason=error))
            return
        run_ids = [run["run_id"] for run in result["runs"] if run.get("run_id") is not None]
        if run_ids:  # overlaid from the store (named once drawn), and side by side in the Compare tab
            self._name_when_shown = True
            self.window.runs_panel.select_runs(run_ids)
            if not self.window.overlay_pending():  # they were selected already: on the plots now
                self._on_runs_shown(run_ids)
            self.window.bottom_tabs.setCurrentWidget(self.window.compare_panel)
        if result.get("verdict") is None:
            self.panel.finish(self.tr("Stopped after {done} of {total} runs: no verdict.").format(
                done=len(result["runs"]), total=self._total))
        else:
            self.panel.finish(self.tr("Done: {runs} runs trained.").format(runs=len(result["runs"])))

    # --- presentation ----------------------------------------------------------------------------

    def _on_presentation(self, on: bool) -> None:
        self.panel.set_presenting(on)
        QTimer.singleShot(0, self._fit_dock)  # once the window has gone full screen, or back

    def _fit_dock(self) -> None:
        """About a quarter of the window (a third when presenting): wide enough to read, curves stay large."""
        if self.dock.isHidden():
            return
        share = 0.33 if self.window.presentation_action.isChecked() else 0.26
        self.window.resizeDocks([self.dock], [int(self.window.width() * share)], Qt.Orientation.Horizontal)


def install(window) -> LessonsController:
    return LessonsController(window)
