"""Better defaults from evidence: a fixed-budget search per model family, its winners checked on unseen files.

    python bench/tuning.py [FILE.csv ...] [--tune-on NAME,NAME] [--models bag_of_embeddings,cnn]
                           [--budget-minutes M] [--json OUT] [--from-json IN]

Files: as bench/accuracy.py finds them (../shared/datasets/*.csv, else sample_data/*.csv), plus
sample_data/*.csv as extra held-out files. ``--tune-on`` names the files searched on (default:
ag_news_test.csv and chnsenticorp_htl.csv, one English and one Chinese, when present; else the
first two); every other file is held out: nobody tuned on it.

1. Search. For each model family and tuning file, ``core.tune.tune`` searches the default space
   around that model's defaults for M minutes of wall time (default 10), on the split accuracy.py
   uses, without a store. Trial 1 is the defaults themselves.
2. Proposal. A setting changes only where the winners on all tuning files agree: numbers on a log
   scale within a factor of 3, other numbers within 0.15 of the searched range, choices when equal.
   and the default does not agree with them. The proposed value is their mean (geometric on a log
   scale), rounded: on a log scale to one significant digit, other numbers to 0.05.
3. Check. The defaults and the proposal, trained once each on every file (tuned-on and held-out),
   scored on the test rows, beside TF-IDF + logistic regression (bench/accuracy.py's ``measure``).
   The proposal wins across the board when its test accuracy is at least the default's on every
   file, and higher on the whole; only then should it become the default in core/config.py.

Prints markdown tables. ``--json OUT`` keeps the searches; ``--from-json IN`` reuses them and only
proposes and checks.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from accuracy import ROOT, default_files, measure  # noqa: E402  (bench/ is the script's folder)

from workbench.core.config import SPECS, ExperimentConfig  # noqa: E402
from workbench.core.data import load_dataset, split_dataset  # noqa: E402
from workbench.core.sweep import format_value  # noqa: E402
from workbench.core.tune import tune  # noqa: E402

TUNE_ON = ("ag_news_test.csv", "chnsenticorp_htl.csv")
LOG_AGREEMENT = 3.0  # log-scale winners within this factor of each other agree
LINEAR_AGREEMENT = 0.15  # other numeric winners within this share of the searched range agree


def search(path: Path, model: str, budget_s: float) -> dict:
    """One study on the file's split: the winner, its scores and how the trials went."""
    dataset = load_dataset(path)
    config = ExperimentConfig(model=model)
    split = split_dataset(dataset, config.validation_fraction, config.test_fraction, config.seed)
    result = tune(config, split, budget_s)
    states = [t["state"] for t in result.trials]
    tokens = statistics.mean(len(text.split()) if not dataset.summary.is_cjk else len(text)
                             for text in split.train.text)
    return {"file": path.name, "model": model, "trials": len(states), "completed": states.count("completed"),
            "pruned": states.count("pruned"), "first": result.trials[0]["value"] if result.trials else None,
            "best": result.best, "importances": result.importances, "mean_tokens": round(tokens, 1),
            "space": result.space}


def propose(searches: list[dict]) -> dict:
    """The settings on which every search's winner agrees, away from the default, as {name: value}."""
    winners = [s["best"]["config"] for s in searches if s["best"]]
    if len(winners) < len(searches) or not winners:
        return {}
    proposal = {}
    for name, dimension in searches[0]["space"].items():
        values, default = [w[name] for w in winners], SPECS[name].default
        if "choices" in dimension:
            if all(v == values[0] for v in values) and values[0] != default:
                proposal[name] = values[0]
            continue
        default = min(max(default, dimension["low"]), dimension["high"])  # l2's 0 is the bottom of its range
        if _agree(values, dimension) and not _agree(values + [default], dimension):
            mean = (math.exp(statistics.mean(math.log(v) for v in values)) if dimension["log"]
                    else statistics.mean(values))
            proposal[name] = _round(mean, dimension["log"], SPECS[name].type)
    return proposal


def _agree(values: list[float], dimension: dict) -> bool:
    if dimension["log"]:
        return max(values) / min(values) <= LOG_AGREEMENT
    return max(values) - min(values) <= LINEAR_AGREEMENT * (dimension["high"] - dimension["low"])


def _round(value: float, log: bool, kind: type):
    if log:
        return kind(float(f"{value:.0e}"))
    return int(round(value)) if kind is int else round(round(value / 0.05) * 0.05, 2)


