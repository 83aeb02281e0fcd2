"""Lessons in the window: the chooser and the narration panel fed plain data, and the few-clicks path
from launch to two regularization settings overlaid, driven with real clicks and a real engine."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QDockWidget, QPushButton, QTreeWidget

from workbench.core.lessons import LESSONS
from workbench.gui.lessons_panel import LessonsController, LessonsDialog, NarrationPanel, first_sentence, lesson_text

TIMEOUT = 240_000


def lessons():
    return [lesson.to_dict() for lesson in LESSONS.values()]


def test_the_chooser_lists_every_lesson_and_starts_on_the_first(qtbot):
    dialog = LessonsDialog(lessons(), "zh")
    qtbot.addWidget(dialog)
    tree = dialog.findChild(QTreeWidget, "lessonList")
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    assert [(row.text(0), row.text(1)) for row in rows] == [
        (lesson.title, first_sentence(lesson.summary)) for lesson in LESSONS.values()]
    assert rows[0].text(1) == "The notes in the training file were sorted in a hurry: three in ten are under the wrong topic."
    assert dialog.chosen() == ("overfitting", "zh")
    assert "No regularization · Dropout and L2" in dialog.runs.text() and "3 times" in dialog.runs.text()

    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(rows[2]).center())
    assert dialog.summary.text() == LESSONS["learning_rate"].summary
    combo = dialog.language_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["English", "中文"] and combo.currentText() == "中文"
    combo.setCurrentIndex(combo.findData("en"))
    assert dialog.chosen() == ("learning_rate", "en")
    second = tree.visualItemRect(rows[1]).center()
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=second)  # a double-click's first press
    QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=second)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.chosen() == ("l1_vs_l2", "en")


def test_the_newest_step_is_large_earlier_ones_follow_and_the_verdict_comes_last(qtbot):
    panel = NarrationPanel()
    qtbot.addWidget(panel)
    panel.begin("Overfitting", 2)
    panel.run_started("No regularization", 42, 1, 2)
    assert panel.progress.text() == "Run 1 of 2: No regularization, seed 42"
    step = LESSONS["overfitting"].steps[2]
    panel.add_step("First step")
    panel.add_step(lesson_text(step.text, {"epoch": 4, "accuracy": 0.987}))
    assert panel.current.text().startswith("Epoch 4: training accuracy is already 99%, although")
    assert "First step" in panel.earlier.text() and "Epoch 4" not in panel.earlier.text()
    assert not panel.verdict.isVisibleTo(panel)
    panel.show_verdict("Regularization won.")
    assert panel.verdict.isVisibleTo(panel) and panel.verdict.text() == "Regularization won."
    assert panel.steps() == ["First step", panel.current.text()]

    normal = (panel.current.font().pointSizeF(), panel.earlier.font().pointSizeF())
    assert normal[0] > normal[1]  # the newest step stands out
    panel.set_presenting(True)
    assert panel.current.font().pointSizeF() > normal[0] and panel.earlier.font().pointSizeF() > normal[1]
    assert not panel.choose_button.isVisibleTo(panel)
    panel.set_presenting(False)
    assert (panel.current.font().pointSizeF(), panel.earlier.font().pointSizeF()) == normal
    assert panel.choose_button.isVisibleTo(panel)


def test_narration_is_translated_before_its_numbers_are_filled_in(qtbot, tmp_path):
    epoch_step, rise_step = LESSONS["overfitting"].steps[2].text, LESSONS["overfitting"].steps[3].text
    (tmp_path / "zh.ts").write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS><TS version="2.1" language="zh_CN"><context><name>Lesson</name>
<message><source>{escape(epoch_step)}</source><translation>第 {{epoch}} 轮：训练准确率已达 {{accuracy:.0%}}。</translation></message>
<message><source>{escape(rise_step)}</source><translation>验证损失自第 {{epoch_typo}} 轮起上升。</translation></message>
</context></TS>""", encoding="utf-8")
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lrelease")
    out = subprocess.run([lrelease, tmp_path / "zh.ts", "-qm", tmp_path / "zh.qm"], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    translator = QTranslator()
    assert translator.load(str(tmp_path / "zh.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        assert lesson_text(epoch_step, {"epoch": 4, "accuracy": 0.987}) == "第 4 轮：训练准确率已达 99%。"
        values = {"since_epoch": 3, "epoch": 6}  # a translation with a wrong placeholder: the English, filled in
        assert lesson_text(rise_step, values) == rise_step.format(**values)
    finally:
        QCoreApplication.removeTranslator(translator)
    assert lesson_text(epoch_step, {"epoch": 4, "accuracy": 0.987}).startswith("Epoch 4: training accuracy is already 99%")


def test_lessons_in_the_window_process_import_no_tensorflow():
    code = ("import sys; from PySide6.QtWidgets import QApplication; app = QApplication([]); "
            "from workbench.core.lessons import LESSONS; from workbench.gui import lessons_panel as p; "
            "d = p.LessonsDialog([l.to_dict() for l in LESSONS.values()], 'en'); n = p.NarrationPanel(); "
            "n.add_step(p.lesson_text(LESSONS['overfitting'].steps[2].text, {'epoch': 4, 'accuracy': 0.9})); "
            "print(sorted(m for m in ('tensorflow', 'keras', 'tf_keras') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.splitlines()[-1] == "[]"


def test_four_clicks_from_launch_overlay_two_regularization_settings(make_window, qtbot):
    window = make_window()
    controller = next(f for f in window.features if isinstance(f, LessonsController))
    controller.changes, controller.seeds = {"epochs": 2}, 1  # quick: the path is under test, not the lesson
    clicks = []

    def click(widget, pos):
        clicks.append(widget.objectName())
        QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)

    bar, help_menu = window.menuBar(), window.help_menu
    click(bar, bar.actionGeometry(help_menu.menuAction()).center())  # 1: Help
    qtbot.waitUntil(help_menu.isVisible)
    click(help_menu, help_menu.actionGeometry(window.findChild(QAction, "lessonsAction")).center())  # 2: Lessons…
    qtbot.waitUntil(lambda: window.findChild(QDialog, "lessonsDialog") is not None)
    dialog = window.findChild(QDialog, "lessonsDialog")
    tree = dialog.findChild(QTreeWidget, "lessonList")
    overfitting = tree.topLevelItem([lesson["name"] for lesson in dialog.lessons].index("overfitting"))
    click(tree.viewport(), tree.visualItemRect(overfitting).center())  # 3: the overfitting lesson
    start = dialog.findChild(QPushButton, "startLessonButton")
    with qtbot.waitSignal(window.engine.task_finished, timeout=TIMEOUT) as finished:
        click(start, start.rect().center())  # 4: Start
    assert len(clicks) == 4

    kind, result, error = finished.args
    assert kind == "lesson" and result is not None, error
    qtbot.waitUntil(lambda: window.data_panel.path is not None
                    and window.data_panel.path.name == "noticeboard_noisy_train_en.csv", timeout=TIMEOUT)
    assert window.config_form.config().model == "mlp"  # the lesson's settings are in the form
    qtbot.waitUntil(lambda: not window.overlay_pending())  # the runs are drawn one per turn of the event loop
    runs = window.plots.keys()
    assert sorted(runs) == sorted(r["run_id"] for r in result["runs"]) and len(runs) == 2
    settings = [(window.store.get_run(r).config["dropout"], window.store.get_run(r).config["l2"]) for r in runs]
    assert settings == [(0.0, 0.0), (0.6, 2e-3)]
    for run_id in runs:  # both curves overlaid, every epoch drawn
        epochs, losses = window.plots.curve_data(run_id, "loss", "validation")
        assert list(epochs) == [1, 2] and len(losses) == 2
        assert window.plots.label(run_id).startswith(f"#{run_id} ") and "seed" in window.plots.label(run_id)
    assert window.findChild(QDockWidget, "lessonDock").isVisible()
    assert controller.panel.steps()[0].startswith("Two copies of one big network")
    assert controller.panel.verdict.isVisible() and "validation accuracy" in controller.panel.verdict.text()
