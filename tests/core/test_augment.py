"""Text data augmentation: each edit on crafted input (Chinese too), seeding, and training rows only."""

import random

import pandas as pd
import pytest

from tests.helpers import labelled_rows, write_csv
from workbench.core.augment import (
    Augmenter,
    augment_split,
    delete,
    insert,
    load_synonyms,
    parse_synonyms,
    preview_augmentation,
    swap,
)
from workbench.core.config import SPECS, ExperimentConfig
from workbench.core.data import Split, load_dataset, split_dataset
from workbench.core.errors import ConfigError
from workbench.core.reopen import run_split
from workbench.core.store import RunStore
from workbench.core.text import clean_text, tokenize
from workbench.core.training import train

ONLY = dict(augment_copies=1, augment_delete=0.0, augment_swap=0.0, augment_insert=0.0)
ZH = ["我很喜欢这家酒店", "房间干净服务周到", "早餐难吃不推荐", "位置好交通方便"]


def is_subsequence(short, long) -> bool:
    it = iter(long)
    return all(unit in it for unit in short)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    return load_dataset(write_csv(tmp_path_factory.mktemp("d") / "d.csv", labelled_rows(60)))


# --- the declaration -----------------------------------------------------------------------


def test_the_edits_only_matter_with_copies_on_and_say_why():
    off, on = ExperimentConfig(), ExperimentConfig(augment_copies=2)
    for name in ("augment_unit", "augment_delete", "augment_swap", "augment_insert", "synonym_file"):
        assert not SPECS[name].applies(off) and SPECS[name].applies(on)
        assert SPECS[name].why_not(off) == "only matters when augmented copies is at least 1"
    synonyms = SPECS["augment_synonyms"]
    assert synonyms.why_not(on) == "only matters when synonym file is set"
    assert synonyms.applies(on.replace(synonym_file="syn.txt"))
    assert SPECS["augment_copies"].group == "augmentation" and SPECS["augment_copies"].applies(off)


def test_copies_without_any_edit_are_refused():
    with pytest.raises(ConfigError, match="copies would be exact duplicates"):
        ExperimentConfig(**ONLY).validate()
    ExperimentConfig(**{**ONLY, "synonym_file": "s.txt"}).validate()  # synonyms alone are an edit


# --- the synonym file ----------------------------------------------------------------------


def test_synonym_file_format():
    text = "# comment\ngood, great, fine\nnot bad，decent、okay\n好 棒 赞\nlonely\n\ngood, good\n"
    assert parse_synonyms(text) == [["good", "great", "fine"], ["not bad", "decent", "okay"], ["好", "棒", "赞"]]


