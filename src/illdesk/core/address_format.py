"""Postal addresses laid out the way the destination country's post expects them.

Each country's post reads the lines in its own order: a US carrier looks for
"City, ST 12345" on the line above the country, a Royal Mail sorter for the postcode on a line
of its own, a German or French one for "12345 City". Chinese, Japanese and Korean addresses
written in their own scripts run from the largest unit to the smallest; written in Latin
letters for abroad they follow the Western order. International mail ends with the country
name in capitals, in English, which every post understands.
"""

from __future__ import annotations

from collections.abc import Callable

from illdesk.core.address import PostalAddress

#: English country names for the last line of international mail (uppercase when printed).
COUNTRY_NAMES: dict[str, str] = {
    "AR": "Argentina",
    "AT": "Austria",
    "AU": "Australia",
    "BE": "Belgium",
    "BR": "Brazil",
    "CA": "Canada",
    "CH": "Switzerland",
    "CN": "China",
    "CZ": "Czech Republic",
    "DE": "Germany",
    "DK": "Denmark",
    "EG": "Egypt",
    "ES": "Spain",
    "FI": "Finland",
    "FR": "France",
    "GB": "United Kingdom",
    "GR": "Greece",
    "HK": "Hong Kong",
    "IE": "Ireland",
    "IL": "Israel",
    "IN": "India",
    "IT": "Italy",
    "JP": "Japan",
    "KR": "Republic of Korea",
    "MX": "Mexico",
    "NL": "Netherlands",
    "NO": "Norway",
    "NZ": "New Zealand",
    "PL": "Poland",
    "PT": "Portugal",
    "RU": "Russian Federation",
    "SA": "Saudi Arabia",
    "SE": "Sweden",
    "SG": "Singapore",
    "TW": "Taiwan",
    "UA": "Ukraine",
    "US": "United States of America",
    "ZA": "South Africa",
}

# Countries whose posts write "City, REGION POSTCODE" on one line.
_CITY_REGION_POSTAL = frozenset({"US", "CA", "AU", "PR", "GU", "VI"})
# Countries whose posts write "POSTCODE City" on one line.
_POSTAL_CITY = frozenset(
    {
        "DE",
        "FR",
        "AT",
        "CH",
        "BE",
        "NL",
        "LU",
        "IT",
        "ES",
        "PT",
        "DK",
        "NO",
        "SE",
        "FI",
        "IS",
        "PL",
        "CZ",
        "SK",
        "HU",
        "SI",
        "HR",
        "GR",
        "RU",
        "UA",
        "BY",
        "RO",
        "BG",
        "MX",
        "BR",
        "AR",
        "TR",
        "EE",
        "LV",
        "LT",
    }
)
# Countries whose posts write "City POSTCODE" on one line.
_CITY_POSTAL = frozenset({"IL"})
# Countries whose posts put town and postcode on separate lines, postcode last.
_TOWN_THEN_POSTCODE = frozenset({"GB", "IE", "IM", "JE", "GG"})


def _clean(*parts: str) -> list[str]:
    return [part.strip() for part in parts if part and part.strip()]


def _join(parts: list[str], separator: str = " ") -> str:
    return separator.join(part for part in parts if part)


def _uses_cjk_script(address: PostalAddress) -> bool:
    """True when the address is written in Chinese characters, kana or Hangul."""
    text = "".join((address.street, address.street2, address.city, address.region))
    return any(
        0x3040 <= ord(char) <= 0x30FF  # kana
        or 0x3400 <= ord(char) <= 0x9FFF  # CJK ideographs
        or 0xAC00 <= ord(char) <= 0xD7AF  # Hangul syllables
        for char in text
    )


def _head(address: PostalAddress) -> list[str]:
    return _clean(address.name, address.department)


def _street(address: PostalAddress) -> list[str]:
    return _clean(address.street, address.street2)


def _north_american(address: PostalAddress) -> list[str]:
    city = address.city.strip()
    region_postal = _join(_clean(address.region, address.postal_code))
    last = f"{city}, {region_postal}" if city and region_postal else city or region_postal
    return [*_head(address), *_street(address), *_clean(last)]


