"""The engine process and its protocol, without Qt: a real child process training real models."""

from __future__ import annotations

import math
import time

import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core.data import load_dataset
from workbench.core.events import EpochEnd, LayerInfo, RunFinished, RunStarted
from workbench.core.store import RunStore
from workbench.engine import protocol
from workbench.engine.client import EngineProcess

TINY = {"epochs": 2, "batch_size": 8, "embedding_dim": 8, "learning_rate": 0.01}


def test_events_cross_the_wire_as_they_were_sent():
    started = RunStarted(3, {"model": "lstm"}, ["a", "b"], {"train": 5}, 4, 2, [LayerInfo("dense", "Dense", 9)],
                         9, ["a note"], {"val_accuracy": 0.5}, ["probe"])
    epoch = EpochEnd(1, {"loss": float("nan"), "val_loss": float("inf")}, {"dense/kernel": {"counts": [1, 2]}},
                     [[0.25, 0.75]])
    for event in (started, epoch, RunFinished("completed", "done", 3)):
        line = protocol.encode(protocol.event_message(7, event))
        assert line.endswith(b"\n") and line.count(b"\n") == 1  # one message, one line
        back = protocol.event_from_message(protocol.decode(line))
        if event is epoch:  # NaN is not equal to itself
            assert math.isnan(back.metrics["loss"]) and back.metrics["val_loss"] == math.inf
            assert back.weights == epoch.weights and back.probes == epoch.probes
        else:
            assert back == event
    assert isinstance(protocol.event_from_message(protocol.decode(
        protocol.encode(protocol.event_message(1, started)))).layers[0], LayerInfo)
    with pytest.raises(protocol.ProtocolError):
        protocol.decode(b"not json\n")
    with pytest.raises(protocol.ProtocolError):
        protocol.event_from_message({"type": "event", "event": "Pickle", "data": {}})


@pytest.fixture
def engine(tmp_path):
    process = EngineProcess(tmp_path / "home")
    process.start()
    messages = process.messages()
    assert next(messages)["type"] == "hello"
    yield process, messages
    process.kill()


@pytest.fixture
def data_ref(tmp_path):
    path = write_csv(tmp_path / "d.csv", labelled_rows(80))
    s = load_dataset(path).summary
    return {"path": str(path), "text_column": s.text_column, "label_column": s.label_column,
            "fingerprint": s.fingerprint}


def test_the_engine_runs_below_the_window_s_priority(engine):
    """So that the window paints first when both want the cores (bench/gui_responsiveness.py)."""
    import psutil

    process, _messages = engine
    assert psutil.Process(process.pid).nice() > psutil.Process().nice()


def reply_to(messages, request_id, events=None):
    for message in messages:
        if message["type"] == "event" and events is not None:
            events.append(protocol.event_from_message(message))
        elif message["type"] == "reply" and message["request"] == request_id:
            return message
    raise AssertionError("the engine ended without replying")


def test_a_failing_request_is_answered_and_the_engine_goes_on(engine, data_ref):
    process, messages = engine
    bad = reply_to(messages, process.send("predict", run_id=999, texts=["x"]))
    assert not bad["ok"] and bad["error"] == "No run with id 999."
    unknown = reply_to(messages, process.send("prepare_data", data={**data_ref, "fingerprint": "other"}))
    assert not unknown["ok"] and "has changed on disk" in unknown["error"]
    events = []
    trained = reply_to(messages, process.send("train", config=TINY, data=data_ref, split=None, probes=[]), events)
    assert trained["ok"] and trained["result"]["status"] == "completed"
    run_id = trained["result"]["run_id"]
    assert [type(e).__name__ for e in events if not type(e).__name__ == "BatchProgress"] == [
        "RunStarted", "EpochEnd", "EpochEnd", "RunFinished"]
    predicted = reply_to(messages, process.send("predict", run_id=run_id, texts=["The soup was wonderful"]))
    assert predicted["ok"] and math.isclose(sum(predicted["result"]["probabilities"][0]), 1, abs_tol=1e-5)
    mistakes = reply_to(messages, process.send("misclassified", run_id=run_id))
    assert mistakes["ok"] and mistakes["result"]["total"] == 12  # the run's own test rows


def test_a_stop_sent_before_its_run_begins_counts_and_spares_the_next_run(engine, data_ref):
    process, messages = engine
    first = process.send("train", config={**TINY, "epochs": 200}, data=data_ref, split=None, probes=[])
    process.send("stop", request=first)  # most likely before the engine has even read the data
    second = process.send("train", config=TINY, data=data_ref, split=None, probes=[])
    stopped = reply_to(messages, first)["result"]
    assert stopped["status"] == "stopped"
    assert reply_to(messages, second)["result"]["status"] == "completed"
    with RunStore(process.home) as store:
        assert len(store.history(stopped["run_id"])) == 1  # ended in its first epoch


def test_when_the_window_goes_away_the_run_is_kept_as_stopped_and_the_engine_exits(engine, data_ref):
    process, messages = engine
    process.send("train", config={**TINY, "epochs": 500}, data=data_ref, split=None, probes=[])
    for message in messages:
        if message["type"] == "event" and message["event"] == "EpochEnd":
            break
    started = time.monotonic()
    process._close_stdin()  # what happens when the window's process dies
    assert process.wait(30) == 0
    with RunStore(process.home) as store:
        (run,) = store.list_runs()
        assert run.status == "stopped" and len(store.history(run.id)) >= 1 and run.model_path
    assert time.monotonic() - started < 30


def test_a_killed_engine_leaves_an_interrupted_run_with_its_epochs(engine, data_ref):
    process, messages = engine
    process.send("train", config={**TINY, "epochs": 500}, data=data_ref, split=None, probes=[])
    epochs = 0
    for message in messages:
        if message["type"] == "event" and message["event"] == "EpochEnd":
            epochs += 1
            if epochs == 2:
                break
    process.kill()
    assert "SIGKILL" in process.describe_exit()
    with RunStore(process.home) as store:  # opening the store notices the owner is gone
        (run,) = store.list_runs()
        assert run.status == "interrupted" and len(store.history(run.id)) >= 2
