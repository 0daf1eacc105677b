"""Corpus files for the reading tests: written into a test's folder, and refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefer.core.corpus import ImportRefused, read_document

#: Text that is cp1252 in a legacy file: curly quotes, dashes, accents, the euro sign.
CP1252_TEXT = ("The company’s “safety” narrative — once a premium — is evaporating, "
               "said the café’s owner. Prix: 5 €.\r\nSecond line…\r\n")


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    """A file ``name`` in ``tmp_path`` holding ``data`` (text as UTF-8)."""
    path = tmp_path / name
    if isinstance(data, str):
        path.write_bytes(data.encode("utf-8"))
    else:
        path.write_bytes(data)
    return path


def refusal(path: Path) -> ImportRefused:
    """Why reading ``path`` is refused: a one-line message naming the file."""
    with pytest.raises(ImportRefused) as info:
        read_document(path)
    message = str(info.value)
    assert path.name in message
    assert "\n" not in message
    assert info.value.path == str(path)
    return info.value
