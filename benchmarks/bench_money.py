"""Money at scale: an account's lines and balance, the monthly invoice run with its PDFs, aging.

On the benchmark database (`generate.py`, 10^6 requests by default) a realistic ledger is added
with raw sqlite3 (about 0.3 lines per request: charges on patrons' and libraries' accounts, half
of them paid, a year of monthly invoices), then each measurement is printed next to its floor,
the same work done with the bare tools (raw sqlite3; a ReportLab canvas with one line of text
per invoice), and the ratio.

Targets (issue 11): account <= 5 ms, invoice run for 200 libraries with PDFs <= 10 s, aging
<= 200 ms. Also measured, without a target: the same account's statement of account, the
queue tree's Money counts and what the daily lost run would declare (a dry run), each beside
the same SQL run raw.

Usage: python benchmarks/bench_money.py [--requests 1000000] [--no-run]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Sizes, default_path, ensure_database
from illdesk.services.admin import settings as library_settings
from illdesk.services.money import (
    accounts,
    billing,
    invoices,
    ledger,
    lost_run,
    overview,
    statements,
)
from illdesk.services.money.invoice_documents import write_pdfs
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import Actor, UnitOfWork

LINES_PER_REQUEST = 0.3
MARK = "bench_money_ledger"


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def add_ledger(path: Path, requests: int, now: datetime, seed: int = 11) -> str:
    """Accounts, about 0.3 ledger lines per request, settlements and a year of invoices;
    returns the month the invoice run bills (last month, left uninvoiced)."""
    rng = random.Random(seed)
    month_start = (now.replace(day=1) - timedelta(days=1)).replace(day=1)
    month = f"{month_start:%Y-%m}"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    if conn.execute("SELECT 1 FROM settings WHERE key = ?", (MARK,)).fetchone():
        conn.close()
        return month
    patrons = [r[0] for r in conn.execute("SELECT id FROM patrons")]
    libraries = [r[0] for r in conn.execute("SELECT id FROM libraries")]
    created = _stamp(now)
    conn.executemany(
        "INSERT INTO accounts (patron_id, library_id, closed, created_at) VALUES (?, NULL, 0, ?)",
        [(p, created) for p in patrons],
    )
    conn.executemany(
        "INSERT INTO accounts (patron_id, library_id, closed, created_at) VALUES (NULL, ?, 0, ?)",
        [(lib, created) for lib in libraries],
    )
    patron_accounts = [
        r[0] for r in conn.execute("SELECT id FROM accounts WHERE patron_id IS NOT NULL")
    ]
    library_accounts = [
        r[0] for r in conn.execute("SELECT id FROM accounts WHERE library_id IS NOT NULL")
    ]
    total_lines = int(requests * LINES_PER_REQUEST)
    max_request = conn.execute("SELECT max(id) FROM requests").fetchone()[0]
    lines = []
    settlements = []
    line_id = 0
    start = now - timedelta(days=365)
    for _ in range(total_lines // 2):
        line_id += 1
        patron = rng.random() < 0.6
        account = rng.choice(patron_accounts if patron else library_accounts)
        kind = (
            rng.choice(["lender_charge", "replacement", "processing_fee", "damage"])
            if patron
            else rng.choice(["lending_fee", "lending_fee", "replacement", "shipping"])
        )
        amount = rng.choice([5.0, 10.0, 15.0, 25.0, 75.0])
        at = start + timedelta(seconds=rng.uniform(0, 330 * 86400))
        lines.append(
            (line_id, account, rng.randint(1, max_request), "debit", kind, amount, _stamp(at))
        )
        # Half of the debits are paid: the payment line settles it.
        line_id += 1
        lines.append(
            (line_id, account, None, "credit", "payment", -amount, _stamp(at + timedelta(days=20)))
        )
        settlements.append((line_id, line_id - 1, amount))
    # Last month's charges for every library: what the invoice run bills.
    for account in library_accounts:
        for _ in range(4):
            line_id += 1
            at = month_start + timedelta(days=rng.randint(0, 26), hours=10)
            lines.append(
                (
                    line_id,
                    account,
                    rng.randint(1, max_request),
                    "debit",
                    "lending_fee",
                    15.0,
                    _stamp(at),
                )
            )
    conn.executemany(
        "INSERT INTO ledger_lines (id, account_id, request_id, event_id, side, type, amount, "
        "reason, at, staff_name, voided_by) VALUES (?, ?, ?, NULL, ?, ?, ?, '', ?, 'Bench', NULL)",
        lines,
    )
    conn.executemany(
        "INSERT INTO settlements (credit_line_id, debit_line_id, amount) VALUES (?, ?, ?)",
        settlements,
    )
    # A year of monthly invoices per library, the last three unpaid (what aging reads).
    number = 0
    invoice_rows = []
    for account in library_accounts:
        for back in range(12, 1, -1):
            number += 1
            issued = (now - timedelta(days=30 * back)).date()
            paid = back > 4
            total = 60.0
            invoice_rows.append(
                (
                    f"BNV-{number:07d}",
                    account,
                    issued.isoformat(),
                    (issued + timedelta(days=30)).isoformat(),
                    "paid" if paid else "open",
                    total,
                    total if paid else 0.0,
                    created,
                )
            )
    conn.executemany(
        "INSERT INTO invoices (number, account_id, issued_on, due_on, period, status, total, paid, "
        "replaces_id, note, created_at) VALUES (?, ?, ?, ?, '', ?, ?, ?, NULL, '', ?)",
        invoice_rows,
    )
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?)", (MARK, json.dumps({"lines": len(lines)}))
    )
    conn.commit()
    conn.close()
    print(f"Added {len(lines):,} ledger lines, {len(invoice_rows):,} invoices.")
    return month


def timed(work, repeat: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def money_counts(db, raw: sqlite3.Connection, actor: Actor) -> None:  # type: ignore[no-untyped-def]
    """The five counts of the queue tree's Money group, beside the same counts in raw SQL."""
    overview.money_queue_counts(UnitOfWork(db, actor, read_only=True))
    ours = timed(lambda: overview.money_queue_counts(UnitOfWork(db, actor, read_only=True)), 5)

    def floor_counts() -> None:
        raw.execute(
            "SELECT count(DISTINCT l.account_id) FROM ledger_lines l JOIN accounts a ON a.id = "
            "l.account_id JOIN libraries b ON b.id = a.library_id WHERE l.side = 'debit' AND "
            "l.voided_by IS NULL AND l.amount > 0 AND l.id NOT IN (SELECT il.line_id FROM "
            "invoice_lines il JOIN invoices i ON i.id = il.invoice_id WHERE i.status != 'void') "
            "AND l.amount - (SELECT coalesce(sum(s.amount), 0) FROM settlements s WHERE "
            "s.debit_line_id = l.id) > 0 AND NOT (b.billing_method = 'ifm' AND l.type = "
            "'lending_fee')"
        ).fetchone()
        raw.execute("SELECT status, count(*) FROM invoices GROUP BY status").fetchall()
        raw.execute(
            "SELECT count(*) FROM (SELECT a.id FROM accounts a JOIN ledger_lines l ON "
            "l.account_id = a.id WHERE a.patron_id IS NOT NULL GROUP BY a.id "
            "HAVING sum(l.amount) > 25)"
        ).fetchone()

    floor = timed(floor_counts, 5)
    print(
        f"money counts:  {ours * 1000:7.0f} ms   floor {floor * 1000:6.0f} ms   "
        f"x{ours / floor:.1f}   (the queue tree's Money group, on a reader thread)"
    )


