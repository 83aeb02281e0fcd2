"""TensorBoard event files, read back with TensorFlow's own summary iterator."""

from collections import defaultdict

import pytest

from tests.trained_runs import data_file, train_stored_run
from workbench.core.errors import WorkbenchError
from workbench.core.store import RunStore


def read_events(folder):
    """{relative folder: {tag: [(step, value or plugin)]}} of every event file under ``folder``."""
    import tensorflow as tf

    out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(folder.rglob("events.out.tfevents.*")):
        for event in tf.compat.v1.train.summary_iterator(str(path)):
            for value in event.summary.value:
                plugin = value.metadata.plugin_data.plugin_name
                content = tf.make_ndarray(value.tensor) if plugin == "scalars" else plugin
                out[str(path.parent.relative_to(folder))][value.tag].append((event.step, content))
    return out


def test_runs_are_written_as_tensorboard_reads_them(tmp_path):
    from workbench.core.tensorboard_export import export_tensorboard

    path = data_file(tmp_path)
    with RunStore(tmp_path / "home") as store:
        plain = train_stored_run(store, path, dropout=0.0, epochs=3)
        dropped = train_stored_run(store, path, dropout=0.5, epochs=3)
        history = store.history(dropped)
        export = export_tensorboard(store, [plain, dropped], tmp_path / "logs")
        with pytest.raises(WorkbenchError, match="already exists and is not empty"):
            export_tensorboard(store, [plain], tmp_path / "logs")
        again = export_tensorboard(store, [plain, dropped], tmp_path / "logs", force=True)
    name = export.runs[dropped]
    assert name == f"run {dropped} · Bag of embeddings · dropout 0.5" and again.runs == export.runs
    events = read_events(tmp_path / "logs")
    assert set(events) == {".", export.runs[plain], name, f"{name}/train", f"{name}/validation",
                           f"{export.runs[plain]}/train", f"{export.runs[plain]}/validation"}
    for part, key in (("train", "loss"), ("validation", "val_loss"), ("validation", "val_accuracy")):
        tag = "epoch_loss" if key.endswith("loss") else "epoch_accuracy"
        written = events[f"{name}/{part}"][tag]  # once: --force did not leave a second copy
        assert [step for step, _ in written] == [1, 2, 3]
        assert [float(value) for _, value in written] == pytest.approx([h[key] for h in history])
    assert [step for step, _ in events[f"{name}/train"]["learning_rate"]] == [1, 2, 3]
    run_tags = events[name]
    assert run_tags["embedding/embeddings"] == [(3, "histograms")] and run_tags["output/kernel"][0][1] == "histograms"
    assert run_tags["test_accuracy"][0][0] == 3
    assert run_tags["_hparams_/session_start_info"][0][1] == "hparams"  # the HParams format
    assert events["."]["_hparams_/experiment"][0][1] == "hparams"
    assert export.hparams and any("final weights" in note for note in export.notes)
