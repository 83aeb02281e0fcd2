"""The sentences a run ends with, as templates marked for the window's translation.

The engine fills them in (``TRAINED.format(epochs=3)``) and sends plain English; the window
recognizes a filled-in sentence by its template and shows it in its own language
(``gui.i18n.core_message``). A template's placeholders are filled with plain values.
"""

from __future__ import annotations

from workbench.core.i18n import QT_TRANSLATE_NOOP

TRAINED = QT_TRANSLATE_NOOP("CoreMessages", "Trained {epochs} epoch(s).")
STOPPED = QT_TRANSLATE_NOOP("CoreMessages", "Stopped by request after {epochs} epoch(s).")
STOPPED_UNSAVED = QT_TRANSLATE_NOOP("CoreMessages", "Stopped by request after {epochs} epoch(s); the process ended "
                                   "before the model was saved.")
MEMORIZED = QT_TRANSLATE_NOOP("CoreMessages", "Memorized the training texts.")
DIVERGED = QT_TRANSLATE_NOOP("CoreMessages", "The loss became infinite or not a number at epoch {epoch}, step {step}: "
                             "the learning rate ({learning_rate}) is probably too high; try {suggestion}.")
TEMPLATES = (TRAINED, STOPPED, STOPPED_UNSAVED, MEMORIZED, DIVERGED)
