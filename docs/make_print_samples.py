"""Render every printed document to PNG pictures in docs/images/print/.

Run from the repository root:  .venv/bin/python docs/make_print_samples.py

Thermal labels are rendered at 203 dpi (the common label printer), paper documents at 110 dpi
to keep the pictures small; each PNG carries its resolution, so it prints at its real size.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pypdfium2 as pdfium

from illdesk.printing import samples
from illdesk.printing.book_band import render_book_bands
from illdesk.printing.hold_slip import render_hold_slips
from illdesk.printing.mailing_label import render_mailing_labels
from illdesk.printing.model import (
    BookBandLayout,
    DeliveryMethod,
    PatronPrivacy,
    PrintProfile,
    Rendered,
    Stock,
)
from illdesk.printing.packing_slip import render_packing_slip
from illdesk.printing.pull_slip import render_pull_slips

OUT = Path(__file__).resolve().parent / "images" / "print"
THERMAL_DPI = 203
PAPER_DPI = 110


def _save(name: str, rendered: Rendered, *, dpi: int, page: int = 0) -> None:
    document = pdfium.PdfDocument(rendered.pdf)
    try:
        image = document[page].render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    path = OUT / f"{name}.png"
    image.save(path, dpi=(dpi, dpi), optimize=True)
    print(f"{path.relative_to(OUT.parent.parent.parent)}  {image.width}x{image.height}")


def main() -> None:
    """Write all sample pictures."""
    OUT.mkdir(parents=True, exist_ok=True)
    thermal_46 = PrintProfile(stock=Stock.THERMAL_4X6, dpi=THERMAL_DPI)
    thermal_43 = PrintProfile(stock=Stock.THERMAL_4X3, dpi=THERMAL_DPI)
    letter = PrintProfile(stock=Stock.LETTER, dpi=300)
    a4 = PrintProfile(stock=Stock.A4, dpi=300)

    _save(
        "mailing-label-4x6-library-mail",
        render_mailing_labels([samples.mailing_label()], thermal_46),
        dpi=THERMAL_DPI,
    )
    _save(
        "mailing-label-4x6-courier",
        render_mailing_labels([samples.mailing_label(DeliveryMethod.COURIER)], thermal_46),
        dpi=THERMAL_DPI,
    )
    _save(
        "mailing-label-4x6-japan",
        render_mailing_labels([samples.extreme_label("JP")], thermal_46),
        dpi=THERMAL_DPI,
    )
    _save(
        "mailing-label-4x3-egypt",
        render_mailing_labels(
            [samples.extreme_label("EG", DeliveryMethod.LIBRARY_MAIL)], thermal_43
        ),
        dpi=THERMAL_DPI,
    )
    sheet = [
        samples.mailing_label(),
        samples.mailing_label(DeliveryMethod.COURIER),
        samples.extreme_label("GB"),
        samples.extreme_label("DE"),
        samples.extreme_label("KR"),
        samples.extreme_label("IL", DeliveryMethod.COURIER),
        samples.extreme_label("RU"),
        samples.extreme_label("GR"),
    ]
    _save(
        "mailing-labels-letter-2x5-from-position-3",
        render_mailing_labels(
            sheet, PrintProfile(stock=Stock.LETTER_LABELS_2X5, dpi=300), start_at=3
        ),
        dpi=PAPER_DPI,
    )
    _save(
        "mailing-labels-a4-2x4",
        render_mailing_labels(sheet, PrintProfile(stock=Stock.A4_LABELS_2X4, dpi=300)),
        dpi=PAPER_DPI,
    )

    _save(
        "packing-slip-letter", render_packing_slip(samples.packing_slip(7), letter), dpi=PAPER_DPI
    )
    hundred = render_packing_slip(samples.packing_slip(100), a4)
    _save("packing-slip-a4-100-items-page-2", hundred, dpi=PAPER_DPI, page=1)
    pages = len(pdfium.PdfDocument(hundred.pdf))
    _save("packing-slip-a4-100-items-last-page", hundred, dpi=PAPER_DPI, page=pages - 1)

    bands = [
        samples.book_band(),
        dataclasses.replace(
            samples.book_band(PatronPrivacy.ID_ONLY),
            library_use_only=False,
            title=samples.LONG_TITLE,
            lender="Российская государственная библиотека (RU-MoRGB)",
        ),
        dataclasses.replace(
            samples.book_band(),
            patron_name="김민준",
            no_renewals=False,
            library_use_only=False,
            title="源氏物語 (The Tale of Genji)",
            lender="מכון ויצמן למדע — Weizmann Institute",
        ),
    ]
    _save("book-bands-letter-3-strips", render_book_bands(bands, letter), dpi=PAPER_DPI)
    _save(
        "book-bands-a4-2-strips", render_book_bands(bands[:2], a4, strips_per_page=2), dpi=PAPER_DPI
    )
    _save(
        "book-band-2x6",
        render_book_bands(
            bands[:1],
            PrintProfile(stock=Stock.THERMAL_2X6, dpi=THERMAL_DPI),
            layout=BookBandLayout.SINGLE,
        ),
        dpi=THERMAL_DPI,
    )
    _save(
        "book-band-4x6",
        render_book_bands(bands[1:2], thermal_46, layout=BookBandLayout.SINGLE),
        dpi=THERMAL_DPI,
    )

    _save("pull-slips-letter", render_pull_slips(samples.pull_slips(), letter), dpi=PAPER_DPI)
    _save("pull-slip-4x6", render_pull_slips(samples.pull_slips()[:1], thermal_46), dpi=THERMAL_DPI)

    holds = [
        samples.hold_slip(),
        samples.hold_slip(PatronPrivacy.ID_ONLY),
        dataclasses.replace(
            samples.hold_slip(), patron_name="Παπαδοπούλου, Ελευθερία", title=samples.LONG_TITLE
        ),
    ]
    _save("hold-slips-letter", render_hold_slips(holds, letter), dpi=PAPER_DPI)
    _save("hold-slip-4x3", render_hold_slips(holds[:1], thermal_43), dpi=THERMAL_DPI)


if __name__ == "__main__":
    main()
