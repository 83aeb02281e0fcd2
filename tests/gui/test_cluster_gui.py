"""Beyond one process in the window: "Run on" a Ray cluster in the sweep and cross-validation dialogs, the
trials' curves growing live, and "Stream from disk" for a large file."""

import hashlib
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox, QSpinBox

import workbench.core.cluster
from tests.gui.windows import open_data
from tests.helpers import labelled_rows, write_csv
from workbench.core.cluster import ray_installed
from workbench.core.config import ExperimentConfig
from workbench.core.events import TrialEvent
from workbench.gui.run_on import RunOnChoice
from workbench.gui.streaming import StreamChoice
from workbench.gui.sweep_dialog import SweepDialog
from workbench.gui.trust_panel import CrossValidationDialog

TINY = ExperimentConfig(epochs=2, batch_size=8, embedding_dim=8, max_tokens=200)
TASK_TIMEOUT = 300_000


def test_run_on_checks_the_address_remembers_it_and_says_how_to_install_ray(qtbot, tmp_path, monkeypatch):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    dialog = SweepDialog(TINY, None, settings)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    choice = dialog.run_on
    assert choice.cluster() is None and ok.isEnabled() and not choice.address.isEnabled()
    assert choice.note.isHidden()

    choice.where.setCurrentIndex(choice.where.findData("cluster"))
    choice.address.setText("10.0.0.5")
    assert not ok.isEnabled() and "needs a host and a port" in choice.note.text() and choice.cluster() is None
    choice.address.setText("127.0.0.1:6379")
    assert ok.isEnabled() and "the data file and the settings only" in choice.note.text()
    assert choice.cluster() == "127.0.0.1:6379"
    assert CrossValidationDialog(None, settings).run_on.address.text() == "127.0.0.1:6379"  # remembered

    monkeypatch.setattr(workbench.core.cluster, "ray_installed", lambda: False)
    missing = RunOnChoice(settings)
    qtbot.addWidget(missing)
    assert missing.note.isHidden()  # this computer needs nothing
    missing.where.setCurrentIndex(missing.where.findData("cluster"))
    assert 'pip install -e ".[cluster]"' in missing.note.text() and not missing.note.isHidden()
    assert not missing.address.isEnabled() and missing.cluster() is None


@pytest.mark.skipif(not ray_installed(), reason='needs Ray: pip install -e ".[cluster]"')
def test_a_sweep_on_a_cluster_draws_each_trial_as_it_trains(make_window, qtbot, tmp_path):
    from workbench.core.local_ray import LocalRayCluster

    data = write_csv(tmp_path / "d.csv", labelled_rows(60))
    with LocalRayCluster(cpus=2) as cluster:
        window = make_window()
        assert open_data(qtbot, window, data)
        drawn = []  # (run id, epoch, points on its validation curve when that epoch arrived)

        def on_event(event):
            if isinstance(event, TrialEvent) and event.event == "EpochEnd":
                window.plots.flush()
                x, _y = window.plots.curve_data(event.run_id, "loss", "validation")
                drawn.append((event.run_id, event.data["epoch"], len(x)))

        window.engine.event.connect(on_event)
        with qtbot.waitSignal(window.engine.task_finished, timeout=TASK_TIMEOUT) as finished:
            assert window.start_sweep([TINY, TINY.replace(dropout=0.5)], ["dropout"], cluster.address)
        kind, result, error = finished.args
        assert kind == "sweep" and result is not None, error

    run_ids = [run["run_id"] for run in result["runs"]]
    assert [run["status"] for run in result["runs"]] == ["completed", "completed"]
    assert sorted(drawn) == sorted((run_id, epoch, epoch) for run_id in run_ids for epoch in (1, 2))
    assert set(run_ids) <= set(window.plots.keys())
    assert all(window.store.get_run(run_id).status == "completed" for run_id in run_ids)


def test_a_large_file_is_previewed_from_its_head_and_trains_streamed(make_window, qtbot, tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(80))
    window = make_window()
    (feature,) = [f for f in window.features if isinstance(f, StreamChoice)]
    assert open_data(qtbot, window, data)
    assert feature.check.isHidden() and not feature.streaming()  # far below 500 MB
    assert window.data_panel.dataset.summary.rows == 80

    feature.threshold_bytes, feature.head_bytes = data.stat().st_size - 1, data.stat().st_size // 2
    assert open_data(qtbot, window, data)
    assert not feature.check.isHidden() and feature.check.isChecked() and "MB" in feature.note.text()
    summary = window.data_panel.dataset.summary
    assert 30 < summary.rows < 50  # the head only, in whole rows
    assert summary.fingerprint == hashlib.sha256(data.read_bytes()).hexdigest()  # of the whole file
    window.config_form.set_config(TINY)
    seeds = window.findChild(QSpinBox, "repeatSeedsSpin")
    seeds.setValue(2)
    assert window.start_training() is False and "one run at a time" in window.statusBar().currentMessage()
    seeds.setValue(1)
    with qtbot.waitSignal(window.engine.run_finished, timeout=TASK_TIMEOUT) as finished:
        assert window.start_training()
    outcome = finished.args[0]
    assert outcome.status == "completed", outcome.message
    record = window.store.get_run(outcome.run_id)
    assert record.dataset["streamed"] is True and len(window.store.history(outcome.run_id)) == 2
    assert outcome.run_id in window.plots.keys()

    feature.check.setChecked(False)  # the engine reads the whole file: an ordinary run on every row
    with qtbot.waitSignal(window.engine.run_finished, timeout=TASK_TIMEOUT) as finished:
        assert window.start_training()
    record = window.store.get_run(finished.args[0].run_id)
    assert "streamed" not in record.dataset and sum(record.dataset["sizes"].values()) == 80


def test_the_window_s_cluster_and_streaming_code_never_imports_tensorflow_or_ray(tmp_path):
    """What these features run in the window process (test_engine_link's check runs the rest)."""
    data = write_csv(tmp_path / "d.csv", labelled_rows(80))
    script = textwrap.dedent(f"""
        import os, sys, threading
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication
        from workbench.core.config import ExperimentConfig
        from workbench.core.large_files import read_head_table
        from workbench.gui.sweep_dialog import SweepDialog
        from workbench.gui.trust_panel import CrossValidationDialog
        app = QApplication([])
        for dialog in (SweepDialog(ExperimentConfig()), CrossValidationDialog()):
            dialog.run_on.where.setCurrentIndex(1)
            dialog.run_on.address.setText("127.0.0.1:6379")
            assert dialog.run_on.cluster() == "127.0.0.1:6379"
        print(len(read_head_table({str(data)!r}, 1000, threading.Event()).frame))
        print(sorted(m for m in ("tensorflow", "keras", "ray") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = out.stdout.splitlines()
    assert 0 < int(lines[-2]) < 80 and lines[-1] == "[]", out.stdout
