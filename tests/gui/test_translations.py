"""The window in Chinese: every text has a translation, and the window shows them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QTableView,
    QWidget,
)

from tests.gui.windows import open_data
from workbench.bundled import resource, sample_data_dir
from workbench.core.config import PARAMS
from workbench.core.diagnostics import detect_overfitting
from workbench.core.lessons import LESSONS
from workbench.core.run_messages import DIVERGED
from workbench.gui.i18n import core_message, install_translations, setting_text, translator

REPO = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
# Words that stay as they are in the Chinese window: names, formats, keys, and the language menu's "English".
KEPT = {"CSV", "TSV", "PNG", "SVG", "HTML", "TensorFlow", "Dropout", "Adam", "AdamW", "SGD", "RMSprop", "RNN",
        "CNN", "LSTM", "GRU", "Transformer", "jieba", "fastText", "word2vec", "url", "vec", "txt", "csv", "tsv",
        "tab", "png", "svg", "UTF", "Ctrl", "Esc", "Del", "English", "amp",
        # The export formats and the files they write: names, as on disk.
        "Keras", "keras", "predict", "train", "TFLite", "Lite", "float32", "float16", "int8", "KiB", "MiB"}


@pytest.fixture
def chinese(qapp):
    install_translations("zh_CN")
    yield
    install_translations("en")


def test_every_text_to_translate_has_a_chinese_translation():
    """lupdate over workbench/ (and the settings' declarations) into a copy of the .ts: nothing unfinished,
    and the compiled .qm matches the .ts. Fails for a new self.tr("...") until it is translated."""
    out = subprocess.run([sys.executable, str(REPO / "scripts" / "update_translations.py"), "--check"],
                         capture_output=True, text=True, timeout=300, cwd=REPO)
    assert out.returncode == 0, ("texts without a translation: add them to resources/translations/"
                                 f"workbench_zh_CN.ts and run scripts/update_translations.py\n{out.stdout}{out.stderr}")


def test_the_compiled_catalogue_is_a_package_resource():
    assert resource("translations/workbench_zh_CN.qm").stat().st_size > 10_000
    assert 'translations/*.qm' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_settings_overfitting_note_run_outcomes_and_lessons_translate(chinese):
    """Core texts are translated where the window shows them: settings, the overfitting note, how a run
    ended, lessons."""
    for spec in PARAMS:
        assert CJK.search(setting_text(spec.help)), spec.name
    history = [{"loss": 1.0 - 0.1 * i, "val_loss": v} for i, v in enumerate([1.0, 0.5, 0.6, 0.7, 0.8])]
    note = detect_overfitting(history).describe(translator("Diagnostics"))
    assert "过拟合" in note and "第 2 轮" in note and "0.500" in note
    assert core_message(DIVERGED.format(epoch=2, step=7, learning_rate="3", suggestion="0.3")) == (
        "第 2 轮第 7 步时，损失变成了无穷大或非数值：学习率（3）可能太高了；试试 0.3。")
    assert core_message("Could not read x.csv.") == "Could not read x.csv."  # details filled in: stays English
    for lesson in LESSONS.values():
        assert CJK.search(QCoreApplication.translate("Lesson", lesson.title)), lesson.name
        for step in lesson.steps:
            assert CJK.search(QCoreApplication.translate("Lesson", step.text)), (lesson.name, step.text)


LANGUAGE_OF = """
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from workbench.gui.i18n import chosen_language
app = QApplication([])
settings = QSettings(r"{ini}", QSettings.Format.IniFormat)
print(chosen_language(settings))
"""


@pytest.mark.parametrize(("locale", "picked", "expected"), [
    ("zh_CN.UTF-8", None, "zh_CN"), ("zh_TW.UTF-8", None, "en"), ("en_GB.UTF-8", None, "en"),
    ("en_GB.UTF-8", "zh_CN", "zh_CN"), ("zh_CN.UTF-8", "en", "en"), ("zh_CN.UTF-8", "klingon", "zh_CN")])
def test_the_system_locale_decides_until_a_language_is_picked(tmp_path, locale, picked, expected):
    ini = tmp_path / "s.ini"
    if picked:
        settings = QSettings(str(ini), QSettings.Format.IniFormat)
        settings.setValue("language", picked)
        settings.sync()
    env = {**os.environ, "LANG": locale, "LC_ALL": locale, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", LANGUAGE_OF.format(ini=ini)], capture_output=True, text=True,
                         timeout=60, env=env, check=True)
    assert out.stdout.strip() == expected


def _english_words(text: str) -> list[str]:
    plain = re.sub(r"<[^>]+>|&\w+;|[\w.-]+\.csv|\butf-8\b", " ", text)  # markup, the file's name and encoding
    return [word for word in re.findall(r"[A-Za-z][A-Za-z0-9]+", plain) if len(word) > 2 and word not in KEPT]


def _visible_texts(window) -> list[tuple[str, str]]:
    """(where, text) for every text a person can read in the window without training: menus, tabs,
    buttons, labels, boxes, placeholders, table headers and tooltips."""
    texts: list[tuple[str, str]] = []

    def menu(m: QMenu, where: str) -> None:
        texts.append((where, m.title()))
        for action in m.actions():
            if action.menu() is not None:
                menu(action.menu(), f"{where} > {action.menu().title()}")
            elif m is not window.recent_menu:
                texts.extend([(where, action.text()), (where, action.toolTip())])

    for action in window.menuBar().actions():
        menu(action.menu(), action.text())
    for widget in window.findChildren(QWidget):
        name = widget.objectName() or type(widget).__name__
        if name != "datasetPathLabel":
            texts.append((f"{name} tooltip", widget.toolTip()))
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and name != "datasetPathLabel"):
            texts.append((name, widget.text()))  # (that label holds the file's name and folder)
        elif isinstance(widget, QGroupBox):
            texts.append((name, widget.title()))
        elif isinstance(widget, (QLineEdit, QPlainTextEdit)):
            texts.append((name, widget.placeholderText()))
        elif isinstance(widget, QTabWidget):
            texts += [(name, widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QComboBox) and name not in ("textColumnCombo", "labelColumnCombo"):
            texts += [(name, widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QTableView) and name != "previewTable":  # the file's own column names
            model = widget.model()
            for column in range(model.columnCount()):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    texts.append((f"{name} header", str(model.headerData(column, Qt.Orientation.Horizontal, role) or "")))
    return [(where, text) for where, text in texts if text]


def test_the_window_in_chinese(make_window, qtbot):
    """One window in zh_CN: key widgets read in Chinese, no English text is left anywhere, and
    View > Language switches back to English for the next start."""
    window = make_window("zh_CN")
    assert open_data(qtbot, window, sample_data_dir() / "restaurant_reviews_zh.csv")
    assert window.windowTitle() == "文本分类工作台"
    assert [a.text() for a in window.menuBar().actions()] == ["文件(&F)", "示例数据(&S)", "运行(&R)", "视图(&V)",
                                                            "帮助(&H)"]
    assert window.train_button.text() == "▶  训练"
    assert window.bottom_tabs.tabText(0) == "运行记录" and window.left_tabs.tabText(1) == "模型与设置"
    form = window.config_form
    assert form.group_boxes["regularization"].title() == "正则化"
    assert form.labels["learning_rate"].text() == "学习率" and "优化器" in form.widgets["learning_rate"].toolTip()
    assert "使用" in window.data_panel.summary_label.text() and "已加载" in window.statusBar().currentMessage()
    assert window.runs_panel.model.headerData(0, Qt.Orientation.Horizontal) == "名称"

    left = [(where, text, words) for where, text in _visible_texts(window) if (words := _english_words(text))]
    assert not left, "English left in the Chinese window:\n" + "\n".join(map(str, left))

    window.findChild(QAction, "language_en").trigger()
    assert window.settings.value("language") == "en"
    dialog = window.findChild(QMessageBox, "languageChangedDialog")
    assert "English" in dialog.text()
    dialog.close()
