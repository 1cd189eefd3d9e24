"""The demo workspace's made-up names and places, read from `illdesk/resources/demo/names.json`.

The lists are data, not code: a translator or a library trying ILL Desk can change them without
reading Python. Their order matters, because the demo draws from them with a seeded random
generator, so the same seed gives the same workspace.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

from illdesk import resources

DATA_FILE = "demo/names.json"


@dataclass(frozen=True, slots=True)
class DemoNames:
    """Every list the demo draws from (see the data file for what each holds)."""

    cities: tuple[tuple[str, str, str], ...]  # city, region, postal code
    library_kinds: tuple[tuple[str, str], ...]  # name pattern with {c}, department
    foreign_libraries: tuple[
        tuple[str, str, str, str, str], ...
    ]  # name, city, region, post, country
    foreign_streets: tuple[str, ...]
    library_streets: tuple[str, ...]
    given_names: tuple[str, ...]
    surnames: tuple[str, ...]
    topics: tuple[str, ...]
    title_frames: tuple[str, ...]  # patterns with {t}, {u} (topics) and {r} (a region)
    regions: tuple[str, ...]
    journals: tuple[tuple[str, str], ...]  # title, ISSN
    publishers: tuple[tuple[str, str], ...]  # name, place
    distance_towns: tuple[tuple[str, str, str, str], ...]  # city, region, postal code, country
    home_streets: tuple[str, ...]


def read_resource(relative: str) -> str:
    """A text file shipped in the package (`illdesk.resources`, decision 0006), e.g.
    `demo/names.json`: the same file in a checkout, an editable install and a wheel."""
    return resources.read_bytes(*relative.split("/")).decode("utf-8")


@functools.cache
def demo_names() -> DemoNames:
    """The demo's name lists (read once)."""
    data: dict[str, Any] = json.loads(read_resource(DATA_FILE))

    def rows(key: str, *fields: str) -> tuple[Any, ...]:
        return tuple(tuple(str(entry[f]) for f in fields) for entry in data[key])

    def words(key: str) -> tuple[str, ...]:
        return tuple(str(word) for word in data[key])

    return DemoNames(
        cities=rows("cities", "city", "region", "postal_code"),
        library_kinds=rows("library_kinds", "name", "department"),
        foreign_libraries=rows(
            "foreign_libraries", "name", "city", "region", "postal_code", "country"
        ),
        foreign_streets=words("foreign_streets"),
        library_streets=words("library_streets"),
        given_names=words("given_names"),
        surnames=words("surnames"),
        topics=words("topics"),
        title_frames=words("title_frames"),
        regions=words("regions"),
        journals=rows("journals", "title", "issn"),
        publishers=rows("publishers", "name", "place"),
        distance_towns=rows("distance_towns", "city", "region", "postal_code", "country"),
        home_streets=words("home_streets"),
    )
