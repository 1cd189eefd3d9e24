"""ISO 18626 messages read safely: a Request message made into what a lending request needs.

A message comes from another library's system, so it is read as hostile until shown otherwise:

- its size is checked before anything is parsed (a request is a few kilobytes);
- the parser resolves no entities, loads no DTD and fetches nothing from the network, and a
  message that carries a DOCTYPE at all is refused (ISO 18626 messages have none; a DOCTYPE is
  how XXE and "billion laughs" attacks arrive);
- the message is validated against the schema of the version it names (`ill:version` 1.2 or
  2021), both shipped with ILL Desk (`resources/iso18626`), never fetched.

Every refusal is an `IsoMessageError` with the ISO 18626 error type and value for the
confirmation, and words for the person at the desk. Nothing here touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache

from lxml import etree

from illdesk import resources
from illdesk.core.citation import Citation
from illdesk.core.vocabulary import Format, Service

NS = "http://illtransactions.org/2013/iso18626"
MAX_MESSAGE_BYTES = 512 * 1024  # a request is 2 to 5 KB; this leaves room for long notes
SCHEMAS = {"1.2": "ISO-18626-v1_2.xsd", "2021": "ISO-18626-2021-2.xsd"}
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")

# ISO 18626 error types (the confirmation's errorData/errorType).
BADLY_FORMED = "BadlyFormedMessage"
UNRECOGNISED_ELEMENT = "UnrecognisedDataElement"
UNRECOGNISED_VALUE = "UnrecognisedDataValue"
UNSUPPORTED_ACTION = "UnsupportedActionType"
UNSUPPORTED_REASON = "UnsupportedReasonForMessageType"


class IsoMessageError(ValueError):
    """A message that cannot be taken in: `error_type` and `value` go in the confirmation,
    `words` to staff; `header` holds what could be read of the sender (for the answer)."""

    def __init__(
        self, error_type: str, words: str, value: str = "", header: MessageHeader | None = None
    ) -> None:
        super().__init__(words)
        self.error_type = error_type
        self.words = words
        self.value = value or words
        self.header = header or MessageHeader()


@dataclass(frozen=True, slots=True)
class MessageHeader:
    """Who sent a message, to whom, and their reference (blank where unreadable)."""

    version: str = "1.2"
    kind: str = "request"  # request, supplyingAgencyMessage, requestingAgencyMessage, ...
    requesting_type: str = ""
    requesting_id: str = ""
    supplying_type: str = ""
    supplying_id: str = ""
    request_id: str = ""  # requestingAgencyRequestId: the borrowing library's reference


@dataclass(frozen=True, slots=True)
class IsoRequest:
    """A Request message as a lending request needs it."""

    header: MessageHeader
    request_type: str  # New, Retry or Reminder
    service: Service
    format: Format
    citation: Citation
    need_before: date | None = None
    max_cost: Decimal | None = None
    currency: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def read_request(data: bytes) -> IsoRequest:
    """The Request message in `data`, checked; IsoMessageError when it cannot be taken in."""
    root = parse_message(data)
    header = read_header(root)
    validate(root, header)
    if header.kind != "request":
        error = (
            UNSUPPORTED_REASON if header.kind == "supplyingAgencyMessage" else UNSUPPORTED_ACTION
        )
        raise IsoMessageError(
            error,
            f"This is a {header.kind} message, not a request: `lending receive` takes in new "
            "requests from other libraries only. Nothing was entered.",
            f"{header.kind} is not taken in here",
            header,
        )
    return _request(root.find(_q("request")), header)


def parse_message(data: bytes) -> etree._Element:
    """The message's root element, parsed without entities, DTDs or network."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise IsoMessageError(
            BADLY_FORMED,
            f"The message is {len(data) // 1024} KB; an ISO 18626 request is a few KB, so it "
            "was not read. Ask the sending library what it sent. Nothing was entered.",
            f"message larger than {MAX_MESSAGE_BYTES} bytes",
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise IsoMessageError(
            BADLY_FORMED,
            "The file is not a readable XML message (it may be cut short or not XML at all): "
            f"{exc.msg}. Nothing was entered.",
            f"not well-formed XML: {exc.msg}",
        ) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise IsoMessageError(
            BADLY_FORMED,
            "The message carries a DOCTYPE, which ISO 18626 messages never have (it is how "
            "XML attacks reach files on this computer), so it was not read. Nothing was entered.",
            "a DOCTYPE is not allowed",
        )
    if root.tag != _q("ISO18626Message"):
        raise IsoMessageError(
            BADLY_FORMED,
            f"This is not an ISO 18626 message (it starts with <{etree.QName(root).localname}>). "
            "Nothing was entered.",
            "the root element is not ISO18626Message",
        )
    return root


