"""Training on a large file streamed from disk (core/streaming.py) from the window.

A file larger than ``threshold_bytes`` is not read whole: the window reads its first ``head_bytes`` for
the summary and the preview (and the whole file's fingerprint), and a check box under the summary offers
to stream it (on by default). Train then asks the engine for a streamed run: the engine reads the file in
batches through tf.data and never loads it whole either. A streamed file trains one run at a time on
this computer; unticked, the engine reads the whole file, as for any file.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox, QLabel, QSpinBox

from workbench.core.large_files import LARGE_FILE_BYTES, SAMPLE_BYTES, is_large_file, read_head_table



def install(window) -> StreamChoice:
    return StreamChoice(window)


class StreamChoice(QObject):
    def __init__(self, window, threshold_bytes: int | None = None, head_bytes: int | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.threshold_bytes = threshold_bytes  # None: core.large_files.LARGE_FILE_BYTES
        self.head_bytes = head_bytes  # None: core.large_files.SAMPLE_BYTES
        self.check = QCheckBox(objectName="streamCheck")
        self.check.setToolTip(self.tr(
            "Train by reading the file from disk a batch at a time, for files larger than memory. The vocabulary "
            "comes from the file's first megabytes, and the split is made by a hash of each text (not stratified)."))
        self.note = QLabel(objectName="streamNote")
        self.note.setWordWrap(True)
        self._large = False
        panel = window.data_panel
        below = panel.layout().indexOf(panel.summary_label) + 1
        panel.layout().insertWidget(below, self.check)
        panel.layout().insertWidget(below + 1, self.note)
        self._show(False)
        panel.dataset_changed.connect(self._dataset_changed)
        window.loader.read_large = self.read_head
        self._next_hook = window.training_hook  # the features installed before this one
        window.training_hook = self._train

    def _limits(self) -> tuple[int, int]:
        return self.threshold_bytes or LARGE_FILE_BYTES, self.head_bytes or SAMPLE_BYTES

    def read_head(self, path: Path, cancel: threading.Event) -> Any:
        """The loader's reader of large files (on its thread): their head, or None to read a file whole."""
        threshold, head = self._limits()
        return read_head_table(path, head, cancel) if is_large_file(path, threshold) else None

    def streaming(self) -> bool:
        return self._large and self.check.isChecked()

    def _dataset_changed(self, dataset: Any) -> None:
        threshold, head = self._limits()
        path = Path(dataset.summary.path)
        self._large = is_large_file(path, threshold)
        if self._large:
            self.check.setText(self.tr("Stream from disk when training"))
            self.note.setText(self.tr("The file holds {size} MB, more than {threshold} MB: the summary and the "
                                      "preview show its first {head} MB.").format(
                size=f"{path.stat().st_size / 1024**2:,.1f}", threshold=f"{threshold / 1024**2:.3g}",
                head=f"{head / 1024**2:.3g}"))
        self.check.setChecked(self._large)
        self._show(self._large)

    def _show(self, visible: bool) -> None:
        self.check.setVisible(visible)
        self.note.setVisible(visible)

    def _train(self, configs: list, names: list[str], cluster: str | None) -> bool | None:
        """The window's training hook: one streamed run, or what the other features do."""
        if not self.streaming():
            return self._next_hook(configs, names, cluster) if self._next_hook is not None else None
        seeds = self.window.findChild(QSpinBox, "repeatSeedsSpin")  # the trust panel's Seeds, if installed
        if len(configs) > 1 or names or cluster is not None or (seeds is not None and seeds.value() > 1):
            self.window.statusBar().showMessage(self.tr(
                "A streamed file trains one run at a time on this computer; untick Stream from disk to sweep, "
                "to train several seeds or to train on a cluster."), 8000)
            return False
        return self.window._launch(configs[0], stream=True)
