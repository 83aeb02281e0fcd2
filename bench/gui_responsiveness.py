"""Does the window stay responsive while TensorFlow trains? (event-loop stalls, stop latency, start-up)

    python bench/gui_responsiveness.py [FILE.csv] [--model lstm] [--rows 3000] [--epochs 2]

Opens the real window (offscreen unless DISPLAY is set), trains on the first ROWS rows
of FILE, and samples the GUI event loop with a 10 ms timer. Prints the longest gaps
between ticks (a gap is time the loop could not react), then presses Stop during the
next run and times how long it takes to end. Target: stalls under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

T0 = time.perf_counter()
if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "datasets" / "sms_spam.csv"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(SHARED if SHARED.exists()
                                                       else ROOT / "sample_data" / "support_tickets_en.csv"))
    parser.add_argument("--model", default="lstm")
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()

    import pandas as pd

    from workbench.core.store import RunStore
    from workbench.gui import MainWindow

    work = Path(tempfile.mkdtemp())
    subset = work / "subset.csv"
    pd.read_csv(args.file).head(args.rows).to_csv(subset, index=False)
    app = QApplication(sys.argv)
    window = MainWindow(store=RunStore(work / "home"), settings=QSettings(str(work / "s.ini"), QSettings.Format.IniFormat))
    window.show()
    app.processEvents()
    shown = time.perf_counter() - T0
    window.open_dataset(subset)
    window.config_form.set_config(window.config_form.config().replace(model=args.model, epochs=args.epochs))

    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]

    def tick() -> None:
        now = clock.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    ticker = QTimer(interval=10)
    ticker.timeout.connect(tick)

    def run_until_finished(press_stop_after_epoch: bool = False) -> float:
        loop = QEventLoop()
        stopped_at = [0.0]
        outcome = []

        def on_finished(o):
            outcome.append(o)
            loop.quit()

        def on_epoch(_):
            if press_stop_after_epoch and not stopped_at[0]:
                stopped_at[0] = time.perf_counter()
                window.stop_button.click()

        window.engine.run_finished.connect(on_finished)
        window.engine.epoch_end.connect(on_epoch)
        window.start_training()
        loop.exec()
        window.engine.run_finished.disconnect(on_finished)
        window.engine.epoch_end.disconnect(on_epoch)
        return time.perf_counter() - stopped_at[0] if stopped_at[0] else 0.0

    run_until_finished()  # warm-up run: TensorFlow import and graph tracing happen here
    ticker.start()
    last[0] = clock.nsecsElapsed()
    t = time.perf_counter()
    run_until_finished()
    train_s = time.perf_counter() - t
    ticker.stop()
    window.config_form.set_config(window.config_form.config().replace(epochs=50))
    stop_latency = run_until_finished(press_stop_after_epoch=True)
    window.close()

    g = np.array(gaps[1:])
    print(f"{Path(args.file).name} (first {args.rows} rows), {args.model}, {args.epochs} epochs; "
          f"window shown {shown:.2f} s after start")
    print("| measure | value |")
    print("|---|---|")
    print(f"| training time (second run) | {train_s:.1f} s |")
    print(f"| event-loop ticks (10 ms timer) | {len(g)} |")
    print(f"| median gap | {np.median(g):.1f} ms |")
    print(f"| 99th percentile gap | {np.percentile(g, 99):.1f} ms |")
    print(f"| longest gap | {g.max():.1f} ms |")
    print(f"| gaps over 50 ms | {(g > 50).sum()} |")
    print(f"| Stop pressed -> run ended (one epoch's validation pass included) | {stop_latency:.2f} s |")


if __name__ == "__main__":
    main()
