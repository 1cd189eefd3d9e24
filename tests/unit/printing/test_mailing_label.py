"""Mailing labels: thermal and laser sheets, every script, barcodes that scan."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from illdesk.core.address import PostalAddress
from illdesk.printing import samples
from illdesk.printing.mailing_label import mailing_labels_pdf, render_mailing_labels
from illdesk.printing.model import DeliveryMethod, PrintProfile, Stock

ALL_METHODS = list(DeliveryMethod)


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("stock", [Stock.THERMAL_4X6, Stock.THERMAL_4X3])
def test_thermal_labels_scan_and_fit(pdfcheck, stock: Stock, dpi: int) -> None:
    labels = [samples.mailing_label(method) for method in ALL_METHODS]
    rendered = render_mailing_labels(labels, PrintProfile(stock=stock, dpi=dpi))
    assert pdfcheck.page_count(rendered) == len(labels)
    pdfcheck.assert_barcodes_decode(rendered, dpi)
    pdfcheck.assert_text_inside(rendered)


@pytest.mark.parametrize("dpi", [203, 300])
@pytest.mark.parametrize("country", sorted(samples.ABROAD))
def test_labels_abroad_in_every_script(pdfcheck, country: str, dpi: int) -> None:
    label = samples.extreme_label(country, DeliveryMethod.LIBRARY_MAIL)
    for stock in (Stock.THERMAL_4X6, Stock.THERMAL_4X3, Stock.LETTER_LABELS_2X5):
        rendered = render_mailing_labels([label], PrintProfile(stock=stock, dpi=dpi))
        pdfcheck.assert_barcodes_decode(rendered, dpi)
        pdfcheck.assert_text_inside(rendered)


def test_library_mail_banner_only_for_library_mail() -> None:
    profile = PrintProfile(stock=Stock.THERMAL_4X6, dpi=203)
    mail = render_mailing_labels([samples.mailing_label(DeliveryMethod.LIBRARY_MAIL)], profile)
    post = render_mailing_labels([samples.mailing_label(DeliveryMethod.POST)], profile)
    assert [p.text for p in mail.placements if p.kind == "banner"] == ["LIBRARY MAIL"]
    assert not [p for p in post.placements if p.kind == "banner"]


def test_library_mail_is_large(pdfcheck) -> None:
    rendered = render_mailing_labels(
        [samples.mailing_label(DeliveryMethod.LIBRARY_MAIL)],
        PrintProfile(stock=Stock.THERMAL_4X6, dpi=203),
    )
    (banner,) = pdfcheck.texts(rendered, "banner")
    (name,) = [p for p in pdfcheck.texts(rendered, "to") if "University" in p.text]
    banner_height = banner.extent[3] - banner.extent[1]
    name_height = name.extent[3] - name.extent[1]
    assert banner_height > 1.5 * name_height


def test_courier_route_and_stop_printed() -> None:
    rendered = render_mailing_labels(
        [samples.mailing_label(DeliveryMethod.COURIER)],
        PrintProfile(stock=Stock.THERMAL_4X6, dpi=203),
    )
    banner_texts = " ".join(p.text for p in rendered.placements if p.kind == "banner")
    assert "COURIER" in banner_texts
    assert "Route 12" in banner_texts
    assert "Stop 4B" in banner_texts


def test_us_address_line_format() -> None:
    rendered = render_mailing_labels(
        [samples.mailing_label()], PrintProfile(stock=Stock.THERMAL_4X6, dpi=203)
    )
    to_lines = [p.text for p in rendered.placements if p.kind == "to"]
    assert "Eugene, OR 97403-1299" in to_lines
    assert not any("UNITED STATES" in line for line in to_lines)


@pytest.mark.parametrize(
    ("stock", "per_sheet"), [(Stock.LETTER_LABELS_2X5, 10), (Stock.A4_LABELS_2X4, 8)]
)
def test_sheet_labels_start_position_skips_used_labels(
    pdfcheck, stock: Stock, per_sheet: int
) -> None:
    labels = [
        dataclasses.replace(samples.mailing_label(), package_barcode=f"P-26-{n:06d}")
        for n in range(per_sheet)
    ]
    rendered = render_mailing_labels(labels, PrintProfile(stock=stock, dpi=300), start_at=3)
    # Starting at position 3 pushes the last two labels onto a second sheet.
    assert pdfcheck.page_count(rendered) == 2
    barcodes = [p for p in rendered.placements if p.kind == "barcode:code128"]
    first = barcodes[0]
    page_height = rendered.page_size[1]
    # Position 3 is the first label of the second row: left column, below the first row.
    assert first.extent[0] < rendered.page_size[0] / 2
    assert first.extent[3] < page_height - 2 * 72 * (0.9 if stock is Stock.A4_LABELS_2X4 else 1)
    assert [p.page for p in barcodes].count(2) == 2
    pdfcheck.assert_barcodes_decode(rendered, 300)
    pdfcheck.assert_text_inside(rendered)


def test_empty_optional_fields(pdfcheck) -> None:
    label = dataclasses.replace(
        samples.mailing_label(DeliveryMethod.COURIER),
        sender=PostalAddress(name="PCC Library"),
        recipient=PostalAddress(name="ORU", country="US"),
        courier_route="",
        courier_stop="",
        recipient_symbol="",
    )
    for stock in (Stock.THERMAL_4X6, Stock.THERMAL_4X3, Stock.LETTER_LABELS_2X5):
        rendered = render_mailing_labels([label], PrintProfile(stock=stock, dpi=203))
        pdfcheck.assert_barcodes_decode(rendered, 203)
        pdfcheck.assert_text_inside(rendered)


def test_calibration_offset_moves_the_label(pdfcheck) -> None:
    plain = render_mailing_labels(
        [samples.mailing_label()], PrintProfile(stock=Stock.THERMAL_4X6, dpi=203)
    )
    moved = render_mailing_labels(
        [samples.mailing_label()],
        PrintProfile(stock=Stock.THERMAL_4X6, dpi=203, offset_x_mm=2.0, offset_y_mm=-1.0),
    )
    plain_x = min(c.box[0] for c in pdfcheck.chars(plain))
    moved_x = min(c.box[0] for c in pdfcheck.chars(moved))
    # 2 mm is 16 dots at 203 dpi, which is 5.67 pt.
    assert moved_x - plain_x == pytest.approx(16 * 72 / 203, abs=0.05)
    pdfcheck.assert_barcodes_decode(moved, 203)


def test_rejects_plain_paper_and_bad_start() -> None:
    with pytest.raises(ValueError, match="plain"):
        mailing_labels_pdf([samples.mailing_label()], PrintProfile(stock=Stock.LETTER))
    with pytest.raises(ValueError, match="between 1 and 10"):
        mailing_labels_pdf(
            [samples.mailing_label()],
            PrintProfile(stock=Stock.LETTER_LABELS_2X5),
            start_at=11,
        )


def test_same_input_same_bytes() -> None:
    profile = PrintProfile(stock=Stock.THERMAL_4X6, dpi=300)
    first = mailing_labels_pdf([samples.mailing_label()], profile)
    assert first.startswith(b"%PDF")
    assert mailing_labels_pdf([samples.mailing_label()], profile) == first


_ALPHABET = "".join(
    sorted(set("".join(samples.SCRIPT_SAMPLES.values()) + samples.LONG_TITLE + " ,-"))
)
_field = st.text(alphabet=_ALPHABET, max_size=90)


@settings(
    max_examples=12,
    deadline=None,
    # The checker fixture is stateless, so sharing it between examples is fine.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    name=_field,
    department=_field,
    street=_field,
    city=_field,
    postal=_field,
    country=st.sampled_from(["US", "GB", "DE", "JP", "CN", "KR", "IL", "EG", "ZZ"]),
    method=st.sampled_from(ALL_METHODS),
    stock=st.sampled_from(
        [Stock.THERMAL_4X6, Stock.THERMAL_4X3, Stock.A4_LABELS_2X4, Stock.LETTER_LABELS_2X5]
    ),
)
def test_any_address_stays_inside_the_label(
    pdfcheck, name, department, street, city, postal, country, method, stock
) -> None:
    recipient = PostalAddress(
        name=name,
        department=department,
        street=street,
        city=city,
        postal_code=postal,
        country=country,
    )
    label = dataclasses.replace(samples.mailing_label(method), recipient=recipient)
    rendered = render_mailing_labels([label], PrintProfile(stock=stock, dpi=203))
    pdfcheck.assert_text_inside(rendered)
    pdfcheck.assert_barcodes_decode(rendered, 203)


def test_600_dpi_printer(pdfcheck) -> None:
    labels = [samples.mailing_label(), samples.extreme_label("KR", DeliveryMethod.COURIER)]
    rendered = render_mailing_labels(labels, PrintProfile(stock=Stock.THERMAL_4X3, dpi=600))
    pdfcheck.assert_barcodes_decode(rendered, 600)
    pdfcheck.assert_text_inside(rendered)
