"""The export bundle: its files, and generated scripts that do what the engine does."""

import importlib.util
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from tests.trained_runs import TRICKY_TEXTS, data_file, train_stored_run
from workbench.core.errors import WorkbenchError
from workbench.core.store import RunStore


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    from workbench.core.bundle import export_bundle

    folder = tmp_path_factory.mktemp("bundle")
    with RunStore(folder / "home") as store:
        run_id = train_stored_run(store, data_file(folder), ngrams=2)
        exported = export_bundle(store, run_id, folder / "out")
        record = store.get_run(run_id)
    return exported, record


def load_script(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def test_the_bundle_holds_model_vocabulary_settings_fingerprint_and_metrics(bundle):
    from workbench.core.bundle import BUNDLE_FILES

    exported, record = bundle
    folder = exported.folder
    assert sorted(p.name for p in folder.iterdir()) == sorted(BUNDLE_FILES)
    vocabulary = (folder / "vocabulary.txt").read_text(encoding="utf-8").split("\n")
    assert vocabulary[:2] == ["", "[UNK]"] and vocabulary[-1] == ""
    assert json.loads((folder / "config.json").read_text())["ngrams"] == 2
    dataset = json.loads((folder / "dataset.json").read_text())
    assert dataset["fingerprint"] == record.dataset["fingerprint"] and len(dataset["fingerprint"]) == 64
    metrics = json.loads((folder / "metrics.json").read_text())
    assert metrics["test"]["accuracy"] == record.results["test"]["accuracy"] and len(metrics["history"]) == 2
    length = load_script(folder / "predict.py", "exported_predict").SEQUENCE_LENGTH
    saved = json.loads((Path(record.model_path).parent / "encoder.json").read_text(encoding="utf-8"))
    assert length == saved["sequence_length"] and vocabulary[:-1] == saved["vocabulary"]
    assert f"int32 token ids of shape (1, {length})" in (folder / "README.md").read_text().replace("\n", " ")


@pytest.mark.parametrize("settings", [
    {"tokenizer": "word", "ngrams": 3},
    {"tokenizer": "char", "ngrams": 1},
    {"tokenizer": "jieba", "ngrams": 2},
    {"tokenizer": "word", "ngrams": 2, "lowercase": False, "strip_punctuation": False, "strip_html": False,
     "replace_urls": False, "normalize_width": False},
], ids=["word trigrams", "char", "jieba", "no cleaning"])
def test_predict_scripts_token_ids_are_the_engines_on_tricky_texts(bundle, settings):
    from workbench.core.text import CleaningOptions
    from workbench.core.vectorize import TextEncoder, VectorizerSettings

    script = load_script(bundle[0].folder / "predict.py", "exported_predict")
    cleaning = {name: settings.pop(name) for name in list(settings) if name in CleaningOptions.__dataclass_fields__}
    encoder = TextEncoder(VectorizerSettings(**settings, cleaning=CleaningOptions(**cleaning), sequence_length=24))
    encoder.fit(TRICKY_TEXTS[:4] + ["the soup was wonderful", "这家餐厅"])  # others leave tokens unknown
    script.CLEANING = {**script.CLEANING, **cleaning}
    script.TOKENIZER, script.NGRAMS, script.SEQUENCE_LENGTH = settings["tokenizer"], settings["ngrams"], 24
    vocabulary = {token: i for i, token in enumerate(encoder.vocabulary) if i > 1}
    expected = encoder.transform(TRICKY_TEXTS)
    assert (expected == 1).any() and (expected > 1).any()
    np.testing.assert_array_equal([script.token_ids(text, vocabulary) for text in TRICKY_TEXTS], expected)


def test_train_script_builds_the_engines_model_for_every_model(tmp_path):
    """Same layers, names, parameters and starting weights as models.build_model, model by model."""
    from workbench.core.bundle import train_script
    from workbench.core.config import TRAINED_MODELS, ExperimentConfig
    from workbench.core.store import RunRecord
    from workbench.core.trained_run import TrainedRun

    for model in TRAINED_MODELS:
        config = ExperimentConfig(model=model, embedding_dim=8, hidden_units=4, num_layers=2, bidirectional=True,
                                  kernel_sizes="2,3", num_heads=2, l1=1e-5, l2=1e-4, regularize_embedding=True,
                                  dropout=0.25, seed=3)
        record = RunRecord(1, "Run 1", "completed", model, config.to_dict(), {}, "", None, None, "", None, None,
                           None)
        reading = {"data_file": "'d.csv'", "encoding": "'utf-8'", "delimiter": "','", "has_header": "True",
                   "text_column": "'text'", "label_column": "'label'", "column_kind": ""}
        (tmp_path / f"train_{model}.py").write_text(train_script(TrainedRun(record, None), reading))
    check = textwrap.dedent(f"""
        import importlib.util, sys
        import numpy as np
        from workbench.core.config import TRAINED_MODELS, ExperimentConfig
        from workbench.core.models import build_model
        for model in TRAINED_MODELS:
            spec = importlib.util.spec_from_file_location("t", r"{tmp_path}/train_" + model + ".py")
            script = importlib.util.module_from_spec(spec)
            sys.modules["t"] = script
            spec.loader.exec_module(script)
            theirs = script.build_model(30, 7, 3)
            config = ExperimentConfig(model=model, embedding_dim=8, hidden_units=4, num_layers=2,
                                      bidirectional=True, kernel_sizes="2,3", num_heads=2, l1=1e-5, l2=1e-4,
                                      regularize_embedding=True, dropout=0.25, seed=3)
            ours = build_model(config, 30, 7, 3)
            assert [(l.name, type(l).__name__) for l in theirs.layers] == \\
                [(l.name, type(l).__name__) for l in ours.layers], model
            assert theirs.count_params() == ours.count_params(), model
            assert len(theirs.losses) == len(ours.losses) > 0, model
            for a, b in zip(theirs.get_weights(), ours.get_weights()):
                np.testing.assert_array_equal(a, b, err_msg=model)
            print(model, "same")
    """)
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split() == [word for model in TRAINED_MODELS for word in (model, "same")]


def test_an_existing_folder_is_refused_without_force_and_replaced_with_it(tmp_path):
    from workbench.core.bundle import bundle_paths, prepare_folder

    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "model_int8.tflite").write_text("old")
    (tmp_path / "out" / "notes.txt").write_text("mine")
    with pytest.raises(WorkbenchError, match="already exists and is not empty; choose a new folder, or add --force"):
        prepare_folder(tmp_path / "out", False, bundle_paths)
    prepare_folder(tmp_path / "out", True, bundle_paths)
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["notes.txt"]  # only our own files go
    (tmp_path / "file").write_text("x")
    with pytest.raises(WorkbenchError, match="is a file"):
        prepare_folder(tmp_path / "file", True, bundle_paths)