def test_synonym_file_problems_say_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match="Cannot read the synonym file .*missing.txt"):
        load_synonyms(tmp_path / "missing.txt")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("好，棒\n".encode("gbk"))
    with pytest.raises(ConfigError, match="is not UTF-8 text; save it as UTF-8"):
        load_synonyms(gbk)
    single = tmp_path / "single.txt"
    single.write_text("good\nbad\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="holds no group of two or more synonyms"):
        load_synonyms(single)


def test_synonyms_replace_whole_words_phrases_and_chinese(tmp_path):
    path = tmp_path / "syn.txt"
    path.write_text("Good, great\nnot bad, decent\n喜欢，喜爱\n", encoding="utf-8")
    config = ExperimentConfig(**ONLY, synonym_file=str(path), augment_synonyms=1.0)
    augmenter = Augmenter(config, ["anything"])
    rng = random.Random(0)
    assert augmenter.copy("The GOOD soup, not bad; goodness!", rng) == "the great soup decent goodness"
    assert augmenter.copy("我很喜欢这家酒店", rng) == "我很喜爱这家酒店"
    assert augmenter.copy("nothing to replace", rng) == "nothing to replace"


# --- the edits on crafted input ------------------------------------------------------------


def test_delete_keeps_order_and_never_empties_a_text():
    units = list("abcdefghij")
    kept = delete(units, 0.5, random.Random(1))
    assert is_subsequence(kept, units) and 0 < len(kept) < len(units)
    assert delete(units, 1.0, random.Random(1)) == units  # everything would go: the text stays
    assert delete(list("ab cd"), 0.99, random.Random(2)).count(" ") == 1  # word gaps are not units


def test_swap_moves_units_and_keeps_them_all():
    units = list("abcdefgh")
    swapped = swap(units, 1.0, random.Random(1))
    assert sorted(swapped) == units and swapped != units
    spaced = swap(list("ab cd ef"), 1.0, random.Random(3))
    assert [i for i, u in enumerate(spaced) if u == " "] == [2, 5]  # spaces between words stay put
    assert swap(["only"], 1.0, random.Random(1)) == ["only"]


def test_insert_adds_units_from_the_pool_after_units():
    assert insert(["a", "b"], 1.0, ["x"], random.Random(0)) == ["a", "x", "b", "x"]
    assert insert(list("a b"), 1.0, ["x"], random.Random(0)) == ["a", "x", " ", "b", "x"]
    assert insert(["a", "b"], 0.0, ["x"], random.Random(0)) == ["a", "b"]


def test_token_edits_on_english_use_the_tokenizer():
    config = ExperimentConfig(**{**ONLY, "augment_swap": 0.5})
    copy = Augmenter(config, ["x"]).copy("The soup was cold, and bland!", random.Random(4))
    assert sorted(copy.split()) == sorted("the soup was cold and bland".split())
    assert copy != "the soup was cold and bland"


@pytest.mark.parametrize("unit,tokenizer", [("character", "jieba"), ("character", "word"), ("token", "word")])
def test_chinese_character_edits(unit, tokenizer):
    def copy(**chances):
        config = ExperimentConfig(**{**ONLY, **chances}, augment_unit=unit, tokenizer=tokenizer)
        return Augmenter(config, ZH).copy(ZH[0], random.Random(5))

    original = list(ZH[0])
    deleted = copy(augment_delete=0.4)
    assert is_subsequence(deleted, original) and len(deleted) < len(original) and " " not in deleted
    swapped = copy(augment_swap=0.5)
    assert sorted(swapped) == sorted(original) and swapped != ZH[0]
    inserted = copy(augment_insert=0.5)
    assert is_subsequence(original, inserted) and len(inserted) > len(original)
    assert set(inserted) <= set("".join(ZH))  # only characters the training texts have


def test_jieba_tokens_are_words_but_character_units_split_them():
    jieba = ExperimentConfig(augment_copies=1, tokenizer="jieba")
    token_unit, char_unit = Augmenter(jieba, ZH), Augmenter(jieba.replace(augment_unit="character"), ZH)
    assert "喜欢" in token_unit.pool and all(len(u) == 1 for u in char_unit.pool)
    assert len(char_unit.pool) == len("".join(ZH))


# --- copies of the training rows -----------------------------------------------------------


def test_copies_are_added_to_training_rows_only(dataset):
    split = split_dataset(dataset, 0.2, 0.2, seed=1)
    config = ExperimentConfig(augment_copies=2, seed=1)
    augmented, added = augment_split(split, config)
    n = len(split.train)
    assert added == 2 * n and len(augmented.train) == 3 * n
    pd.testing.assert_frame_equal(augmented.train.iloc[:n], split.train)  # the originals, unchanged, first
    assert augmented.train["label"].tolist()[n:] == split.train["label"].tolist() * 2
    assert augmented.validation is split.validation and augmented.test is split.test
    assert augment_split(split, ExperimentConfig()) == (split, 0)


def test_the_same_seed_gives_the_same_copies(dataset):
    split = split_dataset(dataset, 0.2, 0.2, seed=1)
    config = ExperimentConfig(augment_copies=1, seed=9)
    first, second = augment_split(split, config)[0].train, augment_split(split, config)[0].train
    pd.testing.assert_frame_equal(first, second)
    other = augment_split(split, config.replace(seed=10))[0].train
    assert other["text"].tolist() != first["text"].tolist()


def test_preview_pairs_cleaned_originals_with_one_copy_each():
    texts = [text for text, _ in labelled_rows(20)]
    config = ExperimentConfig(augment_swap=0.5, augment_delete=0.0, augment_insert=0.0)  # copies still off
    pairs = preview_augmentation(config, texts, n=4)
    assert len(pairs) == 4 and pairs == preview_augmentation(config, texts, n=4)
    cleaned = [clean_text(t) for t in texts]
    for original, augmented in pairs:
        assert original in cleaned and sorted(augmented.split()) == sorted(original.split())
    assert any(original != augmented for original, augmented in pairs)
    assert len(preview_augmentation(config, texts[:2], n=5)) == 2


def test_train_augments_training_rows_and_never_validation_or_test(dataset, tmp_path):
    config = ExperimentConfig(epochs=1, batch_size=8, embedding_dim=8, max_tokens=200, augment_copies=2,
                              augment_delete=0.0, augment_swap=0.0, augment_insert=0.3)
    plain = split_dataset(dataset, config.validation_fraction, config.test_fraction, config.seed)
    with RunStore(tmp_path) as store:
        result = train(config, dataset, store=store)
        record = store.get_run(result.run_id)
    assert result.status == "completed", result.message
    n = len(plain.train)
    assert result.augmentation == {"added_rows": 2 * n} and result.to_dict()["augmentation"] == {"added_rows": 2 * n}
    assert record.dataset["augmented_rows"] == 2 * n and record.dataset["sizes"]["train"] == n
    reopened = run_split(record, dataset)  # the split as made can be made again (Mistakes, predict, export)
    assert reopened.sizes() == plain.sizes() and reopened.test.equals(plain.test)
    # Validation and test rows are exactly the plain split's, by content...
    pd.testing.assert_frame_equal(result.split.validation, plain.validation)
    pd.testing.assert_frame_equal(result.split.test, plain.test)
    assert sum(result.test["per_class"][c]["support"] for c in result.split.class_names) == len(plain.test)
    # ...and every copy grew from its own training row: its tokens appear in order in the copy.
    copies = result.split.train["text"].tolist()[n:]
    sources = plain.train["text"].tolist() * 2
    for copy, source in zip(copies, sources):
        assert is_subsequence(tokenize(clean_text(source)), copy.split())
    held_out = {clean_text(t) for t in pd.concat([plain.validation, plain.test])["text"]}
    assert not held_out & set(copies)


def test_a_bad_synonym_file_is_refused_before_any_run_is_stored(dataset, tmp_path):
    config = ExperimentConfig(augment_copies=1, synonym_file=str(tmp_path / "nope.txt"), epochs=1)
    with RunStore(tmp_path) as store:
        with pytest.raises(ConfigError, match="Cannot read the synonym file"):
            train(config, dataset, store=store)
        assert store.list_runs() == []


def test_a_ready_split_is_augmented_too():
    frame = pd.DataFrame({"text": ZH, "label": ["pos", "pos", "neg", "pos"]})
    split = Split(frame, frame.iloc[:2], frame.iloc[2:], ["neg", "pos"])
    augmented, added = augment_split(split, ExperimentConfig(augment_copies=3))
    assert added == 12 and len(augmented.train) == 16 and augmented.validation is split.validation
