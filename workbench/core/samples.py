"""The datasets bundled with the project (written for it; see sample_data/README.md)."""

from __future__ import annotations

from pathlib import Path

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "sample_data"
DEFAULT_SAMPLE = "support_tickets_en.csv"


def sample_files() -> list[Path]:
    """Bundled CSV files, the default first; empty when installed without the repository."""
    files = sorted(SAMPLE_DIR.glob("*.csv"), key=lambda p: (p.name != DEFAULT_SAMPLE, p.name))
    return files


def default_sample() -> Path | None:
    files = sample_files()
    return files[0] if files else None
