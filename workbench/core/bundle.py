"""The export bundle: a stored run as a folder that works without the workbench.

``export_bundle`` writes the model (.keras, without optimizer state), its vocabulary, the
run's settings, the data file's fingerprint and the metrics, and two scripts generated from
the templates in ``templates/``:

* ``predict.py`` classifies texts with TensorFlow alone (plus jieba for a jieba run);
* ``train.py`` trains the same model again from the CSV in plain Keras, for reading and changing.

Both scripts carry the workbench's own text cleaning and tokenization, copied from
``text.py`` (and the custom layers, from ``models.py``) by reading those modules' source, so
they cannot drift from what the workbench does.
"""

from __future__ import annotations

import ast
import inspect
import json
import shutil
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

from workbench.core.config import PARAMS, SPECS
from workbench.core.data import DELIMITERS, read_table
from workbench.core.errors import WorkbenchError
from workbench.core.store import RunStore
from workbench.core.trained_run import (
    TrainedRun,
    open_trained_run,
    uncompiled_copy,
    usable_run,
)
from workbench.core.training import encoder_settings

TEMPLATES = Path(__file__).resolve().parent / "templates"
MODEL_FILE = "model.keras"
BUNDLE_FILES = (MODEL_FILE, "vocabulary.txt", "config.json", "dataset.json", "metrics.json", "predict.py",
                "train.py", "README.md")
# What the scripts copy from text.py: the cleaning options and steps, and the tokenizers.
TEXT_DEFINITIONS = ("Tokenizer", "TOKENIZERS", "_NO_SPACE_SCRIPTS", "_WORD_RE", "_HTML_TAG_RE", "_URL_RE",
                    "_SPACE_RE", "CleaningOptions", "clean_text", "_PunctuationTable", "_PUNCTUATION", "tokenize")
LAYER_DEFINITIONS = ("PADDING_ID", "SERIALIZATION_PACKAGE", "_custom_layers")


@dataclass(frozen=True)
class Bundle:
    run_id: int
    folder: Path
    files: list[str]
    notes: list[str]

    @property
    def model_file(self) -> Path:
        return self.folder / MODEL_FILE

    def to_dict(self) -> dict[str, Any]:
        """The shape of `workbench export --json` (format bundle)."""
        return {"run_id": self.run_id, "folder": str(self.folder), "files": self.files, "notes": self.notes}


def export_bundle(store: RunStore, run_id: int, folder: str | Path, force: bool = False) -> Bundle:
    """Write run ``run_id`` as a self-contained folder; an existing, non-empty folder needs ``force``."""
    usable_run(store, run_id, "export")  # refusals first, before the folder is touched or TensorFlow loads
    folder = prepare_folder(folder, force, bundle_paths)
    run = open_trained_run(store, run_id, "export")
    uncompiled_copy(run.model).save(folder / MODEL_FILE)  # the optimizer's state is not needed to predict
    vocabulary = run.predictor.encoder.vocabulary
    _write(folder / "vocabulary.txt", "".join(token + "\n" for token in vocabulary))
    _write(folder / "config.json", json.dumps(run.config.to_dict(), ensure_ascii=False, indent=2))
    _write(folder / "dataset.json", json.dumps(run.record.dataset, ensure_ascii=False, indent=2))
    results = run.record.results or {}
    _write(folder / "metrics.json", json.dumps(
        {"run_id": run_id, "status": run.record.status, "history": store.history(run_id),
         "test": results.get("test"), "baseline": results.get("baseline")}, ensure_ascii=False, indent=2))
    reading, notes = _reading_settings(run)
    _write(folder / "predict.py", predict_script(run))
    _write(folder / "train.py", train_script(run, reading))
    _write(folder / "README.md", _render("README.md.tmpl", run, sequence_length=run.predictor.encoder.sequence_length,
                                         vocabulary_size=len(vocabulary)))
    return Bundle(run_id, folder, list(BUNDLE_FILES), notes)


def bundle_paths(folder: Path) -> list[Path]:
    """The files an export writes into ``folder`` (the bundle's, and any TFLite variants)."""
    return [*(folder / name for name in BUNDLE_FILES), *folder.glob("model_*.tflite")]


