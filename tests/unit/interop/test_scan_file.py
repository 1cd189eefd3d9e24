"""Scan files end a scan at CR, LF or CRLF only; GS and its kin stay inside the scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from illdesk.interop.scan_file import ScanFileError, read_scan_file, split_scans


def test_only_cr_lf_and_crlf_end_a_scan() -> None:
    # Everything str.splitlines would also break on: FS GS RS, VT, FF, NEL, LS, PS.
    inside = "A\x1cB\x1dC\x1eD\x0bE\x0cF\x85G\u2028H\u2029I"
    assert split_scans(f"{inside}\r\nJ\rK\nL") == [inside, "J", "K", "L"]


def test_a_gs1_scan_with_its_group_separator_is_one_scan() -> None:
    assert split_scans("]C1B-25-000016\x1d10LOT7\r\n") == ["]C1B-25-000016\x1d10LOT7"]


def test_first_column_only_and_blank_lines_skipped() -> None:
    text = "B-26-000001,2026-11-20,10:31\r\n\r\n  \r\nb-26-000002\tx\r\n\x1b[2J\r\n"
    assert split_scans(text) == ["B-26-000001", "b-26-000002", "\x1b[2J"]


def test_a_file_is_read_as_utf8_with_its_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "upload.txt"
    path.write_bytes(b"\xef\xbb\xbfB-26-000001\r\n\xff\xfegarbled\r\n")
    assert read_scan_file(path) == ["B-26-000001", "\ufffd\ufffdgarbled"]
    with pytest.raises(ScanFileError, match="cannot be read"):
        read_scan_file(tmp_path / "missing.txt")
