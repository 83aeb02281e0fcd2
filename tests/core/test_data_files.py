"""Awkward-but-valid files load correctly; invalid ones fail with one clear sentence."""

from __future__ import annotations

import codecs
import zipfile

import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core.data import load_dataset, read_table
from workbench.core.errors import DatasetError

ZH_ROWS = [
    ("这家店的牛肉面汤头很浓，下次还来", "好评"),
    ("服务员态度太差了，等了一个小时", "差评"),
    ("价格实惠，分量也足，推荐", "好评"),
    ("菜是凉的，外卖洒了一半", "差评"),
] * 6  # 24 rows, duplicates on purpose


def test_plain_utf8_file_guesses_columns_and_counts_classes(tmp_path):
    path = write_csv(tmp_path / "plain.csv", labelled_rows(40))
    ds = load_dataset(path)
    s = ds.summary
    assert (s.text_column, s.label_column) == ("text", "label")
    assert (s.rows, s.dropped_rows, s.encoding, s.delimiter, s.has_header) == (40, 0, "utf-8", "comma", True)
    assert s.classes == {"positive": 20, "negative": 20}
    assert s.language == "en" and not s.is_cjk
    assert ds.texts[0] == labelled_rows(1)[0][0]


def test_utf8_bom_is_detected_and_not_part_of_the_first_column_name(tmp_path):
    path = write_csv(tmp_path / "bom.csv", labelled_rows(30), encoding="utf-8-sig")
    assert path.read_bytes().startswith(codecs.BOM_UTF8)
    s = load_dataset(path).summary
    assert s.encoding == "utf-8-sig"
    assert s.columns == ["text", "label"] and s.text_column == "text"


