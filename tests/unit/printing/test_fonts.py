"""Fonts: every glyph of every script we promise is in a shipped font; runs pick the right one."""

from __future__ import annotations

import pytest

from illdesk.printing import fonts
from illdesk.printing.samples import ABROAD, SCRIPT_SAMPLES


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("script", sorted(SCRIPT_SAMPLES))
def test_every_glyph_of_the_samples_is_present(script: str, bold: bool) -> None:
    sample = SCRIPT_SAMPLES[script]
    assert fonts.missing_chars(sample, bold=bold) == set()
    for run in fonts.runs(sample, bold=bold):
        for char in run.text:
            if char.isspace():
                continue
            # No .notdef: the font chosen for the run really maps the character.
            assert fonts.has_glyph(run.font, char), (script, char, run.font)


def test_every_address_abroad_has_all_glyphs() -> None:
    for address in ABROAD.values():
        for field in (address.name, address.department, address.street, address.city):
            assert fonts.missing_chars(field) == set(), field


def test_missing_glyph_is_reported() -> None:
    # A private-use character and Tamil are in none of the shipped fonts.
    assert fonts.missing_chars("abc\ue000") == {"\ue000"}
    assert "த" in fonts.missing_chars("தமிழ்")


def test_runs_split_by_script() -> None:
    runs = fonts.runs("Library 図書館 and مكتبة")
    assert [run.font for run in runs] == [
        "IllNotoSans",
        "IllDroidSansFallback",
        "IllNotoSans",
        "IllNotoSansArabic",
    ]
    assert "".join(run.text for run in runs) == "Library 図書館 and مكتبة"


def test_hangul_goes_to_the_korean_font() -> None:
    (run,) = fonts.runs("서울대학교")
    assert run.font == "IllNanumGothic"


def test_bold_cjk_is_thickened_not_missing() -> None:
    (run,) = fonts.runs("図書館", bold=True)
    assert fonts.needs_fake_bold(run.font, bold=True)
    assert not fonts.needs_fake_bold("IllNotoSans-Bold", bold=True)


def test_shipped_fonts_are_truetype_and_licensed() -> None:
    folder = fonts.font_dir()
    for face in (*fonts.chain(), *fonts.chain(bold=True)):
        data = (folder / face.filename).read_bytes()[:4]
        # TrueType outlines (not CFF), which ReportLab can embed.
        assert data == b"\x00\x01\x00\x00", face.filename
    assert (folder / "OFL-1.1.txt").is_file()
    assert (folder / "LICENSE-Apache-2.0.txt").is_file()
    total = sum(path.stat().st_size for path in folder.glob("*.ttf"))
    assert total < 25 * 1024 * 1024
