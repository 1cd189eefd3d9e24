"""Lending requests received as ISO 18626 Request messages, on a real database: the shared
sample messages taken in through the one writer and routed by the lending rules on arrival;
hostile or wrong messages (XXE, entity bombs, huge, another schema, another kind, unknown
sender, a repeat) refused in words with an ERROR confirmation, and nothing entered. Every
confirmation written is checked against the shipped schema."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from lxml import etree

from illdesk.core.policy_rules import PolicyRule
from illdesk.interop.iso18626_reader import _schema
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests
from illdesk.services.desk.message_intake import receive_request
from illdesk.services.directory import entries as directory
from illdesk.services.rules import policy
from illdesk.store.schema import Request
from tests.integration.helpers import seed_directory

SAMPLES = Path(__file__).parent / "iso18626"
NS = {"i": "http://illtransactions.org/2013/iso18626"}


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@pytest.fixture(autouse=True)
def _partners(uow):
    seed_directory(uow)
    for symbol, name in (("REQ", "Requesting Library"), ("NIA2", "Nia Two Library")):
        directory.save_library(
            uow(), directory.LibraryInput(symbol=symbol, name=name, group_name="consortium")
        )
    with uow() as work:  # the crosslink samples are addressed to BROKER: that is us here
        current = library_settings.load(work)
        library_settings.save(work, replace(current, home=replace(current.home, symbol="BROKER")))
        work.commit()


def count(uow) -> int:
    with uow() as work:
        return int(work.session.scalar(sa.select(sa.func.count()).select_from(Request)) or 0)


def answer(confirmation: bytes, version: str = "1.2") -> etree._Element:
    """The confirmation, valid against the schema, as an element tree."""
    root = etree.fromstring(confirmation)
    assert _schema(version).validate(root), _schema(version).error_log
    return root


def status_of(root: etree._Element) -> str:
    return root.findtext(".//i:messageStatus", namespaces=NS)


def test_a_sample_request_becomes_a_lending_request_and_is_confirmed(uow) -> None:
    intake = receive_request(uow(), sample("request-willsupply-loaned.xml"))
    assert intake.accepted, intake.told
    assert intake.number.startswith("L-") and "REQ" in intake.told and "New" in intake.told
    detail = requests.get_detail(uow(), intake.number)
    assert detail.row.direction == "lending" and detail.state.service.value == "loan"
    assert detail.citation.title == "Lord of the Rings" and detail.citation.author == "JRR Tolkien"
    assert detail.citation.year == "1954" and detail.citation.isbn == ""  # 1983 is no ISBN
    assert detail.library.symbol == "REQ" and detail.source == "iso18626"
    assert detail.lender_reference == "5636c993-c41c-48f4-a285-470545f6f344"
    assert "ISBN as sent: 1983" in detail.note and "The Prancing Pony Inn" in detail.note
    assert [h.action for h in detail.history] == ["create"]
    root = answer(intake.confirmation)
    assert root[0].tag.endswith("requestConfirmation") and status_of(root) == "OK"
    assert root.findtext(".//i:requestingAgencyRequestId", namespaces=NS) == (
        "5636c993-c41c-48f4-a285-470545f6f344"
    )
    assert root.findtext(".//i:requestingAgencyId/i:agencyIdValue", namespaces=NS) == "REQ"


def test_the_lending_rules_route_a_received_request_on_arrival(uow) -> None:
    policy.save_rule(
        uow(),
        PolicyRule(
            "Consortium free", "accept", groups=("consortium",), loan_days=42, charge=Decimal(0)
        ),
    )
    intake = receive_request(uow(), sample("request-unfilled.xml"))
    assert intake.accepted and "Pull slip" in intake.told
    detail = requests.get_detail(uow(), intake.number)
    assert detail.state.status.value == "pull_slip"
    assert "Consortium free" in detail.history[-1].summary


def test_the_mod_rs_sample_with_comments_and_scheme_attributes(uow) -> None:
    with uow() as work:  # addressed to NIA1
        current = library_settings.load(work)
        library_settings.save(work, replace(current, home=replace(current.home, symbol="nia1")))
        work.commit()
    intake = receive_request(uow(), sample("illmockrequest.xml"))
    assert intake.accepted, intake.told
    detail = requests.get_detail(uow(), intake.number)
    assert detail.citation.title == "Layered of the Rungs" and detail.library.symbol == "NIA2"
    assert detail.lender_reference == "DMMYNIA2-1"


def refused(uow, data: bytes, *words: str, error_type: str = "") -> etree._Element:
    before = count(uow)
    intake = receive_request(uow(), data)
    assert not intake.accepted and intake.number == ""
    for word in words:
        assert word in intake.told, intake.told
    assert "Nothing" in intake.told and "Traceback" not in intake.told
    assert count(uow) == before  # nothing entered
    root = answer(intake.confirmation)
    assert status_of(root) == "ERROR"
    if error_type:
        assert root.findtext(".//i:errorType", namespaces=NS) == error_type
    return root


def test_the_same_request_twice_is_refused_naming_ours(uow) -> None:
    first = receive_request(uow(), sample("request-willsupply-loaned.xml"))
    root = refused(uow, sample("request-willsupply-loaned.xml"), first.number, "before")
    assert "already received" in root.findtext(".//i:errorValue", namespaces=NS)


def test_an_unknown_library_or_a_message_for_someone_else_is_refused(uow) -> None:
    stranger = sample("request-unfilled.xml").replace(b">REQ<", b">ZZZ<")
    refused(
        uow, stranger, "ZZZ is not a library in our directory", error_type="UnrecognisedDataValue"
    )
    elsewhere = sample("request-unfilled.xml").replace(b">BROKER<", b">OTHER<")
    refused(uow, elsewhere, "addressed to OTHER, not to us (BROKER)")


def test_a_message_of_another_kind_gets_its_own_kind_of_confirmation(uow) -> None:
    root = refused(uow, sample("reqmsg-ok.xml"), "not a request")
    assert root[0].tag.endswith("requestingAgencyMessageConfirmation")


def test_a_message_against_the_schema_is_refused_with_the_line(uow) -> None:
    bad = sample("request-unfilled.xml").replace(b"<serviceType>Loan", b"<serviceType>Lend")
    root = refused(uow, bad, "does not follow ISO 18626 version 1.2", "line ")
    assert "serviceType" in root.findtext(".//i:errorValue", namespaces=NS)
    # a 1.2 message that says it is 2021 does not follow the 2021 schema either
    refused(uow, sample("request-unfilled.xml").replace(b'"1.2"', b'"2021"'), "version 2021")
    refused(uow, sample("request-unfilled.xml").replace(b'"1.2"', b'"0.9"'), "“0.9”")
    # a known negative sample (a status not in the code list)
    refused(uow, sample("crosslink-supmsg-invalid-status.xml"), "WeCouldLoan")


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE m [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626"
  xmlns:ill="http://illtransactions.org/2013/iso18626" ill:version="1.2">
<request><header><supplyingAgencyId><agencyIdType>ISIL</agencyIdType>
<agencyIdValue>BROKER</agencyIdValue></supplyingAgencyId><requestingAgencyId>
<agencyIdType>ISIL</agencyIdType><agencyIdValue>REQ</agencyIdValue></requestingAgencyId>
<multipleItemRequestId/><timestamp>2026-03-02T10:00:00Z</timestamp>
<requestingAgencyRequestId>x1</requestingAgencyRequestId></header>
<bibliographicInfo><title>&secret;</title></bibliographicInfo>
<serviceInfo><serviceType>Loan</serviceType></serviceInfo></request></ISO18626Message>"""

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626">&d;&d;&d;</ISO18626Message>"""


