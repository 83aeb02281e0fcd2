"""The engine's sweep task (the window's sweep over seeds), run in this process on a real store and data."""

from __future__ import annotations

from tests.helpers import labelled_rows, write_csv
from workbench.core.config import ExperimentConfig
from workbench.core.data import load_dataset
from workbench.core.events import RunFinished
from workbench.core.sweep import sweep_configs
from workbench.engine.tasks import TASKS, Context, Session

TINY = ExperimentConfig(epochs=1, batch_size=8, embedding_dim=8, learning_rate=0.01)


def test_sweep_task_trains_the_window_s_configs_over_seeds_and_compares_them(tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path / "home"))
    path = write_csv(tmp_path / "d.csv", labelled_rows(30))
    s = load_dataset(path).summary
    data = {"path": str(path), "text_column": s.text_column, "label_column": s.label_column,
            "fingerprint": s.fingerprint}
    # What the sweep dialog hands over: the configs of a 2x2 sweep and the names varied.
    configs = sweep_configs(TINY, [("dropout", [0.0, 0.5]), ("l2", [0.0, 1e-3])])
    events, session = [], Session()
    result = TASKS["sweep"].run(Context(session, events.append), configs=[c.to_dict() for c in configs],
                                names=["dropout", "l2"], data=data, repeats=1)
    session.close()
    runs = result["runs"]
    assert [(r["varied"]["dropout"], r["varied"]["l2"], r["seed"]) for r in runs] == [
        (d, l2, 42) for d in (0.0, 0.5) for l2 in (0.0, 1e-3)]
    assert [ExperimentConfig.from_dict(r["config"]) for r in runs] == configs
    assert sum(isinstance(e, RunFinished) for e in events) == 4
    groups = result["groups"]
    assert [g["varied"] for g in groups] == [r["varied"] for r in runs] and [g["n"] for g in groups] == [1] * 4
    assert sum(g["reference"] for g in groups) == 1
    # One seed each: no measure of the noise, and the verdicts say so (the window's test sweeps over 2 seeds).
    assert {g["verdict"]["outcome"] for g in groups if not g["reference"]} == {"cannot_tell"}
