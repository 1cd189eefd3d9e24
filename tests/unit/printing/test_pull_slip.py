"""Pull slips: shelf order, scannable request and item barcodes."""

from __future__ import annotations

import dataclasses

import pytest

from illdesk.printing import samples
from illdesk.printing.barcodes import Symbology
from illdesk.printing.model import PrintProfile, PullSlip, Stock
from illdesk.printing.pull_slip import (
    item_symbology,
    pull_slips_pdf,
    render_pull_slips,
    sort_pull_slips,
)


def test_sorted_by_location_then_shelf_order() -> None:
    ordered = sort_pull_slips(samples.pull_slips())
    assert [(s.location, s.call_number) for s in ordered] == [
        ("Asian Studies", "DS896 .K3 1985"),
        ("Main Stacks 1st floor", "Z713 .H36 2012"),
        ("Main Stacks 2nd floor", "PG3366 .A1 1998"),
        ("Main Stacks 3rd floor", "QA76.9 .D3 C67 2020"),
        ("Main Stacks 3rd floor", "QA760 .B2 2019"),
        ("Science Library", "025.6 ILL"),
        ("Science Library", "025.62 SMI"),
    ]


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("stock", [Stock.LETTER, Stock.A4, Stock.THERMAL_4X6, Stock.THERMAL_4X3])
def test_batch_scans_and_fits(pdfcheck, stock: Stock, dpi: int) -> None:
    slips = samples.pull_slips()
    rendered = render_pull_slips(slips, PrintProfile(stock=stock, dpi=dpi))
    per_page = 4 if stock in (Stock.LETTER, Stock.A4) else 1
    assert pdfcheck.page_count(rendered) == -(-len(slips) // per_page)
    pdfcheck.assert_barcodes_decode(rendered, dpi)
    pdfcheck.assert_text_inside(rendered)
    printed = [p.text for p in rendered.placements if p.kind == "call-number"]
    assert printed == [s.call_number for s in sort_pull_slips(slips)]


def test_extreme_slips(pdfcheck) -> None:
    slips = [
        PullSlip(
            request_number=f"L-26-{n:06d}",
            call_number=f"QA76.9 .D3 C67 {sample}",
            location=sample * 2,
            title=f"{sample} {samples.LONG_TITLE}",
            author=sample * 3,
            borrowing_library="US-OrPCC-LONG-SYMBOL",
            item_barcode="39001002003" if n % 2 else "",
        )
        for n, sample in enumerate(samples.SCRIPT_SAMPLES.values())
    ]
    rendered = render_pull_slips(slips, PrintProfile(stock=Stock.LETTER, dpi=203))
    pdfcheck.assert_barcodes_decode(rendered, 203)
    pdfcheck.assert_text_inside(rendered)
    assert any(p.kind == "barcode:code39" for p in rendered.placements)


def test_item_symbology() -> None:
    assert item_symbology("A31234000123457B") is Symbology.CODABAR
    assert item_symbology("39001002003") is Symbology.CODE39


def test_empty_optional_fields(pdfcheck) -> None:
    slip = dataclasses.replace(
        samples.pull_slips()[0],
        author="",
        borrowing_library="",
        need_before=None,
        item_barcode="",
        title="",
    )
    rendered = render_pull_slips([slip], PrintProfile(stock=Stock.THERMAL_4X6, dpi=203))
    pdfcheck.assert_barcodes_decode(rendered, 203)
    pdfcheck.assert_text_inside(rendered)


def test_two_by_six_is_refused() -> None:
    with pytest.raises(ValueError):
        pull_slips_pdf(samples.pull_slips(), PrintProfile(stock=Stock.THERMAL_2X6))


def test_item_barcodes_code39_cannot_hold_print_as_code128() -> None:
    assert item_symbology("ab-12.3 x") is Symbology.CODE39
    assert item_symbology("abc_12") is Symbology.CODE128
    assert item_symbology("LIB/0042+") is Symbology.CODE128
    # Six digits in Code 39 can decode as Codabar (914177 read back as A303170791).
    assert item_symbology("914177") is Symbology.CODE128
