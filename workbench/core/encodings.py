"""Which text encoding a file is in, judged from its first bytes, and decoding it piece by piece.

Files come from Excel on Chinese, Japanese, Korean and Western Windows (GBK, Big5,
Shift-JIS, EUC-KR, Windows-1252), from tools that write UTF-16 with or without a
byte-order mark, and from exports that leave a few broken bytes in otherwise good
UTF-8. Bytes that cannot be decoded become U+FFFD and are counted, never hidden.
"""

from __future__ import annotations

import codecs
import threading

from workbench.core.errors import DatasetError

REPLACEMENT = "\ufffd"
# A file whose UTF-8 reading replaces at most this share of its non-ASCII characters is UTF-8
# with a few broken bytes. See ``is_mostly_utf8`` for why the line sits here.
MAX_REPLACED_SHARE = 0.1
LEGACY_SAMPLE_BYTES = 200_000  # what charset-normalizer judges: enough text, and fast

# Single-byte code pages that charset-normalizer may name for Western European text.
_WESTERN_ENCODINGS = {"cp1252", "latin_1", "iso8859_15", "iso8859_1", "cp1250", "iso8859_2", "mac_roman",
                      "mac_latin2", "cp850", "cp437", "cp858", "iso8859_9", "cp1254", "iso8859_3", "iso8859_4",
                      "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_16", "cp1257"}
# Each family is decoded with its Windows superset, which reads every file the others write.
_FAMILIES = {
    "gb18030": ("gb2312", "gbk", "gb18030", "hz"),
    "big5hkscs": ("big5", "big5hkscs", "cp950"),
    "cp932": ("shift_jis", "cp932", "shift_jis_2004", "shift_jisx0213"),
    "cp949": ("euc_kr", "cp949"),
}

# File signatures of things people mistake for CSV files.
_SIGNATURES: list[tuple[bytes, str]] = [
    (b"PK\x03\x04", "a ZIP archive (an .xlsx workbook is one)"),
    (b"\xd0\xcf\x11\xe0", "an old Excel (.xls) or Word file"),
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"SQLite format 3", "an SQLite database"),
]
_CONTROL_BYTES = bytes((*range(0, 9), 11, 12, *range(14, 32)))
_CONTROL_CHARS = {c: None for c in _CONTROL_BYTES.decode("ascii")}


def detect_encoding(head: bytes, name: str, complete: bool) -> str:
    """The encoding of a file whose first bytes are ``head`` (all of it when ``complete``).

    Raises ``DatasetError`` for binary files and for text whose encoding cannot be told.
    """
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            hint = " Save it from Excel as 'CSV UTF-8' and open that." if "xls" in what else ""
            raise DatasetError(f"{name} is {what}, not a text file; choose a CSV or TSV file.{hint}")
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = _bomless_utf16(head[:65536])
    if utf16:
        return utf16
    sample = head[:65536]
    controls = len(sample) - len(sample.translate(None, delete=_CONTROL_BYTES))
    if b"\x00" in sample or controls > 0.01 * len(sample):
        raise DatasetError(f"{name} is a binary file, not text; choose a CSV or TSV file.")
    _, replaced, non_ascii = utf8_damage(head, final=complete)
    if is_mostly_utf8(replaced, non_ascii):
        return "utf-8"
    return detect_legacy_encoding(head[:LEGACY_SAMPLE_BYTES])


