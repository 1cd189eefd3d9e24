"""A partner library found from what staff type in a "Symbol or name" box."""

from __future__ import annotations

import pytest

from illdesk.services.directory import entries as directory
from illdesk.services.directory.library_match import match_libraries
from tests.integration.helpers import seed_directory


@pytest.fixture
def libraries(uow):
    seed_directory(uow)
    return directory.list_libraries(uow(read_only=True))


@pytest.mark.parametrize(
    ("typed", "symbols"),
    [
        ("ore", ["ORE"]),
        ("ORE — Oregon State University", ["ORE"]),
        ("Oregon", ["ORE"]),
        ("washington univ", ["WAU"]),
        ("montana  state", ["MSU"]),
        ("State University", ["MSU", "ORE"]),
        ("Corvallis", ["MSU", "ORE", "WAU"]),  # the city every seeded library shares
        ("Eugene", []),
        ("", []),
    ],
)
def test_a_symbol_name_or_city_finds_its_libraries(libraries, typed, symbols) -> None:
    found = match_libraries(libraries, typed)
    assert sorted(lib.symbol for lib in found.libraries) == symbols
    assert (found.single is not None) == (len(symbols) == 1)


def test_what_staff_are_told_when_it_is_not_exactly_one(libraries) -> None:
    assert "No partner library has the symbol or name “Eugene”" in (
        match_libraries(libraries, "Eugene").message
    )
    assert match_libraries(libraries, "State University").message.startswith("2 libraries")
    assert match_libraries(libraries, "ore").message == ""
