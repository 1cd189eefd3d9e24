"""Control characters shown as visible names, so text from a scanner or a file is safe to print.

A scan can hold control characters: GS separates the fields of a GS1 barcode, a badly set up
scanner sends ESC sequences, and a file may hold anything. Printed raw to a terminal they
move the cursor, recolour or clear the screen, or hide text; so wherever such text is echoed it
goes through `make_visible` first: ESC becomes `<ESC>`, GS `<GS>`, and so on.
"""

from __future__ import annotations

# The names the ASCII standard gives the C0 controls, 0x00 to 0x1F.
# fmt: off
C0_NAMES = (
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR",
    "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB",
    "ESC", "FS", "GS", "RS", "US",
)
# fmt: on
# Characters that reorder the text around them in a terminal (bidirectional embeddings,
# overrides and isolates): text after them can be shown in a different order than it is.
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def visible_name(char: str) -> str:
    """The visible form of one control character (`<ESC>`, `<U+009B>`); others unchanged."""
    code = ord(char)
    if code < 0x20:
        return f"<{C0_NAMES[code]}>"
    if code == 0x7F:
        return "<DEL>"
    if 0x80 <= code <= 0x9F or char in BIDI_CONTROLS:
        return f"<U+{code:04X}>"
    return char


def make_visible(text: str) -> str:
    """The text with every control character replaced by its visible name."""
    if text.isprintable():  # the usual case, and quick
        return text
    return "".join(visible_name(char) for char in text)