def _bomless_utf16(sample: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when ``sample`` reads as UTF-16 text without a byte-order mark.

    A CSV has line breaks: in UTF-16 they are the code unit U+000A, so nearly every 0x0A byte
    sits beside a 0x00 byte on the side that the byte order says. Other text with a stray NUL,
    and random bytes, have 0x0A bytes but almost no U+000A code units in either reading.
    """
    if b"\x00" not in sample:
        return None
    sample = sample[: len(sample) // 2 * 2]
    newline_bytes = sample.count(b"\n")
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        lines = text.count("\n")
        controls = len(text) - len(text.translate(_CONTROL_CHARS))
        if lines and lines >= 0.5 * newline_bytes and controls <= 0.01 * len(text):
            return encoding
    return None


def utf8_damage(raw: bytes, final: bool = True) -> tuple[str, int, int]:
    """``raw`` read as UTF-8 with U+FFFD for what cannot be decoded, how many characters that
    replaced, and how many non-ASCII characters the text has.

    Replacement characters that the file itself holds (the bytes EF BF BD) are not counted as
    replaced. With ``final=False``, a character cut off at the end is left out.
    """
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(raw, final)
    replaced = text.count(REPLACEMENT) - raw.count(REPLACEMENT.encode())
    ascii_chars = len(raw) - len(raw.translate(None, delete=bytes(range(128))))
    return text, max(replaced, 0), len(text) - ascii_chars


def is_mostly_utf8(replaced: int, non_ascii: int) -> bool:
    """Whether text with ``replaced`` broken sequences among ``non_ascii`` characters is UTF-8.

    Text written in another encoding is mostly invalid as UTF-8: read as UTF-8, the Chinese,
    Japanese and Korean test sentences in GBK, GB18030, Big5, Shift-JIS and EUC-KR lose 79-92% of
    their non-ASCII characters to replacements, and Western single-byte text (Windows-1252)
    nearly all of them, because a valid multi-byte UTF-8 sequence rarely happens by chance.
    A UTF-8 export with a few stray bytes loses well under 1%. The line, 10%, sits an order of
    magnitude from both: above it, the file goes to charset-normalizer as before.
    """
    return replaced <= MAX_REPLACED_SHARE * non_ascii


def detect_legacy_encoding(sample: bytes) -> str:
    """The most likely non-UTF encoding of ``sample``, by charset-normalizer.

    The sample ends at its last line break: a character cut in two at its end would make the
    right encoding fail to decode it.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(sample[: sample.rfind(b"\n") + 1] or sample).best()
    if best is None:
        raise DatasetError("Cannot tell which text encoding this file uses; save it as UTF-8 and try again.")
    name = best.encoding.lower()
    for family, members in _FAMILIES.items():
        if name in members:
            return family
    if name in _WESTERN_ENCODINGS:
        # A short Western file fits many single-byte code pages; the likely one is Windows-1252,
        # read as browsers do: its five unassigned bytes mean what they mean in Latin-1.
        return "cp1252"
    return name


# --- decoding piece by piece ---------------------------------------------------------


_counts = threading.local()  # replacements made by the error handler below, per thread
COUNTING_ERRORS = "workbench-count"  # an ``errors`` name for decoding: U+FFFD for what cannot be decoded, counted


def _count_and_replace(error: UnicodeError) -> tuple[str, int]:
    _counts.replaced = getattr(_counts, "replaced", 0) + 1
    return REPLACEMENT, error.end


def replacements_on_this_thread() -> int:
    """How many times COUNTING_ERRORS has replaced something on this thread so far (it only grows)."""
    return getattr(_counts, "replaced", 0)


def _latin_1_fallback(error: UnicodeError) -> tuple[str, int]:
    return error.object[error.start:error.end].decode("latin-1"), error.end


codecs.register_error(COUNTING_ERRORS, _count_and_replace)
codecs.register_error("workbench-latin-1", _latin_1_fallback)


class Transcoder:
    """Turns a file in any encoding, fed in pieces, into UTF-8 bytes, counting replaced characters."""

    def __init__(self, encoding: str) -> None:
        errors = "workbench-latin-1" if encoding == "cp1252" else COUNTING_ERRORS
        self._decoder = codecs.getincrementaldecoder(encoding)(errors)
        self.replaced = 0

    def __call__(self, raw: bytes, final: bool = False) -> bytes:
        before = replacements_on_this_thread()
        text = self._decoder.decode(raw, final)
        self.replaced += replacements_on_this_thread() - before
        return text.encode("utf-8")


def decode_head(head: bytes, encoding: str, complete: bool) -> str:
    """The first bytes of a file as text, for sniffing its delimiter and first row."""
    return Transcoder(encoding)(head, final=complete).decode("utf-8")