def read_header(root: etree._Element) -> MessageHeader:
    """The sender, addressee and reference of a message, as far as they can be read."""
    version = (root.get(f"{{{NS}}}version") or root.get("version") or "").strip()
    body = next(iter(root), None)
    kind = etree.QName(body).localname if body is not None else ""
    head = body.find(_q("header")) if body is not None else None

    def text(path: str) -> str:
        found = head.find(path, {"i": NS}) if head is not None else None
        return (found.text or "").strip() if found is not None else ""

    return MessageHeader(
        version=version,
        kind=kind,
        requesting_type=text("i:requestingAgencyId/i:agencyIdType"),
        requesting_id=text("i:requestingAgencyId/i:agencyIdValue"),
        supplying_type=text("i:supplyingAgencyId/i:agencyIdType"),
        supplying_id=text("i:supplyingAgencyId/i:agencyIdValue"),
        request_id=text("i:requestingAgencyRequestId"),
    )


def schema_version(version: str) -> str:
    """The schema a message's `ill:version` names ("" when ILL Desk has none for it)."""
    if version in SCHEMAS:
        return version
    return "2021" if version.startswith("2021") else ""


def validate(root: etree._Element, header: MessageHeader) -> None:
    """Refuse a message that does not follow the schema of the version it names."""
    version = schema_version(header.version)
    if not version:
        raise IsoMessageError(
            UNRECOGNISED_VALUE,
            f"The message says it is ISO 18626 version “{header.version}”; ILL Desk reads "
            "versions 1.2 and 2021. Ask the sending library which version it sends. Nothing "
            "was entered.",
            f"version {header.version} is not supported",
            header,
        )
    schema = _schema(version)
    if schema.validate(root):
        return
    first = schema.error_log[0]
    line = f"line {first.line}: " if first.line else ""
    raise IsoMessageError(
        UNRECOGNISED_ELEMENT if "not expected" in first.message else UNRECOGNISED_VALUE,
        f"The message does not follow ISO 18626 version {version} ({line}{first.message}). "
        "Ask the sending library to check what its system sent. Nothing was entered.",
        f"{line}{first.message}",
        header,
    )


@cache
def _schema(version: str) -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    document = etree.fromstring(resources.read_bytes("iso18626", SCHEMAS[version]), parser)
    return etree.XMLSchema(document)


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _text(parent: etree._Element | None, path: str) -> str:
    if parent is None:
        return ""
    found = parent.find(path, {"i": NS})
    return " ".join((found.text or "").split()) if found is not None else ""


