"""Text cleaning, tokenization and script detection, in plain Python.

Kept free of TensorFlow so that loading and inspecting a file stays fast; the
Keras side (vocabulary, integer sequences, tf.data) lives in ``vectorize.py``.
Cleaning happens here rather than inside the Keras layer so that training,
prediction and the statistics shown to the user all see the same tokens.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Tokenizer = Literal["word", "char", "jieba"]
TOKENIZERS: tuple[str, ...] = ("word", "char", "jieba")

# Scripts written without spaces between words: each character is a token.
_NO_SPACE_SCRIPTS = (
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf"  # CJK Extension A
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\uf900-\ufaff"  # CJK Compatibility Ideographs
    "\U00020000-\U0002ebef"  # CJK Extensions B-F
)
_WORD_RE = re.compile(
    rf"[{_NO_SPACE_SCRIPTS}]"  # one ideograph or kana
    rf"|[^\W_{_NO_SPACE_SCRIPTS}]+(?:['\u2019][^\W_{_NO_SPACE_SCRIPTS}]+)*"  # a word, with inner apostrophes
    r"|[^\w\s]"  # one punctuation mark or symbol (kept when punctuation is not stripped)
)
_NO_SPACE_RE = re.compile(rf"[{_NO_SPACE_SCRIPTS}]")
_HTML_TAG_RE = re.compile(r"<[a-zA-Z/!][^<>]{0,2000}>")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class CleaningOptions:
    """What to remove or normalize before tokenizing."""

    strip_html: bool = True  # tags removed, entities such as &amp; decoded
    replace_urls: bool = True  # each link becomes the token "url"
    lowercase: bool = True
    strip_punctuation: bool = True  # punctuation and symbols; emoji are kept
    normalize_width: bool = True  # NFKC: full-width Ａ１！ become A1!


def clean_text(text: str, options: CleaningOptions = CleaningOptions()) -> str:
    """Apply the cleaning options and collapse runs of white space."""
    if options.strip_html:
        text = html.unescape(_HTML_TAG_RE.sub(" ", text))
    if options.replace_urls:
        text = _URL_RE.sub(" url ", text)
    if options.normalize_width:
        text = unicodedata.normalize("NFKC", text)
    if options.lowercase:
        text = text.lower()
    if options.strip_punctuation:
        text = text.translate(_PUNCTUATION)
    return _SPACE_RE.sub(" ", text).strip()


class _PunctuationTable(dict):
    """``str.translate``'s table: punctuation marks and non-emoji symbols become a space, the other
    characters stay. Filled as characters are met; building it for every code point at once took
    80 ms, an eighth of loading a million-row file, for the few thousand characters a corpus has."""

    def __missing__(self, code: int) -> int | str:
        category = unicodedata.category(chr(code))
        kept = " " if category[0] == "P" or category in ("Sm", "Sc", "Sk") else code
        self[code] = kept
        return kept


_PUNCTUATION = _PunctuationTable()


def tokenize(text: str, tokenizer: Tokenizer = "word") -> list[str]:
    """Split one (cleaned) text into tokens.

    ``word`` splits on spaces and punctuation, and makes each Chinese or Japanese
    character its own token, since those scripts put no spaces between words.
    ``char`` makes every non-space character a token. ``jieba`` segments Chinese
    into words with the jieba dictionary (optional dependency).
    """
    if tokenizer == "word":
        return _WORD_RE.findall(text)
    if tokenizer == "char":
        return [c for c in text if not c.isspace()]
    if tokenizer == "jieba":
        return [t for t in _jieba().lcut(text) if t.strip()]
    raise ValueError(f"unknown tokenizer {tokenizer!r}; choose one of {', '.join(TOKENIZERS)}")


def written_without_spaces(char: str) -> bool:
    """Whether ``char`` is from a script that puts no spaces between words (Chinese, Japanese kana)."""
    return bool(_NO_SPACE_RE.fullmatch(char))


def prepare_texts(
    texts: Iterable[str],
    cleaning: CleaningOptions = CleaningOptions(),
    tokenizer: Tokenizer = "word",
) -> list[str]:
    """Clean and tokenize, returning space-joined tokens ready for a whitespace splitter."""
    return [" ".join(tokenize(clean_text(t, cleaning), tokenizer)) for t in texts]


@lru_cache(maxsize=1)
def _jieba():
    try:
        import jieba
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from workbench.core.errors import DatasetError

        raise DatasetError(
            "The jieba tokenizer needs the jieba package; install it with "
            "`pip install jieba`, or choose the word or char tokenizer."
        ) from exc
    import logging

    jieba.setLogLevel(logging.WARNING)
    return jieba


# --- what script and language a dataset is written in -------------------------------

_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]")
_KANA_RE = re.compile(r"[\u3040-\u30ff]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ENGLISH_WORDS = frozenset(
    "the a an and or but of to in on for with is are was were be been it this that "
    "i you he she we they my your our not no have has had do does did at by from as "
    "so if can will would could should please me us there here what when why how".split()
)


LANGUAGE_SAMPLE_CHARS = 50_000  # enough to tell scripts and English apart, spread over the sampled texts


@dataclass(frozen=True)
class ScriptReport:
    language: str  # "zh", "ja", "ko", "en" or "other"
    is_cjk: bool  # written without spaces between words: tokenize by characters


def detect_language(texts: Sequence[str], sample_size: int = 2000) -> ScriptReport:
    """Guess the dominant writing system (and English) from a sample of texts."""
    step = max(1, len(texts) // sample_size)
    picked = texts[::step]
    # Each regex scan below is one C call that holds the GIL (a window reads files on a thread): on
    # LANGUAGE_SAMPLE_CHARS characters it takes a few ms; on 2,000 whole reviews it took 33 ms.
    per_text = max(20, LANGUAGE_SAMPLE_CHARS // max(1, len(picked)))
    sample = " ".join(t[:per_text] for t in picked)
    han = len(_HAN_RE.findall(sample))
    kana = len(_KANA_RE.findall(sample))
    hangul = len(_HANGUL_RE.findall(sample))
    latin = len(_LATIN_RE.findall(sample))
    letters = han + kana + hangul + latin
    if letters == 0:
        return ScriptReport("other", False)
    if hangul > 0.3 * letters and hangul > han:
        return ScriptReport("ko", False)
    if han + kana > 0.3 * letters:
        if kana > 0.1 * (han + kana):
            return ScriptReport("ja", True)
        return ScriptReport("zh", True)
    words = re.findall(r"[a-z']+", sample.lower())
    if words and sum(w in _ENGLISH_WORDS for w in words) / len(words) >= 0.08:
        return ScriptReport("en", False)
    return ScriptReport("other", False)


def shorten(text: str, limit: int) -> str:
    """`text`, or its first limit - 1 characters and "…": at most `limit` characters to show."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
