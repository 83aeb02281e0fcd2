"""The runs table: every stored run, to compare (select several), rename, delete or clone.

Selecting runs emits their ids (the window overlays their curves and shows the results of
the run picked last); double-clicking a row asks the window to load that run's settings
into the form ("clone and tweak"). Names are edited in place (F2) or with Rename….
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.compare import key_settings, model_title, non_default_settings
from workbench.core.errors import WorkbenchError
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.store import RunRecord, RunStore
from workbench.gui.i18n import core_message, setting_text, status_text, translate

COLUMNS = (QT_TRANSLATE_NOOP("RunsPanel", "Name"), QT_TRANSLATE_NOOP("RunsPanel", "Model"),
           QT_TRANSLATE_NOOP("RunsPanel", "Settings"), QT_TRANSLATE_NOOP("RunsPanel", "Best val acc"),
           QT_TRANSLATE_NOOP("RunsPanel", "Status"), QT_TRANSLATE_NOOP("RunsPanel", "Duration"),
           QT_TRANSLATE_NOOP("RunsPanel", "Started"))
NAME, MODEL, SETTINGS, BEST, STATUS, DURATION, STARTED = range(len(COLUMNS))
NUMERIC = (BEST, DURATION)
SORT_ROLE = Qt.ItemDataRole.UserRole
RUN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_COLORS = {"completed": "#2e9e44", "stopped": "#e69f00", "diverged": "#d62728", "failed": "#d62728",
                 "running": "#1f77b4", "interrupted": "#e69f00"}
HEADER_TIPS = {
    NAME: QT_TRANSLATE_NOOP("RunsPanel", "The run's name: F2 or Rename… to change it."),
    SETTINGS: QT_TRANSLATE_NOOP("RunsPanel", "The learning rate and the settings changed from their defaults (all "
                                             "of them in the tooltip)."),
    BEST: QT_TRANSLATE_NOOP("RunsPanel", "Best validation accuracy over the run's epochs."),
    DURATION: QT_TRANSLATE_NOOP("RunsPanel", "Wall time of the whole run."),
    STARTED: QT_TRANSLATE_NOOP("RunsPanel", "When the run started (local time)."),
}
HINT = QT_TRANSLATE_NOOP("RunsPanel", "Select several runs to overlay their curves · double-click a run to load its "
                                      "settings")


def format_duration(seconds: float | None) -> str:
    """12.3 s, 2 min 5 s, 1 h 4 min; "–" when unknown (a run still training)."""
    if seconds is None or not math.isfinite(seconds):
        return "–"
    if seconds < 59.95:
        return translate("RunsPanel", "{seconds} s").format(seconds=f"{seconds:.1f}")
    whole = round(seconds)
    if whole < 3600:
        return translate("RunsPanel", "{minutes} min {seconds} s").format(minutes=whole // 60, seconds=whole % 60)
    return translate("RunsPanel", "{hours} h {minutes} min").format(hours=whole // 3600, minutes=whole % 3600 // 60)


def _tr(text: str) -> str:
    return translate("RunsPanel", text)


def format_started(timestamp: str) -> str:
    """The store's ISO time with offset, shown in this computer's local time: 2026-11-29 07:41."""
    try:
        return datetime.fromisoformat(timestamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return str(timestamp)


@dataclass(frozen=True)
class _Row:
    """A run plus the texts derived from it, computed once per refresh rather than per paint."""

    record: RunRecord
    title: str
    settings: str
    settings_tip: str

    @classmethod
    def of(cls, record: RunRecord) -> _Row:
        try:
            config = record.experiment_config()
        except (WorkbenchError, TypeError, ValueError):  # settings from another version of the workbench
            return cls(record, record.model, "",
                       translate("RunsPanel", "These settings cannot be read by this version."))
        every = non_default_settings(config)
        if every:
            tip = translate("RunsPanel", "Changed from the defaults:") + "\n" + "\n".join(every)
        else:
            tip = translate("RunsPanel", "All settings at their defaults.")
        title = setting_text(model_title(config))
        if record.kind == "pretrain":  # its scores are about predicting words, not classes
            title = translate("RunsPanel", "Pretraining: {model}").format(model=title)
        return cls(record, title, key_settings(config), tip)


class RunsTableModel(QAbstractTableModel):
    """The runs as table rows; the Name cell is editable and renames the run in the store."""

    def __init__(self, store: RunStore, records: list[RunRecord] | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self._rows: list[_Row] = [_Row.of(r) for r in records or []]
        self._icons: dict[str, QIcon] = {}

    # --- contents -------------------------------------------------------------------------

    def set_records(self, records: list[RunRecord]) -> None:
        """Show these runs. New runs on top are inserted and unchanged rows updated in place,
        so a refresh during training keeps the view's selection, scroll position and editor."""
        rows = [_Row.of(r) for r in records]
        old_ids, new_ids = self.run_ids(), [r.record.id for r in rows]
        added = len(new_ids) - len(old_ids)
        if new_ids == old_ids:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))
        elif added > 0 and new_ids[added:] == old_ids:
            self.beginInsertRows(QModelIndex(), 0, added - 1)
            self._rows = rows[:added] + self._rows
            self.endInsertRows()
            self._rows = rows
            if len(rows) > added:
                self.dataChanged.emit(self.index(added, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))
        else:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()

    def run_ids(self) -> list[int]:
        return [row.record.id for row in self._rows]

    def record(self, row: int) -> RunRecord:
        return self._rows[row].record

    def row_of(self, run_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if row.record.id == run_id:
                return i
        return None

    # --- Qt model interface -----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == NAME:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        r = row.record
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == RUN_ID_ROLE:
            return r.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return self._status_icon(r.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def setData(self, index: QModelIndex, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != NAME or role != Qt.ItemDataRole.EditRole:
            return False
        row = self._rows[index.row()]
        name = str(value).strip()
        if not name or name == row.record.name:
            return False
        try:
            self.store.rename(row.record.id, name)
        except WorkbenchError:  # deleted meanwhile (by another window or the CLI)
            return False
        self._rows[index.row()] = dataclasses.replace(row, record=dataclasses.replace(row.record, name=name))
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _tr(COLUMNS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tr(HEADER_TIPS[section]) if section in HEADER_TIPS else None
        if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # --- cells ------------------------------------------------------------------------------

    @staticmethod
    def _text(row: _Row, column: int) -> str:
        r = row.record
        if column == NAME:
            return r.name
        if column == MODEL:
            return row.title
        if column == SETTINGS:
            return row.settings
        if column == BEST:
            return "–" if r.best_val_accuracy is None else f"{r.best_val_accuracy:.3f}"
        if column == STATUS:
            return status_text(r.status)
        if column == DURATION:
            return format_duration(r.duration_s)
        return format_started(r.created_at)

    @staticmethod
    def _sort_key(row: _Row, column: int):
        r = row.record
        if column == NAME:
            return r.name.casefold()
        if column == BEST:  # numbers sort as numbers; runs without a score sort below every score
            return -1.0 if r.best_val_accuracy is None else float(r.best_val_accuracy)
        if column == DURATION:
            return -1.0 if r.duration_s is None else float(r.duration_s)
        if column == STARTED:  # ids only grow: creation order, immune to time zone changes
            return r.id
        return RunsTableModel._text(row, column)

    @staticmethod
    def _tooltip(row: _Row, column: int) -> str | None:
        r = row.record
        if column == NAME:
            return translate("RunsPanel", "Run {run_id}: {name}\nDouble-click to load its settings; F2 to rename."
                             ).format(run_id=r.id, name=r.name)
        if column == SETTINGS:
            return row.settings_tip
        if column == STATUS:
            return f"{status_text(r.status)}: {core_message(r.message)}" if r.message else status_text(r.status)
        if column == STARTED:
            return translate("RunsPanel", "started {time}").format(time=r.created_at) + (
                "\n" + translate("RunsPanel", "finished {time}").format(time=r.finished_at) if r.finished_at else "")
        if column == MODEL:
            dataset = r.dataset.get("path") or ""
            if not dataset:
                return row.title
            return row.title + "\n" + translate("RunsPanel", "data: {path}").format(path=dataset)
        return None

    def _status_icon(self, status: str) -> QIcon | None:
        color = STATUS_COLORS.get(status)
        if color is None:
            return None
        if status not in self._icons:
            pixmap = QPixmap(24, 24)
            pixmap.setDevicePixelRatio(2.0)  # sharp on high-DPI screens, 12 logical pixels
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(color))
            painter.drawEllipse(2, 2, 8, 8)
            painter.end()
            self._icons[status] = QIcon(pixmap)
        return self._icons[status]


class RunsPanel(QWidget):
    """The runs table with its Rename…, Load settings and Delete commands."""

    selection_changed = Signal(list)  # selected run ids, the one selected last at the end
    load_settings_requested = Signal(int)  # run id: put its settings into the form
    runs_deleted = Signal(list)  # run ids removed from the store

    def __init__(self, store: RunStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self._order: list[int] = []  # selected ids in the order they were selected
        self._extra_actions: list[QAction] = []  # techniques' commands on a run (add_context_action)
        self._quiet = False  # True while the panel itself changes the selection

        self.model = RunsTableModel(store, parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(objectName="runsTable")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)  # double-click loads settings
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(STARTED, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(SETTINGS, QHeaderView.ResizeMode.Stretch)
        for column in (STATUS, DURATION, STARTED):  # short values, never cut to "comp…"
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.rename_action = QAction(self.tr("Rename…"), self)
        self.rename_action.triggered.connect(self.rename_selected)
        self.load_action = QAction(self.tr("Load settings"), self)
        self.load_action.setToolTip(self.tr("Put this run's settings into the form, to change one and train again."))
        self.load_action.triggered.connect(self.load_selected)
        self.delete_action = QAction(self.tr("Delete"), self)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.table.addAction(self.delete_action)

        self.rename_button = QPushButton(self.tr("Rename…"), objectName="renameRunButton")
        self.load_button = QPushButton(self.tr("Load settings"), objectName="loadSettingsButton")
        self.load_button.setToolTip(self.load_action.toolTip())
        self.delete_button = QPushButton(self.tr("Delete"), objectName="deleteRunsButton")
        self.delete_button.setToolTip(self.tr("Delete the selected runs and their saved models (Del)."))
        self.rename_button.clicked.connect(self.rename_selected)
        self.load_button.clicked.connect(self.load_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.count_label = QLabel(objectName="runsCountLabel")
        self.count_label.setStyleSheet("color: gray;")

        buttons = QHBoxLayout()
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.delete_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.count_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

        self._sized = False
        self.refresh()

    # --- public -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the store; the selection (of runs that still exist) is kept."""
        before = self.selected_ids()
        current = self._current_id()
        self._quiet = True
        try:
            self.model.set_records(self.store.list_runs())
            if self.selected_ids() != before:  # a reset dropped the selection: put it back
                self._select(before, current)
        finally:
            self._quiet = False
        present = set(self.model.run_ids())
        self._order = [i for i in self._order if i in present]
        self._update_commands()
        if not self._sized and self.model.rowCount():
            self._fit_columns()
        if self.selected_ids() != before:
            self.selection_changed.emit(self.selected_ids())

    def select_runs(self, ids: list[int]) -> None:
        """Select these runs (and nothing else), the last one current; emits selection_changed."""
        before = self.selected_ids()
        self._quiet = True
        try:
            self._select(ids, ids[-1] if ids else None)
        finally:
            self._quiet = False
        present = set(self._selected_set())
        self._order = [i for i in dict.fromkeys(ids) if i in present]
        self._update_commands()
        if self.selected_ids() != before:
            self.selection_changed.emit(self.selected_ids())

    def add_context_action(self, action: QAction) -> None:
        """A technique's command on the selected runs, in their right-click menu (it enables itself)."""
        self._extra_actions.append(action)

    def selected_ids(self) -> list[int]:
        """The selected run ids, in the order they were selected (the one picked last at the end)."""
        chosen = self._selected_set()
        ordered = [i for i in self._order if i in chosen]
        return ordered + [i for i in self._view_ordered(chosen) if i not in ordered]

    # --- commands ---------------------------------------------------------------------------

    def load_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.load_settings_requested.emit(ids[0])

    def rename_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        row = self.model.row_of(ids[0])
        record = self.model.record(row)
        name, ok = QInputDialog.getText(self, self.tr("Rename run"),
                                        self.tr("New name for run {run_id}:").format(run_id=record.id),
                                        text=record.name)
        if ok and name.strip():
            self.model.setData(self.model.index(row, NAME), name)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids or self._running(ids):
            return
        if len(ids) == 1:
            name = self.model.record(self.model.row_of(ids[0])).name
            question = self.tr("Delete 1 run (“{name}”) and its saved model?").format(name=name)
        else:
            question = self.tr("Delete {count} runs and their saved models?").format(count=len(ids))
        answer = QMessageBox.question(self, self.tr("Delete runs"), question + self.tr(" This cannot be undone."),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        problems = []
        for run_id in ids:
            try:
                self.store.delete(run_id)
            except WorkbenchError as exc:  # already gone, or its model folder could not be removed
                problems.append(str(exc))
        remaining = {r.id for r in self.store.list_runs()}
        deleted = [i for i in ids if i not in remaining]
        self.refresh()
        if deleted:
            self.runs_deleted.emit(deleted)
        if problems:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Delete runs"), "\n".join(problems),
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("deleteProblemDialog")
            box.open()

    # --- internals --------------------------------------------------------------------------

    def _selected_set(self) -> set[int]:
        return {index.data(RUN_ID_ROLE) for index in self.table.selectionModel().selectedRows()}

    def _view_ordered(self, ids: set[int]) -> list[int]:
        return [self.proxy.index(row, 0).data(RUN_ID_ROLE) for row in range(self.proxy.rowCount())
                if self.proxy.index(row, 0).data(RUN_ID_ROLE) in ids]

    def _proxy_index(self, run_id: int, column: int = 0) -> QModelIndex:
        row = self.model.row_of(run_id)
        if row is None:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(row, column))

    def _current_id(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(RUN_ID_ROLE) if index.isValid() else None

    def _select(self, ids: list[int], current: int | None) -> None:
        selection = QItemSelection()
        for run_id in ids:
            index = self._proxy_index(run_id)
            if index.isValid():
                selection.select(index, index)
        flags = QItemSelectionModel.SelectionFlag
        selection_model = self.table.selectionModel()
        selection_model.select(selection, flags.ClearAndSelect | flags.Rows)
        current_index = self._proxy_index(current) if current is not None else QModelIndex()
        if current_index.isValid():
            selection_model.setCurrentIndex(current_index, flags.NoUpdate)
            self.table.scrollTo(current_index)

    def _selection_changed(self, *_) -> None:
        chosen = self._selected_set()
        self._order = [i for i in self._order if i in chosen]
        self._order += [i for i in self._view_ordered(chosen) if i not in self._order]
        self._update_commands()
        if not self._quiet:
            self.selection_changed.emit(self.selected_ids())

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.load_settings_requested.emit(index.data(RUN_ID_ROLE))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        if index.data(RUN_ID_ROLE) not in self._selected_set():
            self.select_runs([index.data(RUN_ID_ROLE)])
        menu = QMenu(self)
        menu.addAction(self.load_action)
        menu.addAction(self.rename_action)
        menu.addActions(self._extra_actions)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _running(self, ids: list[int]) -> list[int]:
        return [i for i in ids if self.model.record(self.model.row_of(i)).status == "running"]

    def _update_commands(self) -> None:
        ids = self.selected_ids()
        one = len(ids) == 1
        running = self._running(ids)
        for widget in (self.load_action, self.load_button, self.rename_action, self.rename_button):
            widget.setEnabled(one)
        for widget in (self.delete_action, self.delete_button):
            widget.setEnabled(bool(ids) and not running)
        if running:
            self.delete_button.setToolTip(self.tr("Run {run_id} is still training: stop it before deleting it.").format(
                run_id=running[0]))
        else:
            self.delete_button.setToolTip(self.tr("Delete the selected runs and their saved models (Del)."))
        self.delete_button.setText(self.tr("Delete {count} runs").format(count=len(ids)) if len(ids) > 1
                                   else self.tr("Delete"))
        total = self.model.rowCount()
        if not total:
            self.count_label.setText(self.tr("No runs yet: train a model and it appears here."))
        else:
            runs = (self.tr("{count} run") if total == 1 else self.tr("{count} runs")).format(count=total)
            chosen = self.tr(", {count} selected").format(count=len(ids)) if ids else ""
            self.count_label.setText(f"{runs}{chosen} · {_tr(HINT)}")

    def _fit_columns(self) -> None:
        """Size the columns to their contents once, then leave them to the user."""
        self._sized = True
        self.table.resizeColumnsToContents()
        for column, widest in ((NAME, 260), (MODEL, 180)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column) + 12, widest))
