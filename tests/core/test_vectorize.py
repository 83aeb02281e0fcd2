"""Vocabulary, integer sequences and tf.data pipelines (real Keras TextVectorization)."""

import numpy as np

from workbench.core.vectorize import TextEncoder, VectorizerSettings, make_tf_dataset

TRAIN = ["the soup was great", "the soup was cold", "great service, great food", "cold room and rude staff"]


def test_fit_transform_pads_to_the_sequence_length():
    encoder = TextEncoder(VectorizerSettings(sequence_length=6)).fit(TRAIN)
    ids = encoder.transform(["the soup was great", "great"])
    assert ids.shape == (2, 6) and ids.dtype == np.int32
    assert (ids[1, 1:] == 0).all() and ids[1, 0] == encoder.vocabulary.index("great")
    assert encoder.vocabulary[:2] == ["", "[UNK]"]


def test_automatic_sequence_length_follows_training_texts():
    encoder = TextEncoder().fit(["word " * n for n in range(1, 101)])
    assert encoder.sequence_length == 95


def test_report_counts_unknown_tokens_and_cut_texts():
    encoder = TextEncoder(VectorizerSettings(sequence_length=3)).fit(TRAIN)
    report = encoder.report(["the soup zebra", "the the the the the"])
    assert report.oov_rate == 1 / 6  # "zebra" of 6 kept tokens
    assert report.truncated_share == 0.5
    assert report.sequence_length == 3 and report.vocabulary_size == len(encoder.vocabulary)


def test_vocabulary_cap():
    encoder = TextEncoder(VectorizerSettings(max_tokens=5)).fit(TRAIN)
    assert len(encoder.vocabulary) == 5


def test_chinese_is_vectorized_by_characters():
    encoder = TextEncoder().fit(["牛肉面很好吃", "服务太差了"])
    assert {"牛", "好", "差"} <= set(encoder.vocabulary)
    assert (encoder.transform(["好吃"])[0, :2] > 1).all()


def test_bigrams_add_pairs_and_lengthen_sequences():
    encoder = TextEncoder(VectorizerSettings(ngrams=2)).fit(TRAIN)
    assert "soup was" in encoder.vocabulary
    assert encoder.sequence_length >= 7  # 4 words + 3 pairs


def test_tf_dataset_batches_and_shuffles_reproducibly():
    ids = np.arange(20, dtype=np.int32).reshape(10, 2)
    labels = np.arange(10, dtype=np.int32)
    batches = list(make_tf_dataset(ids, labels, batch_size=4, shuffle=True, seed=3))
    assert [len(b[0]) for b in batches] == [4, 4, 2]
    again = list(make_tf_dataset(ids, labels, batch_size=4, shuffle=True, seed=3))
    order = np.concatenate([b[1].numpy() for b in batches])
    assert sorted(order) == list(range(10))
    assert (order == np.concatenate([b[1].numpy() for b in again])).all()
