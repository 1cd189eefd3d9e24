"""Book bands: strips and single labels, privacy, restrictions, barcode."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from illdesk.printing import samples
from illdesk.printing.book_band import book_bands_pdf, render_book_bands
from illdesk.printing.model import BookBandLayout, PatronPrivacy, PrintProfile, Stock


def _extreme_bands() -> list:
    base = samples.book_band()
    return [
        dataclasses.replace(
            base,
            request_number=f"B-26-{n:06d}",
            patron_name=sample,
            title=f"{sample} {samples.LONG_TITLE}",
            lender=f"{sample} " * 4,
            other_restrictions=("Keep dry",),
        )
        for n, sample in enumerate(samples.SCRIPT_SAMPLES.values())
    ]


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize(
    ("stock", "layout", "per_page"),
    [
        (Stock.LETTER, BookBandLayout.STRIPS, 3),
        (Stock.A4, BookBandLayout.STRIPS, 3),
        (Stock.LETTER, BookBandLayout.STRIPS, 2),
        (Stock.THERMAL_2X6, BookBandLayout.SINGLE, 1),
        (Stock.THERMAL_4X6, BookBandLayout.SINGLE, 1),
    ],
)
def test_bands_in_every_script(pdfcheck, stock, layout, per_page, dpi) -> None:
    bands = _extreme_bands()
    rendered = render_book_bands(
        bands,
        PrintProfile(stock=stock, dpi=dpi),
        layout=layout,
        strips_per_page=max(2, per_page),
    )
    expected_pages = -(-len(bands) // per_page)
    assert pdfcheck.page_count(rendered) == expected_pages
    pdfcheck.assert_barcodes_decode(rendered, dpi)
    pdfcheck.assert_text_inside(rendered)


def test_privacy_shows_only_the_patron_id() -> None:
    band = samples.book_band(PatronPrivacy.ID_ONLY)
    rendered = render_book_bands([band], PrintProfile(stock=Stock.THERMAL_2X6))
    everything = " ".join(p.text for p in rendered.placements)
    assert band.patron_id in everything
    assert "Nguyễn" not in everything
    named = render_book_bands([samples.book_band()], PrintProfile(stock=Stock.THERMAL_2X6))
    patron = [p.text.replace("\n", " ") for p in named.placements if p.kind == "patron"]
    assert patron == ["Nguyễn, Thị Minh Khai"]


def test_restrictions_and_do_not_remove() -> None:
    rendered = render_book_bands([samples.book_band()], PrintProfile(stock=Stock.LETTER))
    restrictions = [p.text for p in rendered.placements if p.kind == "restriction"]
    assert restrictions == ["LIBRARY USE ONLY", "NO RENEWALS"]
    assert any(p.text == "Do not remove this band" for p in rendered.placements)
    free = dataclasses.replace(samples.book_band(), library_use_only=False, no_renewals=False)
    rendered = render_book_bands([free], PrintProfile(stock=Stock.LETTER))
    assert not [p for p in rendered.placements if p.kind == "restriction"]


def test_due_date_is_the_biggest_text() -> None:
    rendered = render_book_bands([samples.book_band()], PrintProfile(stock=Stock.THERMAL_2X6))
    (due,) = [p for p in rendered.placements if p.kind == "due"]
    assert due.text == "17 Mar 2026"
    due_height = due.extent[3] - due.extent[1]
    others = [
        p
        for p in rendered.placements
        if p.kind not in ("due",) and not p.kind.startswith("barcode")
    ]
    assert all(due_height > p.extent[3] - p.extent[1] for p in others if "\n" not in p.text)


def test_empty_optional_fields(pdfcheck) -> None:
    band = dataclasses.replace(
        samples.book_band(),
        patron_name="",
        title="",
        lender="",
        home_library="",
        library_use_only=False,
        no_renewals=False,
    )
    rendered = render_book_bands([band], PrintProfile(stock=Stock.A4, dpi=203))
    assert [p.text for p in rendered.placements if p.kind == "patron"] == [band.patron_id]
    pdfcheck.assert_barcodes_decode(rendered, 203)
    pdfcheck.assert_text_inside(rendered)


def test_wrong_stock_is_refused() -> None:
    with pytest.raises(ValueError):
        book_bands_pdf([samples.book_band()], PrintProfile(stock=Stock.THERMAL_4X3))
    with pytest.raises(ValueError):
        book_bands_pdf([samples.book_band()], PrintProfile(stock=Stock.LETTER), strips_per_page=4)


_ALPHABET = "".join(
    sorted(set("".join(samples.SCRIPT_SAMPLES.values()) + samples.LONG_TITLE + " ,-"))
)
_field = st.text(alphabet=_ALPHABET, max_size=200)


@settings(
    max_examples=10,
    deadline=None,
    # The checker fixture is stateless, so sharing it between examples is fine.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    name=_field,
    title=_field,
    lender=_field,
    home=_field,
    extra=st.lists(_field, max_size=3),
    stock=st.sampled_from([Stock.LETTER, Stock.A4, Stock.THERMAL_2X6, Stock.THERMAL_4X6]),
)
def test_any_band_stays_inside(pdfcheck, name, title, lender, home, extra, stock) -> None:
    band = dataclasses.replace(
        samples.book_band(),
        patron_name=name,
        title=title,
        lender=lender,
        home_library=home,
        other_restrictions=tuple(extra),
    )
    rendered = render_book_bands([band], PrintProfile(stock=stock, dpi=203))
    pdfcheck.assert_text_inside(rendered)
    pdfcheck.assert_barcodes_decode(rendered, 203)
