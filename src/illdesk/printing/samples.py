"""Realistic and extreme sample data for previews, the sample pictures, tests and benchmarks."""

from __future__ import annotations

from datetime import date

from illdesk.core.address import PostalAddress
from illdesk.printing.model import (
    BookBand,
    DeliveryMethod,
    HoldSlip,
    LabelData,
    PackingSlip,
    PackingSlipItem,
    PatronPrivacy,
    PullSlip,
)

HOME = PostalAddress(
    name="Portland Community College Library",
    department="Interlibrary Loan",
    street="12000 SW 49th Ave",
    city="Portland",
    region="OR",
    postal_code="97219",
    country="US",
)

PARTNER = PostalAddress(
    name="University of Oregon Libraries",
    department="Interlibrary Loan, Knight Library",
    street="1501 Kincaid St",
    city="Eugene",
    region="OR",
    postal_code="97403-1299",
    country="US",
)

#: One phrase per script that labels must print: used for the "every glyph" tests.
SCRIPT_SAMPLES: dict[str, str] = {
    "latin": "Bibliothèque Łódź Straße Ærø Ñuñoa Şişli Dương Ế",
    "cyrillic": "Российская государственная библиотека, Київ",
    "greek": "Εθνική Βιβλιοθήκη της Ελλάδος",
    "chinese": "北京大学图书馆 國家圖書館",
    "japanese": "国立国会図書館 とうきょう カタカナ",
    "korean": "서울대학교 중앙도서관",
    "arabic": "مكتبة الإسكندرية",
    "hebrew": "הספרייה הלאומית של ישראל",
}

LONG_TITLE = (
    "The Oxford Handbook of the History of Interlibrary Cooperation, Resource Sharing and "
    "Document Delivery in Academic, Public and Special Libraries from the Nineteenth Century "
    "to the Present Day, with an Appendix of Statistical Tables and a Complete Bibliography "
    "of Sources Consulted, Volume 3, Part 2: Networks, Consortia and Couriers"
)

ABROAD = {
    "GB": PostalAddress(
        name="The British Library",
        department="Document Supply",
        street="Boston Spa",
        city="Wetherby",
        region="West Yorkshire",
        postal_code="LS23 7BQ",
        country="GB",
    ),
    "DE": PostalAddress(
        name="Staatsbibliothek zu Berlin",
        department="Fernleihe",
        street="Unter den Linden 8",
        city="Berlin",
        postal_code="10117",
        country="DE",
    ),
    "FR": PostalAddress(
        name="Bibliothèque nationale de France",
        department="Service du prêt",
        street="Quai François-Mauriac",
        city="Paris",
        postal_code="75706",
        country="FR",
    ),
    "JP": PostalAddress(
        name="国立国会図書館",
        department="図書館間貸出係",
        street="永田町1-10-1",
        city="千代田区",
        region="東京都",
        postal_code="100-8924",
        country="JP",
    ),
    "CN": PostalAddress(
        name="北京大学图书馆",
        department="馆际互借处",
        street="颐和园路5号",
        city="海淀区",
        region="北京市",
        postal_code="100871",
        country="CN",
    ),
    "KR": PostalAddress(
        name="서울대학교 중앙도서관",
        department="상호대차실",
        street="관악로 1",
        city="관악구",
        region="서울특별시",
        postal_code="08826",
        country="KR",
    ),
    "IL": PostalAddress(
        name="הספרייה הלאומית",
        department="השאלה בין-ספרייתית",
        street="קפלן 1",
        city="ירושלים",
        postal_code="9195001",
        country="IL",
    ),
    "EG": PostalAddress(
        name="مكتبة الإسكندرية",
        department="الإعارة المتبادلة",
        street="شارع بورسعيد",
        city="الإسكندرية",
        postal_code="21526",
        country="EG",
    ),
    "RU": PostalAddress(
        name="Российская государственная библиотека",
        department="Межбиблиотечный абонемент",
        street="ул. Воздвиженка, 3/5",
        city="Москва",
        postal_code="119019",
        country="RU",
    ),
    "GR": PostalAddress(
        name="Εθνική Βιβλιοθήκη της Ελλάδος",
        department="Διαδανεισμός",
        street="Λεωφόρος Συγγρού 364",
        city="Καλλιθέα",
        postal_code="176 74",
        country="GR",
    ),
}


def mailing_label(method: DeliveryMethod = DeliveryMethod.LIBRARY_MAIL) -> LabelData:
    """A label for a package going to a partner library."""
    return LabelData(
        sender=HOME,
        recipient=PARTNER,
        package_barcode="P-26-004711",
        delivery_method=method,
        courier_route="12" if method is DeliveryMethod.COURIER else "",
        courier_stop="4B" if method is DeliveryMethod.COURIER else "",
        recipient_symbol="ORU",
    )


