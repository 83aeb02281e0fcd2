"""The datasets bundled with the project (written for it; see sample_data/README.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from workbench.bundled import sample_data_dir
from workbench.core.i18n import LANGUAGE_NAMES, QT_TRANSLATE_NOOP

DEFAULT_SAMPLE = "support_tickets_en.csv"
# What each sample is about, from its file's name ("restaurant_reviews_zh.csv"), marked for translation.
SUBJECTS = (QT_TRANSLATE_NOOP("Samples", "support tickets"), QT_TRANSLATE_NOOP("Samples", "restaurant reviews"))


def sample_files() -> list[Path]:
    """Bundled CSV files, the default first."""
    return sorted(sample_data_dir().glob("*.csv"), key=lambda p: (p.name != DEFAULT_SAMPLE, p.name))


def default_sample() -> Path | None:
    files = sample_files()
    return files[0] if files else None


def sample_title(path: Path, translate: Callable[[str], str] = str) -> str:
    """How menus and buttons name a sample: "restaurant_reviews_zh.csv" is "restaurant reviews (中文)",
    its subject in the reader's language (``translate``, context "Samples") and its own in its own."""
    *words, language = path.stem.split("_")
    if words and language in LANGUAGE_NAMES:
        return f"{translate(' '.join(words))} ({LANGUAGE_NAMES[language]})"
    return path.stem.replace("_", " ")
