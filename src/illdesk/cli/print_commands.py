"""`illdesk print`: documents to a PDF file or straight to a CUPS printer.

    illdesk print book-band B-26-000123 --pdf band.pdf
    illdesk print pull-slips --queue l-pull --printer Office_Laser
    illdesk print label --package P-26-000001 --printer Zebra_GK420d
    illdesk print label --library ORE --method courier --pdf label.pdf
    illdesk print label --patron-of B-26-000123 --pdf label.pdf
    illdesk print packing-slip --package P-26-000001 --pdf slip.pdf
    illdesk print hold-slip B-26-000123 B-26-000124 --pdf slips.pdf
    illdesk print printers

The stock, resolution, calibration and printer come from this workstation's print profiles
(`illdesk.services.printing.profiles`); `--stock` and `--dpi` override them for one run. When the
printer fails, nothing about any request changes and the command ends with status 1 and the reason.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from illdesk.devices.printers import PrintFailed, cups_available, list_queues, send_pdf
from illdesk.printing.model import Stock
from illdesk.services.errors import InvalidInput
from illdesk.services.printing import documents as printing
from illdesk.services.printing import package_documents, slips
from illdesk.services.printing import profiles as print_profiles
from illdesk.services.printing.documents import DocumentType
from illdesk.services.session import DeskSession

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _write_atomically(path: Path, data: bytes) -> None:
    # Write beside the target and rename, so a half-written PDF never replaces a good one.
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _list_printers() -> int:
    if not cups_available():
        print("CUPS is not installed on this computer: print from the desk window instead.")
        return EXIT_FAILED
    queues = list_queues()
    if not queues:
        print("CUPS knows no printers (or is not running).")
        return EXIT_FAILED
    for queue in queues:
        marks = ("default" if queue.is_default else "", "" if queue.enabled else "paused")
        notes = ", ".join(m for m in marks if m)
        print(queue.name + (f"  ({notes})" if notes else ""))
    return EXIT_OK


def _generate(
    args: argparse.Namespace, document: DocumentType, session: DeskSession, numbers: Any
) -> bytes:
    profile_settings = print_profiles.load(document)
    if args.stock:
        profile_settings = replace(profile_settings, stock=Stock(args.stock))
    if args.dpi:
        profile_settings = replace(profile_settings, dpi=args.dpi)
    profile_settings.validate(document)
    profile = profile_settings.print_profile()
    uow = session.read()
    makers: dict[DocumentType, Callable[[], bytes]] = {
        DocumentType.BOOK_BAND: lambda: slips.book_bands(uow, numbers, profile=profile),
        DocumentType.HOLD_SLIP: lambda: slips.hold_slips(uow, numbers, profile=profile),
        DocumentType.PULL_SLIPS: lambda: slips.pull_slips(uow, numbers, profile=profile),
        DocumentType.PACKING_SLIP: lambda: package_documents.packing_slip(
            uow, args.package, profile
        ),
        DocumentType.MAILING_LABEL: lambda: _label(args, uow, profile),
    }
    return makers[document]()


def _label(args: argparse.Namespace, uow: Any, profile: Any) -> bytes:
    if args.patron_of:
        if args.package or args.library or args.method:
            raise InvalidInput("Give --patron-of alone, without a package or a library.")
        return package_documents.patron_mailing_label(uow, args.patron_of, profile)
    if args.package and (args.library or args.method):
        raise InvalidInput("Give --package, or --library with --method, not both.")
    if args.package:
        return package_documents.mailing_labels(uow, args.package, profile)
    return package_documents.mailing_label(
        uow, library_symbol=args.library, method=args.method, profile=profile
    )


def run_print(args: argparse.Namespace, session: DeskSession) -> int:
    """Carry out `illdesk print ...`; returns the exit status."""
    if args.document == "printers":
        return _list_printers()
    document = DocumentType(args.document)
    numbers: tuple[str, ...] = ()
    if document in (DocumentType.BOOK_BAND, DocumentType.HOLD_SLIP, DocumentType.PULL_SLIPS):
        if args.queue and args.numbers:
            print("illdesk: give request numbers or --queue, not both.", file=sys.stderr)
            return EXIT_USAGE
        # Resolve the queue once: what is marked printed afterwards is exactly what printed.
        numbers = (
            printing.queue_numbers(session.read(), args.queue)
            if args.queue
            else tuple(args.numbers)
        )
        if not numbers:
            what = f"The queue {args.queue} is empty" if args.queue else "No request numbers given"
            print(f"illdesk: {what}: nothing to print.", file=sys.stderr)
            return EXIT_FAILED
    printer = args.printer or ("" if args.pdf else print_profiles.load(document).printer)
    if not args.pdf and not printer:
        print(
            "illdesk: say where the document goes: --pdf FILE, or --printer QUEUE (or set a "
            "printer in this workstation's print profile).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        pdf = _generate(args, document, session, numbers)
    except (ValueError, print_profiles.InvalidProfile) as exc:
        print(f"illdesk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    try:
        if args.pdf:
            _write_atomically(args.pdf, pdf)
            print(f"{document.label}: saved to {args.pdf}.")
        else:
            job = send_pdf(pdf, printer, title=f"ILL Desk {document.label}")
            job_note = f" (job {job.job_id})" if job.job_id else ""
            print(f"{document.label}: sent to {printer}{job_note}.")
    except PrintFailed as exc:
        print(f"illdesk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        print(
            f"illdesk: the PDF could not be saved to {args.pdf}: {exc.strerror or exc}. "
            "Nothing was changed.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if document is DocumentType.PULL_SLIPS:
        mark = args.mark_printed if args.mark_printed is not None else not args.pdf
        if mark:
            moved = slips.mark_pull_slips_printed(session.write(), numbers)
            print(f"{len(moved)} request(s) moved to Stacks search.")
    return EXIT_OK
