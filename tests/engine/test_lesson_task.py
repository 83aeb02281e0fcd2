"""The engine's lesson task: a real engine process training a bundled lesson on reduced settings."""

from __future__ import annotations

from tests.engine.test_engine import engine, reply_to  # noqa: F401 - the fixture and the reply reader
from workbench.core.store import RunStore


def test_a_lesson_streams_its_runs_and_narration_and_answers_with_the_verdict(engine):  # noqa: F811
    process, messages = engine
    events = []
    reply = reply_to(messages, process.send("lesson", name="overfitting", language="zh", seeds=1,
                                            changes={"epochs": 2}), events)
    assert reply["ok"], reply.get("error")
    result = reply["result"]
    assert result["status"] == "completed" and result["language"] == "zh"
    assert [(r["lesson_run"], r["seed"], len(r["history"])) for r in result["runs"]] == [
        ("unregularized", 42, 2), ("regularized", 42, 2)]
    assert set(result["verdict"]) == {"unregularized", "regularized"}
    kinds = [type(e).__name__ for e in events if type(e).__name__ not in ("BatchProgress", "EpochEnd")]
    assert kinds[:3] == ["LessonStep", "LessonRunStarted", "LessonStep"]  # start, run 1 begins, its narration
    assert kinds.count("LessonRunStarted") == 2 and kinds.count("RunStarted") == 2
    assert kinds[-1] == "LessonStep" and events[-1].moment == "verdict" and events[-1].values
    started = [e for e in events if type(e).__name__ == "LessonRunStarted"]
    assert [(e.run, e.label, e.index, e.total) for e in started] == [
        ("unregularized", "No regularization", 1, 2), ("regularized", "Dropout and L2", 2, 2)]
    with RunStore(process.home) as store:
        group = store.group(result["group_id"])
        assert group["kind"] == "lesson" and group["info"]["verdict"] == result["verdict"]
        assert group["run_ids"] == [r["run_id"] for r in result["runs"]]


def test_an_unknown_lesson_is_an_error_reply(engine):  # noqa: F811
    process, messages = engine
    reply = reply_to(messages, process.send("lesson", name="overfit"))
    assert not reply["ok"] and reply["error"].startswith("There is no lesson called 'overfit'")
