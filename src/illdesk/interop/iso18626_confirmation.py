"""The ISO 18626 confirmation that answers a received message: OK, or ERROR with its reason.

A confirmation only says the message was received and could (or could not) be taken in; the
answer itself (will supply, unfilled) comes later in a supplying agency message (ISO 18626
§4.1). It echoes the sender's ids and reference, with the time the message was received and
the time of the answer, in the version the message was written in. It is valid against both
shipped schemas (tests/integration/test_iso18626_intake.py checks it).
"""

from __future__ import annotations

from datetime import UTC, datetime

from lxml import etree

from illdesk.interop.iso18626_reader import NS, MessageHeader, schema_version

# The confirmation of each kind of message a library sends; anything else gets the request's.
CONFIRMATIONS = {
    "request": "requestConfirmation",
    "supplyingAgencyMessage": "supplyingAgencyMessageConfirmation",
    "requestingAgencyMessage": "requestingAgencyMessageConfirmation",
}


def confirmation(
    header: MessageHeader,
    received: datetime,
    answered: datetime,
    error: tuple[str, str] | None = None,
) -> bytes:
    """The confirmation as UTF-8 XML: OK, or ERROR with `error` = (error type, error value)."""
    version = schema_version(header.version) or "1.2"
    root = etree.Element(_q("ISO18626Message"), nsmap={None: NS, "ill": NS})
    root.set(_q("version"), version)
    body = etree.SubElement(root, _q(CONFIRMATIONS.get(header.kind, "requestConfirmation")))
    head = etree.SubElement(body, _q("confirmationHeader"))
    for element, kind, value in (
        ("supplyingAgencyId", header.supplying_type, header.supplying_id),
        ("requestingAgencyId", header.requesting_type, header.requesting_id),
    ):
        if value:
            agency = etree.SubElement(head, _q(element))
            etree.SubElement(agency, _q("agencyIdType")).text = kind or "ISIL"
            etree.SubElement(agency, _q("agencyIdValue")).text = value
    etree.SubElement(head, _q("timestamp")).text = _when(answered)
    if header.request_id:
        etree.SubElement(head, _q("requestingAgencyRequestId")).text = header.request_id
    etree.SubElement(head, _q("timestampReceived")).text = _when(received)
    etree.SubElement(head, _q("messageStatus")).text = "ERROR" if error else "OK"
    if error is not None:
        data = etree.SubElement(body, _q("errorData"))
        etree.SubElement(data, _q("errorType")).text = error[0]
        etree.SubElement(data, _q("errorValue")).text = error[1][:500]
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _when(moment: datetime) -> str:
    """xs:dateTime in UTC with a Z (never +0000, which the schema refuses)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (
        moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    )
