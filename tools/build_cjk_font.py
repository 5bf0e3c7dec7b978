"""Build the CJK font subset that crmlab ships (run once; the result is committed).

Source: Noto Sans CJK SC 2.004 (SIL Open Font License 1.1), face 2 of Debian's
fonts-noto-cjk ``NotoSansCJK-Regular.ttc``. Kept: ASCII, Latin-1, general and CJK
punctuation, full-width forms, and all 7,445 characters of GB2312, which covers the
simplified Chinese of the course. Usage: python tools/build_cjk_font.py
"""

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
TARGET = Path(__file__).resolve().parents[1] / "lib/crmlab/fonts/NotoSansSC-Regular-GB2312.otf"


def gb2312_chars():
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                yield bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                pass


def main():
    font = TTCollection(SOURCE).fonts[2]
    assert font["name"].getDebugName(1) == "Noto Sans CJK SC", "face 2 must be the SC face"
    codepoints = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    codepoints |= (
        set(range(0x2000, 0x2070)) | set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0))
    )
    codepoints |= {ord(c) for c in gb2312_chars()}
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(codepoints))
    sub.subset(font)
    font.save(TARGET)
    print(f"{TARGET.name}: {len(codepoints)} code points, {TARGET.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
