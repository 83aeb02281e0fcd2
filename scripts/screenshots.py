"""Screenshots of the real window for the README (offscreen unless a display is set).

    python scripts/screenshots.py [OUT_DIR]     (default: resources/screenshots)

Chinese text needs a CJK font installed (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from workbench.core.samples import SAMPLE_DIR  # noqa: E402
from workbench.gui import MainWindow  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def settle(app: QApplication) -> None:
    for _ in range(30):
        app.processEvents()


def main(out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    window = MainWindow()
    window.resize(1200, 720)
    window.show()
    window.open_dataset(SAMPLE_DIR / "restaurant_reviews_zh.csv")
    settle(app)
    target = out_dir / "data_panel.png"
    window.grab().save(str(target))
    print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources" / "screenshots")
