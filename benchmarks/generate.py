"""Make a large ILL Desk SQLite database for the performance benchmarks.

The schema comes from ILL Desk itself (`open_database` runs the migrations), so the benchmark
measures the tables, indexes and full-text triggers the desk really has. Only the bulk rows are
written with raw sqlite3: going through the services would take hours for 10^6 requests, and
generation is not what is being measured.

Usage: python benchmarks/generate.py --requests 1000000 [--out benchmarks/data/FILE.sqlite]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from illdesk.core.check_digits import CheckDigitScheme, compute_check_digit
from illdesk.core.citation import Citation, match_key
from illdesk.core.search_text import search_words
from illdesk.core.state_codec import encode_state
from illdesk.core.vocabulary import Direction, Service
from illdesk.core.workflow import RequestState
from illdesk.services.admin.settings import HomeLibrary, LibrarySettings, save
from illdesk.services.directory import entries as directory
from illdesk.store.database import make_engine, migration_state, open_database, upgrade
from illdesk.store.unit_of_work import UnitOfWork


def _split(text: str) -> list[str]:
    return text.split()


DATA = Path(__file__).with_name("data")
MARKER = "benchmark_dataset"  # settings key recording how the file was made
BATCH = 50_000
YEARS = 8  # history spread of finished requests

# Share of all requests per (direction, status), in percent. Lending `on_loan` is the ~10%
# queue the benchmarks page through; finished requests dominate, as in any real history.
STATUS_SHARE: dict[tuple[str, str], float] = {
    ("borrowing", "new"): 1.0,
    ("borrowing", "copyright_review"): 0.3,
    ("borrowing", "ready_to_send"): 0.5,
    ("borrowing", "sent"): 2.0,
    ("borrowing", "conditional"): 0.2,
    ("borrowing", "exhausted"): 0.5,
    ("borrowing", "shipped"): 1.0,
    ("borrowing", "copy_received"): 0.3,
    ("borrowing", "on_hold_shelf"): 1.5,
    ("borrowing", "checked_out"): 4.0,
    ("borrowing", "returned"): 0.7,
    ("borrowing", "purchase"): 0.5,
    ("borrowing", "completed"): 36.5,
    ("borrowing", "cancelled"): 5.5,
    ("borrowing", "lost"): 0.5,
    ("lending", "new"): 0.8,
    ("lending", "policy_review"): 0.3,
    ("lending", "conditions_pending"): 0.2,
    ("lending", "pull_slip"): 0.5,
    ("lending", "stacks_search"): 0.7,
    ("lending", "to_ship"): 0.5,
    ("lending", "on_loan"): 10.0,
    ("lending", "unfilled"): 9.0,
    ("lending", "completed"): 21.0,
    ("lending", "cancelled"): 1.5,
    ("lending", "lost"): 0.5,
}
FINISHED = {"completed", "cancelled", "unfilled", "purchase", "lost"}
LOAN_ONLY = {"shipped", "on_hold_shelf", "checked_out", "returned", "lost", "to_ship", "on_loan"}
COPY_ONLY = {"copyright_review", "copy_received"}
# Borrowing statuses in which the item (or copy) came from the lender asked last.
SUPPLIED = {"shipped", "copy_received", "on_hold_shelf", "checked_out", "returned", "completed"}
RECEIVED = {"on_hold_shelf", "checked_out", "returned", "lost"}  # has our temp barcode
LENT = {"to_ship", "on_loan", "lost"}  # lending: our item barcode is known

# Words of scholarly titles, roughly most common first: drawn with Zipf-like weights.
TITLE_WORDS = _split("""
history study new world american social theory art life science women war politics
development introduction culture practice education health early modern state
global public change research guide english music language national century political
essays power religion nature law city economic europe africa china media
family children environment water land press women's medicine america literature
philosophy design energy british german french reading writing poetry urban rural
revolution empire colonial identity memory body mind landscape ocean river rivers
mountain forest climate ecology evolution genetics cells brain disease care nursing
therapy policy reform labor work workers trade markets capital money finance
banking industry technology computing data networks information libraries archives
books print printing reader readers text texts novel fiction drama theatre film
cinema television radio photography painting sculpture architecture music's jazz
opera dance song songs folk church churches islam christianity buddhism judaism
faith ritual myth gods saints monks missions missionaries frontier border borders
migration migrants immigrants exile diaspora race ethnicity class gender sexuality
youth childhood aging death mourning war's soldiers army navy battle battles peace
treaty treaties diplomacy nations states cities towns villages households farms
farming agriculture food cooking wine salmon fisheries timber mining railroads
canals bridges ships sailing whaling trade routes silk spice cotton sugar slavery
freedom rights justice courts crime prisons police violence protest movements
democracy elections parties leaders kings queens presidents emperors republic
constitution citizenship community communities neighborhood schools teachers students
universities learning knowledge mathematics physics chemistry biology geology
astronomy volcanoes glaciers earthquakes storms weather seas islands coasts
deserts plains valleys lakes wildlife birds fish insects plants trees flowers
gardens parks wilderness conservation pollution waste energy's oil coal gas
nuclear solar wind electricity engines machines automobiles aviation space travel
tourism maps mapping exploration discovery voyages explorers pioneers settlers
indigenous native tribes treaty's sovereignty heritage museums collections objects
material things craft crafts textiles weaving quilts pottery glass metal gold
silver iron steel stone wood paper ink letters correspondence diaries lives
biography memoir portraits voices stories tales legends folklore humor satire
comedy tragedy love marriage friendship kinship emotion fear hope desire
pleasure pain illness healing hospitals doctors nurses patients public's
""")

SURNAMES = _split("""
Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez
Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris
Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill
Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Chen Wang Li
Zhang Liu Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Tanaka Suzuki Takahashi Watanabe Ito
Yamamoto Nakamura Kobayashi Kato Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker
Schulz Hoffmann Dubois Durand Lefebvre Moreau Laurent Simon Michel Rossi Russo Ferrari
Esposito Bianchi Romano Colombo Ricci Kowalski Nowak Wiśniewski Novák Svoboda Ivanov
Smirnov Kuznetsov Popov Petrov Andersson Johansson Karlsson Nilsson Eriksson Hansen
Jensen Nielsen Pedersen Kristensen O'Brien Murphy Kelly Walsh Ryan Byrne Patel Shah Singh
Kumar Sharma Gupta Khan Ali Ahmed Hassan Ibrahim Yilmaz Kaya Demir Şahin Okafor Adeyemi
Mensah Boateng Kamau Otieno Silva Santos Oliveira Souza Costa Pereira Almeida Ferreira
Quispe Mamani Ødegaard Björk Sørensen Virtanen Korhonen Papadopoulos Kim Park Choi Jung
""")

GIVEN = _split("""
James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara
Richard Susan Joseph Jessica Thomas Sarah Charles Karen Ana María José Luis Carmen Wei
Fang Hiroshi Yuki Sven Ingrid Søren Zoë Chloé Iñaki Kateřina Dmitri Olga Priya Arjun
Fatima Omar Emeka Ngozi Kwame Amara Noor Yusuf Mei Jun Hana Liam Noah Emma Olivia
""")

JOURNALS = [
    ("Journal of Northwest Studies", "0317-8471"),
    ("Western Historical Quarterly", "0043-3810"),
    ("Library Resources & Technical Services", "0024-2527"),
    ("Oregon Historical Quarterly", "0030-4727"),
    ("Pacific Science", "0030-8870"),
    ("American Historical Review", "0002-8762"),
    ("Journal of Ecology", "0022-0477"),
    ("Nursing Research", "0029-6562"),
    ("Journal of Modern History", "0022-2801"),
    ("Environmental History", "1084-5453"),
    ("Journal of Economic History", "0022-0507"),
    ("Music Theory Spectrum", "0195-6167"),
]
PUBLISHERS = [
    "Oregon State University Press",
    "University of Washington Press",
    "Oxford University Press",
    "Cambridge University Press",
    "University of Chicago Press",
    "Routledge",
    "Princeton University Press",
    "Yale University Press",
]
STAFF = ["Dana Whitfield", "Luis Ortega", "Mei Lin", "Sam Okafor"]
WORKSTATIONS = ["DESK-1", "DESK-2", "STACKS"]
GROUPS = ["consortium", "national", "international"]


@dataclass(frozen=True, slots=True)
class Sizes:
    requests: int
    libraries: int = 200
    patrons: int = 20_000


def default_path(requests: int) -> Path:
    return DATA / f"illdesk-{requests}.sqlite"


def existing_count(path: Path) -> int | None:
    """How many requests a finished benchmark file holds, or None if it is not one."""
    if not path.exists():
        return None
    try:
        with sqlite3.connect(path) as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (MARKER,)).fetchone()
    except sqlite3.Error:
        return None
    if row is None:
        return None
    return int(json.loads(row[0])["requests"])


def ensure_database(path: Path, sizes: Sizes, *, seed: int = 2026) -> Path:
    """Reuse `path` if it already holds a finished data set of this size, else make it."""
    count = existing_count(path)
    if count == sizes.requests:
        print(f"Reusing {path} ({count:,} requests).")
        _upgrade_in_place(path)
        return path
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    generate(path, sizes, seed=seed)
    print(f"Made {path} ({sizes.requests:,} requests) in {time.perf_counter() - started:.0f} s.")
    return path


def _upgrade_in_place(path: Path) -> None:
    """Bring a reused file to the newest migration, without the backup copy the desk makes."""
    engine = make_engine(f"sqlite:///{path}")
    try:
        state = migration_state(engine)
        if not state.up_to_date:
            print(f"Upgrading it from {state.current} to {state.head}.")
            upgrade(engine)
    finally:
        engine.dispose()


# ---------------------------------------------------------------- generation


def generate(path: Path, sizes: Sizes, *, seed: int = 2026) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    _seed_through_services(path)
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        # Nothing here needs to survive a crash (a half-made file is deleted and made again),
        # so durability is switched off for the load and WAL is restored at the end.
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-1000000")
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("PRAGMA foreign_keys=OFF")
        # Building indexes once after the load is several times faster than keeping them up
        # to date row by row; their exact DDL is taken from the migrated file and replayed.
        deferred = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
            "AND tbl_name IN ('requests', 'events', 'rota_entries', 'patrons') "
            "AND (type = 'index' OR (type = 'trigger' AND name = 'requests_search_ai'))"
        ).fetchall()
        conn.execute("BEGIN")
        for kind, name, _sql in deferred:
            conn.execute(f"DROP {kind.upper()} {name}")
        symbols = _libraries(conn, rng, sizes.libraries)
        _patrons(conn, rng, sizes.patrons, now)
        staff = [r[0] for r in conn.execute("SELECT id FROM staff ORDER BY id")]
        _requests(conn, rng, sizes, symbols, staff, now)
        _progress("indexes")
        for _kind, _name, sql in deferred:
            conn.execute(sql)
        _progress("full-text index")
        conn.execute("INSERT INTO request_search(request_search) VALUES ('rebuild')")
        conn.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?)",
            (MARKER, json.dumps({"requests": sizes.requests, "seed": seed, "made": str(now)})),
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()
    print(file=sys.stderr)


def _seed_through_services(path: Path) -> None:
    """Schema, settings and staff through ILL Desk itself."""
    db = open_database(f"sqlite:///{path}", create=True)
    try:
        with UnitOfWork(db) as uow:
            save(
                uow,
                LibrarySettings(
                    home=HomeLibrary(name="Benchmark University Library", symbol="BENCH"),
                    group_buffer_days={"consortium": 4, "international": 14},
                ),
            )
            uow.commit()
        for name in STAFF:
            directory.add_staff(UnitOfWork(db), name)
    finally:
        db.dispose()


def _progress(what: str, done: int = 0, total: int = 0) -> None:
    text = f"  {what} {done:,}/{total:,}" if total else f"  {what}"
    print(f"\r{text:<60}", end="", file=sys.stderr, flush=True)


def _stamp(moment: datetime) -> str:
    # The text form SQLAlchemy's DateTime uses on SQLite, so the ORM reads these back.
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _luhn(payload: str) -> str:
    return payload + (compute_check_digit(payload, CheckDigitScheme.LUHN_MOD10) or "0")


def _insert(conn: sqlite3.Connection, table: str, columns: list[str], rows: list[Any]) -> None:
    marks = ", ".join("?" * len(columns))
    conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _libraries(conn: sqlite3.Connection, rng: random.Random, count: int) -> list[str]:
    columns = [
        "id", "symbol", "name", "email", "phone", "group_name", "delivery_methods",
        "courier_route", "courier_stop", "loan_days", "charge", "renewals_allowed",
        "billing_method", "barcode_scheme", "note", "active", "ship_name", "ship_department",
        "ship_street", "ship_street2", "ship_city", "ship_region", "ship_postal_code",
        "ship_country", "bill_name", "bill_department", "bill_street", "bill_street2",
        "bill_city", "bill_region", "bill_postal_code", "bill_country", "version",
    ]  # fmt: skip
    rows = []
    symbols = []
    for index in range(1, count + 1):
        symbol = f"L{index:03d}"
        group = rng.choices(GROUPS, [5, 4, 1])[0]
        city = rng.choice(SURNAMES) + "ville"
        name = f"{city} {rng.choice(['University', 'Public', 'College', 'State'])} Library"
        street = f"{rng.randrange(100, 9999)} Library Ave"
        address = [name, "Interlibrary Loan", street, "", city, "OR", "97201", "US"]
        rows.append(
            [
                index, symbol, name, f"ill@{symbol.lower()}.example.org", "555-0100", group,
                "courier,library_mail" if group == "consortium" else "library_mail",
                "", "", rng.choice([21, 28, 28, 42, 56]), 0, 1, "free", "luhn_mod10", "", 1,
                *address, *address, 1,
            ]
        )  # fmt: skip
        symbols.append(symbol)
    _insert(conn, "libraries", columns, rows)
    return symbols


def _patrons(conn: sqlite3.Connection, rng: random.Random, count: int, now: datetime) -> None:
    columns = [
        "id", "card_barcode", "surname", "given_name", "email", "phone", "patron_type",
        "department", "pickup_location", "status", "note", "created_at", "version",
    ]  # fmt: skip
    rows = []
    for index in range(1, count + 1):
        rows.append(
            [
                index, _luhn(f"21234{index:08d}"), rng.choice(SURNAMES), rng.choice(GIVEN),
                f"p{index}@example.edu", "", rng.choice(["student", "faculty", "staff"]),
                rng.choice(["History", "Nursing", "Biology", "English", ""]), "Main Library",
                "active", "", _stamp(now - timedelta(days=rng.randrange(1, 365 * YEARS))), 1,
            ]
        )  # fmt: skip
    _insert(conn, "patrons", columns, rows)


REQUEST_COLUMNS = [
    "id", "number", "direction", "service", "format", "status", "status_since", "created_at",
    "updated_at", "source", "title", "author", "journal_title", "article_title", "volume",
    "issue", "pages", "year", "edition", "publisher", "place", "isbn", "issn", "oclc_number",
    "doi", "call_number", "location", "patron_id", "library_id", "lender_reference",
    "need_before", "max_cost", "charge", "lender_due_date", "patron_due_date", "renewals",
    "renewal_pending", "recalled", "damaged", "copyright_code", "conditions", "reason",
    "restrictions", "item_barcode", "temp_barcode", "note", "patron_note", "match_key",
    "search_text", "version",
]  # fmt: skip
EVENT_COLUMNS = [
    "id", "request_id", "at", "staff_id", "staff_name", "workstation", "action", "from_status",
    "to_status", "details", "undone_by",
]  # fmt: skip
ROTA_COLUMNS = ["request_id", "position", "symbol", "answer", "reason", "note"]


def _plan(rng: random.Random, total: int, now: datetime) -> list[tuple[datetime, str, str]]:
    """(created_at, direction, status) for every request, oldest first.

    Open requests are recent; finished ones spread over the whole history.
    """
    keys = list(STATUS_SHARE)
    counts = [round(total * STATUS_SHARE[k] / 100) for k in keys]
    counts[keys.index(("borrowing", "completed"))] += total - sum(counts)
    plan = []
    history = timedelta(days=365 * YEARS).total_seconds()
    recent = timedelta(days=120).total_seconds()
    for (direction, status), count in zip(keys, counts, strict=True):
        span = history if status in FINISHED else recent
        for _ in range(count):
            plan.append((now - timedelta(seconds=rng.uniform(3600, span)), direction, status))
    plan.sort()
    return plan


def _zipf_weights(count: int, exponent: float) -> list[float]:
    return [1 / (rank**exponent) for rank in range(1, count + 1)]


def _requests(
    conn: sqlite3.Connection,
    rng: random.Random,
    sizes: Sizes,
    symbols: list[str],
    staff: list[int],
    now: datetime,
) -> None:
    plan = _plan(rng, sizes.requests, now)
    word_weights = _zipf_weights(len(TITLE_WORDS), 0.9)
    cum_words = _cumulative(word_weights)
    serials: dict[tuple[str, int], int] = {}
    creation = {
        (d.value, s.value): encode_state(RequestState(d, s)) for d in Direction for s in Service
    }
    requests: list[list[Any]] = []
    events: list[list[Any]] = []
    rota: list[list[Any]] = []
    for request_id, (created, direction, status) in enumerate(plan, start=1):
        row, lenders, answers = _request_row(
            rng, request_id, created, direction, status, symbols, sizes, cum_words, serials, now
        )
        requests.append(row)
        for position, (symbol, answer) in enumerate(zip(lenders, answers, strict=True)):
            rota.append([request_id, position, symbol, answer, "", ""])
        state = dict(creation[(direction, row[3])])
        state["rota"] = [
            {"symbol": s, "answer": "not_asked", "reason": "", "note": ""} for s in lenders
        ]
        person = rng.randrange(len(staff))
        events.append(
            [
                request_id, request_id, row[7], staff[person], STAFF[person],
                rng.choice(WORKSTATIONS), "create", "", "new",
                json.dumps({"state": state, "source": row[9]}), None,
            ]
        )  # fmt: skip
        if len(requests) >= BATCH:
            _flush(conn, requests, events, rota)
            _progress("requests", request_id, sizes.requests)
    _flush(conn, requests, events, rota)
    _progress("requests", sizes.requests, sizes.requests)
    conn.executemany(
        "INSERT INTO number_sequences(prefix, year, last) VALUES (?, ?, ?)",
        [(prefix, year, last) for (prefix, year), last in serials.items()],
    )


def _cumulative(weights: list[float]) -> list[float]:
    total = 0.0
    out = []
    for w in weights:
        total += w
        out.append(total)
    return out


def _flush(
    conn: sqlite3.Connection, requests: list[Any], events: list[Any], rota: list[Any]
) -> None:
    _insert(conn, "requests", REQUEST_COLUMNS, requests)
    _insert(conn, "events", EVENT_COLUMNS, events)
    _insert(conn, "rota_entries", ROTA_COLUMNS, rota)
    requests.clear()
    events.clear()
    rota.clear()


def _title(rng: random.Random, cum_words: list[float], low: int, high: int) -> str:
    chosen = rng.choices(TITLE_WORDS, cum_weights=cum_words, k=rng.randint(low, high))
    words = list(dict.fromkeys(chosen))
    text = " ".join(words)
    if rng.random() < 0.3 and len(words) > 2:
        text = f"{' '.join(words[:2])}: {' '.join(words[2:])}"
    if rng.random() < 0.25:
        text = "the " + text
    return text.title()


def _request_row(
    rng: random.Random,
    request_id: int,
    created: datetime,
    direction: str,
    status: str,
    symbols: list[str],
    sizes: Sizes,
    cum_words: list[float],
    serials: dict[tuple[str, int], int],
    now: datetime,
) -> tuple[list[Any], list[str], list[str]]:
    if status in LOAN_ONLY:
        service = "loan"
    elif status in COPY_ONLY:
        service = "copy"
    else:
        service = "copy" if rng.random() < 0.25 else "loan"
    prefix = "B" if direction == "borrowing" else "L"
    serials[(prefix, created.year)] = serial = serials.get((prefix, created.year), 0) + 1
    number = f"{prefix}-{created.year % 100:02d}-{serial:06d}"
    author = f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}"
    title = _title(rng, cum_words, 2, 7)
    journal = article = issn = isbn = ""
    if service == "copy":
        fmt = rng.choice(["article", "article", "chapter"])
        article, title = title, ("" if fmt == "article" else _title(rng, cum_words, 2, 5))
        if fmt == "article":
            journal, issn = rng.choice(JOURNALS)
    else:
        fmt = rng.choice(["book"] * 8 + ["thesis", "audiovisual"])
        if rng.random() < 0.7:
            body = "978" + f"{rng.randrange(10**9):09d}"
            total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
            isbn = body + str((10 - total % 10) % 10)
    oclc = str(rng.randrange(10_000, 1_500_000_000)) if service == "loan" else ""
    citation = Citation(
        title=title, author=author, journal_title=journal, article_title=article,
        isbn=isbn, issn=issn, oclc_number=oclc,
    )  # fmt: skip
    updated = created + timedelta(hours=rng.uniform(1, 24 * 40))
    updated = min(updated, now - timedelta(seconds=1))
    patron_id: int | None = None
    library_id: int | None = None
    lender_due: date | None = None
    patron_due: date | None = None
    lender_reference = call_number = location = item = temp = ""
    lenders: list[str] = []
    answers: list[str] = []
    if direction == "borrowing":
        patron_id = rng.randint(1, sizes.patrons)
        lenders = rng.sample(symbols, rng.randint(1, 3))
        answers, current = _rota_answers(rng, status, len(lenders))
        if current is not None:
            library_id = symbols.index(lenders[current]) + 1
        if status in RECEIVED or (status == "completed" and service == "loan"):
            lender_due = (created + timedelta(days=rng.randint(14, 30) + 28)).date()
            patron_due = lender_due - timedelta(days=7)
            temp = "ILL" + number.replace("-", "")[1:]
            if rng.random() < 0.5:
                item = _luhn(f"31{request_id:011d}")
    else:
        library_id = rng.randint(1, len(symbols))
        lender_reference = str(rng.randrange(100_000_000, 999_999_999))
        call_number = f"{rng.choice(['F', 'HD', 'QH', 'PS', 'E'])}{rng.randrange(1, 999)}"
        location = rng.choice(["Main stacks", "Oversize", "Periodicals"])
        if status in LENT or (status == "completed" and service == "loan"):
            item = _luhn(f"35678{request_id:08d}")
            lender_due = (created + timedelta(days=rng.randint(2, 10) + 28)).date()
    need_before = (created + timedelta(days=rng.randrange(20, 120))).date()
    row = [
        request_id, number, direction, service, fmt, status, _stamp(updated), _stamp(created),
        _stamp(updated), rng.choice(["staff", "openurl", "email", "iso18626"]), title, author,
        journal, article, "", "", "", str(rng.randrange(1950, 2026)), "",
        rng.choice(PUBLISHERS) if service == "loan" else "", "", isbn, issn, oclc, "",
        call_number, location, patron_id, library_id, lender_reference,
        need_before.isoformat() if rng.random() < 0.4 else None, None, None,
        lender_due.isoformat() if lender_due else None,
        patron_due.isoformat() if patron_due else None,
        0, 0, 0, 0, "", "", "", "", item, temp, "", "", match_key(citation),
        search_words(title, author, journal, article), 1,
    ]  # fmt: skip
    return row, lenders, answers


def _rota_answers(rng: random.Random, status: str, count: int) -> tuple[list[str], int | None]:
    """Lender answers consistent with the status, and which lender is current (asked last)."""
    if status == "exhausted":
        return ["unfilled"] * count, count - 1
    if status in SUPPLIED or status in {"sent", "conditional", "lost"}:
        current = rng.randrange(count)
        last = {"sent": "pending", "conditional": "conditional"}.get(status, "accepted")
        answers = ["unfilled"] * current + [last] + ["not_asked"] * (count - current - 1)
        return answers, current
    return ["not_asked"] * count, None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if not 1_000 <= args.requests <= 10_000_000:
        parser.error("--requests is between 1,000 and 10,000,000")
    ensure_database(args.out or default_path(args.requests), Sizes(args.requests), seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