def check(path: Path, before: ExperimentConfig, after: ExperimentConfig) -> dict:
    first = measure(path, before)
    second = measure(path, after) if after != before else first
    score = lambda m: m["result"].test["accuracy"] if m["result"].test else float("nan")  # noqa: E731
    return {"file": path.name, "before": score(first), "after": score(second), "baseline": first["baseline"]["accuracy"],
            "before_s": first["result"].timing.get("total_s"), "after_s": second["result"].timing.get("total_s")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="CSV files (default: ../shared/datasets/*.csv or sample_data)")
    parser.add_argument("--tune-on", help="comma-separated names of the files to search on")
    parser.add_argument("--models", default="bag_of_embeddings,cnn", help="model families, comma-separated")
    parser.add_argument("--budget-minutes", type=float, default=10.0, help="wall time per search")
    parser.add_argument("--json", help="write the searches to this file")
    parser.add_argument("--from-json", help="reuse the searches in this file instead of searching")
    args = parser.parse_args(argv)
    files = [Path(f).resolve() for f in args.files] or default_files()
    files += [p for p in sorted((ROOT / "sample_data").glob("*.csv")) if p.resolve() not in files]
    names = args.tune_on.split(",") if args.tune_on else [n for n in TUNE_ON if any(f.name == n for f in files)]
    tune_files = [f for f in files if f.name in names] or files[:2]
    models = args.models.split(",")

    import keras  # noqa: F401  (imported once up front, outside every budget and timing)

    budget_minutes = args.budget_minutes
    if args.from_json:
        saved = json.loads(Path(args.from_json).read_text())
        searches, budget_minutes = saved["searches"], saved["budget_minutes"]
    else:
        searches = []
        for model in models:
            for path in tune_files:
                searches.append(search(path, model, args.budget_minutes * 60))
                print(f"searched {path.name} with {model}", file=sys.stderr, flush=True)
                if args.json:
                    Path(args.json).write_text(json.dumps({"searches": searches, "budget_minutes": budget_minutes},
                                                          indent=2))

    print(f"## Search: {budget_minutes:g} minutes per file and model family, default space, "
          "validation accuracy\n")
    print("| model | file | mean tokens | trials (completed / pruned) | defaults (trial 1) | best | best test acc | "
          "winner's settings that differ from the defaults | most important |")
    print("|---|---|---|---|---|---|---|---|---|")
    for s in searches:
        best = s["best"]
        changed = _changes(best["config"], ExperimentConfig(model=s["model"]).to_dict()) if best else "-"
        important = ", ".join(f"{n} {v:.2f}" for n, v in list(s["importances"].items())[:3]) or "-"
        print(f"| {s['model']} | {s['file']} | {s['mean_tokens']} | {s['trials']} ({s['completed']} / {s['pruned']}) | "
              f"{_number(s['first'])} | {_number(best['value'] if best else None)} | "
              f"{_number(best['test']['accuracy'] if best and best['test'] else None)} | {changed} | {important} |")

    for model in models:
        mine = [s for s in searches if s["model"] == model]
        proposal = propose(mine)
        before = ExperimentConfig(model=model)
        after = before.replace(**proposal)
        shown = ", ".join(f"{n}={format_value(v)}" for n, v in proposal.items()) or "none (the winners agree on nothing but the defaults)"
        print(f"\n## {model}: proposed change to the defaults: {shown}\n")
        print("| file | held out | defaults test acc | proposal test acc | TF-IDF + LR test acc | defaults s | "
              "proposal s |")
        print("|---|---|---|---|---|---|---|")
        checks = []
        for path in files:
            checks.append(c := check(path, before, after))
            held = "no" if path in tune_files else "yes"
            print(f"| {c['file']} | {held} | {c['before']:.3f} | {c['after']:.3f} | {c['baseline']:.3f} | "
                  f"{c['before_s']:.1f} | {c['after_s']:.1f} |", flush=True)
        wins = all(c["after"] >= c["before"] for c in checks) and sum(c["after"] - c["before"] for c in checks) > 0
        verdict = "wins on every file: make it the default" if proposal and wins else (
            "does not win on every file: keep the defaults" if proposal else "nothing to change")
        print(f"\nverdict for {model}: {verdict}")
    return 0


def _changes(config: dict, defaults: dict) -> str:
    return ", ".join(f"{n}={format_value(v)}" for n, v in config.items() if n != "version" and defaults.get(n) != v)


def _number(value) -> str:
    return "-" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    sys.exit(main())
