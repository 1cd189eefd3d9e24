"""Shelf order of call numbers."""

from __future__ import annotations

import random

import pytest

from illdesk.printing.call_number import call_number_key

SHELF_ORDER = [
    "025.6 ILL",
    "025.62 SMI",
    "026 ABC",
    "100",
    "813.54 M",
    "PG3366 .A1 1998",
    "Q1 .A2",
    "QA76 .A1",
    "QA76.73 .P98",
    "QA76.9 .D3",
    "QA76.9 .D3 C67 2019",
    "QA76.9.D3C67 2020",
    "QA76.9 .D35",
    "QA76.9 .D4",
    "QA760 .B2",
    "Z713 .H36 2012",
    "Microfilm 9",
    "Microfilm 12",
]


def test_known_shelf_order() -> None:
    shuffled = SHELF_ORDER[:]
    random.Random(7).shuffle(shuffled)
    assert sorted(shuffled, key=call_number_key) == SHELF_ORDER


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("QA76.9 .D3", "QA760 .B2"),
        ("QA9 .A1", "QA76 .A1"),
        ("Q1 .A2", "QA1 .A2"),
        ("025.6", "025.62"),
        ("025.62", "26"),
        ("QA76.9 .D3", "QA76.9 .D35"),
        ("QA76.9 .D35", "QA76.9 .D4"),
        ("PS3545 .I345 1990", "PS3545 .I345 2001"),
    ],
)
def test_pairs(before: str, after: str) -> None:
    assert call_number_key(before) < call_number_key(after)


def test_case_and_spacing_do_not_matter() -> None:
    assert call_number_key("qa76.9  .d3") == call_number_key("QA76.9 .D3")
