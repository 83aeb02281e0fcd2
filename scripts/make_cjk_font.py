"""Make resources/fonts/WorkbenchSansSC-Regular.otf: the CJK font the window bundles.

    pip install fonttools
    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb noto
    python scripts/make_cjk_font.py noto/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

It subsets Noto Sans CJK SC (SIL Open Font License 1.1, Adobe and Google) to what Chinese text in
this workbench needs within 5 MB: every character of GB2312 (the 6,763 hanzi that cover nearly all
simplified Chinese text, with its symbols), the 2,073 frequently used traditional hanzi of Big5
level 1 that GB2312 lacks, CJK and full-width punctuation, and Latin. All of GBK would be 11 MB.
The subset is renamed "Workbench Sans SC": the OFL asks that a modified font not use the
original's reserved name.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

OUT = Path(__file__).resolve().parents[1] / "resources" / "fonts" / "WorkbenchSansSC-Regular.otf"
FAMILY = "Workbench Sans SC"
SC_INDEX = 2  # Noto Sans CJK SC in NotoSansCJK-Regular.ttc


def _decodable(encoding: str, codes) -> set[str]:
    chars = set()
    for code in codes:
        try:
            chars.add(bytes([code >> 8, code & 0xFF]).decode(encoding))
        except UnicodeDecodeError:
            pass
    return chars


def wanted() -> set[int]:
    gb2312 = _decodable("gb2312", (lead << 8 | trail for lead in range(0xA1, 0xF8) for trail in range(0xA1, 0xFF)))
    big5_level1 = _decodable("big5", range(0xA440, 0xC67F))  # frequently used characters, by stroke count
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
    codes = {code for low, high in ranges for code in range(low, high + 1)}
    return codes | {ord(c) for c in gb2312 | big5_level1}


def main(source: str) -> None:
    font = TTCollection(source).fonts[SC_INDEX] if source.lower().endswith(".ttc") else TTFont(source)
    options = subset.Options()
    options.layout_features = ["*"]  # vertical forms, full-width punctuation alternates
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False  # Qt renders CJK unhinted anyway; saves about a tenth
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted())
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = FAMILY
        elif record.nameID in (3, 6):
            record.string = "WorkbenchSansSC-Regular"
    font["name"].setName("Subset of Noto Sans CJK SC 2.004 for the text classification workbench.", 10, 3, 1, 0x409)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    print(f"{OUT}: {OUT.stat().st_size / 1e6:.2f} MB, {len(font.getBestCmap()):,} characters")


if __name__ == "__main__":
    main(sys.argv[1])
