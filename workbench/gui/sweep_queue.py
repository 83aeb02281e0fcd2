"""The sweep queue: the runs of a sweep, one line each, trained one after the other on one shared split.

It asks the window to launch each run (``launch``) and hears how each ended (``run_finished``); the
window overlays the runs as they finish (``runs_done``). Cancel stops the run in flight, which then
ends as stopped, and drops the runs still waiting.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from workbench.core.config import ExperimentConfig
from workbench.core.sweep import describe_varied
from workbench.engine.protocol import RunOutcome
from workbench.gui.i18n import status_text


class SweepQueue(QWidget):
    launch = Signal(object, object)  # the next run's ExperimentConfig, the split settings all runs share
    cancel_requested = Signal()  # the window stops the run in flight
    runs_done = Signal(list)  # ids of the sweep's runs so far (after each run, and at the end)
    finished = Signal(list)  # ids of all the sweep's runs, once the last one has ended

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.hint = QLabel(self.tr("No sweep yet. Run > Sweep… trains one run per value of the settings you "
                                   "pick, one after the other, and lists them here as they train."),
                           objectName="sweepQueueHint")
        self.hint.setWordWrap(True)
        self.list = QListWidget(objectName="sweepQueue")
        self.cancel_button = QPushButton(self.tr("Cancel sweep"), objectName="cancelSweepButton")
        self.cancel_button.setToolTip(self.tr("Stop the run in flight and drop the runs still waiting."))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.list)
        layout.addWidget(self.cancel_button)
        self._waiting: list[tuple[int, ExperimentConfig]] = []
        self._split: dict[str, Any] | None = None
        self._ids: list[int] = []
        self._index = 0
        self._active = False  # from start() until its last run (or the one cancelled) has ended

    def running(self) -> bool:
        return self._active

    def start(self, configs: list[ExperimentConfig], names: list[str]) -> None:
        """Queue runs that differ only in ``names``; all share one split made with the first's fractions and seed."""
        base = configs[0]
        self._split = {"validation_fraction": base.validation_fraction, "test_fraction": base.test_fraction,
                       "seed": base.seed}
        self._waiting = list(enumerate(configs))
        self._ids = []
        self.list.clear()
        self.hint.hide()  # the list says it now
        for i, config in self._waiting:
            self.list.addItem(f"{i + 1}/{len(configs)}  {describe_varied(config, names)}  · " + self.tr("waiting"))
        self.cancel_button.setEnabled(True)
        self._active = True
        self._next()

    def cancel(self) -> None:
        for index, _ in self._waiting:
            self._set_state(index, self.tr("cancelled"))
        self._waiting = []
        self.cancel_button.setEnabled(False)
        self.cancel_requested.emit()  # the run in flight ends as stopped; its line says so when it does

    def run_finished(self, outcome: RunOutcome) -> None:
        if not self._active:
            return
        accuracy = (self.tr(", test accuracy {accuracy}").format(accuracy=f"{outcome.test['accuracy']:.3f}")
                    if outcome.test else "")
        self._set_state(self._index, status_text(outcome.status) + accuracy)
        if outcome.run_id is not None:
            self._ids.append(outcome.run_id)
            self.runs_done.emit(list(self._ids))  # overlaid as they arrive
        self._next()

    def _next(self) -> None:
        if not self._waiting:
            self.cancel_button.setEnabled(False)
            self._active = False
            self.finished.emit(list(self._ids))
            return
        self._index, config = self._waiting.pop(0)
        self._set_state(self._index, self.tr("training…"))
        self.launch.emit(config, self._split)

    def _set_state(self, index: int, state: str) -> None:
        item = self.list.item(index)
        if item is not None:
            item.setText(item.text().rsplit("·", 1)[0] + f"· {state}")
