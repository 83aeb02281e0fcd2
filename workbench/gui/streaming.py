"""Training on a large file streamed from disk (core/streaming.py) from the window.

When the loaded file is larger than ``threshold_bytes``, a check box under the data summary offers to
stream it (on by default). Train then asks the engine for a streamed run: the engine reads the file in
batches through tf.data and never loads it whole. A streamed file trains one run at a time on this
computer: sweeps, seeds and clusters need the file loaded.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox



def install(window) -> StreamChoice:
    return StreamChoice(window)


class StreamChoice(QObject):
    def __init__(self, window, threshold_bytes: int | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.threshold_bytes = threshold_bytes  # None: core.streaming.LARGE_FILE_BYTES
        self.check = QCheckBox(objectName="streamCheck")
        self.check.setToolTip(self.tr(
            "Train by reading the file from disk a batch at a time, for files larger than memory. The vocabulary "
            "comes from the file's first megabytes, and the split is made by a hash of each text (not stratified)."))
        self.check.hide()
        self._large = False
        panel = window.data_panel
        panel.layout().insertWidget(panel.layout().indexOf(panel.summary_label) + 1, self.check)
        panel.dataset_changed.connect(self._dataset_changed)
        self._next_hook = window.training_hook  # the features installed before this one
        window.training_hook = self._train

    def streaming(self) -> bool:
        return self._large and self.check.isChecked()

    def _dataset_changed(self, dataset: Any) -> None:
        from workbench.core.streaming import LARGE_FILE_BYTES, is_large_file  # numpy and pandas: not at start-up

        threshold = self.threshold_bytes or LARGE_FILE_BYTES
        self._large = is_large_file(dataset.summary.path, threshold)
        self.check.setText(self.tr("Stream from disk when training (file larger than {size} MB)").format(
            size=f"{threshold / 1024**2:.3g}"))
        self.check.setChecked(self._large)
        self.check.setVisible(self._large)

    def _train(self, configs: list, names: list[str], cluster: str | None) -> bool | None:
        """The window's training hook: one streamed run, or what the other features do."""
        if not self.streaming():
            return self._next_hook(configs, names, cluster) if self._next_hook is not None else None
        if len(configs) > 1 or names or cluster is not None:
            self.window.statusBar().showMessage(self.tr(
                "A streamed file trains one run at a time on this computer; untick Stream from disk to sweep "
                "or to train on a cluster."), 8000)
            return False
        return self.window._launch(configs[0], stream=True)
