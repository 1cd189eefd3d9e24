"""Addresses laid out in each destination country's order."""

from __future__ import annotations

from illdesk.core.address import PostalAddress
from illdesk.core.address_format import country_name, format_address, format_address_block


def test_us_domestic() -> None:
    address = PostalAddress(
        name="University of Oregon Libraries",
        department="Interlibrary Loan",
        street="1501 Kincaid St",
        city="Eugene",
        region="OR",
        postal_code="97403",
        country="US",
    )
    assert format_address(address, sender_country="US") == [
        "University of Oregon Libraries",
        "Interlibrary Loan",
        "1501 Kincaid St",
        "Eugene, OR 97403",
    ]


def test_international_adds_country_in_capitals() -> None:
    address = PostalAddress(name="ORU", city="Eugene", region="OR", postal_code="97403")
    assert format_address(address, sender_country="DE")[-1] == "UNITED STATES OF AMERICA"
    assert format_address(address)[-1] == "Eugene, OR 97403"


def test_uk_town_then_postcode_on_own_line() -> None:
    address = PostalAddress(
        name="The British Library",
        street="Boston Spa",
        city="Wetherby",
        postal_code="ls23 7bq",
        country="GB",
    )
    assert format_address(address, sender_country="GB") == [
        "The British Library",
        "Boston Spa",
        "WETHERBY",
        "LS23 7BQ",
    ]


def test_germany_and_france_postcode_before_city() -> None:
    berlin = PostalAddress(
        name="SBB", street="Unter den Linden 8", city="Berlin", postal_code="10117", country="DE"
    )
    paris = PostalAddress(
        name="BnF", street="Quai François-Mauriac", city="Paris", postal_code="75706", country="FR"
    )
    assert format_address(berlin)[-1] == "10117 Berlin"
    assert format_address(paris, sender_country="US")[-2:] == ["75706 Paris", "FRANCE"]


def test_japan_native_script_runs_large_to_small() -> None:
    address = PostalAddress(
        name="国立国会図書館",
        street="永田町1-10-1",
        city="千代田区",
        region="東京都",
        postal_code="100-8924",
        country="JP",
    )
    assert format_address(address) == [
        "〒100-8924",
        "東京都千代田区",
        "永田町1-10-1",
        "国立国会図書館",
    ]


def test_japan_in_latin_letters_uses_western_order() -> None:
    address = PostalAddress(
        name="National Diet Library",
        street="1-10-1 Nagatacho",
        city="Chiyoda-ku",
        region="Tokyo",
        postal_code="100-8924",
        country="JP",
    )
    assert format_address(address, sender_country="US") == [
        "National Diet Library",
        "1-10-1 Nagatacho",
        "Chiyoda-ku, Tokyo 100-8924",
        "JAPAN",
    ]


def test_china_and_korea_native_order() -> None:
    beijing = PostalAddress(
        name="北京大学图书馆",
        street="颐和园路5号",
        city="海淀区",
        region="北京市",
        postal_code="100871",
        country="CN",
    )
    assert format_address(beijing) == ["100871", "北京市海淀区颐和园路5号", "北京大学图书馆"]
    seoul = PostalAddress(
        name="서울대학교 중앙도서관",
        street="관악로 1",
        city="관악구",
        region="서울특별시",
        postal_code="08826",
        country="KR",
    )
    assert format_address(seoul) == ["서울특별시 관악구 관악로 1", "서울대학교 중앙도서관", "08826"]


def test_empty_fields_leave_no_blank_lines() -> None:
    assert format_address(PostalAddress(name="ORU", country="US")) == ["ORU"]
    assert format_address(PostalAddress(country="DE")) == []
    assert format_address_block(PostalAddress(name="A", city="B", country="XX")) == "A\nB"


def test_country_names() -> None:
    assert country_name("jp") == "Japan"
    assert country_name("ZZ") == "ZZ"


def test_a_courier_place_names_route_and_stop_once() -> None:
    from illdesk.core.address_format import courier_place

    assert courier_place("4", "17") == "Route 4 · Stop 17"
    assert courier_place("Route 4", "stop 17") == "Route 4 · stop 17"  # typed with the word
    assert courier_place("", "B-2") == "Stop B-2"
    assert courier_place(" ", "") == ""
