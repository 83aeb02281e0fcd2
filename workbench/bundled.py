"""Where the bundled files are: the sample datasets and the window's resources (font, translations).

They live in the repository's top-level ``sample_data/`` and ``resources/`` folders, which the
package build maps to ``workbench.sample_data`` and ``workbench.resources`` (see pyproject.toml), so
the same code finds them in a source checkout, an editable install and a wheel.
"""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path


def sample_data_dir() -> Path:
    return _folder("workbench.sample_data")


def resource(relative: str) -> Path:
    """A file under resources/, e.g. resource("fonts/WorkbenchSansSC-Regular.otf")."""
    return _folder("workbench.resources") / relative


def _folder(package: str) -> Path:
    spec = find_spec(package)  # a folder without __init__.py: its spec lists where it is
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return Path(__file__).resolve().parents[1] / package.rsplit(".", 1)[1]  # a source tree never installed
