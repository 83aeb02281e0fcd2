"""Word vectors in the word2vec text format: reading, coverage, damaged files, writing."""

import numpy as np
import pytest

from workbench.core.errors import ConfigError, DatasetError
from workbench.core.vectors import check_vectors, embedding_from_vectors, write_vectors

VOCABULARY = ["", "[UNK]", "good", "food", "good food", "bad", "unseen"]


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_vectors_fill_their_rows_and_n_grams_take_their_words_mean(tmp_path):
    vec = write(tmp_path / "v.vec", "2 3\ngood 1 2 3\nfood 3 2 1\n")
    matrix, report = embedding_from_vectors(vec, VOCABULARY, 3)
    assert matrix[2].tolist() == [1, 2, 3] and matrix[3].tolist() == [3, 2, 1]
    assert matrix[4].tolist() == [2, 2, 2]  # "good food": the mean of its words
    assert report.found == 2 and report.composed == 1 and report.vocabulary == 5
    assert report.coverage == pytest.approx(3 / 5) and report.dimension == 3 and report.skipped_lines == 0
    # rows of words not in the file: near the found vectors' mean, on their scale
    assert np.allclose(matrix[5], [2, 2, 2], atol=1.0) and not np.allclose(matrix[5], matrix[6])
    assert matrix[0].tolist() == [0, 0, 0]  # padding


def test_the_header_is_optional_and_an_exact_match_beats_another_case(tmp_path):
    vec = write(tmp_path / "v.txt", "Good 9 9 9\ngood 1 1 1\nFOOD 2 2 2\n")
    assert check_vectors(vec) == 3
    matrix, report = embedding_from_vectors(vec, VOCABULARY, 3)
    assert matrix[2].tolist() == [1, 1, 1] and matrix[3].tolist() == [2, 2, 2] and report.found == 2
    _, strict = embedding_from_vectors(vec, VOCABULARY, 3, lowercase=False)
    assert strict.found == 1  # texts keep their case: "FOOD" is not "food"


def test_damaged_lines_are_skipped_and_counted(tmp_path):
    vec = write(tmp_path / "v.vec", "good 1 2 3\nfood 1 2\nbad x y z\nnan 1 2 3 4 5\n\nunseen 1 nan 2\nother 1 1 1\n")
    _, report = embedding_from_vectors(vec, VOCABULARY, 3)
    # "food" (2 values), "nan" (5), "bad" and "unseen" (not numbers) are skipped; "other" is fine but unused
    assert report.skipped_lines == 4 and report.found == 1 and report.lines == 2


@pytest.mark.parametrize("text,message", [
    ("hello world\nfoo bar baz\nstill 1 x\n", "No usable vector in v.vec: all 3 lines were skipped"),
    ("\n\n", "holds no word vectors"),
])
def test_a_file_with_no_usable_line_is_refused(tmp_path, text, message):
    with pytest.raises(DatasetError, match=message):
        embedding_from_vectors(write(tmp_path / "v.vec", text), VOCABULARY, 2)


def test_another_dimension_missing_and_binary_files_are_refused(tmp_path):
    vec = write(tmp_path / "v.vec", "1 4\ngood 1 2 3 4\n")
    with pytest.raises(ConfigError, match="holds 4-dimensional vectors but the embedding size is 8; set the "
                                          "embedding size"):
        embedding_from_vectors(vec, VOCABULARY, 8)
    with pytest.raises(DatasetError, match="No file at"):
        check_vectors(tmp_path / "missing.vec")
    (tmp_path / "v.bin").write_bytes(b"2 3\ngood \x00\x01\x02\x03")
    with pytest.raises(DatasetError, match="binary file"):
        check_vectors(tmp_path / "v.bin")


def test_written_vectors_read_back_with_full_coverage(tmp_path):
    matrix = np.arange(len(VOCABULARY) * 3, dtype=np.float32).reshape(-1, 3) / 7
    count = write_vectors(tmp_path / "out.vec", VOCABULARY, matrix)
    lines = (tmp_path / "out.vec").read_text(encoding="utf-8").splitlines()
    assert count == 4 and lines[0] == "4 3" and lines[1].startswith("good ")  # no padding, [UNK] or n-gram
    again, report = embedding_from_vectors(tmp_path / "out.vec", VOCABULARY, 3)
    assert report.coverage == 1.0 and np.allclose(again[[2, 3, 5, 6]], matrix[[2, 3, 5, 6]], atol=1e-5)
