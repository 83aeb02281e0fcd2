"""Where the runs of a sweep or of cross-validation train: this computer, or a Ray cluster (core/cluster.py).

``RunOnChoice`` is the "Run on" row of the sweep and cross-validation dialogs; the address is remembered.
``install`` draws the runs of trials that train at once (their events come wrapped in TrialEvents) on the
window's curves, each as a run of its own, so that they grow live as a local run's do.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from workbench.core.events import BatchProgress, EpochEnd, RunStarted, TrialEvent
from workbench.engine.protocol import event_from_message
from workbench.gui.config_form import INVALID_LABEL_STYLE
from workbench.gui.i18n import core_message

ADDRESS_KEY = "clusterAddress"


class RunOnChoice(QWidget):
    """[this computer | a Ray cluster at] [address], for a form row "Run on"; with Ray missing, how to install it."""

    changed = Signal()

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        from workbench.core.cluster import ray_installed  # loads pandas: when a dialog opens, not at start-up

        self.setObjectName("runOnChoice")
        self.settings = settings
        self.ray_installed = ray_installed()
        self.where = QComboBox(objectName="runOnCombo")
        self.where.addItem(self.tr("this computer"), "local")
        self.where.addItem(self.tr("a Ray cluster at"), "cluster")
        self.where.setToolTip(self.tr("A cluster trains the runs as trials, several at once; their curves grow here "
                                      "as they train, and they are stored as local runs are."))
        self.address = QLineEdit(objectName="clusterAddressEdit")
        self.address.setPlaceholderText(self.tr("HOST:PORT of its head, e.g. 10.0.0.5:6379"))
        self.address.setText(str(settings.value(ADDRESS_KEY, "")) if settings is not None else "")
        self.note = QLabel(objectName="runOnNote")
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.where)
        row.addWidget(self.address, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.where.currentIndexChanged.connect(self._update)
        self.address.textChanged.connect(self._update)
        self._update()

    def on_cluster(self) -> bool:
        return self.where.currentData() == "cluster"

    def problem(self) -> str | None:
        """Why the runs cannot be sent as chosen, in one sentence; None when they can."""
        if not self.on_cluster():
            return None
        if not self.ray_installed:
            return self.tr('Running on a cluster needs Ray: install it with pip install -e ".[cluster]" (or pip '
                           'install "workbench[cluster]").')
        from workbench.core.cluster import cluster_address_problem

        problem = cluster_address_problem(self.address.text(), reach=False)  # the engine reaches it, off this thread
        return core_message(problem) if problem else None

    def cluster(self) -> str | None:
        """The Ray address to send the runs to (remembered for next time), or None for this computer."""
        if not self.on_cluster() or self.problem() is not None:
            return None
        address = self.address.text().strip()
        if self.settings is not None:
            self.settings.setValue(ADDRESS_KEY, address)
        return address

    def _update(self, *_: Any) -> None:
        self.address.setEnabled(self.on_cluster() and self.ray_installed)
        problem = self.problem()
        if problem is not None:
            self.note.setText(problem)
            self.note.setStyleSheet(INVALID_LABEL_STYLE)
        else:
            self.note.setText(self.tr("The cluster receives the data file and the settings only.")
                              if self.on_cluster() else "")
            self.note.setStyleSheet("")
        self.note.setVisible(bool(self.note.text()))
        self.changed.emit()


def install(window) -> TrialCurves:
    return TrialCurves(window)


class TrialCurves(QObject):
    """Draws each trial of a cluster task as a run on the window's curves, live; the status bar says where."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        window.engine.event.connect(self._on_event)

    def _on_event(self, event: Any) -> None:
        if not isinstance(event, TrialEvent) or event.run_id is None:
            return
        inner = event_from_message({"event": event.event, "data": event.data})
        plots = self.window.plots
        if isinstance(inner, RunStarted):
            self.window.plot_new_run(event.run_id, inner.config, inner.epochs)
        elif isinstance(inner, BatchProgress) and event.run_id in plots.keys():
            plots.add_batch(event.run_id, inner.epoch, inner.step, inner.steps, inner.loss)
        elif isinstance(inner, EpochEnd) and event.run_id in plots.keys():
            plots.add_epoch(event.run_id, inner.epoch, inner.metrics)
            self.window.statusBar().showMessage(self.tr(
                "Trial {trial}/{total} (run {run_id}, on {worker}): epoch {epoch}, validation accuracy "
                "{val_accuracy}").format(trial=event.trial, total=event.total, run_id=event.run_id,
                                         worker=event.worker, epoch=inner.epoch,
                                         val_accuracy=f"{inner.metrics.get('val_accuracy', float('nan')):.3f}"))
