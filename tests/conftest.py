import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def private_workbench_home(tmp_path_factory, monkeypatch):
    """Never touch the user's real run store: each test (and its subprocesses) gets its own."""
    monkeypatch.setenv("WORKBENCH_HOME", str(tmp_path_factory.mktemp("home")))
