"""Text Classification Workbench: train and compare text classifiers from a desktop window."""

import os

# TensorFlow's C++ start-up chatter is noise to our users; an explicit setting wins.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

__version__ = "0.1.0"
