"""Screenshots of the real window for the README: before, during and after training.

    python scripts/screenshots.py [OUT_DIR]     (default: resources/screenshots)
    WORKBENCH_DARK=1 python scripts/screenshots.py /tmp/dark    (the same in a dark palette)
    WORKBENCH_LANGUAGE=zh_CN python scripts/screenshots.py /tmp/zh    (the window in Chinese)

Runs offscreen unless a display is set, with a throw-away run store and settings. Chinese is
drawn with the bundled font (resources/fonts), whatever fonts the machine has.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QLineEdit  # noqa: E402

from workbench.bundled import sample_data_dir  # noqa: E402
from workbench.core.store import RunStore  # noqa: E402
from workbench.gui import MainWindow  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def wait_for(signal, count: int = 1, timeout_ms: int = 300_000) -> None:
    loop = QEventLoop()
    seen = [0]

    def on_signal(*_):
        seen[0] += 1
        if seen[0] >= count:
            loop.quit()

    signal.connect(on_signal)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(on_signal)


def dark_palette():
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    for role, color in ((QPalette.ColorRole.Window, "#2b2b2b"), (QPalette.ColorRole.WindowText, "#e6e6e6"),
                        (QPalette.ColorRole.Base, "#1e1e1e"), (QPalette.ColorRole.AlternateBase, "#2a2a2a"),
                        (QPalette.ColorRole.Text, "#e6e6e6"), (QPalette.ColorRole.Button, "#353535"),
                        (QPalette.ColorRole.ButtonText, "#e6e6e6"), (QPalette.ColorRole.Highlight, "#2f65ca"),
                        (QPalette.ColorRole.HighlightedText, "#ffffff"), (QPalette.ColorRole.ToolTipBase, "#353535"),
                        (QPalette.ColorRole.ToolTipText, "#e6e6e6"), (QPalette.ColorRole.PlaceholderText, "#8a8a8a")):
        palette.setColor(role, QColor(color))
    return palette


def settle(app: QApplication, window: MainWindow) -> None:
    """Until the window has drawn everything: selected runs are drawn one per turn of the event loop,
    with the plots' updates off until the last, and while a run trains the accuracy plot is painted a
    turn after the loss plot (a grab before either shows whatever was in memory, black offscreen)."""
    wait_until(lambda: not window.overlay_pending())
    window.plots.flush()
    for _ in range(30):
        app.processEvents()
    wait_until(lambda: window.plots.updatesEnabled() and window.plots.accuracy_plot.updatesEnabled())


def wait_until(condition) -> None:
    loop = QEventLoop()
    poll = QTimer(interval=20)
    poll.timeout.connect(lambda: loop.quit() if condition() else None)
    poll.start()
    QTimer.singleShot(60_000, loop.quit)
    loop.exec()
    poll.stop()


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    app = QApplication.instance() or QApplication(sys.argv)
    if os.environ.get("WORKBENCH_DARK"):  # check readability in a dark palette
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    settings = QSettings(str(work / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("language", os.environ.get("WORKBENCH_LANGUAGE", "en"))  # as View > Language stores it
    window = MainWindow(store=RunStore(work / "home"), settings=settings)
    window.resize(1400, 860)
    window.show()
    window.open_dataset(sample_data_dir() / "restaurant_reviews_zh.csv")
    wait_for(window.dataset_opened)
    settle(app, window)
    window.grab().save(str(out_dir / "data_panel.png"))

    # Two runs that differ only in dropout: the comparison the app is for.
    form = window.config_form
    base = form.config().replace(model="bag_of_embeddings", embedding_dim=128, epochs=20, learning_rate=0.003)
    form.set_config(base.replace(dropout=0.0))
    window.left_tabs.setCurrentWidget(form)
    window.probes_panel.set_probes(["菜很好吃，服务也很热情", "等了一个小时，菜还是凉的", "环境一般，价格还可以"])
    window.start_training()
    wait_for(window.engine.run_finished)
    form.set_config(base.replace(dropout=0.7, l2=1e-4))
    window.start_training()
    window.bottom_tabs.setCurrentWidget(window.probes_panel)
    wait_for(window.engine.epoch_end, count=8)
    settle(app, window)
    window.grab().save(str(out_dir / "training.png"))
    wait_for(window.engine.run_finished)
    window.runs_panel.select_runs([r.id for r in window.store.list_runs()])
    window.bottom_tabs.setCurrentWidget(window.results_panel)
    window.results_panel.findChild(QLineEdit, "predictInput").setText("菜很好吃，就是等太久了")
    window.results_panel.predict_requested.emit("菜很好吃，就是等太久了")
    wait_for(window.engine.predicted)
    settle(app, window)
    window.grab().save(str(out_dir / "compare_and_results.png"))
    window.bottom_tabs.setCurrentWidget(window.compare_panel)
    settle(app, window)
    window.grab().save(str(out_dir / "compare_table.png"))
    window.plots.set_view("small_multiples")
    settle(app, window)
    window.grab().save(str(out_dir / "small_multiples.png"))
    window.plots.set_view("overlay")
    window.bottom_tabs.setCurrentWidget(window.weights_panel)
    settle(app, window)
    window.grab().save(str(out_dir / "inside_the_model.png"))
    for name in ("data_panel.png", "training.png", "compare_and_results.png", "compare_table.png",
                 "small_multiples.png", "inside_the_model.png"):
        print(f"wrote {out_dir / name}")
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "screenshots")
