"""Text data augmentation: edited copies of the training texts, never of validation or test texts.

A copy of a text is the text as training cleans it, with words from the user's synonym file
replaced by others of their group, then tokens (or single characters) deleted, swapped and
inserted, each by its own chance per unit: the "easy data augmentation" edits of Wei & Zou (2019).
Insertions draw from the units of the training texts themselves, common ones more often, so a
copy brings in no token the training texts lack. Seeded: the same settings and seed give the
same copies. Pure Python: no Keras.

Synonym file: UTF-8 text, one group of synonyms per line. Separate them with commas (``,``,
``，`` or ``、``), and a synonym may then hold spaces (``not bad, decent, fine``); a line without
commas is split at spaces (``好 棒 赞``). Blank lines and lines starting with ``#`` are skipped.
Chinese synonyms match anywhere in a text; others only as whole words.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from workbench.core.config import ExperimentConfig
from workbench.core.data import Split
from workbench.core.errors import ConfigError
from workbench.core.text import CleaningOptions, clean_text, tokenize, written_without_spaces

_COMMAS = re.compile(r"[,，、]")


def parse_synonyms(text: str) -> list[list[str]]:
    """Groups of two or more synonyms from the synonym file's text (the format is in the module doc)."""
    groups = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = _COMMAS.split(line) if _COMMAS.search(line) else line.split()
        group = list(dict.fromkeys(word.strip() for word in words if word.strip()))
        if len(group) > 1:
            groups.append(group)
    return groups


def load_synonyms(path: str | Path) -> list[list[str]]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError(f"The synonym file {path} is not UTF-8 text; save it as UTF-8.") from None
    except OSError as exc:
        raise ConfigError(f"Cannot read the synonym file {path}: {exc.strerror}; check synonym_file.") from None
    groups = parse_synonyms(text)
    if not groups:
        raise ConfigError(f"The synonym file {path} holds no group of two or more synonyms; write one group "
                          f"per line, e.g. good, great, fine.")
    return groups


class Augmenter:
    """Makes edited copies of texts with one config's augmentation settings."""

    def __init__(self, config: ExperimentConfig, training_texts: Sequence[str]) -> None:
        from workbench.core.training import encoder_settings  # training imports this module

        settings = encoder_settings(config)
        self.config = config
        self.cleaning: CleaningOptions = settings.cleaning
        self.tokenizer = settings.tokenizer
        self.pool = [unit for text in training_texts for unit in self.units(clean_text(text, self.cleaning))
                     if unit != " "]
        self.synonyms: dict[str, list[str]] = {}
        self._synonym_re: re.Pattern | None = None
        if config.synonym_file and config.augment_synonyms > 0:
            self._index_synonyms(load_synonyms(config.synonym_file))

    def units(self, cleaned: str) -> list[str]:
        """What the edits act on: tokens, or characters with the spaces between words kept as " "."""
        if self.config.augment_unit == "character":
            return list(cleaned)
        return tokenize(cleaned, self.tokenizer)

    def clean(self, text: str) -> str:
        """The text as training reads it, before any edit (for previews)."""
        return _join(self.units(clean_text(text, self.cleaning)), self.config.augment_unit)

    def copy(self, text: str, rng: random.Random) -> str:
        c = self.config
        cleaned = self.replace_synonyms(clean_text(text, self.cleaning), rng)
        units = delete(self.units(cleaned), c.augment_delete, rng)
        units = swap(units, c.augment_swap, rng)
        units = insert(units, c.augment_insert, self.pool, rng)
        return _join(units, c.augment_unit)

    def replace_synonyms(self, cleaned: str, rng: random.Random) -> str:
        if self._synonym_re is None:
            return cleaned
        chance = self.config.augment_synonyms

        def replace(match: re.Match) -> str:
            word = match.group()
            return rng.choice(self.synonyms[word]) if rng.random() < chance else word

        return self._synonym_re.sub(replace, cleaned)

    def _index_synonyms(self, groups: list[list[str]]) -> None:
        for group in groups:  # cleaned like the texts, so "Good" in the file matches "good" in a text
            words = list(dict.fromkeys(w for w in (clean_text(word, self.cleaning) for word in group) if w))
            for word in words:
                others = self.synonyms.setdefault(word, [])
                others.extend(w for w in words if w != word and w not in others)
        self.synonyms = {word: others for word, others in self.synonyms.items() if others}
        if self.synonyms:  # longest first, so "not bad" wins over "bad"
            words = sorted(self.synonyms, key=len, reverse=True)
            self._synonym_re = re.compile("|".join(_whole(word) for word in words))


