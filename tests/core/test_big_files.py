"""Big files: read in pieces exactly as in one parse, with progress that rises and a cancel that stops."""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import random
import threading
import time
from collections import Counter

import numpy as np
import pandas as pd
import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core import csvparse, data
from workbench.core.data import build_dataset, load_dataset, read_table
from workbench.core.errors import DatasetError, LoadCancelled

BIG_ROWS = 80_000


def big_rows() -> list[tuple[str, str]]:
    rows = labelled_rows(BIG_ROWS)
    rows[50_000] = (rows[7][0], rows[7][1])  # a repeat
    rows[60_000] = (rows[9][0], "negative" if rows[9][1] == "positive" else "positive")  # a conflict
    return rows


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory):
    """About 4.5 MB, so several chunks of the real size, with repeats, a conflict and a bad row far down."""
    rows = big_rows()
    lines = ["text,label"] + [f'"{t}",{label}' for t, label in rows]
    lines.insert(70_001, "one,two,three,four")  # line 70,002 of the file
    path = tmp_path_factory.mktemp("big") / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert BIG_ROWS > 4 * csvparse.CHUNK_ROWS
    return path


def test_a_big_file_is_summarized_exactly(big_csv):
    rows = big_rows()
    s = load_dataset(big_csv).summary
    assert (s.rows, s.malformed_rows, s.malformed_lines) == (BIG_ROWS, 1, [70_002])
    assert (s.duplicate_texts, s.conflicting_texts) == (2, 1)
    assert s.conflicting_examples == [rows[9][0]]
    assert s.classes == dict(Counter(label for _, label in rows).most_common())
    assert s.fingerprint == hashlib.sha256(big_csv.read_bytes()).hexdigest()
    assert s.tokens_counted_in == 2_000 and s.chars.max == max(len(t) for t, _ in rows)


def test_classes_are_ordered_by_rows_then_by_first_appearance(tmp_path):
    names = [f"topic {c}" for c in "qwertyuiopasdfghjklz"]  # 20 classes, more than a sort keeps by luck
    rows = [(f"{name} text number {i}", name) for i in range(5) for name in names]
    rows += [(f"extra text {i}", names[7]) for i in range(3)] + [(f"more text {i}", names[3]) for i in range(3)]
    classes = load_dataset(write_csv(tmp_path / "d.csv", rows)).summary.classes
    rest = [(name, 5) for name in names if name not in (names[3], names[7])]
    assert list(classes.items()) == [(names[3], 8), (names[7], 8), *rest]


def test_progress_rises_while_reading_and_ends_at_one(big_csv, monkeypatch):
    monkeypatch.setattr(data, "PROGRESS_INTERVAL", 0.0)  # every step reports
    values: list[float] = []
    load_dataset(big_csv, progress=values.append)
    assert values == sorted(set(values)) and values[-1] == 1.0
    assert len([v for v in values if v < data.READ_SHARE]) >= 3  # one or more per piece read
    assert len([v for v in values if data.READ_SHARE <= v < 1]) >= 3  # and while summarizing


def test_progress_comes_a_few_times_a_second_at_most(big_csv):
    times: list[float] = []
    values: list[float] = []

    def progress(value: float) -> None:
        times.append(time.monotonic())
        values.append(value)

    table = read_table(big_csv, progress=progress)
    gaps = [b - a for a, b in zip(times, times[1:-1])]  # the final 1.0 is not held back
    assert all(gap >= data.PROGRESS_INTERVAL for gap in gaps) and values[-1] == 1.0
    values.clear()
    build_dataset(table, big_csv, progress=progress)
    assert values[-1] == 1.0


