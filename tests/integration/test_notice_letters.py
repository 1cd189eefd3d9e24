"""Printed letters: one PDF per batch, the address inside the envelope's window (checked on
the rendered page, in pixels and by the text found there), correctional patrons through their
facility, sorted for the post, marked printed once saved."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import sqlalchemy as sa

from illdesk.core.citation import Citation
from illdesk.core.vocabulary import Direction, Format, Service
from illdesk.printing.notice_letter import ENVELOPES
from illdesk.services.desk import requests
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.notices import letters, outbox
from illdesk.store.facility_schema import Facility
from illdesk.store.schema import Patron
from tests.integration.helpers import seed_directory

OKAFOR = "21234000099995"


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def patron_setup(uow) -> None:
    """Okafor (no e-mail) in prison at Attica; Müller asked for paper, mails to Zürich."""
    with uow() as w:
        facility = Facility(
            code="ACF",
            name="Attica Correctional Facility",
            street="639 Exchange Street",
            city="Attica",
            region="NY",
            postal_code="14011",
            restrictions={},
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
        w.session.add(facility)
        w.session.flush()
        w.session.execute(
            sa.update(Patron)
            .where(Patron.card_barcode == OKAFOR)
            .values(facility_id=facility.id, inmate_number="98-A-0004", patron_type="correctional")
        )
        w.session.execute(
            sa.update(Patron)
            .where(Patron.card_barcode != OKAFOR)
            .values(
                notice_channel="paper",
                mail_street="Rämistrasse 71",
                mail_city="Zürich",
                mail_postal_code="8006",
                mail_country="CH",
            )
        )
        w.commit()


def received_for(uow, card: str, title: str) -> str:
    row = create_request(
        uow(),
        NewRequest(
            Direction.BORROWING,
            Service.LOAN,
            Format.BOOK,
            Citation(title=title),
            patron_card=card,
            lenders=("ORE",),
            allow_duplicate=True,
        ),
    )
    for action in ("approve", "send", "receive"):
        requests.perform(uow(), row.number, action)
    return row.number


def window_text(page: pdfium.PdfPage, envelope: str) -> str:
    env = ENVELOPES[envelope]
    _w, height = env.page
    textpage = page.get_textpage()
    return textpage.get_text_bounded(
        left=env.left,
        bottom=height - env.top - env.height,
        right=env.left + env.width,
        top=height - env.top,
    )


@pytest.mark.parametrize("envelope", ["us10", "dl"])
def test_letters_put_the_address_in_the_window(uow, envelope: str) -> None:
    patron_setup(uow)
    received_for(uow, OKAFOR, "Prison libraries")
    received_for(uow, "21234000012347", "Ἰλιάς")
    assert {n.channel for n in outbox.list_notices(uow(), "queued")} == {"letter"}
    batch = letters.print_batch(uow(), envelope)
    assert len(batch.notice_ids) == 2 and batch.without_address == 0
    pdf = pdfium.PdfDocument(batch.pdf)
    assert len(pdf) == 2
    env = ENVELOPES[envelope]
    # Sorted for the post: Switzerland (CH) before the United States.
    first, second = (window_text(pdf[i], envelope) for i in range(2))
    assert (
        "Jo Müller" in first and "8006" in first and "Zürich" in first.replace("ZÜRICH", "Zürich")
    )
    assert "Ade Okafor #98-A-0004" in second and "Attica Correctional Facility" in second
    assert "639 Exchange Street" in second
    body = pdf[1].get_textpage().get_text_range()
    assert "Prison libraries" in body
    # In pixels: ink inside the window, and the window's rows free of the letter's text.
    scale = 2
    image = pdf[1].render(scale=scale).to_pil().convert("L")
    x0, y0 = int(env.left * scale), int(env.top * scale)
    x1, y1 = int((env.left + env.width) * scale), int((env.top + env.height) * scale)
    inside = image.crop((x0, y0, x1, y1))
    assert sum(1 for p in inside.tobytes() if p < 128) > 200
    below_window = image.crop((x0, y1 + 2, x1, int(env.body_top * scale) - 20))
    assert all(p > 200 for p in below_window.tobytes())
    assert letters.mark_printed(uow(), batch.notice_ids) == 2
    assert letters.print_batch(uow(), envelope).notice_ids == ()  # never printed twice


def test_a_letter_without_an_address_fails_with_the_reason(uow) -> None:
    received_for(uow, OKAFOR, "Nowhere")  # no e-mail, no address, no facility
    batch = letters.print_batch(uow())
    assert batch.notice_ids == () and batch.without_address == 1
    (failed,) = outbox.list_notices(uow(), "failed")
    assert "No postal address" in failed.error


def test_illdesk_notices_print_writes_the_pdf(tmp_path: Path, sqlite_url: str, uow, db_url) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the command line reads one database here")
    patron_setup(uow)
    received_for(uow, OKAFOR, "Prison libraries")
    target = tmp_path / "letters.pdf"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "illdesk",
            "--database",
            db_url,
            "notices",
            "print",
            "--pdf",
            str(target),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Wrote 1 letter(s)" in done.stdout and len(pdfium.PdfDocument(target)) == 1
    assert [n.status for n in outbox.list_notices(uow())] == ["printed"]


def test_a_letter_about_a_copy_carries_the_copyright_warning(uow) -> None:
    patron_setup(uow)  # Müller gets paper
    row = create_request(
        uow(),
        NewRequest(
            Direction.BORROWING,
            Service.COPY,
            Format.ARTICLE,
            Citation(journal_title="Pacific Science", article_title="Koa", year="2024"),
            patron_card="21234000012347",
            lenders=("ORE",),
        ),
    )
    requests.perform(uow(), row.number, "approve")
    requests.perform(uow(), row.number, "clear_copyright", {"copyright_code": "ccg"})
    requests.perform(uow(), row.number, "send")
    requests.perform(uow(), row.number, "deliver_copy", {"link": "https://files.example.edu/k"})
    received_for(uow, "21234000012347", "Ἰλιάς")  # a loan: no warning on its letter
    batch = letters.print_batch(uow(), "us10")
    pdf = pdfium.PdfDocument(batch.pdf)
    texts = [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]
    with_warning = [t for t in texts if "WARNING CONCERNING COPYRIGHT RESTRICTIONS" in t]
    assert len(texts) == 2 and len(with_warning) == 1
    assert "Koa" in with_warning[0] and "fair use" in with_warning[0]


def test_the_copy_e_mail_carries_the_copyright_warning(uow) -> None:
    from illdesk.store.notice_schema import Notice

    row = create_request(
        uow(),
        NewRequest(
            Direction.BORROWING,
            Service.COPY,
            Format.ARTICLE,
            Citation(journal_title="Pacific Science", article_title="Koa", year="2024"),
            patron_card="21234000012347",
            lenders=("ORE",),
        ),
    )
    for action, params in (
        ("approve", {}),
        ("clear_copyright", {"copyright_code": "ccg"}),
        ("send", {}),
        ("deliver_copy", {"link": "https://files.example.edu/k"}),
    ):
        requests.perform(uow(), row.number, action, params)
    with uow() as w:
        (text,) = w.session.scalars(sa.select(Notice.body_text).where(Notice.channel == "email"))
    assert "https://files.example.edu/k" in text
    assert "WARNING CONCERNING COPYRIGHT RESTRICTIONS" in text and "fair use" in text
