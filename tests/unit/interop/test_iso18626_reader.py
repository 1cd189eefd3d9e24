"""ISO 18626 Request messages read without a database: an article copy and a book loan mapped
to what a lending request needs, and the confirmation valid in both schema versions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from lxml import etree

from illdesk.core.vocabulary import Format, Service
from illdesk.interop.iso18626_confirmation import confirmation
from illdesk.interop.iso18626_reader import MessageHeader, _schema, read_request

ARTICLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626"
  xmlns:ill="http://illtransactions.org/2013/iso18626" ill:version="1.2">
 <request>
  <header>
   <supplyingAgencyId><agencyIdType>OCLC</agencyIdType><agencyIdValue>RIV</agencyIdValue>
   </supplyingAgencyId>
   <requestingAgencyId><agencyIdType>OCLC</agencyIdType><agencyIdValue>ORE</agencyIdValue>
   </requestingAgencyId>
   <multipleItemRequestId></multipleItemRequestId>
   <timestamp>2026-03-02T09:00:00Z</timestamp>
   <requestingAgencyRequestId>ORE-77</requestingAgencyRequestId>
  </header>
  <bibliographicInfo>
   <title>Oregon Historical Quarterly</title>
   <titleOfComponent>Salmon   runs of the Willamette</titleOfComponent>
   <authorOfComponent>Ng, Lee</authorOfComponent>
   <volume>12</volume><issue>3</issue><pagesRequested>45-67</pagesRequested>
   <bibliographicItemId><bibliographicItemIdentifier>0030-4727</bibliographicItemIdentifier>
    <bibliographicItemIdentifierCode>ISSN</bibliographicItemIdentifierCode></bibliographicItemId>
  </bibliographicInfo>
  <publicationInfo><publicationDate>March 2024</publicationDate></publicationInfo>
  <serviceInfo><requestType>New</requestType><serviceType>Copy</serviceType>
   <needBeforeDate>2026-03-20T00:00:00Z</needBeforeDate><note>Rush, please</note></serviceInfo>
  <billingInfo><maximumCosts><currencyCode>USD</currencyCode><monetaryValue>25</monetaryValue>
   </maximumCosts></billingInfo>
 </request>
</ISO18626Message>"""


def test_an_article_copy_request_reads_as_a_copy_of_an_article() -> None:
    got = read_request(ARTICLE)
    assert (got.service, got.format, got.request_type) == (Service.COPY, Format.ARTICLE, "New")
    assert got.citation.journal_title == "Oregon Historical Quarterly"
    assert got.citation.article_title == "Salmon runs of the Willamette"  # spaces tidied
    assert got.citation.title == "" and got.citation.author == "Ng, Lee"
    assert (got.citation.issn, got.citation.year, got.citation.pages) == (
        "0030-4727",
        "2024",
        "45-67",
    )
    assert got.need_before == date(2026, 3, 20)
    assert (got.max_cost, got.currency) == (Decimal("25.00"), "USD")
    assert got.notes == ("Rush, please",)
    assert (got.header.requesting_id, got.header.request_id) == ("ORE", "ORE-77")


def test_a_confirmation_is_valid_in_the_version_it_answers() -> None:
    at = datetime(2026, 3, 2, 9, 0, 1, 250_000, tzinfo=UTC)
    for version in ("1.2", "2021"):
        header = MessageHeader(version=version, requesting_id="ORE", request_id="ORE-77")
        for error in (None, ("UnrecognisedDataValue", "requestType Retry is not supported")):
            root = etree.fromstring(confirmation(header, at, at, error))
            assert _schema(version).validate(root), _schema(version).error_log
            assert root.findtext(".//{*}timestamp") == "2026-03-02T09:00:01.250Z"
