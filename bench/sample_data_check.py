"""Check that a dataset can teach: a small model beats chance, a big one visibly overfits.

Prints, per CSV: majority-class accuracy, the best validation accuracy of a small
regularized bag-of-embeddings model, and for a large unregularized model the epoch
of lowest validation loss and how far validation loss climbed after it (20 epochs).
The training engine proper is not used here on purpose: this checks the data.

    python bench/sample_data_check.py [FILE.csv ...]   (default: sample_data/*.csv)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from workbench.core.data import load_dataset, split_dataset
from workbench.core.vectorize import TextEncoder

ROOT = Path(__file__).resolve().parents[1]


def train(x_train, y_train, x_val, y_val, classes: int, vocab: int, big: bool, epochs: int = 20):
    import keras

    keras.utils.set_random_seed(0)
    width = 256 if big else 16
    model = keras.Sequential([
        keras.layers.Embedding(vocab, width),
        keras.layers.GlobalAveragePooling1D() if not big else keras.layers.Flatten(),
        keras.layers.Dropout(0.0 if big else 0.3),
        keras.layers.Dense(512 if big else classes, activation="relu" if big else "softmax"),
        *([keras.layers.Dense(classes, activation="softmax")] if big else []),
    ])
    model.compile(optimizer=keras.optimizers.Adam(3e-3 if big else 1e-2),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=epochs,
                        batch_size=32, verbose=0)
    keras.backend.clear_session()
    return history.history


def main(paths: list[str]) -> None:
    files = [Path(p) for p in paths] or sorted((ROOT / "sample_data").glob("*.csv"))
    print("| file | rows | classes | majority | small: best val acc | big: best val-loss epoch "
          "| big: val loss best -> end | big: train / val acc end | seconds |")
    print("|---|---|---|---|---|---|---|---|---|")
    for path in files:
        start = time.perf_counter()
        ds = load_dataset(path)
        split = split_dataset(ds, seed=42)
        encoder = TextEncoder().fit(split.train.text.tolist())
        x_train, x_val = encoder.transform(split.train.text.tolist()), encoder.transform(split.validation.text.tolist())
        y_train, y_val = split.encode(split.train), split.encode(split.validation)
        vocab, classes = len(encoder.vocabulary), len(split.class_names)
        majority = np.bincount(y_val).max() / len(y_val)
        small = train(x_train, y_train, x_val, y_val, classes, vocab, big=False)
        big = train(x_train, y_train, x_val, y_val, classes, vocab, big=True)
        best = int(np.argmin(big["val_loss"]))
        print(f"| {path.name} | {ds.summary.rows} | {classes} | {majority:.3f} | {max(small['val_accuracy']):.3f} "
              f"| {best + 1} | {big['val_loss'][best]:.3f} -> {big['val_loss'][-1]:.3f} "
              f"| {big['accuracy'][-1]:.3f} / {big['val_accuracy'][-1]:.3f} | {time.perf_counter() - start:.0f} |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