def prepare_folder(folder: str | Path, force: bool, ours: Callable[[Path], Iterable[Path]]) -> Path:
    """Create an export folder. One that holds anything is refused unless ``force``; then the files and
    folders ``ours(folder)`` names (what this export writes) are removed first, and nothing else."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise WorkbenchError(f"{folder} is a file; give a folder to export into.")
    if folder.is_dir() and any(folder.iterdir()):
        if not force:
            raise WorkbenchError(f"{folder} already exists and is not empty; choose a new folder, or add --force "
                                 f"to replace the exported files in it.")
        for path in ours(folder):
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbenchError(f"Cannot create {folder} ({exc.strerror}); choose a folder you can write to.") from None
    return folder


# --- the scripts ------------------------------------------------------------------------------


def predict_script(run: TrainedRun) -> str:
    settings = encoder_settings(run.config)
    cleaning = settings.cleaning
    return _render("predict.py.tmpl", run, class_names=repr(run.class_names), tokenizer=repr(settings.tokenizer),
                   cleaning=repr({name: getattr(cleaning, name) for name in cleaning.__dataclass_fields__}),
                   ngrams=settings.ngrams, sequence_length=run.predictor.encoder.sequence_length)


def train_script(run: TrainedRun, reading: dict[str, str]) -> str:
    config = run.config
    lines = []
    for spec in PARAMS:  # every setting of this model, so a learner can change any of them here
        if spec.name == "model" or not spec.applies_to(config.model):
            continue
        lines.append(f"{spec.name.upper()} = {getattr(config, spec.name)!r}  # {spec.help}")
    if not SPECS["ngrams"].applies_to(config.model):
        lines.append("NGRAMS = 1  # a sequence model reads the word order itself")
    test = (run.record.results or {}).get("test") or {}
    accuracy = f"{test['accuracy']:.4f}" if "accuracy" in test else "unknown"
    return _render("train.py.tmpl", run, settings="\n".join(lines), model_code=_model_code(config.model),
                   model_name=repr(config.model), test_accuracy=accuracy, **reading)


def _render(template: str, run: TrainedRun, **values: Any) -> str:
    from workbench.core import models, text
    from workbench.core.compare import model_title

    jieba = run.config.tokenizer == "jieba"
    text_code = _definitions(text, TEXT_DEFINITIONS)
    layers_code = _definitions(models, LAYER_DEFINITIONS).replace("def _custom_layers(", "def workbench_layers(")
    return Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(
        run_id=run.id, title=f"{model_title(run.config)}, {run.record.name}", text_code=text_code,
        layers_code=layers_code, jieba_needed=" and jieba (pip install jieba)" if jieba else "", **values)


def _definitions(module: Any, names: tuple[str, ...]) -> str:
    """The source of the named top-level definitions of ``module``, in the module's order."""
    source = inspect.getsource(module)
    lines = source.splitlines()
    found: dict[str, str] = {}
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            name = node.name
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name = node.target.id
        else:
            continue
        if name in names:
            start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            found[name] = "\n".join(lines[start - 1:node.end_lineno])
    missing = [name for name in names if name not in found]
    if missing:
        raise RuntimeError(f"{module.__name__} no longer defines {', '.join(missing)}; update bundle.py")
    blocks, previous_was_short = [], False
    for name, code in found.items():  # constants one after another, functions and classes set apart
        short = "\n" not in code and not code.startswith(("def ", "class ", "@"))
        if blocks:
            blocks.append("\n" if short and previous_was_short else "\n\n\n")
        blocks.append(code)
        previous_was_short = short
    return "".join(blocks)


def _reading_settings(run: TrainedRun) -> tuple[dict[str, str], list[str]]:
    """How train.py reads the data file: the file, its encoding, delimiter, header and columns."""
    info = run.record.dataset
    path = info.get("path")
    notes = []
    encoding, delimiter, has_header = "utf-8", ",", True
    text_column, label_column = info.get("text_column", "text"), info.get("label_column", "label")
    if path and Path(path).is_file():
        table = read_table(path)
        path = str(Path(path).resolve())
        encoding, has_header = table.encoding, table.has_header
        delimiter = next(char for char, name in DELIMITERS.items() if name == table.delimiter)
        if not has_header:  # columns are "column 3" in the workbench, 2 for pandas
            columns = list(table.frame.columns)
            text_column, label_column = columns.index(text_column), columns.index(label_column)
    else:
        notes.append(f"The data file {path or '(not recorded)'} was not found, so train.py assumes a UTF-8 CSV "
                     f"with a header; check its settings before running it.")
    return {"data_file": repr(path), "encoding": repr(encoding), "delimiter": repr(delimiter),
            "has_header": repr(has_header), "text_column": repr(text_column), "label_column": repr(label_column),
            "column_kind": "names from the header" if has_header else "positions, counted from 0"}, notes


