"""Sending a finished PDF to a printer through CUPS (Linux and macOS), with no extra library.

The `lp` and `lpstat` commands are CUPS's own clients and are installed wherever CUPS is. Every
failure becomes a `PrintFailed` whose message says, in the desk's words, what is wrong and
that the document is still there to retry or save.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

NOT_LOST = "The document was not lost: try again, or save it as a PDF and print that."
# lp hands the job to the local CUPS service and returns; only a hung service takes longer.
SEND_TIMEOUT_S = 30.0
LIST_TIMEOUT_S = 10.0


class PrintFailed(Exception):
    """The printer did not take the document; the message is written for staff."""

    def __init__(self, message: str, printer: str = "") -> None:
        super().__init__(message)
        self.printer = printer


@dataclass(frozen=True, slots=True)
class PrinterQueue:
    """A printer CUPS knows about."""

    name: str
    is_default: bool = False
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class PrintJob:
    """A job CUPS accepted."""

    printer: str
    job_id: str


def _environment() -> dict[str, str]:
    # The messages are parsed below, so ask for them untranslated.
    return {**os.environ, "LC_ALL": "C", "LANG": "C"}


def cups_available() -> bool:
    """True when this computer has the CUPS commands needed to print by printer name."""
    return shutil.which("lp") is not None


def _lpstat(*args: str) -> subprocess.CompletedProcess[str] | None:
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return None
    try:
        return subprocess.run(
            [lpstat, *args],
            capture_output=True,
            text=True,
            timeout=LIST_TIMEOUT_S,
            env=_environment(),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None


def list_queues() -> list[PrinterQueue]:
    """The printers CUPS offers, default first; empty when CUPS is absent or not running."""
    printers = _lpstat("-p")
    if printers is None or printers.returncode != 0:
        return []
    default = _lpstat("-d")
    default_name = ""
    if default is not None:
        match = re.search(r"system default destination:\s*(\S+)", default.stdout)
        default_name = match.group(1) if match else ""
    queues = []
    for line in printers.stdout.splitlines():
        match = re.match(r"printer\s+(\S+)\s+(.*)", line)
        if match:
            name, rest = match.groups()
            queues.append(PrinterQueue(name, name == default_name, "disabled" not in rest))
    return sorted(queues, key=lambda q: (not q.is_default, q.name.casefold()))


def _explain(printer: str, output: str) -> str:
    """A staff-readable reason from what lp or lpstat wrote."""
    text = output.strip()
    lowered = text.casefold()
    if any(
        words in lowered
        for words in ("does not exist", "unknown destination", "invalid destination", "not found")
    ):
        return (
            f"The printer “{printer}” does not exist on this computer. Check its name in the "
            f"print profile or the printer list. {NOT_LOST}"
        )
    if any(
        words in lowered
        for words in ("unable to connect", "scheduler is not running", "connection refused")
    ):
        return (
            f"The print service (CUPS) on this computer is not running, so the printer "
            f"“{printer}” cannot be reached. Restart the computer or ask IT. {NOT_LOST}"
        )
    if "not accepting" in lowered or "disabled" in lowered or "paused" in lowered:
        return (
            f"The printer “{printer}” is paused and not taking documents. Resume it in the "
            f"printer settings. {NOT_LOST}"
        )
    detail = f" It said: {text}" if text else ""
    return f"The printer “{printer}” did not take the document.{detail} {NOT_LOST}"


def _check_queue(printer: str) -> None:
    """Refuse early when CUPS says the queue is unknown or paused (lp would queue it anyway
    on a paused printer, and the desk would think it printed)."""
    status = _lpstat("-p", printer)
    if status is None:
        return
    if status.returncode != 0:
        raise PrintFailed(_explain(printer, status.stderr or status.stdout), printer)
    if re.search(r"\bdisabled\b", status.stdout):
        raise PrintFailed(_explain(printer, "disabled"), printer)


def send_pdf(pdf: bytes, printer: str, *, title: str = "ILL Desk", copies: int = 1) -> PrintJob:
    """Give the PDF to the CUPS printer `printer`; raise PrintFailed when it does not take it.

    The PDF is printed at its own size: its barcodes are drawn on the printer's dot grid, and
    any scaling would blur them.
    """
    printer = printer.strip()
    if not printer:
        raise PrintFailed(f"No printer was chosen. {NOT_LOST}")
    lp = shutil.which("lp")
    if lp is None:
        raise PrintFailed(
            f"CUPS is not installed on this computer, so ILL Desk cannot send to the printer "
            f"“{printer}” by name. Print from the preview window instead. {NOT_LOST}",
            printer,
        )
    _check_queue(printer)
    command = [lp, "-d", printer, "-t", title, "-n", str(max(1, copies))]
    command += ["-o", "print-scaling=none"]
    try:
        result = subprocess.run(
            command,
            input=pdf,
            capture_output=True,
            timeout=SEND_TIMEOUT_S,
            env=_environment(),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise PrintFailed(
            f"The printer “{printer}” is not answering (no reply in {SEND_TIMEOUT_S:g} "
            f"seconds). Check that it is on and connected. {NOT_LOST}",
            printer,
        ) from exc
    except OSError as exc:
        raise PrintFailed(_explain(printer, str(exc)), printer) from exc
    output = (result.stderr or b"").decode(errors="replace") + (result.stdout or b"").decode(
        errors="replace"
    )
    if result.returncode != 0:
        raise PrintFailed(_explain(printer, output), printer)
    match = re.search(r"request id is (\S+)", output)
    return PrintJob(printer, match.group(1) if match else "")
