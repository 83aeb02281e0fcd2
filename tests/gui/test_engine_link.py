"""The window and its engine process: no TensorFlow in the window, crashes it survives, a Stop that hangs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from tests.gui.windows import open_data
from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig

TIMEOUT = 120_000
TINY = ExperimentConfig(epochs=2, batch_size=8, embedding_dim=8, learning_rate=0.01)


@pytest.fixture
def window(make_window, qtbot, tmp_path):
    window = make_window()
    assert open_data(qtbot, window, write_csv(tmp_path / "d.csv", labelled_rows(80)))
    return window


def test_the_window_process_never_imports_tensorflow(tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(80))
    script = textwrap.dedent(f"""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QEventLoop, QSettings, QTimer
        from PySide6.QtWidgets import QApplication
        from workbench.core.config import ExperimentConfig
        from workbench.core.store import RunStore
        from workbench.gui import MainWindow
        app = QApplication([])
        window = MainWindow(store=RunStore(r"{tmp_path / 'home'}"),
                            settings=QSettings(r"{tmp_path / 's.ini'}", QSettings.Format.IniFormat))
        window.show()

        def wait_for(signal):
            loop, got = QEventLoop(), []
            signal.connect(lambda *args: (got.append(args), loop.quit()))
            QTimer.singleShot(120_000, loop.quit)
            return loop, got

        loop, opened = wait_for(window.dataset_opened)
        window.open_dataset(r"{data}")
        loop.exec()
        window.config_form.set_config(ExperimentConfig(epochs=2, batch_size=8, embedding_dim=8))

        loop, finished = wait_for(window.engine.run_finished)
        window.start_training()
        loop.exec()
        run_id = finished[0][0].run_id
        loop, predicted = wait_for(window.engine.predicted)
        window.engine.predict(run_id, "The soup was wonderful")  # the Try-it box
        loop.exec()
        loop, explained = wait_for(window.engine.importance_ready)
        window.engine.explain(run_id, "The soup was wonderful")  # the Mistakes tab
        loop.exec()
        from workbench.gui.tune_dialog import TuneDialog
        from workbench.gui.tuning_panel import Tuning
        tuning = next(f for f in window.features if isinstance(f, Tuning))
        TuneDialog(window.config_form.config(), ["positive", "negative"], window)  # Run > Tune…
        loop, found = wait_for(window.engine.task_finished)
        tuning.find_learning_rate()  # Run > Find learning rate…
        loop.exec()
        print(finished[0][0].status, bool(predicted), bool(explained), found[0][0], found[0][1] is not None)
        transfer = next(f for f in window.features if type(f).__name__ == "TransferActions")
        loop, pretrained = wait_for(window.engine.task_finished)
        transfer.pretrain(ExperimentConfig(epochs=1, batch_size=8, embedding_dim=8), r"{data}")  # then continues it
        loop.exec()
        print(pretrained[0][1]["status"], window.config_form.config().init_from == pretrained[0][1]["run_id"])
        from workbench.gui.structure_panel import StructurePanel
        structure = window.findChild(StructurePanel, "structurePanel")
        window.runs_panel.select_runs([run_id])
        loop, listed = wait_for(structure.tree.model().rowsInserted)
        window.bottom_tabs.setCurrentWidget(structure)  # Model structure, with the weights' histograms
        loop.exec()
        structure.click_layer("output")  # its histogram in Inside the model
        print(bool(listed))
        from workbench.gui.trust_panel import TrustFeature
        trust = next(f for f in window.features if isinstance(f, TrustFeature))
        loop, previewed = wait_for(trust.augment_view.refreshed)
        trust.show_preview()  # augmented copies, made by the engine
        loop.exec()
        print("previewed", bool(previewed))
        print(sorted(m for m in ("tensorflow", "keras", "tf_keras") if m in sys.modules))
        window.close()
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.splitlines()[-5:] == ["completed True True lr_find True", "completed True", "True",
                                            "previewed True", "[]"], out.stdout + out.stderr[-2000:]


def test_a_killed_engine_leaves_the_window_usable_and_the_run_interrupted(window, qtbot):
    window.config_form.set_config(TINY.replace(epochs=500))
    epochs = []
    window.engine.epoch_end.connect(epochs.append)
    window.start_training()
    qtbot.waitUntil(lambda: len(epochs) >= 2, timeout=TIMEOUT)
    with qtbot.waitSignal(window.engine.run_finished, timeout=TIMEOUT) as finished:
        os.kill(window.engine.process.pid, signal.SIGKILL)
    outcome = finished.args[0]
    assert outcome.status == "interrupted" and "was killed" in outcome.message
    record = window.store.get_run(outcome.run_id)
    assert record.status == "interrupted" and len(window.store.history(outcome.run_id)) >= 2
    assert "was killed" in window.statusBar().currentMessage()
    assert window.findChild(QMessageBox, "runProblemDialog") is None  # nothing to click away
    train = window.findChild(QPushButton, "trainButton")
    assert train.isEnabled()
    window.config_form.set_config(TINY)
    with qtbot.waitSignal(window.engine.run_finished, timeout=TIMEOUT) as again:
        train.click()  # a fresh engine
    assert again.args[0].status == "completed"
    window.runs_panel.select_runs([outcome.run_id])
    window.store.delete(outcome.run_id)  # an interrupted run can be deleted


def test_a_stop_that_goes_unanswered_offers_to_end_the_engine(window, qtbot):
    window.config_form.set_config(TINY.replace(epochs=500))
    window.engine.stop_grace_ms = 1  # as if the batch in flight took longer than the grace period
    with qtbot.waitSignal(window.engine.epoch_end, timeout=TIMEOUT):
        window.start_training()
    window.stop_training()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "stopOverdueDialog") is not None, timeout=10_000)
    dialog = window.findChild(QMessageBox, "stopOverdueDialog")
    with qtbot.waitSignal(window.engine.run_finished, timeout=TIMEOUT) as finished:
        dialog.findChild(QPushButton, "endEngineButton").click()
    assert finished.args[0].status == "interrupted"
    window.engine.stop_grace_ms = 5_000
    window.config_form.set_config(TINY)
    with qtbot.waitSignal(window.engine.run_finished, timeout=TIMEOUT) as again:
        window.start_training()
    assert again.args[0].status == "completed"
