"""How long a big print run takes: 500 mailing labels and 500 book bands, each as one PDF.

Run:  .venv/bin/python benchmarks/bench_printing.py [--runs 5] [--markdown]

Each document is timed as made (median of several runs after one warm-up) and against a floor:
the same pages with the same text but no barcode bars, so the ratio shows what barcodes cost.
Targets: at most 2 s each, and at most 3x the floor.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from unittest import mock

from illdesk.printing import samples
from illdesk.printing.barcodes import Symbology
from illdesk.printing.book_band import render_book_bands
from illdesk.printing.layout import Box
from illdesk.printing.mailing_label import render_mailing_labels
from illdesk.printing.model import (
    BookBand,
    BookBandLayout,
    DeliveryMethod,
    LabelData,
    PatronPrivacy,
    PrintProfile,
    Stock,
)
from illdesk.printing.pen import Pen

COUNT = 500
TARGET_SECONDS = 2.0
TARGET_RATIO = 3.0


def _labels() -> list[LabelData]:
    recipients = [samples.PARTNER, *samples.ABROAD.values()]
    methods = list(DeliveryMethod)
    return [
        dataclasses.replace(
            samples.mailing_label(methods[n % len(methods)]),
            recipient=recipients[n % len(recipients)],
            package_barcode=f"P-26-{n:06d}",
        )
        for n in range(COUNT)
    ]


def _bands() -> list[BookBand]:
    names = ["Nguyễn, Thị Minh Khai", "Okonkwo-Smith, Adaeze", *samples.SCRIPT_SAMPLES.values()]
    return [
        dataclasses.replace(
            samples.book_band(PatronPrivacy.NAME if n % 4 else PatronPrivacy.ID_ONLY),
            request_number=f"B-26-{n:06d}",
            patron_name=names[n % len(names)],
            no_renewals=bool(n % 2),
        )
        for n in range(COUNT)
    ]


def _text_only_barcode(
    self: Pen,
    value: str,
    box: Box,
    *,
    symbology: Symbology = Symbology.CODE128,
    human_readable: bool = True,
    text_size: float = 8.0,
    align: str = "center",
) -> Box:
    """The floor: the barcode's human-readable line where the barcode would be, no bars."""
    del symbology, align
    if human_readable:
        self.text(
            value,
            Box(box.x, box.y, box.w, text_size * 1.4),
            text_size,
            align="center",
            min_size=5.0,
            kind="barcode-text",
        )
    return box


@contextmanager
def _no_barcodes() -> Iterator[None]:
    with mock.patch.object(Pen, "barcode", _text_only_barcode):
        yield


def _median_seconds(make: Callable[[], bytes], runs: int) -> float:
    make()  # warm-up: fonts parsed, caches filled, as on a desk that has printed once today
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        make()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _cold_seconds(make: Callable[[], bytes]) -> float:
    start = time.perf_counter()
    make()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Time both documents, print the figures, return 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    options = parser.parse_args(argv)

    labels = _labels()
    bands = _bands()
    label_profile = PrintProfile(stock=Stock.THERMAL_4X6, dpi=203)
    band_profile = PrintProfile(stock=Stock.THERMAL_2X6, dpi=203)
    cases: list[tuple[str, Callable[[], bytes]]] = [
        (
            f"{COUNT} mailing labels, 4x6 in, 203 dpi",
            lambda: render_mailing_labels(labels, label_profile).pdf,
        ),
        (
            f"{COUNT} book bands, 2x6 in, 203 dpi",
            lambda: render_book_bands(bands, band_profile, layout=BookBandLayout.SINGLE).pdf,
        ),
    ]
    cold = _cold_seconds(cases[0][1])
    rows = []
    failed = False
    for name, make in cases:
        seconds = _median_seconds(make, options.runs)
        with _no_barcodes():
            floor = _median_seconds(make, options.runs)
        size_kb = len(make()) / 1024
        ratio = seconds / floor
        ok = seconds <= TARGET_SECONDS and ratio <= TARGET_RATIO
        failed |= not ok
        rows.append((name, seconds, floor, ratio, size_kb, ok))

    if options.markdown:
        print(
            "| document | seconds (median) | floor, no barcodes | ratio | PDF size | target met |"
        )
        print("|---|---|---|---|---|---|")
        for name, seconds, floor, ratio, size_kb, ok in rows:
            print(
                f"| {name} | {seconds:.2f} | {floor:.2f} | {ratio:.2f}x | {size_kb:.0f} KB "
                f"| {'yes' if ok else 'NO'} |"
            )
        print(
            f"\nFirst run in a fresh process (fonts loaded, caches empty): {cold:.2f} s "
            f"for the {COUNT} labels."
        )
    else:
        for name, seconds, floor, ratio, size_kb, ok in rows:
            print(
                f"{name}: {seconds:.3f} s (floor {floor:.3f} s, {ratio:.2f}x), "
                f"{size_kb:.0f} KB {'OK' if ok else 'MISSED TARGET'}"
            )
        print(f"cold first run of the labels: {cold:.3f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