def lost_choice(db, raw: sqlite3.Connection) -> None:  # type: ignore[no-untyped-def]
    """What the daily lost run would declare today (dry run), beside the candidates in SQL."""
    today = datetime.now(UTC).date()
    started = time.perf_counter()
    found = lost_run.declare_lost(lambda: UnitOfWork(db, read_only=True), dry_run=True)
    ours = time.perf_counter() - started
    started = time.perf_counter()
    raw.execute(
        "SELECT number FROM requests WHERE (direction = 'borrowing' AND status = 'checked_out' "
        "AND patron_due_date < ?) OR (direction = 'borrowing' AND status = 'shipped' AND "
        "status_since < ?) OR (direction = 'lending' AND status = 'on_loan' AND "
        "lender_due_date < ?)",
        (
            (today - timedelta(days=120)).isoformat(),
            (today - timedelta(days=45)).isoformat(),
            (today - timedelta(days=42)).isoformat(),
        ),
    ).fetchall()
    floor = time.perf_counter() - started
    print(
        f"lost run (dry): {ours:6.2f} s    floor {floor:6.2f} s    x{ours / floor:.1f}   "
        f"({len(found):,} items lost by the rules)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument(
        "--no-run", action="store_true", help="skip the invoice run (it copies the whole file)"
    )
    args = parser.parse_args(argv)
    path = ensure_database(default_path(args.requests), Sizes(args.requests))
    now = datetime.now(UTC)
    month = add_ledger(path, args.requests, now)
    work = Path(tempfile.mkdtemp(prefix="bench-money-"))
    db = open_database(f"sqlite:///{path}")
    raw = sqlite3.connect(path)
    actor = Actor(None, "Bench", "BENCH")
    lines_total = raw.execute("SELECT count(*) FROM ledger_lines").fetchone()[0]
    print(f"{args.requests:,} requests, {lines_total:,} ledger lines")

    # 1. One account: every line and the balance (a busy patron's card).
    card, account_id = raw.execute(
        "SELECT p.card_barcode, a.id FROM accounts a JOIN patrons p ON p.id = a.patron_id "
        "JOIN ledger_lines l ON l.account_id = a.id GROUP BY a.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    accounts.show_account(UnitOfWork(db, actor, read_only=True), card)
    ours = timed(lambda: accounts.show_account(UnitOfWork(db, actor, read_only=True), card), 50)

    def floor_account() -> None:
        raw.execute("SELECT id FROM patrons WHERE card_barcode = ?", (card,)).fetchone()
        raw.execute(
            "SELECT l.*, r.number FROM ledger_lines l LEFT JOIN requests r ON r.id = l.request_id "
            "WHERE l.account_id = ? ORDER BY l.id",
            (account_id,),
        ).fetchall()
        raw.execute(
            "SELECT sum(amount) FROM ledger_lines WHERE account_id = ?", (account_id,)
        ).fetchone()

    floor = timed(floor_account, 50)
    print(
        f"account show:  {ours * 1000:7.2f} ms   floor {floor * 1000:6.2f} ms   "
        f"x{ours / floor:.1f}   (target <= 5 ms)"
    )

    # 1b. That account's statement: its open charges, the payments and credits of the last
    # 90 days, written out as the notice's text (without the outbox's one insert).
    def statement() -> str:
        with UnitOfWork(db, actor, read_only=True) as uow:
            since = uow.today() - timedelta(days=statements.PERIOD_DAYS)
            lines = statements.statement_lines(uow.session, account_id, since)
            total = ledger.balance(uow.session, account_id)
            settings = library_settings.load(uow).notices
            return statements.statement_text(lines, total, since, settings)

    statement()
    ours = timed(statement, 50)

    def floor_statement() -> None:
        raw.execute(
            "SELECT l.*, r.number, (SELECT coalesce(sum(s.amount), 0) FROM settlements s "
            "WHERE s.debit_line_id = l.id) FROM ledger_lines l LEFT JOIN requests r ON "
            "r.id = l.request_id WHERE l.account_id = ? AND l.voided_by IS NULL ORDER BY l.id",
            (account_id,),
        ).fetchall()
        raw.execute(
            "SELECT sum(amount) FROM ledger_lines WHERE account_id = ?", (account_id,)
        ).fetchone()

    floor = timed(floor_statement, 50)
    print(
        f"statement:     {ours * 1000:7.2f} ms   floor {floor * 1000:6.2f} ms   "
        f"x{ours / floor:.1f}   (no target; an account show is <= 5 ms)"
    )

    # 2. Aging of every unpaid invoice.
    billing.aging(UnitOfWork(db, actor, read_only=True))
    ours = timed(lambda: billing.aging(UnitOfWork(db, actor, read_only=True)), 20)
    floor = timed(
        lambda: raw.execute(
            "SELECT l.symbol, i.issued_on, i.total - i.paid FROM invoices i JOIN accounts a ON "
            "a.id = i.account_id JOIN libraries l ON l.id = a.library_id WHERE i.status IN "
            "('open', 'partly_paid', 'disputed')"
        ).fetchall(),
        20,
    )
    print(
        f"billing aging: {ours * 1000:7.2f} ms   floor {floor * 1000:6.2f} ms   "
        f"x{ours / floor:.1f}   (target <= 200 ms)"
    )

    # 3. The queue tree's Money counts, and the daily lost run's choice (a dry run).
    money_counts(db, raw, actor)
    lost_choice(db, raw)
    if args.no_run:
        raw.close()
        db.dispose()
        return 0

    # 4. The monthly invoice run with one PDF per invoice (on a copy: it writes).
    copy = work / "run.sqlite"
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(path, copy)
    run_db = open_database(f"sqlite:///{copy}")
    started = time.perf_counter()
    made = invoices.make_invoices(UnitOfWork(run_db, actor), month=month)
    write_pdfs(UnitOfWork(run_db, actor, read_only=True), made, work / "pdf")
    ours = time.perf_counter() - started
    run_db.dispose()
    copy_raw = sqlite3.connect(path)
    started = time.perf_counter()
    rows = copy_raw.execute(
        "SELECT l.account_id, l.id, l.amount FROM ledger_lines l WHERE l.side = 'debit' AND "
        "l.at >= ? AND l.id NOT IN (SELECT line_id FROM invoice_lines) ORDER BY l.account_id",
        (f"{month}-01",),
    ).fetchall()
    by_account: dict[int, list[float]] = {}
    for account, _line, amount in rows:
        by_account.setdefault(account, []).append(amount)
    for account, amounts in by_account.items():
        buffer = io.BytesIO()
        canvas = Canvas(buffer)
        canvas.drawString(72, 720, f"Invoice {account}: {sum(amounts):.2f}")
        canvas.showPage()
        canvas.save()
        (work / f"floor-{account}.pdf").write_bytes(buffer.getvalue())
    floor = time.perf_counter() - started
    print(
        f"invoice run:   {ours:7.2f} s    floor {floor:6.2f} s    x{ours / floor:.1f}   "
        f"({len(made)} invoices with PDFs; target <= 10 s)"
    )
    raw.close()
    copy_raw.close()
    db.dispose()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
