"""The datasets bundled with the project (written for it; see sample_data/README.md)."""

from __future__ import annotations

from pathlib import Path

from workbench.bundled import sample_data_dir
from workbench.core.i18n import LANGUAGE_NAMES

DEFAULT_SAMPLE = "support_tickets_en.csv"


def sample_files() -> list[Path]:
    """Bundled CSV files, the default first."""
    return sorted(sample_data_dir().glob("*.csv"), key=lambda p: (p.name != DEFAULT_SAMPLE, p.name))


def default_sample() -> Path | None:
    files = sample_files()
    return files[0] if files else None


def sample_title(path: Path) -> str:
    """How menus and buttons name a sample: "restaurant_reviews_zh.csv" is "restaurant reviews (中文)"."""
    *words, language = path.stem.split("_")
    if words and language in LANGUAGE_NAMES:
        return f"{' '.join(words)} ({LANGUAGE_NAMES[language]})"
    return path.stem.replace("_", " ")
