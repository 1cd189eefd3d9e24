"""The surveys libraries must answer, each item defined as a sum of the monthly measures and
carrying the definition it follows. Pure data: `services.reports.surveys` fills them in.

Returnable means a loan of a book, thesis, audiovisual item or other physical item (service
loan, format not an article or chapter); non-returnable means a copy (service copy) or an
article or chapter however supplied. Commercial documents are copies received from a partner
in the lender group "commercial" (document suppliers the library pays).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# The measures the surveys add up (counted by `services.reports.counting.count_survey_bases`).
LENT_RETURNABLE = "lending.filled_returnable"
LENT_NONRETURNABLE = "lending.filled_nonreturnable"
GOT_RETURNABLE = "borrowing.received_returnable"
GOT_NONRETURNABLE = "borrowing.received_nonreturnable"
GOT_COMMERCIAL = "borrowing.received_commercial"
COMMERCIAL_GROUP = "commercial"

BASES: Mapping[str, tuple[str, str]] = {
    LENT_RETURNABLE: ("Filled: returnables", "Loans shipped (books, theses, audiovisual)."),
    LENT_NONRETURNABLE: ("Filled: non-returnables", "Copies and articles sent."),
    GOT_RETURNABLE: (
        "Received: returnables",
        "Loans received from partner libraries (not commercial suppliers).",
    ),
    GOT_NONRETURNABLE: (
        "Received: non-returnables",
        "Copies and articles received from partner libraries (not commercial suppliers).",
    ),
    GOT_COMMERCIAL: (
        "Received from commercial services",
        "Documents received from partners in the lender group 'commercial'.",
    ),
}


@dataclass(frozen=True, slots=True)
class Item:
    """One survey line: its code, its wording, the measures it sums, and how it is defined."""

    code: str
    label: str
    measures: tuple[str, ...]
    definition: str


@dataclass(frozen=True, slots=True)
class Survey:
    """A survey: its name, whose definitions it follows, its items."""

    key: str
    name: str
    follows: str
    items: tuple[Item, ...]


_PROVIDED = (LENT_RETURNABLE, LENT_NONRETURNABLE)
_RECEIVED = (GOT_RETURNABLE, GOT_NONRETURNABLE, GOT_COMMERCIAL)

SURVEYS: Mapping[str, Survey] = {
    "acrl": Survey(
        "acrl",
        "ACRL Academic Library Trends and Statistics",
        "ACRL survey instructions: filled requests only; returnable = books, theses, "
        "microfilm reels, sound recordings, audiovisual; non-returnable = photocopies, prints, "
        "electronic full text.",
        (
            Item("ILL-01", "Returnables provided to other libraries", (LENT_RETURNABLE,),
                 "Loans we shipped to other libraries in the fiscal year."),
            Item("ILL-02", "Non-returnables provided to other libraries", (LENT_NONRETURNABLE,),
                 "Copies we sent to other libraries in the fiscal year."),
            Item("ILL-03", "Returnables received", (GOT_RETURNABLE,),
                 "Loans received from other libraries."),
            Item("ILL-04", "Non-returnables received", (GOT_NONRETURNABLE,),
                 "Copies received from other libraries."),
            Item("ILL-05", "Documents received from commercial services", (GOT_COMMERCIAL,),
                 "Documents received from commercial document suppliers."),
            Item("Total provided", "Total ILL provided (ILL-01 + ILL-02)", _PROVIDED, ""),
            Item("Total received", "Total ILL received (ILL-03 + ILL-04 + ILL-05)", _RECEIVED,
                 ""),
        ),
    ),
    "ipeds": Survey(
        "ipeds",
        "IPEDS Academic Libraries",
        "IPEDS AL: filled requests, returnable and non-returnable, consortial direct borrowing "
        "included; received includes commercial documents the library pays for.",
        (
            Item("LILLDPR", "Total interlibrary loans and documents provided to other libraries",
                 _PROVIDED, "Loans shipped plus copies sent."),
            Item("LILLDRC", "Total interlibrary loans and documents received", _RECEIVED,
                 "Loans and copies received, including from commercial services."),
        ),
    ),
    "imls": Survey(
        "imls",
        "IMLS Public Libraries Survey",
        "PLS: interlibrary loans provided to and received from other libraries.",
        (
            Item("LOANTO", "Interlibrary loans provided to", _PROVIDED,
                 "Loans and copies supplied to other libraries."),
            Item("LOANFM", "Interlibrary loans received from", _RECEIVED,
                 "Loans and copies received from other libraries and suppliers."),
        ),
    ),
    "nys": Survey(
        "nys",
        "New York State Annual Report for Public and Association Libraries",
        "2023 numbering: 4.21 ILL provided, 4.22 ILL received.",
        (
            Item("4.21", "ILL provided", _PROVIDED, "Loans and copies supplied."),
            Item("4.22", "ILL received", _RECEIVED, "Loans and copies received."),
        ),
    ),
    "arl": Survey(
        "arl",
        "ARL Statistics",
        "ARL (NISO Z39.7): total items loaned and borrowed through ILL, copies included; "
        "commercial documents counted with items borrowed.",
        (
            Item("Items loaned", "Total items loaned (ILL)", _PROVIDED,
                 "Loans shipped and copies sent."),
            Item("Items borrowed", "Total items borrowed (ILL)", _RECEIVED,
                 "Loans and copies received."),
        ),
    ),
}  # fmt: skip


def answer(item: Item, values: Mapping[str, object]) -> int:
    """An item's figure from summed measures (a missing measure counts 0)."""
    total = 0
    for key in item.measures:
        value = values.get(key)
        total += value if isinstance(value, int) else 0
    return total