def delete(units: list[str], chance: float, rng: random.Random) -> list[str]:
    """Each unit left out with ``chance``; a text never loses all of its units."""
    if chance <= 0:
        return units
    kept = [u for u in units if u == " " or rng.random() >= chance]
    return kept if any(u != " " for u in kept) else units


def swap(units: list[str], chance: float, rng: random.Random) -> list[str]:
    """Each unit trades places with another (random) unit of the text with ``chance``."""
    positions = [i for i, u in enumerate(units) if u != " "]
    if chance <= 0 or len(positions) < 2:
        return units
    units = list(units)
    for k, i in enumerate(positions):
        if rng.random() < chance:
            j = positions[(k + 1 + rng.randrange(len(positions) - 1)) % len(positions)]  # any other one
            units[i], units[j] = units[j], units[i]
    return units


def insert(units: list[str], chance: float, pool: Sequence[str], rng: random.Random) -> list[str]:
    """After each unit, with ``chance``, a unit drawn from ``pool`` (the training texts' units)."""
    if chance <= 0 or not pool:
        return units
    out = []
    for unit in units:
        out.append(unit)
        if unit != " " and rng.random() < chance:
            out.append(pool[rng.randrange(len(pool))])
    return out


def augment_split(split: Split, config: ExperimentConfig) -> tuple[Split, int]:
    """The split with ``augment_copies`` edited copies of each training row added after the originals.

    Validation and test rows are returned untouched. Returns (split, rows added).
    """
    if not config.augment_copies:
        return split, 0
    texts, labels = split.train["text"].tolist(), split.train["label"].tolist()
    augmenter = Augmenter(config, texts)
    rng = _rng(config)
    copies = pd.DataFrame({
        "text": [augmenter.copy(text, rng) for _ in range(config.augment_copies) for text in texts],
        "label": labels * config.augment_copies,
    })
    train = pd.concat([split.train, copies], ignore_index=True)
    return dataclasses.replace(split, train=train), len(copies)


def preview_augmentation(config: ExperimentConfig, texts: Sequence[str], n: int = 5) -> list[tuple[str, str]]:
    """(original, augmented) for ``n`` of ``texts`` picked with the seed: what one copy would look like.

    The original is shown as training reads it (cleaned), so that the two differ only by the edits;
    insertions draw from ``texts``. Works with augment_copies at 0 too, to try settings out first.
    """
    texts = [t for t in texts if t.strip()]
    augmenter = Augmenter(config, texts)
    rng = _rng(config)
    chosen = sorted(rng.sample(range(len(texts)), min(n, len(texts))))
    return [(augmenter.clean(texts[i]), augmenter.copy(texts[i], rng)) for i in chosen]


def _rng(config: ExperimentConfig) -> random.Random:
    # A string seed is hashed with SHA-512: the same on every platform and Python run, and a
    # stream of its own, apart from the split's and the weights'.
    return random.Random(f"augment:{config.seed}")


def _whole(word: str) -> str:
    """A synonym as a pattern: Chinese matches anywhere, other words only where a word starts and ends."""
    before = "" if written_without_spaces(word[0]) else r"(?<!\w)"
    after = "" if written_without_spaces(word[-1]) else r"(?!\w)"
    return before + re.escape(word) + after


def _join(units: list[str], unit: str) -> str:
    """Units back into text: characters as they are; tokens with spaces, except between Chinese ones."""
    if unit == "character":
        return " ".join("".join(units).split())
    text = ""
    for token in units:
        if text and not (written_without_spaces(text[-1]) and written_without_spaces(token[0])):
            text += " "
        text += token
    return text
