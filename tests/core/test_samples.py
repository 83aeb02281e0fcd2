"""The bundled samples are what sample_data/README.md promises."""

from workbench.core.data import load_dataset
from workbench.core.samples import DEFAULT_SAMPLE, default_sample, sample_files


def test_samples_cover_english_and_chinese_binary_and_multiclass():
    summaries = [load_dataset(p).summary for p in sample_files()]
    assert {s.language for s in summaries} >= {"en", "zh"}
    assert any(len(s.classes) == 2 for s in summaries)
    assert any(len(s.classes) >= 4 for s in summaries)
    for s in summaries:
        assert s.rows >= 600 and s.dropped_rows == 0 and s.duplicate_texts == 0
        assert max(s.classes.values()) <= 2 * min(s.classes.values())  # reasonably balanced


def test_default_sample_is_listed_first():
    assert default_sample().name == DEFAULT_SAMPLE == sample_files()[0].name
