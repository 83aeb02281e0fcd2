"""Checking a cluster address before anything is sent: one sentence that says what is wrong."""

import socket
import subprocess
import sys

import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core.cluster import (
    INSTALL_HINT,
    cluster_address_problem,
    ray_installed,
    ray_token_available,
)

needs_ray = pytest.mark.skipif(not ray_installed(), reason='needs Ray: pip install -e ".[cluster]"')


@needs_ray
@pytest.mark.parametrize("address, expected", [
    ("", "Give the cluster's address as HOST:PORT"),
    ("10.0.0.5", "'10.0.0.5' needs a host and a port, e.g. 10.0.0.5:6379."),
    ("10.0.0.5:port", "'10.0.0.5:port' needs a host and a port"),
    ("10.0.0.5:70000", "'10.0.0.5:70000' needs a host and a port"),
    ("http://10.0.0.5:6379", "'http://10.0.0.5:6379' is not a Ray address"),
])
def test_malformed_addresses_are_refused_without_contacting_anything(address, expected):
    assert cluster_address_problem(address).startswith(expected)


@needs_ray
def test_an_address_where_nothing_listens_says_so_and_one_that_answers_passes():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        port = server.getsockname()[1]
        assert cluster_address_problem(f"127.0.0.1:{port}", timeout=2) == (
            f"Nothing answers at 127.0.0.1:{port}; start the cluster's head there with "
            f"`ray start --head --port={port}`, or check the address.")
        server.listen()
        assert cluster_address_problem(f"127.0.0.1:{port}") is None
        assert cluster_address_problem(f"ray://127.0.0.1:{port}") is None


def test_without_ray_the_cli_says_in_one_sentence_how_to_install_it(tmp_path):
    data = write_csv(tmp_path / "d.csv", labelled_rows(40))
    code = ("import sys; sys.modules['ray'] = None; from workbench.cli import main; "
            f"sys.exit(main(['sweep', {str(data)!r}, '--vary', 'dropout=0,0.5', '--cluster', '127.0.0.1:6379']))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 2
    assert out.stderr == f"error: {INSTALL_HINT}\n"
    assert INSTALL_HINT.count(". ") == 0 and 'pip install -e ".[cluster]"' in INSTALL_HINT


def test_a_ray_token_is_found_where_ray_looks_for_it(tmp_path):
    """`ray start` (Ray 2.59+) requires a token: the client joins in token mode when it has one."""
    assert not ray_token_available({}, tmp_path)
    assert ray_token_available({"RAY_AUTH_TOKEN": "abc"}, tmp_path)
    assert ray_token_available({"RAY_AUTH_TOKEN_PATH": str(tmp_path / "t")}, tmp_path)
    assert not ray_token_available({"RAY_AUTH_TOKEN": ""}, tmp_path)
    (tmp_path / ".ray").mkdir()
    (tmp_path / ".ray" / "auth_token").write_text("abc")
    assert ray_token_available({}, tmp_path)
