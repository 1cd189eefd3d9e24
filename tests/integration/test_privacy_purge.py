"""A purge removes every trace of a patron's name from finished requests and leaves every
statistic as it was (searched in every text column of every table)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from illdesk.services.admin import settings as library
from illdesk.services.desk import requests
from illdesk.services.directory import entries as directory
from illdesk.services.reports import figures, privacy
from illdesk.store.schema import Base, Patron
from tests.integration.helpers import CARD
from tests.integration.reports_history import make_history
from tests.integration.test_cli import illdesk

NAMES = ("Müller", "Okafor")  # the two patrons of the hand-made history (helpers.seed_directory)


def _texts_holding(db, words: tuple[str, ...]) -> list[str]:
    """Every table.column (text or JSON) whose value holds one of the words."""
    found = []
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, sa.String | sa.Text | sa.JSON):
                    continue
                text = sa.cast(column, sa.Text)
                for word in words:
                    hit = conn.execute(
                        sa.select(sa.func.count()).select_from(table).where(text.contains(word))
                    ).scalar()
                    if hit:
                        found.append(f"{table.name}.{column.name} ({word})")
    return found


def test_purge_keeps_every_figure_and_no_name(db, uow, clock) -> None:
    made = make_history(uow, clock)
    # Finish the requests still open, so that all of them can be purged.
    clock.at = datetime(2026, 4, 25, 10, tzinfo=UTC)
    requests.perform(uow(), made["r4"], "patron_return")
    requests.perform(uow(), made["r4"], "return_to_lender")
    requests.perform(uow(), made["r1"], "check_out")
    requests.perform(uow(), made["r1"], "patron_return")
    requests.perform(uow(), made["r1"], "return_to_lender")
    requests.perform(uow(), made["r3"], "deliver_copy")
    requests.perform(uow(), made["r5"], "cancel", {"reason": "patron_request"})
    assert _texts_holding(db, NAMES)  # the search finds them before the purge

    def everything() -> dict[str, object]:
        out = {}
        for first, end in (
            (date(2026, 3, 1), date(2026, 4, 1)),
            (date(2026, 4, 1), date(2026, 5, 1)),
        ):
            out.update({f"{first}:{k}": v for k, v in figures.compute(
                uow(read_only=True), first, end).as_dict().items()})  # fmt: skip
        for by in ("patron-type", "pickup", "facility", "format"):
            split = figures.breakdown(uow(read_only=True), date(2026, 3, 1), date(2026, 5, 1), by)
            out[by] = split.rows
        return out

    before = everything()
    clock.at = datetime(2026, 6, 1, tzinfo=UTC)  # 37 days on: nothing is due under 90 days
    assert privacy.purge(uow(), dry_run=True).requests == 0
    with uow() as work:
        library.save(work, library.with_value(library.load(work), "privacy.purge_after_days", "30"))
        work.commit()
    dry = privacy.purge(uow(), dry_run=True)
    assert (dry.requests, dry.patrons) == (5, 1)  # Okafor has no requests: Müller only
    assert _texts_holding(db, NAMES)  # a dry run changes nothing
    done = privacy.purge(uow())
    assert (done.requests, done.patrons) == (5, 1) and not done.dry_run
    assert everything() == before
    assert _texts_holding(db, ("Müller",)) == []
    # Nor her card number, nor her e-mail address (they name her as surely).
    assert _texts_holding(db, (CARD, "jo@example.edu")) == []
    shown = requests.get_detail(uow(read_only=True), made["r1"])
    assert shown.history[-1].action_label == "Purge"
    # Nothing is left to purge, and a second run changes nothing.
    assert privacy.purge(uow()).requests == 0
    assert everything() == before


def test_privacy_purge_on_the_command_line(db_url, uow, clock) -> None:
    make_history(uow, clock)
    dry = illdesk("--database", db_url, "privacy", "purge", "--dry-run").stdout
    assert "would be cleared of patron data" in dry
    assert illdesk("--database", db_url, "privacy", "runs").stdout.startswith("No purge")
    done = illdesk("--database", db_url, "privacy", "purge").stdout
    assert "Statistics are unchanged" in done and "were cleared" in done
    illdesk("--database", db_url, "privacy", "purge")  # nothing left: no run is counted
    runs = illdesk("--database", db_url, "privacy", "runs").stdout.strip().splitlines()
    assert len(runs) == 1 and "request(s)" in runs[0]


def test_a_current_patron_keeps_their_card_after_the_purge(db, uow, clock) -> None:
    """A patron whose old requests are all purged, but who is on the patron list since within
    the retention period (added again, or by a patron load), is still found by their card at
    the desk; the requests themselves no longer name her."""
    made = make_history(uow, clock)
    clock.at = datetime(2026, 4, 25, 10, tzinfo=UTC)
    requests.perform(uow(), made["r4"], "patron_return")
    requests.perform(uow(), made["r4"], "return_to_lender")
    requests.perform(uow(), made["r1"], "check_out")
    requests.perform(uow(), made["r1"], "patron_return")
    requests.perform(uow(), made["r1"], "return_to_lender")
    requests.perform(uow(), made["r3"], "deliver_copy")
    requests.perform(uow(), made["r5"], "cancel", {"reason": "patron_request"})
    clock.at = datetime(2026, 6, 1, tzinfo=UTC)
    with uow() as work:
        library.save(work, library.with_value(library.load(work), "privacy.purge_after_days", "30"))
        work.commit()
        work.session.execute(
            sa.update(Patron)
            .where(Patron.card_barcode == CARD)
            .values(created_at=datetime(2026, 5, 20, tzinfo=UTC))
        )
        work.commit()
    assert privacy.purge(uow(), dry_run=True).patrons == 0
    done = privacy.purge(uow())
    assert (done.requests, done.patrons) == (5, 0)
    assert directory.find_patron(uow(read_only=True), CARD).surname == "Müller"
    shown = requests.get_detail(uow(read_only=True), made["r1"])
    assert "Müller" not in f"{shown}"