def extreme_label(country: str, method: DeliveryMethod = DeliveryMethod.POST) -> LabelData:
    """A label to a library abroad, long names included."""
    return LabelData(
        sender=PostalAddress(
            name="Multnomah County Library Cooperative — Interlibrary Loan & Resource Sharing "
            "Department of the Central Library",
            street="801 SW 10th Ave, Loading Dock B (Use Taylor Street Entrance)",
            city="Portland",
            region="OR",
            postal_code="97205",
            country="US",
        ),
        recipient=ABROAD[country],
        package_barcode="P-26-999999",
        delivery_method=method,
        recipient_symbol=f"{country}-ILL",
    )


def packing_slip(count: int = 6) -> PackingSlip:
    """A return package holding `count` items."""
    books = (
        (
            "Braiding Sweetgrass: Indigenous Wisdom, Scientific Knowledge and the Teachings of "
            "Plants",
            "Kimmerer, Robin Wall",
        ),
        ("The Design of Everyday Things", "Norman, Donald A."),
        ("Война и мир", "Толстой, Лев Николаевич"),
        ("源氏物語", "紫式部"),
        ("Ἰλιάς (Iliad), Greek text with commentary", "Homer"),
        ("كتاب الأغاني", "الأصفهاني، أبو الفرج"),
        (LONG_TITLE, ""),
    )
    items = tuple(
        PackingSlipItem(
            request_number=f"B-26-{100 + index:06d}",
            title=books[index % len(books)][0],
            author=books[index % len(books)][1],
            lender_reference=f"ILL {772000 + index * 13}" if index % 4 != 3 else "",
            due_date=date(2026, 3, 2 + index % 20),
            restrictions=("Library use only",) if index % 5 == 1 else (),
        )
        for index in range(count)
    )
    return PackingSlip(
        sender=HOME,
        recipient=PARTNER,
        package_barcode="P-26-004711",
        shipped_on=date(2026, 2, 10),
        items=items,
        sender_symbol="PCC",
        recipient_symbol="ORU",
        return_instructions=(
            "Please return by courier to Route 12, Stop 4B, or by Library Mail to the address "
            "above. Keep book bands on the items. Questions: ill@pcc.example.edu, 971-722-4000."
        ),
    )


def book_band(privacy: PatronPrivacy = PatronPrivacy.NAME) -> BookBand:
    """A band for a book borrowed from a partner."""
    return BookBand(
        request_number="B-26-000123",
        title="Braiding Sweetgrass: Indigenous Wisdom, Scientific Knowledge and the Teachings "
        "of Plants",
        patron_name="Nguyễn, Thị Minh Khai",
        patron_id="P2300456789",
        patron_due_date=date(2026, 3, 17),
        lender="University of Oregon Libraries (ORU)",
        privacy=privacy,
        library_use_only=True,
        no_renewals=True,
        home_library="PCC Library · Interlibrary Loan",
    )


def pull_slips() -> list[PullSlip]:
    """A morning's batch of lending requests, unsorted."""
    rows = (
        ("QA760 .B2 2019", "Main Stacks 3rd floor", "Computer networks", "Tanenbaum, Andrew S."),
        (
            "QA76.9 .D3 C67 2020",
            "Main Stacks 3rd floor",
            "Database system concepts",
            "Silberschatz, Abraham",
        ),
        ("025.62 SMI", "Science Library", "Interlibrary loan practices handbook", "Smith, J."),
        ("PG3366 .A1 1998", "Main Stacks 2nd floor", "Война и мир", "Толстой, Лев"),
        ("025.6 ILL", "Science Library", "Resource sharing today", ""),
        ("Z713 .H36 2012", "Main Stacks 1st floor", LONG_TITLE, "Hilyer, Lee Andrew"),
        ("DS896 .K3 1985", "Asian Studies", "日本の歴史", "井上清"),
    )
    return [
        PullSlip(
            request_number=f"L-26-{500 + index:06d}",
            call_number=call_number,
            location=location,
            title=title,
            author=author,
            borrowing_library=("ORE", "WAU", "CUY", "OSU")[index % 4],
            need_before=date(2026, 4, 1 + index),
            item_barcode=f"A3123400012{index:04d}B",
        )
        for index, (call_number, location, title, author) in enumerate(rows)
    ]


def hold_slip(privacy: PatronPrivacy = PatronPrivacy.NAME) -> HoldSlip:
    """A slip for the hold shelf."""
    return HoldSlip(
        request_number="B-26-000123",
        title="Braiding Sweetgrass: Indigenous Wisdom, Scientific Knowledge and the Teachings "
        "of Plants",
        patron_name="Okonkwo-Smith, Adaeze",
        patron_id="P2300456789",
        pickup_location="Sylvania Campus Library, Circulation Desk",
        hold_until=date(2026, 3, 4),
        privacy=privacy,
    )
