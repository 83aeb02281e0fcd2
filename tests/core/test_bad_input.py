"""Any file gives a summary or one DatasetError sentence, never another exception (property tests)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workbench.core import csvparse, data
from workbench.core.data import Dataset, load_dataset
from workbench.core.errors import DatasetError

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_FIELD_CHARS = st.sampled_from(list("abc xyz,;\t|\"'\n\r好评差价é€😀0123456789.-\x00"))
_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "big5", "cp1252"]


@st.composite
def delimited_files(draw) -> bytes:
    """Rows of random fields, random delimiters and quotes, in a random encoding, maybe cut or with a NUL."""
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    field = st.text(_FIELD_CHARS, max_size=12)
    rows = draw(st.lists(st.lists(field, min_size=1, max_size=4), min_size=1, max_size=40))
    quote = draw(st.booleans())
    text = newline.join(delimiter.join(f'"{f}"' if quote else f for f in row) for row in rows)
    raw = text.encode(draw(st.sampled_from(_ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, len(raw)))]  # truncated, maybe inside a character
    if draw(st.booleans()) and raw:
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + b"\x00" + raw[at:]
    return raw


def _loads_or_explains(raw: bytes, small_reads: bool) -> None:
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        if small_reads:  # the path of big files, on small ones
            patch.setattr(data, "HEAD_BYTES", 64)
            patch.setattr(csvparse, "READ_BYTES", 32)
            patch.setattr(csvparse, "CHUNK_ROWS", 3)
        path = Path(folder) / "f.csv"
        path.write_bytes(raw)
        try:
            assert isinstance(load_dataset(path, min_rows=1), Dataset)
        except DatasetError as exc:
            message = str(exc)
            assert message and "\n" not in message and message.endswith((".", ")")), message


@FUZZ
@given(raw=st.binary(max_size=3000), small_reads=st.booleans())
def test_random_bytes(raw, small_reads):
    _loads_or_explains(raw, small_reads)


@FUZZ
@given(raw=delimited_files(), small_reads=st.booleans())
def test_random_delimited_text(raw, small_reads):
    _loads_or_explains(raw, small_reads)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le", "utf-16"])
@pytest.mark.parametrize("cut", [1, 2, 3])
def test_files_cut_inside_their_last_character(tmp_path, encoding, cut):
    raw = ("text,label\n" + "这家店的菜很好吃,好评\n服务太差了,差评\n" * 15).encode(encoding)
    path = tmp_path / "cut.csv"
    path.write_bytes(raw[:-cut])
    _loads_or_explains(path.read_bytes(), small_reads=False)


def test_a_huge_single_line_and_a_nul_in_the_middle(tmp_path):
    for raw in (b"x" * 3_000_000, ("text,label\n" + "好,评\n" * 50).encode().replace(b",", b"\x00", 20)):
        _loads_or_explains(raw, small_reads=False)
        _loads_or_explains(raw, small_reads=True)


@st.composite
def written_csv(draw) -> bytes:
    """What a CSV writer makes of random fields: quotes doubled, fields with line breaks quoted."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ";", "\t", "|"])),
                        lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    width = draw(st.integers(2, 4))
    field = st.text(_FIELD_CHARS.filter(lambda c: c not in "\x00\r"), max_size=15)
    writer.writerows(draw(st.lists(st.lists(field, min_size=1, max_size=width + 1), min_size=2, max_size=60)))
    return out.getvalue().encode(draw(st.sampled_from(_ENCODINGS)), errors="replace")


def _parsed_or_error(path: Path, encoding: str, delimiter: str):
    with open(path, "rb") as file:
        try:
            size = path.stat().st_size
            parsed = csvparse.parse_csv(file, size, encoding, delimiter, path.name, lambda f: None)
        except DatasetError as exc:
            return str(exc)
    return parsed.frame.to_dict("split"), parsed.malformed_lines, parsed.replaced, parsed.fingerprint


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=written_csv())
@example(raw=b'\taa,\xba\xc3\r\n""""\taaaa,\xba\xc3\r\n""\r\n\t\ta\r\n')  # a row that starts with tabs, cut by a read
def test_small_reads_and_chunks_parse_what_one_read_parses(raw):
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        path = Path(folder) / "f.csv"
        path.write_bytes(raw)
        try:
            table = data.read_table(path)
        except DatasetError:
            return  # refused before parsing: nothing to compare
        delimiter = next(d for d, name in data.DELIMITERS.items() if name == table.delimiter)
        whole = _parsed_or_error(path, table.encoding, delimiter)
        patch.setattr(csvparse, "READ_BYTES", 7)  # characters of every encoding cut in two
        patch.setattr(csvparse, "CHUNK_ROWS", 2)
        assert _parsed_or_error(path, table.encoding, delimiter) == whole
