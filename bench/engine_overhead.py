"""Engine overhead: train() with a listener attached vs a bare model.fit on the same model and data.

    python bench/engine_overhead.py [FILE.csv] [--model NAME] [--epochs N] [--repeats N]

Both sides fit the same architecture, built by the same builder with the same seed, on the
same vectorized split and batches. Times are the fit call alone (vectorization excluded),
alternating sides, median of the repeats. Target: throughput ratio >= 0.97. A third side
follows 8 probe sentences (scored after every epoch), to show what probes cost.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from workbench.core.config import ExperimentConfig
from workbench.core.data import load_dataset, split_dataset
from workbench.core.events import BatchProgress
from workbench.core.training import encoder_settings, train
from workbench.core.vectorize import TextEncoder, make_tf_dataset

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT.parent / "shared" / "datasets" / "ag_news_test.csv"


def bare_fit(config: ExperimentConfig, split) -> float:
    import keras

    from workbench.core.models import build_model

    keras.backend.clear_session()
    encoder = TextEncoder(encoder_settings(config)).fit(split.train.text.tolist())
    x_train, x_val = encoder.transform(split.train.text.tolist()), encoder.transform(split.validation.text.tolist())
    y_train, y_val = split.encode(split.train), split.encode(split.validation)
    model = build_model(config, len(encoder.vocabulary), encoder.sequence_length, len(split.class_names))
    model.compile(optimizer=keras.optimizers.Adam(config.learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    t = time.perf_counter()
    model.fit(make_tf_dataset(x_train, y_train, config.batch_size, shuffle=True, seed=config.seed),
              validation_data=make_tf_dataset(x_val, y_val, config.batch_size), epochs=config.epochs,
              shuffle=False, verbose=0)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(DEFAULT_FILE if DEFAULT_FILE.exists()
                                                       else ROOT / "sample_data" / "support_tickets_en.csv"))
    parser.add_argument("--model", default="bag_of_embeddings")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    config = ExperimentConfig(model=args.model, epochs=args.epochs)
    split = split_dataset(load_dataset(args.file), config.validation_fraction, config.test_fraction, config.seed)
    batches = []
    bare, engine, probed = [], [], []
    probes = [text[:200] for text in split.test.text.tolist()[:8]]
    for _ in range(args.repeats):
        bare.append(bare_fit(config, split))
        result = train(config, split, listener=lambda e: batches.append(e) if isinstance(e, BatchProgress) else None)
        engine.append(result.timing["train_s"])
        probed.append(train(config, split, listener=lambda e: None, probes=probes).timing["train_s"])
    rows = len(split.train) * args.epochs
    b, e, pr = statistics.median(bare), statistics.median(engine), statistics.median(probed)
    print(f"{Path(args.file).name}, {args.model}, {len(split.train)} training rows x {args.epochs} epochs, "
          f"batch {config.batch_size}, median of {args.repeats}")
    print("| side | fit seconds | texts/s |")
    print("|---|---|---|")
    print(f"| bare model.fit | {b:.2f} | {rows / b:,.0f} |")
    print(f"| train() + listener | {e:.2f} | {rows / e:,.0f} |")
    print(f"| train() + listener + 8 probe sentences | {pr:.2f} | {rows / pr:,.0f} |")
    print(f"throughput ratio (engine / bare): {b / e:.3f}  (target >= 0.97); "
          f"batch events delivered: {len(batches) / args.repeats:.0f} per run; with probes: {b / pr:.3f}")


if __name__ == "__main__":
    main()
