"""Work in turns of the event loop: one step per turn, a new start replaces what is left, finish runs it now."""

from __future__ import annotations

from tests.gui.spin import spin
from workbench.gui.in_turns import InTurns


def test_steps_run_one_per_turn_and_a_new_start_replaces_the_rest(qtbot):
    turns = InTurns()
    done: list[str] = []

    def first() -> None:
        done.append("a")
        turns.start([lambda: done.append("x")])  # "b" and "c", not run yet, are dropped

    turns.start([first, lambda: done.append("b"), lambda: done.append("c")])
    assert done == [] and turns.pending()  # nothing runs inside start()
    qtbot.waitUntil(lambda: not turns.pending(), timeout=1000)
    assert done == ["a", "x"]

def test_finish_runs_the_steps_left_at_once(qtbot):
    turns = InTurns()
    done: list[int] = []
    turns.start([lambda i=i: done.append(i) for i in range(4)])
    turns.finish()
    assert done == [0, 1, 2, 3] and not turns.pending()
    spin(20)
    assert done == [0, 1, 2, 3]  # and not again


def test_a_step_that_raises_is_reported_and_the_steps_after_it_still_run(qtbot):
    """The last steps re-enable the plots' updates: a failed step before them must not freeze the plots."""
    turns = InTurns()
    done: list[str] = []

    def broken() -> None:
        raise ValueError("a step failed")

    with qtbot.capture_exceptions() as raised:
        turns.start([broken, lambda: done.append("after")])
        qtbot.waitUntil(lambda: not turns.pending(), timeout=1000)
    assert done == ["after"]
    assert [str(error) for _, error, _ in raised] == ["a step failed"]
