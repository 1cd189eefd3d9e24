"""Pictures of the scanning desk for docs/scanning-desk.md, made from a demo workspace.

Run:  QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_scan_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlalchemy as sa
from PySide6.QtWidgets import QApplication  # noqa: TID251 - a GUI script

from illdesk.services.admin.demo import DemoSize, make_demo
from illdesk.services.desk.scan import DeskMode
from illdesk.store.database import Database, open_database
from illdesk.store.schema import Patron, Request
from illdesk.store.unit_of_work import Actor
from illdesk.ui.app_fonts import register_bundled_fonts
from illdesk.ui.facade import facade_for
from illdesk.ui.scan_desk import ScanDesk
from illdesk.ui.tasks import process_events

OUT = Path(__file__).resolve().parent / "images" / "scan"


def numbers(db: Database, direction: str, status: str, count: int) -> list[str]:
    with db.reading() as session:
        query = (
            sa.select(Request.number)
            .where(
                Request.direction == direction, Request.status == status, Request.service == "loan"
            )
            .order_by(Request.id)
            .limit(count)
        )
        return list(session.scalars(query))


def card_of(db: Database, number: str) -> str:
    with db.reading() as session:
        return str(
            session.scalar(
                sa.select(Patron.card_barcode)
                .join(Request, Request.patron_id == Patron.id)
                .where(Request.number == number)
            )
        )


def settle(desk: ScanDesk) -> None:
    desk.wait_idle()
    for _ in range(5):
        process_events()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    register_bundled_fonts()  # as the window does: CJK without system fonts
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'demo.sqlite'}", create=True)
        make_demo(db, size=DemoSize(20, 60, 400), now=datetime.now(UTC))
        desk = ScanDesk(facade_for(db, Actor(None, "Dana Whitfield", "DESK-1")))
        desk.sounds.enabled = False
        desk.resize(1000, 640)
        desk.show()
        settle(desk)

        arriving = numbers(db, "borrowing", "sent", 2) + numbers(db, "borrowing", "shipped", 1)
        for number in arriving[:2]:
            desk.submit_scan(number)
        settle(desk)
        desk.grab().save(str(OUT / "receive.png"))

        desk.submit_scan("31234000000018")
        settle(desk)
        desk.grab().save(str(OUT / "misread.png"))

        on_shelf = numbers(db, "borrowing", "on_hold_shelf", 1)
        desk.set_mode(DeskMode.CHECK_OUT)
        settle(desk)
        if on_shelf:
            desk.submit_scan(card_of(db, on_shelf[0]))
            desk.submit_scan(on_shelf[0])
        settle(desk)
        desk.grab().save(str(OUT / "check-out.png"))

        to_ship = numbers(db, "lending", "to_ship", 3)
        desk.set_mode(DeskMode.PACK)
        settle(desk)
        for number in to_ship:
            desk.submit_scan(number)
        settle(desk)
        desk.grab().save(str(OUT / "pack.png"))
        desk.shutdown()
        db.dispose()
    app.processEvents()
    print(f"Pictures in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
