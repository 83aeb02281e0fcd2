"""Run labels: the model first, then only what sets a run apart, as a person would name it."""

import subprocess
import sys

from workbench.core.compare import describe_runs, key_settings, setting_text
from workbench.core.config import ExperimentConfig


def test_two_runs_differing_in_dropout_are_named_by_it():
    configs = [ExperimentConfig(model="lstm", dropout=0.0), ExperimentConfig(model="lstm", dropout=0.5)]
    assert describe_runs(configs) == ["LSTM · dropout 0", "LSTM · dropout 0.5"]


def test_several_differences_in_a_stable_order_with_l1_l2_capitalised():
    configs = [ExperimentConfig(model="gru", l2=1e-3, hidden_units=32, learning_rate=0.01),
               ExperimentConfig(model="gru", l2=0.0, hidden_units=128, learning_rate=0.001)]
    assert describe_runs(configs) == ["GRU · lr 0.01 · L2 0.001 · hidden units 32",
                                      "GRU · lr 0.001 · L2 0 · hidden units 128"]


def test_booleans_read_on_and_off_and_strings_plain():
    configs = [ExperimentConfig(model="lstm", bidirectional=True, optimizer="sgd"),
               ExperimentConfig(model="lstm", bidirectional=False, optimizer="adamw")]
    assert describe_runs(configs) == ["LSTM · optimizer sgd · bidirectional on",
                                      "LSTM · optimizer adamw · bidirectional off"]


def test_a_setting_is_named_only_for_the_runs_it_affects():
    # bidirectional means nothing to a CNN; momentum nothing to Adam.
    configs = [ExperimentConfig(model="lstm", bidirectional=True), ExperimentConfig(model="lstm"),
               ExperimentConfig(model="cnn")]
    assert describe_runs(configs) == ["LSTM · bidirectional on", "LSTM · bidirectional off", "CNN"]
    sgd, adam = ExperimentConfig(optimizer="sgd", momentum=0.5), ExperimentConfig(optimizer="adam", momentum=0.0)
    assert describe_runs([sgd, adam]) == ["Bag of embeddings · optimizer sgd", "Bag of embeddings · optimizer adam"]


def test_single_run_and_identical_runs_get_their_key_settings():
    config = ExperimentConfig(model="lstm", dropout=0.5, l2=1e-4)
    assert key_settings(config) == "lr 0.001 · dropout 0.5 · L2 0.0001"
    assert describe_runs([config]) == ["LSTM · lr 0.001 · dropout 0.5 · L2 0.0001"]
    assert describe_runs([config, config]) == ["LSTM · lr 0.001 · dropout 0.5 · L2 0.0001"] * 2
    assert describe_runs([ExperimentConfig(model="cnn")]) == ["CNN · lr 0.001"]


def test_key_settings_puts_lr_first_then_at_most_three_settings():
    config = ExperimentConfig(model="cnn", learning_rate=3e-4, dropout=0.2, l1=1e-5, l2=1e-3, epochs=30)
    assert key_settings(config) == "lr 0.0003 · dropout 0.2 · L2 0.001"
    # The lookup table has no optimizer: no learning rate to show.
    assert key_settings(ExperimentConfig(model="lookup")) == ""
    assert key_settings(ExperimentConfig(model="lookup", tokenizer="jieba")) == "tokenizer jieba"


def test_many_differences_are_cut_with_an_ellipsis_and_big_ints_stay_plain():
    a = ExperimentConfig(model="mlp")
    b = a.replace(learning_rate=0.01, optimizer="sgd", dropout=0.3, l2=0.01, hidden_units=8)
    assert describe_runs([a, b])[1] == ("Bag-of-words network · lr 0.01 · optimizer sgd · dropout 0.3 · L2 0.01"
                                        " · …")
    assert setting_text("max_tokens", 1_000_000) == "vocabulary size 1000000"


def test_a_start_reads_as_a_run_id_or_from_scratch_and_word_vectors_by_their_file_name():
    assert [setting_text("init_from", 0), setting_text("init_from", 3)] == ["from scratch", "start from run 3"]
    assert [setting_text("embeddings", ""), setting_text("embeddings", "/v/cc.en.vec")] == [
        "no word vectors", "word vectors file cc.en.vec"]


def test_labels_survive_the_store_round_trip():
    saved = ExperimentConfig.from_json(ExperimentConfig(model="transformer", num_heads=4, dropout=0.1).to_json())
    assert describe_runs([saved, saved.replace(num_heads=2)]) == ["Transformer · num heads 4",
                                                                  "Transformer · num heads 2"]


def test_importing_compare_loads_neither_keras_nor_qt():
    code = ("import sys, workbench.core.compare; "
            "print(any(m in sys.modules for m in ('keras', 'tensorflow', 'PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120).stdout
    assert out.strip() == "False"


def test_a_shared_model_can_be_left_out_of_the_labels():
    configs = [ExperimentConfig(model="lstm", dropout=0.0), ExperimentConfig(model="lstm", dropout=0.5)]
    assert describe_runs(configs, shared_model=False) == ["dropout 0", "dropout 0.5"]
    assert describe_runs(configs) == ["LSTM · dropout 0", "LSTM · dropout 0.5"]
    mixed = [ExperimentConfig(model="lstm"), ExperimentConfig(model="cnn")]
    assert [label.split(" · ")[0] for label in describe_runs(mixed, shared_model=False)] == ["LSTM", "CNN"]
    assert describe_runs(configs[:1], shared_model=False)[0].startswith("LSTM")  # nothing differs: named
