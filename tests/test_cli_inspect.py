"""`workbench inspect` as a user runs it: the command line's own entry point (in this process, see
tests.helpers.cli), real files."""

import json
from pathlib import Path

import pytest

from tests.helpers import cli, labelled_rows, write_csv
from workbench.cli.data import format_summary
from workbench.core.data import load_dataset

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"


def run(*args):
    return cli("inspect", *args)


def test_json_summary_has_the_promised_keys(tmp_path):
    path = write_csv(tmp_path / "d.csv", labelled_rows(30), delimiter=";", encoding="utf-8-sig")
    out = run(path, "--json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert {k: summary[k] for k in ("rows", "dropped_rows", "encoding", "delimiter", "text_column",
                                    "label_column", "classes", "language")} == {
        "rows": 30, "dropped_rows": 0, "encoding": "utf-8-sig", "delimiter": "semicolon",
        "text_column": "text", "label_column": "label", "classes": {"positive": 15, "negative": 15},
        "language": "en"}


def test_text_summary_and_column_overrides(tmp_path):
    rows = [(t, label, "a" if i % 4 else "b") for i, (t, label) in enumerate(labelled_rows(40))]
    path = write_csv(tmp_path / "d.csv", rows, header=("message", "mood", "group"))
    out = run(path, "--label-column", "group")
    assert out.returncode == 0, out.stderr
    assert "label = 'group'" in out.stdout and "a 30 (75.0%), b 10 (25.0%)" in out.stdout


@pytest.mark.parametrize("content,message", [
    (b"", "is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image"),
    (b"text,label\n", "header but no rows"),
])
def test_bad_file_exits_2_with_one_line_and_no_traceback(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    out = run(path, "--json")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith("error: ") and message in out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_missing_column_option_is_a_user_error(tmp_path):
    out = run(write_csv(tmp_path / "d.csv", labelled_rows(30)), "--text-column", "body")
    assert out.returncode == 2 and "No column named 'body'" in out.stderr


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.csv")))
def test_bundled_samples_inspect_cleanly(name):
    out = run(SAMPLES / name, "--json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["rows"] >= 600 and summary["dropped_rows"] == 0
    assert summary["conflicting_texts"] == 0 and summary["duplicate_texts"] == 0


def test_stray_bytes_are_counted_in_json_and_noted_in_text(tmp_path):
    rows = [(f"这家店的菜很好吃，第{i}次来", "好评") if i % 2 else (f"服务太差了，等了{i}分钟", "差评")
            for i in range(200)]
    path = write_csv(tmp_path / "export.csv", rows)
    path.write_bytes(path.read_bytes().replace("菜".encode(), b"\xe8\x8f", 2))  # two characters cut short
    out = run(path, "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["replaced_characters"] == 2
    out = run(path)
    note = [line for line in out.stdout.splitlines() if line.startswith("Note")]
    assert note == ["Note        2 byte sequences are not valid utf-8 and were read as \ufffd; if those texts matter, "
                    "fix them in the source file or save it again as UTF-8"]
    clean = run(write_csv(tmp_path / "clean.csv", rows))
    assert clean.returncode == 0 and "Note" not in clean.stdout


def test_one_stray_byte_and_one_repeat_are_said_in_the_singular(tmp_path):
    rows = [(f"服务太差了，等了{i}分钟", "差评") if i % 2 else (f"这家店的菜很好吃，第{i}次来", "好评") for i in range(40)]
    path = write_csv(tmp_path / "export.csv", [*rows, rows[1]])
    path.write_bytes(path.read_bytes().replace("菜".encode(), b"\xe8\x8f", 1))
    text = format_summary(load_dataset(path).summary)
    assert "Duplicates  1 repeated text, 0 texts with conflicting labels" in text.splitlines()
    assert "Note        1 byte sequence is not valid utf-8 and was read as \ufffd;" in text
