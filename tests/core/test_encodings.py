"""Legacy encodings: decoded only when one decoding is plausible, else refused with advice."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefer.core.corpus import ImportRefused, decode_bytes, read_document

LATIN1 = "Négociations, café"
CP1252 = "The company’s “safety” narrative — once a premium — is evaporating.\r\n"
GBK = "美国国防部长要求该公司取消对其模型的军事用途限制，否则将取消合同。\n"
BIG5 = "美國國防部長要求該公司取消對其模型的軍事用途限制，否則將取消合約。\n"
SJIS = "米国防総省は、アンソロピックに対してモデルの軍事利用制限を撤廃するよう要求した。\n"
EUCKR = "미국 국방부는 앤트로픽에 군사적 사용 제한을 해제하라고 요구했다.\n"
RU = "Министерство обороны США потребовало снять ограничения.\n"
POLISH = "Zażółć gęślą jaźń, powiedział minister spraw zagranicznych.\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("text, codec, expected", [
    (LATIN1, "latin-1", "cp1252"),            # was read as cp775: "Nķgociations, cafķ"
    (LATIN1 + "\n", "latin-1", "cp1252"),
    (CP1252, "cp1252", "cp1252"),             # curly quotes and dashes only
    (GBK, "gbk", "gb18030"), (BIG5, "big5", "big5"), (SJIS, "shift_jis", "cp932"),
    (EUCKR, "euc_kr", "cp949"), (RU, "cp1251", "cp1251"), (RU, "koi8_r", "koi8-r"),
])
def test_files_in_common_legacy_encodings_are_read_exactly(tmp_path, text, codec, expected):
    doc = read_document(write(tmp_path, f"{codec}.txt", text.encode(codec)))
    assert (doc.text, doc.encoding) == (text, expected)


def test_an_unclear_encoding_is_refused_with_the_way_out(tmp_path):
    path = write(tmp_path, "polish.txt", POLISH.encode("cp1250"))
    with pytest.raises(ImportRefused) as info:
        read_document(path)
    message = str(info.value)
    assert "polish.txt" in message and "\n" not in message
    assert "encoding could not be recognised with confidence" in message
    assert "windows-1252" in message and "iconv" in message and "--encoding NAME" in message


def test_the_refusal_names_the_plausible_encodings():
    # Two bytes of GBK "中" are also valid Big5 and both read as common characters.
    with pytest.raises(ImportRefused, match=r"it (may|could) be .*(GB18030|Big5)"):
        decode_bytes("中文".encode("gbk"), "short.txt")


def test_an_explicit_encoding_is_used_and_checked(tmp_path):
    path = write(tmp_path, "polish.txt", POLISH.encode("cp1250"))
    doc = read_document(path, encoding="cp1250")
    assert (doc.text, doc.encoding) == (POLISH, "cp1250")
    with pytest.raises(ImportRefused, match=r"not valid utf-8 \(byte 2 cannot be decoded\)"):
        read_document(path, encoding="utf-8")


@pytest.mark.parametrize("offset", [0, 100, 8192, 50_000])
def test_a_nul_byte_anywhere_is_binary(tmp_path, offset):
    data = bytearray(b"plain text line\n" * 4000)
    data[offset] = 0
    with pytest.raises(ImportRefused, match=f"contains a NUL byte, the first at byte {offset}"):
        read_document(write(tmp_path, "blob.txt", bytes(data)))


def test_a_nul_character_in_utf16_is_binary(tmp_path):
    data = "\ufefftext\x00more".encode("utf-16-le")
    with pytest.raises(ImportRefused, match="contains a NUL character at character 4"):
        read_document(write(tmp_path, "wide.txt", data))


def test_an_over_long_page_title_is_clipped_not_refused(tmp_path):
    html = f"<html><head><title>{'T' * 5000}</title></head><body><p>Body text.</p></body></html>"
    doc = read_document(write(tmp_path, "page.html", html.encode()))
    assert len(doc.title) == 1000 and doc.title.endswith("…")