def _postal_city(address: PostalAddress) -> list[str]:
    last = _join(_clean(address.postal_code, address.city))
    lines = [*_head(address), *_street(address), *_clean(last)]
    # Italian and Spanish provinces follow the city; elsewhere a region is rarely wanted.
    if address.region.strip() and address.country.upper() in {"IT", "ES", "MX", "BR", "AR"}:
        lines[-1:] = [_join(_clean(lines[-1], address.region))] if lines else []
    return lines


def _city_postal(address: PostalAddress) -> list[str]:
    last = _join(_clean(address.city, address.postal_code))
    return [*_head(address), *_street(address), *_clean(last)]


def _british(address: PostalAddress) -> list[str]:
    return [
        *_head(address),
        *_street(address),
        *_clean(address.city.upper()),
        *_clean(address.region),
        *_clean(address.postal_code.upper()),
    ]


def _japanese(address: PostalAddress) -> list[str]:
    if not _uses_cjk_script(address):
        return _western_east_asian(address)
    postal = f"〒{address.postal_code.strip()}" if address.postal_code.strip() else ""
    return _clean(
        postal,
        _join(_clean(address.region, address.city), ""),
        _join(_clean(address.street, address.street2), ""),
        address.department,
        address.name,
    )


def _chinese(address: PostalAddress) -> list[str]:
    if not _uses_cjk_script(address):
        return _western_east_asian(address)
    return _clean(
        address.postal_code,
        _join(_clean(address.region, address.city, address.street, address.street2), ""),
        address.department,
        address.name,
    )


def _korean(address: PostalAddress) -> list[str]:
    if not _uses_cjk_script(address):
        return _western_east_asian(address)
    return _clean(
        _join(_clean(address.region, address.city, address.street)),
        address.street2,
        address.department,
        address.name,
        address.postal_code,
    )


def _western_east_asian(address: PostalAddress) -> list[str]:
    """Latin-letter East Asian addresses: small to large, "City, Region PostalCode"."""
    city_line = _join(_clean(address.city, address.region), ", ")
    last = _join(_clean(city_line, address.postal_code))
    return [*_head(address), *_street(address), *_clean(last)]


def _generic(address: PostalAddress) -> list[str]:
    return [
        *_head(address),
        *_street(address),
        *_clean(_join(_clean(address.city, address.region), ", ")),
        *_clean(address.postal_code),
    ]


_FORMATTERS: dict[str, Callable[[PostalAddress], list[str]]] = {
    "JP": _japanese,
    "CN": _chinese,
    "TW": _chinese,
    "HK": _chinese,
    "KR": _korean,
}


def country_name(code: str) -> str:
    """English name of an ISO 3166-1 alpha-2 country code (the code itself if unknown)."""
    return COUNTRY_NAMES.get(code.upper(), code.upper())


def format_address(address: PostalAddress, *, sender_country: str | None = None) -> list[str]:
    """The address as printed lines, in the destination country's order.

    The country line is added when `sender_country` is given and differs from the
    destination, so domestic mail stays short. Empty fields leave no blank lines.
    """
    country = (address.country or "").strip().upper()
    formatter = _FORMATTERS.get(country)
    if formatter is not None:
        lines = formatter(address)
    elif country in _CITY_REGION_POSTAL:
        lines = _north_american(address)
    elif country in _POSTAL_CITY:
        lines = _postal_city(address)
    elif country in _CITY_POSTAL:
        lines = _city_postal(address)
    elif country in _TOWN_THEN_POSTCODE:
        lines = _british(address)
    else:
        lines = _generic(address)
    if sender_country is not None and country and country != sender_country.strip().upper():
        lines.append(country_name(country).upper())
    return lines


def format_address_block(address: PostalAddress, *, sender_country: str | None = None) -> str:
    """`format_address` joined with newlines."""
    return "\n".join(format_address(address, sender_country=sender_country))


def courier_place(route: str, stop: str) -> str:
    """Where a courier package goes on the van: "Route 4 · Stop 17", or "" when neither is
    known. A value already typed as "Route 4" is not given the word twice."""

    def named(word: str, value: str) -> str:
        value = value.strip()
        if not value or value.casefold().startswith(word.casefold()):
            return value
        return f"{word} {value}"

    return " · ".join(part for part in (named("Route", route), named("Stop", stop)) if part)
