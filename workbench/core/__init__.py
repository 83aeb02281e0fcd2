"""The engine: data, text, models, training and the run store. Never imports Qt."""

from workbench.core.errors import DatasetError

__all__ = ["DatasetError"]
