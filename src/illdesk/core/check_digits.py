"""Check digits of 14-digit library barcodes (item and patron barcodes).

Most North American libraries label items and patron cards with 14-digit Codabar barcodes laid
out as: one digit for the kind (2 = patron, 3 = item), four digits for the institution, eight
digits of serial number, and one check digit. The check digit scheme depends on who printed the
labels, so it is configured per issuing library (:class:`IssuerSchemes`):

* ``luhn_mod10``: the Luhn algorithm, the usual scheme of Gaylord/Brodart-style library labels.
* ``weighted_3_1_mod10``: weights 3 and 1 alternating, as in EAN/GS1 codes; the digit just left
  of the check digit gets weight 3.
* ``none``: the labels carry no check digit; nothing is checked.

A check digit catches nearly all misreads and typing slips, so a barcode that fails it should be
rescanned rather than looked up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "LIBRARY_BARCODE_LENGTH",
    "BarcodeRole",
    "CheckDigitResult",
    "CheckDigitScheme",
    "IssuerSchemes",
    "LibraryBarcodeParts",
    "compute_check_digit",
    "describe_scheme",
    "is_valid",
    "parse_library_barcode",
    "validate",
]

LIBRARY_BARCODE_LENGTH = 14


class CheckDigitScheme(StrEnum):
    """How the last digit of a library barcode is computed from the others."""

    LUHN_MOD10 = "luhn_mod10"
    WEIGHTED_3_1_MOD10 = "weighted_3_1_mod10"
    NONE = "none"


_DESCRIPTIONS: dict[CheckDigitScheme, str] = {
    CheckDigitScheme.LUHN_MOD10: (
        "Luhn mod 10 (usual for library Codabar labels): counting from the right, every second "
        "digit before the check digit is doubled (subtracting 9 if that gives more than 9); the "
        "check digit brings the total up to a multiple of 10."
    ),
    CheckDigitScheme.WEIGHTED_3_1_MOD10: (
        "3-1 weighted mod 10 (as on EAN/GS1 codes): counting from the right, the digits before "
        "the check digit are multiplied by 3, 1, 3, 1, ...; the check digit brings the total up "
        "to a multiple of 10."
    ),
    CheckDigitScheme.NONE: "No check digit: every digit is part of the number, nothing is checked.",
}


class BarcodeRole(StrEnum):
    """What the first digit of a 14-digit library barcode says it is."""

    PATRON = "patron"
    ITEM = "item"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class LibraryBarcodeParts:
    """The fields of a 14-digit library barcode (kind digit, institution, serial, check)."""

    barcode: str
    role: BarcodeRole
    institution: str
    serial: str
    check_digit: str


@dataclass(frozen=True, slots=True)
class CheckDigitResult:
    """Outcome of a check; ``message`` is written for ILL staff and empty when all is well."""

    valid: bool
    scheme: CheckDigitScheme
    expected: str | None = None
    message: str = ""


def compute_check_digit(payload: str, scheme: CheckDigitScheme) -> str | None:
    """Return the check digit for ``payload`` (the digits before it), or None for ``none``.

    Raises ValueError if ``payload`` is empty or holds anything but the digits 0-9.
    """
    _require_digits(payload, "payload")
    if scheme is CheckDigitScheme.NONE:
        return None
    # Both schemes weight digits counting from the right of the payload, so the same number
    # gets the same check digit whatever its length.
    total = 0
    for position, char in enumerate(reversed(payload)):
        digit = int(char)
        if scheme is CheckDigitScheme.LUHN_MOD10:
            if position % 2 == 0:
                digit *= 2
                if digit > 9:
                    digit -= 9
            total += digit
        else:
            total += digit * (3 if position % 2 == 0 else 1)
    return str((10 - total % 10) % 10)


def is_valid(barcode: str, scheme: CheckDigitScheme) -> bool:
    """True if the last digit of ``barcode`` is the right check digit under ``scheme``."""
    return validate(barcode, scheme).valid


def validate(barcode: str, scheme: CheckDigitScheme) -> CheckDigitResult:
    """Check the last digit of ``barcode``; the result explains a failure in plain words."""
    if len(barcode) < 2 or not _all_ascii_digits(barcode):
        return CheckDigitResult(
            valid=False,
            scheme=scheme,
            message="This is not a library barcode: it should be made of digits only.",
        )
    if scheme is CheckDigitScheme.NONE:
        return CheckDigitResult(valid=True, scheme=scheme)
    expected = compute_check_digit(barcode[:-1], scheme)
    if expected == barcode[-1]:
        return CheckDigitResult(valid=True, scheme=scheme, expected=expected)
    return CheckDigitResult(
        valid=False,
        scheme=scheme,
        expected=expected,
        message=(
            "The barcode's check digit is wrong, so a digit was misread or mistyped. "
            "Scan it again, or type it carefully from the label."
        ),
    )


def describe_scheme(scheme: CheckDigitScheme) -> str:
    """A plain-words description of ``scheme`` for the settings screen and the admin guide."""
    return _DESCRIPTIONS[scheme]


def parse_library_barcode(barcode: str) -> LibraryBarcodeParts | None:
    """Split a 14-digit library barcode into its fields, or return None if it is not one."""
    if len(barcode) != LIBRARY_BARCODE_LENGTH or not _all_ascii_digits(barcode):
        return None
    role = {"2": BarcodeRole.PATRON, "3": BarcodeRole.ITEM}.get(barcode[0], BarcodeRole.UNKNOWN)
    return LibraryBarcodeParts(
        barcode=barcode,
        role=role,
        institution=barcode[1:5],
        serial=barcode[5:13],
        check_digit=barcode[13],
    )


@dataclass(frozen=True)
class IssuerSchemes:
    """Which check digit scheme each issuing library uses.

    ``by_institution`` maps the four institution digits (positions 2-5 of the barcode) to a
    scheme; barcodes from any other institution use ``default``.
    """

    default: CheckDigitScheme = CheckDigitScheme.LUHN_MOD10
    by_institution: Mapping[str, CheckDigitScheme] = field(default_factory=dict)

    def scheme_for(self, barcode: str) -> CheckDigitScheme:
        """The scheme that applies to ``barcode``."""
        parts = parse_library_barcode(barcode)
        if parts is None:
            return self.default
        return self.by_institution.get(parts.institution, self.default)

    def validate(self, barcode: str) -> CheckDigitResult:
        """Check a 14-digit library barcode with its issuer's scheme."""
        if parse_library_barcode(barcode) is None:
            return CheckDigitResult(
                valid=False,
                scheme=self.default,
                message="This is not a library barcode: those have exactly 14 digits.",
            )
        return validate(barcode, self.scheme_for(barcode))


def _all_ascii_digits(text: str) -> bool:
    # str.isdigit() accepts superscripts and other scripts' digits, which int() may reject.
    return text.isascii() and text.isdigit()


def _require_digits(text: str, name: str) -> None:
    if not text or not _all_ascii_digits(text):
        raise ValueError(f"{name} must be one or more digits 0-9, got {text!r}")
