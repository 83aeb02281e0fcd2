"""Probe sentences: a few texts whose class probabilities are recorded after every epoch.

They let an audience watch the model change its mind while it trains. The trainer
computes them (one forward pass on a handful of sentences per epoch), the store keeps
them with each epoch, and the window and the CLI show them.
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench.core.errors import ConfigError

MAX_PROBES = 8
MAX_PROBE_CHARS = 2_000


def clean_probes(texts: Iterable[str]) -> list[str]:
    """The sentences to follow: stripped, blanks dropped, at most MAX_PROBES; ConfigError otherwise."""
    probes = [str(text).strip() for text in texts]
    probes = [text for text in probes if text]
    if len(probes) > MAX_PROBES:
        raise ConfigError(f"Follow at most {MAX_PROBES} probe sentences at a time (got {len(probes)}); "
                          "more lines would not fit on the plot.")
    for text in probes:
        if len(text) > MAX_PROBE_CHARS:
            raise ConfigError(f"A probe sentence is {len(text):,} characters long; keep each under "
                              f"{MAX_PROBE_CHARS:,}.")
    return probes
