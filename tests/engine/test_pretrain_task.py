"""The engine's pretrain task: a real child process pretraining on a text file, then a run continuing it."""

from __future__ import annotations

import pytest

from tests.engine.test_engine import data_ref, engine, reply_to  # noqa: F401  (fixtures)
from tests.helpers import labelled_rows
from workbench.core.events import EpochEnd, RunFinished, RunStarted
from workbench.core.store import RunStore

TINY = {"epochs": 2, "batch_size": 8, "embedding_dim": 8, "max_tokens": 300, "learning_rate": 0.01}


@pytest.fixture
def notes(tmp_path):
    """Unlabelled text: one text per line."""
    path = tmp_path / "notes.txt"
    path.write_text("".join(f"{text}\n" for text, _ in labelled_rows(60)), encoding="utf-8")
    return path


def test_pretrain_stores_a_pretrain_run_that_a_classifier_can_continue(engine, data_ref, notes, tmp_path):  # noqa: F811
    process, messages = engine
    refused = reply_to(messages, process.send("pretrain", config={**TINY, "model": "mlp"}, path=str(notes)))
    assert not refused["ok"] and "no embedding and encoder to pretrain" in refused["error"]

    events = []
    reply = reply_to(messages, process.send("pretrain", config=TINY, path=str(notes), text_column=None), events)
    assert reply["ok"], reply
    result = reply["result"]
    assert result["status"] == "completed" and result["kind"] == "pretrain" and result["data"]["rows"] == 60
    assert len(result["history"]) == 2 and all(e["loss"] > 0 for e in result["history"])
    started = [e for e in events if isinstance(e, RunStarted)]
    assert [e.kind for e in started] == ["pretrain"] and started[0].run_id == result["run_id"]
    assert [e.epoch for e in events if isinstance(e, EpochEnd)] == [1, 2]
    assert [e.status for e in events if isinstance(e, RunFinished)] == ["completed"]

    trained = reply_to(messages, process.send("train", config={**TINY, "init_from": result["run_id"]},
                                              data=data_ref, split=None, probes=[]))
    assert trained["ok"] and trained["result"]["status"] == "completed", trained
    with RunStore(tmp_path / "home") as store:
        assert store.get_run(result["run_id"]).kind == "pretrain"
        assert store.get_run(trained["result"]["run_id"]).parent_id == result["run_id"]
