"""The datasets bundled with the project (written for it; see sample_data/README.md)."""

from __future__ import annotations

from pathlib import Path

from workbench.bundled import sample_data_dir

DEFAULT_SAMPLE = "support_tickets_en.csv"


def sample_files() -> list[Path]:
    """Bundled CSV files, the default first."""
    return sorted(sample_data_dir().glob("*.csv"), key=lambda p: (p.name != DEFAULT_SAMPLE, p.name))


def default_sample() -> Path | None:
    files = sample_files()
    return files[0] if files else None
