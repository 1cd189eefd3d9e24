"""Shared checks for printed documents: render to pixels, decode barcodes, find stray text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from illdesk.printing.model import Placement, Rendered

LINEAR_FORMATS = [
    zxingcpp.BarcodeFormat.Code128,
    zxingcpp.BarcodeFormat.Code39,
    zxingcpp.BarcodeFormat.Codabar,
]
# Points of slack for anti-aliasing and glyph side bearings.
TOLERANCE = 1.0
# Glyphs such as a large bold "J" overhang their advance width by a point or two.
GLYPH_TOLERANCE = 2.0


@dataclass(frozen=True)
class CharBox:
    page: int
    char: str
    box: tuple[float, float, float, float]


class PdfChecker:
    """Render a document the way a printer would and check what came out."""

    def pages(self, rendered: Rendered, dpi: int) -> list[Image.Image]:
        document = pdfium.PdfDocument(rendered.pdf)
        try:
            return [
                document[index].render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
                for index in range(len(document))
            ]
        finally:
            document.close()

    def page_count(self, rendered: Rendered) -> int:
        document = pdfium.PdfDocument(rendered.pdf)
        try:
            return len(document)
        finally:
            document.close()

    def decode(self, image: Image.Image) -> list[str]:
        results = zxingcpp.read_barcodes(image, formats=LINEAR_FORMATS)
        return [result.text for result in results]

    def assert_barcodes_decode(self, rendered: Rendered, dpi: int) -> None:
        """Every barcode placed on every page decodes back to exactly its value."""
        for number, image in enumerate(self.pages(rendered, dpi), start=1):
            expected = Counter(
                placement.text
                for placement in rendered.placements
                if placement.page == number and placement.kind.startswith("barcode:")
            )
            decoded = Counter(self.decode(image))
            assert decoded == expected, f"page {number} at {dpi} dpi"

    def chars(self, rendered: Rendered) -> list[CharBox]:
        document = pdfium.PdfDocument(rendered.pdf)
        found: list[CharBox] = []
        try:
            for index in range(len(document)):
                text_page = document[index].get_textpage()
                for char_index in range(text_page.count_chars()):
                    char = text_page.get_text_range(char_index, 1)
                    if not char.strip():
                        continue
                    box = text_page.get_charbox(char_index)
                    found.append(CharBox(index + 1, char, tuple(box)))  # type: ignore[arg-type]
                text_page.close()
        finally:
            document.close()
        return found

    def assert_text_inside(self, rendered: Rendered) -> None:
        """Placements stay in their boxes and on the page; every glyph drawn lies inside the
        extent that the layout measured for some text placement (so measuring matches drawing).
        """
        width, height = rendered.page_size
        for placement in rendered.placements:
            assert _inside(placement.extent, placement.box), placement
            assert _inside(placement.extent, (0.0, 0.0, width, height)), placement
        boxes: dict[int, list[tuple[float, float, float, float]]] = {}
        for placement in rendered.placements:
            if not placement.kind.startswith("barcode:"):
                boxes.setdefault(placement.page, []).append(placement.extent)
        for char in self.chars(rendered):
            assert _inside(char.box, (0.0, 0.0, width, height)), char
            assert any(
                _inside(char.box, box, GLYPH_TOLERANCE) for box in boxes.get(char.page, [])
            ), char

    def texts(self, rendered: Rendered, kind: str) -> list[Placement]:
        return [placement for placement in rendered.placements if placement.kind == kind]


def _inside(
    inner: tuple[float, float, float, float],
    outer: tuple[float, float, float, float],
    tolerance: float = TOLERANCE,
) -> bool:
    return (
        inner[0] >= outer[0] - tolerance
        and inner[1] >= outer[1] - tolerance
        and inner[2] <= outer[2] + tolerance
        and inner[3] <= outer[3] + tolerance
    )


@pytest.fixture
def pdfcheck() -> PdfChecker:
    return PdfChecker()
