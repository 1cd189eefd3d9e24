"""The arguments of `illdesk print` (the printing itself is `print_commands`).

Kept apart so that reading the command line loads neither ReportLab nor the database layer:
`illdesk` with no command opens the window, which must come up quickly. The document names
are `services.printing.documents.DocumentType`'s values (tests/unit/test_architecture.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from illdesk.printing.model import Stock

PRINT_DOCUMENTS = ("label", "packing-slip", "book-band", "pull-slips", "hold-slip")


def add_print_parser(commands: Any) -> None:
    """Add `print` and its documents to the `illdesk` sub-command parsers."""
    output = argparse.ArgumentParser(add_help=False)
    where = output.add_mutually_exclusive_group()
    where.add_argument("--pdf", metavar="FILE", type=Path, help="write the PDF to this file")
    where.add_argument("--printer", metavar="QUEUE", help="send to this CUPS printer")
    output.add_argument("--stock", choices=[s.value for s in Stock], help="paper or label stock")
    output.add_argument("--dpi", type=int, choices=[203, 300, 600], help="printer resolution")

    requests = argparse.ArgumentParser(add_help=False)
    requests.add_argument("numbers", nargs="*", metavar="NUMBER", help="request numbers")
    requests.add_argument("--queue", metavar="KEY", help="every request in this queue")

    top = commands.add_parser("print", help="print labels, slips and book bands")
    documents = top.add_subparsers(dest="document", metavar="DOCUMENT", required=True)
    for name, words in (("book-band", "book bands"), ("hold-slip", "hold-shelf slips")):
        documents.add_parser(name, parents=[requests, output], help=words)
    slips = documents.add_parser(
        "pull-slips",
        parents=[requests, output],
        help="pull slips, sorted by location and call number",
    )
    slips.add_argument(
        "--mark-printed",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="move the requests to Stacks search once printed "
        "(default: yes when sent to a printer, no for a PDF file)",
    )
    label = documents.add_parser(
        "label",
        parents=[output],
        help="mailing label of a package, of a library, or to a request's patron",
    )
    label.add_argument(
        "--package",
        metavar="NUMBER",
        action="append",
        default=[],
        help="package number (repeat for several labels)",
    )
    label.add_argument("--library", metavar="SYMBOL", help="a label for this library")
    label.add_argument("--method", help="courier, library_mail, post, ... (with --library)")
    label.add_argument(
        "--patron-of", metavar="REQUEST", help="a label mailing this request's item to its patron"
    )
    packing = documents.add_parser(
        "packing-slip", parents=[output], help="packing slip of a package"
    )
    packing.add_argument("--package", metavar="NUMBER", required=True, help="package number")
    documents.add_parser("printers", help="list the printers CUPS offers")
