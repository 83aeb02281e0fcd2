import gc
import os

import psutil
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
MAX_WORKERS = 4  # each worker and its engines hold TensorFlow in memory (about 0.5 GB each)


def pytest_xdist_auto_num_workers(config) -> int:
    """``-n auto``: one worker per core, at most MAX_WORKERS."""
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1))


@pytest.fixture(autouse=True, scope="session")
def private_config_folder(tmp_path_factory):
    """Qt keeps QSettings() under XDG_CONFIG_HOME: never the user's own, in this process or its children."""
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("config"))


@pytest.fixture(autouse=True)
def private_workbench_home(tmp_path_factory, monkeypatch):
    """Never touch the user's real run store: each test (and its subprocesses) gets its own."""
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture(autouse=True)
def leaves_nothing_behind():
    """A test leaves no process running (an engine its window forgot) and garbage collection on."""
    yield
    children = psutil.Process().children(recursive=True)
    _gone, alive = psutil.wait_procs(children, timeout=10)
    for process in alive:
        process.kill()
    assert not alive, f"the test left processes running: {[p.cmdline()[-3:] for p in alive]}"
    assert gc.isenabled(), "the test switched garbage collection off"
