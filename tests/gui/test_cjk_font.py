"""Chinese is drawn with real glyphs on a machine without any CJK font: the bundled one is used.

The check is by pixels: a missing glyph is drawn as the same box for every character, so two
different characters that render identically are boxes. The test runs in a subprocess whose
fontconfig sees only a Latin font folder, whatever the machine has installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from workbench.bundled import resource
from workbench.gui.fonts import FONT_FILE

LATIN_FONTS = Path("/usr/share/fonts/truetype/dejavu")

SCRIPT = textwrap.dedent("""
    import sys
    import pyqtgraph as pg
    from PySide6.QtCore import QRectF, QSettings
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication, QGraphicsScene, QLabel

    app = QApplication([])

    def widget_pixels(text):
        label = QLabel(text)
        label.resize(60, 40)
        return label.grab().toImage().constBits().tobytes()

    def pyqtgraph_pixels(text):  # as the legends, titles and notes of the plots draw text
        scene = QGraphicsScene()
        item = pg.LabelItem(text, size="20pt")
        scene.addItem(item)
        image = QImage(80, 60, QImage.Format.Format_RGB32)
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        scene.render(painter, QRectF(0, 0, 80, 60), QRectF(0, 0, 80, 60))
        painter.end()
        return image.constBits().tobytes()

    print("boxes before:", widget_pixels("丢") == widget_pixels("弃"))
    from workbench.core.store import RunStore
    from workbench.gui import MainWindow
    window = MainWindow(store=RunStore(sys.argv[1]), settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
    print("boxes in widgets:", widget_pixels("丢") == widget_pixels("弃"))
    print("boxes in plots:", pyqtgraph_pixels("丢") == pyqtgraph_pixels("弃"))
    window.close()
""")


def test_chinese_renders_without_system_cjk_fonts(tmp_path):
    assert resource(FONT_FILE).stat().st_size <= 5_000_000
    fonts = tmp_path / "fonts.conf"
    latin = f"<dir>{LATIN_FONTS}</dir>" if LATIN_FONTS.is_dir() else ""
    fonts.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>{latin}'
                     f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>')
    env = {**os.environ, "FONTCONFIG_FILE": str(fonts), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "home"), str(tmp_path / "s.ini")], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    lines = out.stdout.splitlines()
    assert "boxes before: True" in lines, out.stdout  # the system's CJK fonts really are hidden
    assert "boxes in widgets: False" in lines and "boxes in plots: False" in lines, out.stdout
