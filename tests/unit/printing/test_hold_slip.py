"""Hold-shelf slips."""

from __future__ import annotations

import dataclasses

import pytest

from illdesk.printing import samples
from illdesk.printing.hold_slip import hold_slips_pdf, render_hold_slips
from illdesk.printing.model import PatronPrivacy, PrintProfile, Stock


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("stock", [Stock.LETTER, Stock.A4, Stock.THERMAL_4X6, Stock.THERMAL_4X3])
def test_slips_in_every_script(pdfcheck, stock: Stock, dpi: int) -> None:
    slips = [samples.hold_slip()] + [
        dataclasses.replace(
            samples.hold_slip(),
            request_number=f"B-26-{n:06d}",
            patron_name=sample * 2,
            pickup_location=sample * 3,
            title=f"{sample} {samples.LONG_TITLE}",
        )
        for n, sample in enumerate(samples.SCRIPT_SAMPLES.values())
    ]
    rendered = render_hold_slips(slips, PrintProfile(stock=stock, dpi=dpi))
    per_page = 3 if stock in (Stock.LETTER, Stock.A4) else 1
    assert pdfcheck.page_count(rendered) == -(-len(slips) // per_page)
    pdfcheck.assert_barcodes_decode(rendered, dpi)
    pdfcheck.assert_text_inside(rendered)


def test_privacy() -> None:
    private = render_hold_slips(
        [samples.hold_slip(PatronPrivacy.ID_ONLY)], PrintProfile(stock=Stock.THERMAL_4X3)
    )
    texts = [p.text for p in private.placements]
    assert "P2300456789" in texts
    assert not any("Okonkwo" in text for text in texts)
    named = render_hold_slips([samples.hold_slip()], PrintProfile(stock=Stock.THERMAL_4X3))
    assert [p.text for p in named.placements if p.kind == "patron"] == ["Okonkwo-Smith, Adaeze"]


def test_hold_until_and_pickup() -> None:
    rendered = render_hold_slips([samples.hold_slip()], PrintProfile(stock=Stock.LETTER))
    assert [p.text for p in rendered.placements if p.kind == "hold-until"] == ["Wed 4 Mar 2026"]
    assert [p.text for p in rendered.placements if p.kind == "pickup"] == [
        "Sylvania Campus Library, Circulation Desk"
    ]


def test_empty_optional_fields(pdfcheck) -> None:
    slip = dataclasses.replace(samples.hold_slip(), title="", pickup_location="", patron_name="")
    rendered = render_hold_slips([slip], PrintProfile(stock=Stock.THERMAL_4X6, dpi=203))
    pdfcheck.assert_barcodes_decode(rendered, 203)
    pdfcheck.assert_text_inside(rendered)


def test_two_by_six_is_refused() -> None:
    with pytest.raises(ValueError):
        hold_slips_pdf([samples.hold_slip()], PrintProfile(stock=Stock.THERMAL_2X6))