@pytest.mark.parametrize("when", ["reading", "summarizing"])
def test_cancel_stops_the_load_and_leaves_no_thread_behind(big_csv, monkeypatch, when):
    monkeypatch.setattr(data, "PROGRESS_INTERVAL", 0.0)
    cancel = threading.Event()
    seen: list[float] = []
    threads = threading.active_count()

    def progress(value: float) -> None:
        seen.append(value)
        if (value < data.READ_SHARE) == (when == "reading"):
            cancel.set()

    with pytest.raises(LoadCancelled):
        load_dataset(big_csv, progress=progress, cancel=cancel)
    assert cancel.is_set() and seen[-1] < 1.0
    assert seen.index(seen[-1]) == len(seen) - 1  # nothing was reported after the cancel
    assert threading.active_count() == threads


def test_a_cancel_set_before_the_start_loads_nothing(tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(LoadCancelled, match="cancelled"):
        load_dataset(write_csv(tmp_path / "d.csv", labelled_rows(30)), cancel=cancel)


# --- pieces parse as one parse of the whole file would --------------------------------------------


def _csv(rows, delimiter=",", newline="\n", header=("text", "label")) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _tricky_files() -> dict[str, bytes]:
    rows = labelled_rows(300)
    quoted = [(f'She said "no",\nthen left;\r\n{t}' if i % 7 == 0 else t, label) for i, (t, label) in enumerate(rows)]
    ragged = ["text,label"] + [f"{t.replace(',', '')},{label}" for t, label in rows]
    for i in (5, 33, 61, 250):
        ragged[i] += ",extra,fields"  # malformed: too many fields
    for i in (20, 47, 200):
        ragged[i] = ragged[i].split(",")[0]  # too few: the label is empty
    ragged[40:40] = ["", "", ""]  # blank lines count as lines
    zh = [(f"这家店的菜很好吃，第{i}次来", "好评") if i % 2 else (f"服务太差了，等了{i}分钟", "差评")
          for i in range(300)]
    # A row with too many fields after 225 rows; 33 of them hold line breaks, which are not lines.
    quoted_csv = _csv(quoted[:225], newline="\r\n") + "too,many,fields,here\r\n" + _csv(
        quoted[225:], newline="\r\n", header=None)
    return {
        "quoted multi-line fields, CRLF": quoted_csv.encode(),
        "malformed, short and blank rows": "\n".join(ragged).encode(),
        "semicolons with a BOM": _csv(rows, delimiter=";").encode("utf-8-sig"),
        "GBK": _csv(zh).encode("gbk"),
        "UTF-16 without BOM": _csv(zh).encode("utf-16-le"),
        "UTF-8 with stray bytes": _csv(zh).encode().replace("菜".encode(), b"\xe8\x8f", 3),
        "a first row wider than the rest": ("Exported,2024-05-01,shop 12\n" + _csv(rows)).encode(),
    }


@pytest.mark.parametrize("name", list(_tricky_files()))
def test_small_reads_give_the_table_one_read_gives(tmp_path, monkeypatch, name):
    path = tmp_path / "f.csv"
    path.write_bytes(_tricky_files()[name])
    whole = read_table(path)  # a small file: one read, one chunk
    reads: list[int] = []  # the bytes of each read the parser made
    readinto = csvparse._Stream.readinto
    with monkeypatch.context() as small:
        small.setattr(data, "HEAD_BYTES", 2000)
        small.setattr(csvparse, "READ_BYTES", 300)
        small.setattr(csvparse, "CHUNK_ROWS", 7)
        small.setattr(csvparse._Stream, "readinto",
                      lambda self, buffer: reads.append(readinto(self, buffer)) or reads[-1])
        in_small_reads = read_table(path)
    assert len(reads) >= 10 and max(reads) <= 450  # many reads (UTF-16's 300 bytes are 450 in UTF-8)
    pd.testing.assert_frame_equal(in_small_reads.frame, whole.frame)
    for attribute in ("encoding", "delimiter", "has_header", "malformed_lines", "fingerprint", "replaced_characters"):
        assert getattr(in_small_reads, attribute) == getattr(whole, attribute), attribute


def test_the_tricky_files_hold_what_they_say(tmp_path):
    tables = {}
    for name, content in _tricky_files().items():
        (tmp_path / "f.csv").write_bytes(content)
        tables[name] = read_table(tmp_path / "f.csv")
    assert tables["malformed, short and blank rows"].malformed_lines == [6, 34, 65, 254]  # 3 blank lines above 61
    assert tables["quoted multi-line fields, CRLF"].malformed_lines == [227]
    assert (tables["malformed, short and blank rows"].frame["label"] == "").sum() == 3
    assert tables["quoted multi-line fields, CRLF"].frame["text"].str.contains('"no",\nthen left;\r\n').sum() == 43
    assert (tables["GBK"].encoding, tables["UTF-16 without BOM"].encoding) == ("gb18030", "utf-16-le")
    assert tables["UTF-8 with stray bytes"].replaced_characters == 3
    assert list(tables["a first row wider than the rest"].frame.columns) == ["Exported", "2024-05-01", "shop 12"]
    assert (tables["a first row wider than the rest"].frame["shop 12"] == "").sum() == 301


def test_an_unclosed_quote_in_a_later_chunk_is_refused_with_its_line(tmp_path, monkeypatch):
    lines = ["text,label"] + [f"{t.replace(',', '')},{label}" for t, label in labelled_rows(200)]
    lines[150] = '"this quote never closes,positive'
    (tmp_path / "q.csv").write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(data, "HEAD_BYTES", 2000)
    monkeypatch.setattr(csvparse, "READ_BYTES", 500)
    monkeypatch.setattr(csvparse, "CHUNK_ROWS", 20)
    with pytest.raises(DatasetError, match="near line 151: a quoted field is probably never closed"):
        load_dataset(tmp_path / "q.csv")


def test_a_huge_line_without_line_breaks_is_refused_in_one_sentence(tmp_path):
    path = tmp_path / "line.csv"
    path.write_bytes(b"word, " * 400_000)  # 2.4 MB, more than the first megabyte that is judged
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("colliding", [False, True])
def test_repeats_match_pandas_even_when_hashes_collide(monkeypatch, colliding):
    """With a hash of 8 values nearly every row shares one, so the exact comparison decides everything."""
    if colliding:
        monkeypatch.setattr(data, "hash", lambda text: len(text) % 8, raising=False)  # found before the builtin
    rng = random.Random(3)
    texts = [f"text {rng.randrange(3_000)}" for _ in range(5_000)]
    labels = [rng.choice("ab") if int(t.split()[1]) % 7 == 0 else "a" for t in texts]
    frame = pd.DataFrame({"text": texts, "label": labels}, dtype=object)
    _, hashes, _ = data._texts_hashes_lengths(frame["text"])
    shared = data._rows_sharing_a_hash(hashes).result()
    duplicates, conflicting = data._repeats(frame, shared)
    assert duplicates == frame["text"].duplicated().sum() > 1_000
    per_text = frame.groupby("text", sort=False)["label"].nunique()
    assert conflicting == per_text.index[per_text > 1].tolist() and len(conflicting) > 10


def test_loading_runs_no_automatic_collection_and_leaves_the_collector_as_it_was(big_csv):
    """Collections would walk every cell of the loaded arrays; the window, which manages collection
    itself (gui/garbage.py), finds it still switched off."""
    collections: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(count)
    try:
        assert gc.isenabled()
        load_dataset(big_csv)
        assert collections == [] and gc.isenabled()
        gc.disable()
        try:
            build_dataset(read_table(big_csv), big_csv)
            assert not gc.isenabled()
        finally:
            gc.enable()
    finally:
        gc.callbacks.remove(count)


def test_length_statistics_match_numpys_on_any_lengths():
    rng = np.random.default_rng(1)
    for _ in range(500):
        lengths = rng.integers(0, int(rng.integers(1, 400)), size=int(rng.integers(1, 60)))
        stats = data.LengthStats.of(lengths)
        expected = (lengths.min(), np.median(lengths), round(float(lengths.mean()), 1),
                    np.percentile(lengths, 95), lengths.max())
        assert np.allclose((stats.min, stats.median, stats.mean, stats.p95, stats.max), expected), lengths