def _request(request: etree._Element, header: MessageHeader) -> IsoRequest:
    bib = request.find(_q("bibliographicInfo"))
    pub = request.find(_q("publicationInfo"))
    service_info = request.find(_q("serviceInfo"))
    component = _text(bib, "i:titleOfComponent")
    publication_type = _text(pub, "i:publicationType").lower()
    ids = _identifiers(bib)
    wanted = _text(service_info, "i:serviceType") or "Loan"
    if wanted == "Copy" or (wanted == "CopyOrLoan" and component):
        service = Service.COPY
    else:
        service = Service.LOAN
    fmt = _format(service, component, publication_type, ids)
    title = _text(bib, "i:title")
    subtitle = _text(bib, "i:subtitle")
    if subtitle:
        title = f"{title}: {subtitle}" if title else subtitle
    journal = fmt is Format.ARTICLE
    year = _YEAR.search(_text(pub, "i:publicationDate"))
    citation = Citation(
        title="" if journal else title,
        journal_title=title if journal else "",
        article_title=component,
        author=_text(bib, "i:authorOfComponent") or _text(bib, "i:author"),
        volume=_text(bib, "i:volume"),
        issue=_text(bib, "i:issue"),
        pages=_text(bib, "i:pagesRequested"),
        edition=_text(bib, "i:edition"),
        year=year.group(1) if year else "",
        publisher=_text(pub, "i:publisher"),
        place=_text(pub, "i:placeOfPublication"),
        isbn=ids.get("ISBN", ""),
        issn=ids.get("ISSN", ""),
        oclc_number=ids.get("OCLC", ""),
    )
    cost, currency = _max_cost(request.find(_q("billingInfo")))
    notes = [_text(service_info, "i:note")]
    if wanted == "CopyOrLoan":
        notes.append("The library will take a copy or a loan.")
    if _text(service_info, "i:anyEdition") == "Y":
        notes.append("Any edition will do.")
    address = _delivery_address(request)
    if address:
        notes.append(f"Deliver to: {address}")
    return IsoRequest(
        header=header,
        request_type=_text(service_info, "i:requestType") or "New",
        service=service,
        format=fmt,
        citation=citation,
        need_before=_date(_text(service_info, "i:needBeforeDate")),
        max_cost=cost,
        currency=currency,
        notes=tuple(n for n in notes if n),
    )


def _identifiers(bib: etree._Element | None) -> dict[str, str]:
    """ISBN, ISSN and OCLC numbers by their code (the first of each)."""
    found: dict[str, str] = {}
    if bib is None:
        return found
    for kind in ("bibliographicItemId", "bibliographicRecordId"):
        for each in bib.iterfind(f"i:{kind}", {"i": NS}):
            prefix = kind.removesuffix("Id")
            code = _text(each, f"i:{prefix}IdentifierCode").upper()
            value = _text(each, f"i:{prefix}Identifier")
            if code in {"ISBN", "ISSN", "OCLC"} and value:
                found.setdefault(code, value)
    return found


def _format(service: Service, component: str, kind: str, ids: dict[str, str]) -> Format:
    if service is Service.COPY or component:
        book_part = kind in {"book", "chapter"} or ("ISBN" in ids and "ISSN" not in ids)
        return Format.CHAPTER if book_part and component else Format.ARTICLE
    if kind in {"audiovisual", "audiobook", "video", "sound", "music"}:
        return Format.AUDIOVISUAL
    if kind in {"thesis", "dissertation"}:
        return Format.THESIS
    return Format.BOOK


def _date(text: str) -> date | None:
    match = _DATE.match(text)
    try:
        return date.fromisoformat(match.group(1)) if match else None
    except ValueError:
        return None


def _max_cost(billing: etree._Element | None) -> tuple[Decimal | None, str]:
    amount = _text(billing, "i:maximumCosts/i:monetaryValue")
    if not amount:
        return None, ""
    try:
        return Decimal(amount).quantize(Decimal("0.01")), _text(
            billing, "i:maximumCosts/i:currencyCode"
        )
    except InvalidOperation:
        return None, ""


def _delivery_address(request: etree._Element) -> str:
    place = request.find("i:requestedDeliveryInfo/i:address/i:physicalAddress", {"i": NS})
    if place is None:
        return ""
    parts = (_text(place, f"i:{name}") for name in ("line1", "line2", "locality", "postalCode"))
    return ", ".join(p for p in parts if p)
