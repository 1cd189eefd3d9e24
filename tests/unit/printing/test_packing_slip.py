"""Packing slips: every item scannable, long packages paginate with a repeated header."""

from __future__ import annotations

import dataclasses
import re

import pytest

from illdesk.core.address import PostalAddress
from illdesk.printing import samples
from illdesk.printing.model import PackingSlipItem, PrintProfile, Stock
from illdesk.printing.packing_slip import packing_slip_pdf, render_packing_slip


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("stock", [Stock.LETTER, Stock.A4])
def test_realistic_slip(pdfcheck, stock: Stock, dpi: int) -> None:
    slip = samples.packing_slip(7)
    rendered = render_packing_slip(slip, PrintProfile(stock=stock, dpi=dpi))
    assert pdfcheck.page_count(rendered) == 1
    pdfcheck.assert_barcodes_decode(rendered, dpi)
    pdfcheck.assert_text_inside(rendered)
    requests = {p.text for p in rendered.placements if p.kind == "barcode:code128"}
    assert requests == {item.request_number for item in slip.items} | {slip.package_barcode}


@pytest.mark.slow
@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("stock", [Stock.LETTER, Stock.A4])
def test_hundred_items_run_over_pages(pdfcheck, stock: Stock, dpi: int) -> None:
    slip = samples.packing_slip(100)
    rendered = render_packing_slip(slip, PrintProfile(stock=stock, dpi=dpi))
    pages = pdfcheck.page_count(rendered)
    assert pages > 5
    numbers = [p.text for p in rendered.placements if p.kind == "page-number"]
    assert numbers == [f"Page {n} of {pages}" for n in range(1, pages + 1)]
    # Header on every page: title and package barcode.
    titles = [p.page for p in rendered.placements if p.kind == "title" and p.text == "PACKING SLIP"]
    assert titles == list(range(1, pages + 1))
    package = [
        p.page
        for p in rendered.placements
        if p.text == slip.package_barcode and p.kind == "barcode:code128"
    ]
    assert package == list(range(1, pages + 1))
    # Every item exactly once, in order.
    items = [
        p.text
        for p in rendered.placements
        if p.kind == "barcode:code128" and p.text != slip.package_barcode
    ]
    assert items == [item.request_number for item in slip.items]
    # Return instructions only at the end.
    assert {p.page for p in rendered.placements if p.kind == "instructions"} == {pages}
    pdfcheck.assert_barcodes_decode(rendered, dpi)
    pdfcheck.assert_text_inside(rendered)


def test_extreme_items(pdfcheck) -> None:
    items = tuple(
        PackingSlipItem(
            request_number=f"B-26-{n:06d}",
            title=f"{sample} — {samples.LONG_TITLE}",
            author=sample,
            lender_reference=sample * 3,
            restrictions=("Library use only", "No renewals", "No photocopying", sample),
        )
        for n, sample in enumerate(samples.SCRIPT_SAMPLES.values())
    )
    slip = dataclasses.replace(
        samples.packing_slip(1),
        items=items,
        recipient=samples.ABROAD["JP"],
        return_instructions=samples.LONG_TITLE * 3,
    )
    rendered = render_packing_slip(slip, PrintProfile(stock=Stock.LETTER, dpi=203))
    pdfcheck.assert_barcodes_decode(rendered, 203)
    pdfcheck.assert_text_inside(rendered)


def test_empty_optional_fields(pdfcheck) -> None:
    slip = dataclasses.replace(
        samples.packing_slip(1),
        items=(PackingSlipItem(request_number="B-26-000001", title=""),),
        sender=PostalAddress(),
        recipient=PostalAddress(name="ORU"),
        sender_symbol="",
        recipient_symbol="",
        return_instructions="",
    )
    rendered = render_packing_slip(slip, PrintProfile(stock=Stock.A4, dpi=300))
    assert pdfcheck.page_count(rendered) == 1
    pdfcheck.assert_barcodes_decode(rendered, 300)
    pdfcheck.assert_text_inside(rendered)


def test_due_date_and_restrictions_printed() -> None:
    slip = samples.packing_slip(2)
    rendered = render_packing_slip(slip, PrintProfile(stock=Stock.LETTER))
    due = [p.text for p in rendered.placements if p.kind == "due"]
    assert due == ["2 Mar 2026", "3 Mar 2026"]
    restrictions = [
        p.text.replace("\n", " ") for p in rendered.placements if p.kind == "restrictions"
    ]
    assert restrictions == ["Library use only"]


def test_a_returned_item_says_so_on_its_own_line_instead_of_a_due_date() -> None:
    sample = samples.packing_slip(2)
    returned = dataclasses.replace(sample.items[0], due_date=None, returned=True)
    slip = dataclasses.replace(sample, items=(returned, sample.items[1]))
    rendered = render_packing_slip(slip, PrintProfile(stock=Stock.LETTER))
    due = [p.text.replace("\n", " ") for p in rendered.placements if p.kind == "due"]
    assert due == ["Returned with thanks", "3 Mar 2026"]


def test_thermal_stock_is_refused() -> None:
    with pytest.raises(ValueError, match="Letter or A4"):
        packing_slip_pdf(samples.packing_slip(1), PrintProfile(stock=Stock.THERMAL_4X6))


def test_page_count_text_is_in_the_pdf(pdfcheck) -> None:
    rendered = render_packing_slip(samples.packing_slip(30), PrintProfile(stock=Stock.LETTER))
    text = "".join(char.char for char in pdfcheck.chars(rendered))
    assert re.search(r"Page2of\d", text)
