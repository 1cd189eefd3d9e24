"""Input data classes."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from illdesk.printing import samples
from illdesk.printing.model import PatronPrivacy, PrintProfile, Stock, patron_label


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_profile_accepts_printer_resolutions(dpi: int) -> None:
    assert PrintProfile(stock=Stock.THERMAL_4X6, dpi=dpi).dpi == dpi


@pytest.mark.parametrize("dpi", [72, 150, 1200])
def test_profile_refuses_other_resolutions(dpi: int) -> None:
    with pytest.raises(ValueError, match="203, 300 or 600"):
        PrintProfile(dpi=dpi)


def test_patron_label_follows_privacy() -> None:
    assert patron_label("Doe, Jane", "P1", PatronPrivacy.NAME) == "Doe, Jane"
    assert patron_label("Doe, Jane", "P1", PatronPrivacy.ID_ONLY) == "P1"
    # No name on file: the ID is better than nothing.
    assert patron_label("  ", "P1", PatronPrivacy.NAME) == "P1"


def test_band_restrictions_in_reading_order() -> None:
    band = dataclasses.replace(samples.book_band(), other_restrictions=("Keep dry",))
    assert band.restrictions == ("Library use only", "No renewals", "Keep dry")
    free = dataclasses.replace(
        band, library_use_only=False, no_renewals=False, other_restrictions=()
    )
    assert free.restrictions == ()


def test_data_is_frozen() -> None:
    slip = samples.hold_slip()
    with pytest.raises(dataclasses.FrozenInstanceError):
        slip.hold_until = date(2030, 1, 1)  # type: ignore[misc]
