"""Print profiles of this workstation: which printer, stock, resolution and calibration each
document uses.

Printers belong to a desk, not to the library, so the profiles live beside the workstation settings
(`illdesk.services.admin.workstation.config_dir()`) in `print_profiles.json`, with a schema
version, written atomically. A damaged file never stops the desk: it reads as the defaults (and
says so in the log) until someone saves the profiles again.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from illdesk.printing.model import PrintProfile, Stock
from illdesk.services.admin.workstation import config_dir
from illdesk.services.printing.documents import DocumentType, default_profile

log = logging.getLogger(__name__)

FILE_NAME = "print_profiles.json"
SCHEMA_VERSION = 1
# Calibration corrects a printer that is a few millimetres off; more than this is a typo.
MAX_OFFSET_MM = 20.0

_THERMAL_LABELS = (Stock.THERMAL_4X6, Stock.THERMAL_4X3)
_PAPER = (Stock.LETTER, Stock.A4)

# What each document can be laid out on (see the document modules in illdesk.printing).
STOCKS: dict[DocumentType, tuple[Stock, ...]] = {
    DocumentType.MAILING_LABEL: (*_THERMAL_LABELS, Stock.LETTER_LABELS_2X5, Stock.A4_LABELS_2X4),
    DocumentType.PACKING_SLIP: _PAPER,
    DocumentType.BOOK_BAND: (*_PAPER, Stock.THERMAL_2X6, Stock.THERMAL_4X6),
    DocumentType.PULL_SLIPS: (*_PAPER, *_THERMAL_LABELS),
    DocumentType.HOLD_SLIP: (*_PAPER, *_THERMAL_LABELS),
}


class InvalidProfile(ValueError):
    """A profile value that cannot work; the message says which and why, for staff."""


@dataclass(frozen=True, slots=True)
class DocumentProfile:
    """How this workstation prints one kind of document.

    `printer` is the printer's name as the system knows it (a CUPS queue on Linux and macOS);
    empty means "ask each time".
    """

    stock: Stock
    dpi: int
    printer: str = ""
    offset_x_mm: float = 0.0
    offset_y_mm: float = 0.0

    def print_profile(self) -> PrintProfile:
        """The layout profile the document modules take."""
        return PrintProfile(self.stock, self.dpi, self.offset_x_mm, self.offset_y_mm)

    def validate(self, document: DocumentType) -> None:
        """Raise InvalidProfile when this profile cannot print `document`."""
        if self.stock not in STOCKS[document]:
            allowed = ", ".join(s.value for s in STOCKS[document])
            raise InvalidProfile(
                f"A {document.label.lower()} cannot be printed on {self.stock.value}; "
                f"choose one of: {allowed}."
            )
        if self.dpi not in (203, 300, 600):
            raise InvalidProfile(f"Printer resolution is 203, 300 or 600 dpi, not {self.dpi}.")
        for value in (self.offset_x_mm, self.offset_y_mm):
            if not -MAX_OFFSET_MM <= value <= MAX_OFFSET_MM:
                raise InvalidProfile(
                    f"A calibration offset is between -{MAX_OFFSET_MM:g} and "
                    f"{MAX_OFFSET_MM:g} mm, not {value:g}."
                )


def default(document: DocumentType) -> DocumentProfile:
    """The profile of a document on a workstation that never set one."""
    base = default_profile(document)
    return DocumentProfile(base.stock, base.dpi)


def path() -> Path:
    """Where the profiles are kept."""
    return config_dir() / FILE_NAME


def _upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a stored document up to the current schema (none older exists yet)."""
    version = int(data.get("schema_version", SCHEMA_VERSION))
    if version > SCHEMA_VERSION:
        raise ValueError(f"written by a newer ILL Desk (schema {version})")
    return data


def _from_json(document: DocumentType, raw: dict[str, Any]) -> DocumentProfile:
    base = default(document)
    profile = replace(
        base,
        stock=Stock(raw.get("stock", base.stock)),
        dpi=int(raw.get("dpi", base.dpi)),
        printer=str(raw.get("printer", "")),
        offset_x_mm=float(raw.get("offset_x_mm", 0.0)),
        offset_y_mm=float(raw.get("offset_y_mm", 0.0)),
    )
    profile.validate(document)
    return profile


def load_all() -> dict[DocumentType, DocumentProfile]:
    """Every document's profile; anything missing or unreadable falls back to its default."""
    profiles = {document: default(document) for document in DocumentType}
    file = path()
    if not file.exists():
        return profiles
    try:
        data = _upgrade(json.loads(file.read_text(encoding="utf-8")))
        stored = data.get("documents", {})
    except (OSError, ValueError, AttributeError) as exc:
        log.warning("Ignoring unreadable print profiles %s: %s", file, exc)
        return profiles
    for document in DocumentType:
        raw = stored.get(document.value) if isinstance(stored, dict) else None
        if not isinstance(raw, dict):
            continue
        try:
            profiles[document] = _from_json(document, raw)
        except (ValueError, TypeError) as exc:
            # One bad profile should not take the others with it.
            log.warning("Ignoring the %s print profile in %s: %s", document.value, file, exc)
    return profiles


def load(document: DocumentType) -> DocumentProfile:
    """The profile of one document."""
    return load_all()[document]


def save_all(profiles: dict[DocumentType, DocumentProfile]) -> None:
    """Validate and write every profile atomically (a crash never leaves half a file)."""
    for document, profile in profiles.items():
        profile.validate(document)
    data = {
        "schema_version": SCHEMA_VERSION,
        "documents": {
            document.value: {**asdict(profile), "stock": profile.stock.value}
            for document, profile in profiles.items()
        },
    }
    file = path()
    file.parent.mkdir(parents=True, exist_ok=True)
    # A uniquely named temporary file in the same folder: two windows saving at once each
    # replace the file whole, and os.replace is atomic within one file system.
    handle, temp = tempfile.mkstemp(prefix=".print_profiles.", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, file)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def save(document: DocumentType, profile: DocumentProfile) -> None:
    """Change one document's profile and keep the others as they are."""
    profiles = load_all()
    profiles[document] = profile
    save_all(profiles)


def remember_printer(document: DocumentType, printer: str) -> None:
    """Keep the printer last used for a document, so the next print offers it first."""
    current = load(document)
    if current.printer != printer:
        save(document, replace(current, printer=printer))
