"""Zip members are inflated with zlib-ng, checked as zipfile checks them (size and CRC-32)."""

from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path

import pytest

from gvc.errors import ImportValidationError
from gvc.imports import extract_member


def _zip(path: Path, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as z:
        z.writestr("BACI_HS17_Y2020_V202301.csv", data)
    return path


def _data() -> bytes:
    # SYNTHETIC: compressible text and random bytes, over several 16 MiB output steps
    rows = b"".join(b"2020,%d,36,71120,%d.5,NA\n" % (i % 300, i) for i in range(600_000))
    return rows + os.urandom(1 << 20) + rows[: 1 << 24]


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_a_member_comes_out_byte_for_byte(tmp_path: Path, method: int) -> None:
    data = _data()
    path = _zip(tmp_path / "r.zip", data, method)
    with zipfile.ZipFile(path) as z:
        out = extract_member(z, z.infolist()[0], tmp_path / "m.csv")
    assert out.read_bytes() == data


def _patch_central(path: Path, field: str, value: int) -> None:
    """Rewrite the CRC-32 or the uncompressed size in the central directory (a lying zip)."""
    raw = bytearray(path.read_bytes())
    at = raw.rfind(b"PK\x01\x02")
    offset = {"crc": 16, "size": 24}[field]
    raw[at + offset : at + offset + 4] = struct.pack("<I", value)
    path.write_bytes(bytes(raw))


def test_a_wrong_crc_is_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "r.zip", _data()[: 1 << 20])
    with zipfile.ZipFile(path) as z:
        crc = z.infolist()[0].CRC
    _patch_central(path, "crc", crc ^ 1)
    with zipfile.ZipFile(path) as z, pytest.raises(ImportValidationError, match="CRC-32"):
        extract_member(z, z.infolist()[0], tmp_path / "m.csv")


def test_a_member_larger_than_it_declares_is_refused(tmp_path: Path) -> None:
    path = _zip(tmp_path / "r.zip", b"t,i,j,k,v,q\n" * 100_000)
    _patch_central(path, "size", 1000)
    with zipfile.ZipFile(path) as z, pytest.raises(ImportValidationError):
        extract_member(z, z.infolist()[0], tmp_path / "m.csv")


def test_corrupt_deflate_data_is_a_clear_error(tmp_path: Path) -> None:
    path = _zip(tmp_path / "r.zip", _data()[: 1 << 22])
    with zipfile.ZipFile(path) as z:
        info = z.infolist()[0]
    raw = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename)
    for i in range(start + 100, start + 400):
        raw[i] ^= 0xFF
    path.write_bytes(bytes(raw))
    with zipfile.ZipFile(path) as z, pytest.raises(ImportValidationError, match="zip member"):
        extract_member(z, z.infolist()[0], tmp_path / "m.csv")