def _write(path: Path, content: str) -> None:
    path.write_text(content, encoding="utf-8")


# --- the model, in plain Keras (one builder per model of models.py, same layers and names) -----

_EMBEDDING = ('layers.Embedding(vocabulary_size, EMBEDDING_DIM, mask_zero=<MASK>, name="embedding",\n'
              '                     embeddings_regularizer=regularizer() if REGULARIZE_EMBEDDING else None)(inputs)')
_RECURRENT = """
x = <EMBEDDING_MASKED>
for i in range(1, NUM_LAYERS + 1):
    recurrent = layers.<CELL>(HIDDEN_UNITS, return_sequences=i < NUM_LAYERS, kernel_regularizer=regularizer(),
                              recurrent_regularizer=regularizer(), name=f"<NAME>_{i}")
    if BIDIRECTIONAL:
        recurrent = layers.Bidirectional(recurrent, name=f"bidirectional_{i}")
    x = recurrent(x)
    if i < NUM_LAYERS:
        x = layers.Dropout(DROPOUT, name=f"dropout_{i}")(x)
"""
_MODEL_CODE = {
    "bag_of_embeddings": """
x = <EMBEDDING_MASKED>
x = MaskedAverage(name="average")(x)  # the mean of the text's token vectors
""",
    "mlp": """
x = layers.CategoryEncoding(num_tokens=vocabulary_size, output_mode="multi_hot", name="multi_hot")(inputs)
x = IgnorePadding(name="ignore_padding")(x)  # which tokens occur in the text, padding aside
x = layers.Dense(HIDDEN_UNITS, activation="relu", kernel_regularizer=regularizer(), name="dense_1")(x)
x = layers.Dropout(DROPOUT, name="dropout_1")(x)
""",
    "cnn": """
x = <EMBEDDING_UNMASKED>
pooled = []
for i, width in enumerate([int(w) for w in KERNEL_SIZES.split(",") if w.strip()], start=1):
    conv = layers.Conv1D(HIDDEN_UNITS, width, activation="relu", padding="same", kernel_regularizer=regularizer(),
                         name=f"conv_{i}")(x)
    pooled.append(layers.GlobalMaxPooling1D(name=f"max_pool_{i}")(conv))  # its strongest match in the text
x = pooled[0] if len(pooled) == 1 else layers.Concatenate(name="concatenate")(pooled)
""",
    "rnn": _RECURRENT.replace("<CELL>", "SimpleRNN").replace("<NAME>", "rnn"),
    "lstm": _RECURRENT.replace("<CELL>", "LSTM").replace("<NAME>", "lstm"),
    "gru": _RECURRENT.replace("<CELL>", "GRU").replace("<NAME>", "gru"),
    "transformer": """
x = <EMBEDDING_MASKED>
x = PositionEmbedding(sequence_length, name="position_embedding",
                      embeddings_regularizer=regularizer() if REGULARIZE_EMBEDDING else None)(x)
for i in range(1, NUM_LAYERS + 1):
    attention = layers.MultiHeadAttention(NUM_HEADS, key_dim=max(1, EMBEDDING_DIM // NUM_HEADS),
                                          kernel_regularizer=regularizer(), name=f"block_{i}_attention")(x, x)
    attention = layers.Dropout(DROPOUT, name=f"block_{i}_dropout_1")(attention)
    x = layers.LayerNormalization(name=f"block_{i}_norm_1")(layers.Add(name=f"block_{i}_add_1")([x, attention]))
    ffn = layers.Dense(HIDDEN_UNITS, activation="relu", kernel_regularizer=regularizer(), name=f"block_{i}_ffn_1")(x)
    ffn = layers.Dense(EMBEDDING_DIM, kernel_regularizer=regularizer(), name=f"block_{i}_ffn_2")(ffn)
    ffn = layers.Dropout(DROPOUT, name=f"block_{i}_dropout_2")(ffn)
    x = layers.LayerNormalization(name=f"block_{i}_norm_2")(layers.Add(name=f"block_{i}_add_2")([x, ffn]))
x = MaskedAverage(name="average")(x)
""",
}


def _model_code(model: str) -> str:
    code = (_MODEL_CODE[model].strip("\n").replace("<EMBEDDING_MASKED>", _EMBEDDING.replace("<MASK>", "True"))
            .replace("<EMBEDDING_UNMASKED>", _EMBEDDING.replace("<MASK>", "False")))
    return textwrap.indent(code, "    ")
