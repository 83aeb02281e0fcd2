"""The techniques beyond a single run, each in a module of its own that adds itself to the window.

An entry of ``FEATURES`` is a function ``install(window) -> object`` (the object is kept alive by the
window). It adds menu actions (``window.run_menu``, ``window.view_menu``, ``window.help_menu``) and
panels (``window.add_bottom_tab``, or ``window.show_bottom_tab`` for one added when first shown), and
runs what trains through ``window.start_task(kind, ...)`` (see engine/tasks.py for the kinds), so that
Stop, the progress bars and the curves work for it as for a single run. Adding a technique to the window
is one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workbench.gui import (
    deploy_panel,
    lessons_panel,
    run_on,
    streaming,
    structure_panel,
    transfer_actions,
    trust_panel,
    tuning_panel,
)

FEATURES: tuple[Callable[[Any], Any], ...] = (
    tuning_panel.install,  # Run > Find learning rate…, Run > Tune…
    transfer_actions.install,
    lessons_panel.install,
    deploy_panel.install,
    structure_panel.install,
    trust_panel.install,  # Seeds next to Train, Run > Cross-validate…, Run > Learning curve…, augmentation preview
    run_on.install,  # the curves of runs that train at once on a cluster (the sweep and cv dialogs' "Run on")
    streaming.install,  # "Stream from disk" under the data summary of a large file; after trust_panel (its hook)
)


def install_features(window: Any) -> list[Any]:
    return [install(window) for install in FEATURES]