def test_hostile_messages_are_refused_and_read_nothing(uow) -> None:
    root = refused(uow, XXE, "DOCTYPE", error_type="BadlyFormedMessage")
    assert b"root:" not in etree.tostring(root)  # nothing of the file came back
    refused(uow, BOMB, "DOCTYPE", error_type="BadlyFormedMessage")
    padding = b"<!--" + b"x" * (600 * 1024) + b"-->"
    huge = sample("request-unfilled.xml").replace(b"<request>", padding + b"<request>", 1)
    refused(uow, huge, "KB", error_type="BadlyFormedMessage")
    refused(uow, b"\x00\x01 not xml at all", "not a readable XML message")
    refused(uow, sample("request-unfilled.xml")[:400], "cut short")
    refused(uow, b"<html><body>Hello</body></html>", "not an ISO 18626 message")


def test_the_command_line_takes_a_message_in_and_writes_the_confirmation(
    uow, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from illdesk.cli import main

    written = tmp_path / "answer.xml"
    message = str(SAMPLES / "request-unfilled.xml")
    args = ["--database", db_url, "lending", "receive", message, "--confirmation", str(written)]
    assert main(args) == 0
    said = capsys.readouterr().out
    assert "L-26-000001 entered from REQ's request" in said and str(written) in said
    assert status_of(answer(written.read_bytes())) == "OK"
    # again, to standard output: the XML alone there, the refusal in words beside it
    assert main(["--database", db_url, "lending", "receive", message]) == 1
    out, err = capsys.readouterr()
    assert status_of(answer(out.encode())) == "ERROR"
    assert "Refused: REQ sent its request" in err and "L-26-000001" in err
    missing = ["--database", db_url, "lending", "receive", str(tmp_path / "none.xml")]
    assert main(missing) == 1
    assert "cannot read" in capsys.readouterr().err
