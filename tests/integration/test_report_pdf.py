"""`illdesk report monthly --pdf`: the month's figures and a bar chart, checked as a printer
would see them (rendered to pixels, text read back)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from illdesk.printing.report_pdf import SERIES_COLOURS
from tests.integration.reports_history import make_history
from tests.integration.test_cli import illdesk


def _pages(path: Path) -> tuple[list[str], list[Image.Image]]:
    document = pdfium.PdfDocument(path)
    try:
        texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
        images = [
            document[i].render(scale=1.5).to_pil().convert("RGB") for i in range(len(document))
        ]
    finally:
        document.close()
    return texts, images


def _pixels_of(image: Image.Image, colour: str) -> int:
    """How many pixels are (nearly) this colour."""
    want = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    raw = image.tobytes()
    return sum(
        1 for i in range(0, len(raw), 3) if all(abs(raw[i + c] - want[c]) <= 12 for c in range(3))
    )


def test_monthly_pdf_has_the_figures_and_a_chart(db_url, uow, clock, tmp_path: Path) -> None:
    make_history(uow, clock)
    out = tmp_path / "march.pdf"
    done = illdesk("--database", db_url, "report", "monthly", "2026-03", "--pdf", str(out))
    assert f"Written to {out}" in done.stdout
    texts, images = _pages(out)
    text = " ".join(texts)
    assert "ILL statistics 2026-03" in text
    assert "Requests made" in text and "Unfilled: NotOnShelf" in text
    assert "Fill rate" in text and "40.0" in text
    # The bars: borrowing (blue) and lending (orange) both drawn on the first page.
    assert _pixels_of(images[0], SERIES_COLOURS[0]) > 200
    assert _pixels_of(images[0], SERIES_COLOURS[1]) > 200
    assert not out.with_name(out.name + ".part").exists()


def test_monthly_pdf_to_a_folder_that_is_not_there(db_url, uow, clock, tmp_path: Path) -> None:
    make_history(uow, clock)
    out = tmp_path / "no such folder" / "march.pdf"
    failed = illdesk(
        "--database", db_url, "report", "monthly", "2026-03", "--pdf", str(out), check=False
    )
    assert failed.returncode != 0
    assert "cannot be written" in failed.stdout + failed.stderr
    assert "Traceback" not in failed.stderr