def test_gbk_chinese_file_is_decoded_and_reported(tmp_path):
    path = write_csv(tmp_path / "gbk.csv", ZH_ROWS, header=("评论", "标签"), encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    ds = load_dataset(path)
    assert ds.summary.encoding == "gb18030"
    assert ds.summary.text_column == "评论" and ds.summary.label_column == "标签"
    assert ds.texts[0] == ZH_ROWS[0][0]
    assert ds.summary.language == "zh" and ds.summary.is_cjk
    assert ds.summary.classes == {"好评": 12, "差评": 12}
    assert ds.summary.duplicate_texts == 20


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_western_single_byte_file_is_decoded(tmp_path, encoding):
    rows = [(f"Très bon café, crème brûlée délicieuse, numéro {i}", "positif") if i % 2 else
            (f"Service médiocre, à éviter, garçon désagréable n° {i}", "négatif") for i in range(30)]
    path = write_csv(tmp_path / "fr.csv", rows, header=("texte", "étiquette"), encoding=encoding)
    ds = load_dataset(path)
    assert ds.summary.encoding in ("cp1252", "latin-1")
    assert "crème brûlée" in ds.texts[1]
    assert set(ds.summary.classes) == {"positif", "négatif"}


def test_utf16_with_bom_is_read(tmp_path):
    path = write_csv(tmp_path / "u16.csv", labelled_rows(24), encoding="utf-16")
    assert load_dataset(path).summary.encoding == "utf-16"


@pytest.mark.parametrize(
    "delimiter,name", [(";", "semicolon"), ("\t", "tab"), ("|", "pipe"), (",", "comma")]
)
def test_delimiter_is_sniffed_even_when_texts_contain_commas(tmp_path, delimiter, name):
    path = write_csv(tmp_path / "d.txt", labelled_rows(30), delimiter=delimiter)
    s = load_dataset(path).summary
    assert s.delimiter == name and s.rows == 30 and s.columns == ["text", "label"]


def test_tsv_extension_with_tabs(tmp_path):
    path = write_csv(tmp_path / "data.tsv", labelled_rows(30), delimiter="\t")
    assert load_dataset(path).summary.delimiter == "tab"


def test_crlf_line_ends_leave_no_carriage_returns(tmp_path):
    path = write_csv(tmp_path / "crlf.csv", labelled_rows(30), newline="\r\n")
    ds = load_dataset(path)
    assert ds.summary.rows == 30
    assert not any("\r" in t or "\r" in label for t, label in zip(ds.texts, ds.labels))


def test_quoted_fields_with_newlines_quotes_and_delimiters(tmp_path):
    tricky = 'She said "never again",\nthen left; the end | fin'
    rows = labelled_rows(30)
    rows[3] = (tricky, "negative")
    path = write_csv(tmp_path / "quoted.csv", rows)
    assert '"' in path.read_text() and "\n" in tricky
    ds = load_dataset(path)
    assert ds.summary.rows == 30 and ds.summary.delimiter == "comma"
    assert tricky in ds.texts


def test_file_without_header_gets_numbered_columns(tmp_path):
    path = write_csv(tmp_path / "nohead.csv", labelled_rows(30), header=None)
    s = load_dataset(path).summary
    assert not s.has_header and s.rows == 30
    assert (s.text_column, s.label_column) == ("column 1", "column 2")


def test_a_first_row_repeated_below_only_with_spaces_around_is_data(tmp_path):
    """Its label comes back as " b " in later rows: the same value, so the first row is data, not names."""
    rows = [(f"entry number {i} reads well", " b " if i % 2 else "a") for i in range(30)]
    rows[0] = ("the first entry reads well", "b")
    (tmp_path / "spaced.csv").write_text("".join(f"{text},{label}\n" for text, label in rows), encoding="utf-8")
    s = load_dataset(tmp_path / "spaced.csv").summary
    assert not s.has_header and s.rows == 30 and s.classes == {"b": 16, "a": 14}


def test_label_first_without_header(tmp_path):
    rows = [(label, text) for text, label in labelled_rows(30)]
    s = load_dataset(write_csv(tmp_path / "lf.csv", rows, header=None)).summary
    assert (s.text_column, s.label_column) == ("column 2", "column 1")
    assert s.classes == {"positive": 15, "negative": 15}


def test_numeric_looking_labels_stay_categories(tmp_path):
    rows = [(t, "1" if label == "positive" else "0") for t, label in labelled_rows(30)]
    ds = load_dataset(write_csv(tmp_path / "num.csv", rows, header=("review", "sentiment")))
    assert ds.class_names == ["0", "1"]
    assert all(isinstance(label, str) for label in ds.labels)


def test_extra_columns_pick_text_and_label_and_skip_ids(tmp_path):
    rows = [(str(1000 + i), f"2024-01-{i % 28 + 1:02d}", text, label, "web")
            for i, (text, label) in enumerate(labelled_rows(40))]
    path = write_csv(tmp_path / "wide.csv", rows, header=("id", "date", "body", "verdict", "source"))
    s = load_dataset(path).summary
    assert (s.text_column, s.label_column) == ("body", "verdict")


def test_columns_can_be_chosen_by_name_or_number(tmp_path):
    rows = [(text, label, "x" if i % 3 else "y") for i, (text, label) in enumerate(labelled_rows(30))]
    path = write_csv(tmp_path / "pick.csv", rows, header=("text", "label", "group"))
    assert load_dataset(path, label_column="group").summary.classes == {"x": 20, "y": 10}
    assert load_dataset(path, label_column="3").summary.label_column == "group"
    with pytest.raises(DatasetError, match=r"No column named 'kind'.*'text', 'label', 'group'"):
        load_dataset(path, label_column="kind")


def test_empty_cells_are_dropped_and_counted(tmp_path):
    rows = labelled_rows(30) + [("", "positive"), ("   ", "negative"), ("orphan text", ""), ("another", "  ")]
    s = load_dataset(write_csv(tmp_path / "holes.csv", rows)).summary
    assert (s.rows, s.dropped_rows, s.dropped_empty_text, s.dropped_empty_label) == (30, 4, 2, 2)


def test_malformed_rows_are_skipped_and_named(tmp_path):
    lines = ["text,label"] + [f'"{t}",{label}' for t, label in labelled_rows(30)]
    lines.insert(5, "too,many,fields,here")
    (tmp_path / "bad.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    s = load_dataset(tmp_path / "bad.csv").summary
    assert s.rows == 30 and s.malformed_rows == 1 and s.malformed_lines == [6]
    assert s.dropped_rows == 1


def test_megabyte_cell_crashes_nothing(tmp_path):
    rows = labelled_rows(30)
    rows[0] = ("word " * 1_000_000, "positive")  # 5 MB in one cell
    s = load_dataset(write_csv(tmp_path / "huge.csv", rows)).summary
    assert s.rows == 30 and s.chars.max >= 5_000_000 - 1


def test_duplicates_and_conflicting_labels_are_reported(tmp_path):
    rows = labelled_rows(30) + [labelled_rows(1)[0]] * 2 + [(labelled_rows(1)[0][0], "negative")]
    s = load_dataset(write_csv(tmp_path / "dup.csv", rows)).summary
    assert s.duplicate_texts == 3 and s.conflicting_texts == 1
    assert s.conflicting_examples == [labelled_rows(1)[0][0]]


def test_summary_length_statistics(tmp_path):
    rows = [("one two three", "a"), ("one two three four five", "b")] * 10
    s = load_dataset(write_csv(tmp_path / "len.csv", rows)).summary
    assert (s.tokens.min, s.tokens.max, s.tokens.median) == (3, 5, 4.0)
    assert (s.chars.min, s.chars.max) == (13, 23)


# --- files that must be refused -------------------------------------------------------


def _refused(path, pattern):
    with pytest.raises(DatasetError, match=pattern) as info:
        load_dataset(path)
    message = str(info.value)
    assert "\n" not in message and message.endswith((".", ")"))
    return message


def test_empty_file(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    _refused(tmp_path / "empty.csv", "is empty")
    (tmp_path / "blank.csv").write_text("\n  \n\n")
    _refused(tmp_path / "blank.csv", "is empty")


def test_header_only(tmp_path):
    (tmp_path / "head.csv").write_text("text,label\n")
    _refused(tmp_path / "head.csv", "header but no rows")


def test_missing_file(tmp_path):
    _refused(tmp_path / "nope.csv", "No file at")


def test_binary_files(tmp_path):
    (tmp_path / "blob.csv").write_bytes(bytes(range(256)) * 40)
    _refused(tmp_path / "blob.csv", "binary file")
    (tmp_path / "pic.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    _refused(tmp_path / "pic.csv", "PNG image")
    with zipfile.ZipFile(tmp_path / "book.xlsx", "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert "CSV UTF-8" in _refused(tmp_path / "book.xlsx", "ZIP archive")


def test_single_column(tmp_path):
    (tmp_path / "one.csv").write_text("text\n" + "\n".join(t for t, _ in labelled_rows(30)).replace(",", ""))
    _refused(tmp_path / "one.csv", "only one column")


def test_no_text_like_column(tmp_path):
    rows = [(str(i), str(i * 3.5), "a" if i % 2 else "b") for i in range(40)]
    _refused(write_csv(tmp_path / "nums.csv", rows, header=("x", "y", "z")), "No column looks like free text")


def test_one_class(tmp_path):
    rows = [(t, "positive") for t, _ in labelled_rows(30)]
    _refused(write_csv(tmp_path / "one.csv", rows), "at least 2 classes")


def test_id_like_label_column(tmp_path):
    rows = [(t, f"ID-{i:05d}") for i, (t, _) in enumerate(labelled_rows(30))]
    _refused(write_csv(tmp_path / "ids.csv", rows, header=("text", "ref")), "probably an ID")


def test_too_few_rows(tmp_path):
    _refused(write_csv(tmp_path / "few.csv", labelled_rows(8)), "only 8 usable rows")


def test_unclosed_quote_is_refused_with_its_line(tmp_path):
    lines = ["text,label"] + [f"{t.replace(',', '')},{label}" for t, label in labelled_rows(30)]
    lines[10] = '"this quote never closes,positive'  # the 11th line of the file
    (tmp_path / "q.csv").write_text("\n".join(lines) + "\n")
    # Read on, the open quote would swallow the other 20 rows into one text: the user must fix it.
    _refused(tmp_path / "q.csv", "cannot be read as a table near line 11: a quoted field is probably never closed")


def test_read_table_reports_raw_structure(tmp_path):
    path = write_csv(tmp_path / "t.csv", labelled_rows(25), delimiter=";", encoding="utf-8-sig")
    table = read_table(path)
    assert (table.delimiter, table.encoding, table.has_header) == ("semicolon", "utf-8-sig", True)
    assert list(table.frame.columns) == ["text", "label"] and len(table.frame) == 25
    assert len(table.fingerprint) == 64


def test_a_file_of_texts_alone_is_read_the_same_for_prediction_and_pretraining(tmp_path):
    from workbench.core.data import load_texts
    from workbench.core.predict import texts_from_file

    path = tmp_path / "texts.csv"
    rows = [f"note {i}: the boiler again" for i in range(11)] + ["once, twice", '"two lines\nin one cell"']
    path.write_text("Review\n" + "\n".join(rows) + "\n", encoding="utf-8")
    expected = [f"note {i}: the boiler again" for i in range(11)] + ["once, twice", "two lines\nin one cell"]
    assert texts_from_file(path) == expected  # the header ("Review") dropped, commas and line breaks kept
    corpus = load_texts(path, min_rows=1)
    assert corpus.texts == expected and corpus.has_header and corpus.text_column == "Review"
    named = tmp_path / "named.csv"
    named.write_text("Remarks\n" + "\n".join(rows[:3]) + "\n", encoding="utf-8")
    assert texts_from_file(named, text_column="remarks") == expected[:3]
    assert texts_from_file(named) == ["Remarks", *expected[:3]]  # not a usual name: a text like the others
