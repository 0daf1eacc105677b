"""Legacy encodings: decoded only when one decoding is plausible, else refused with advice."""

from __future__ import annotations

import hashlib

import pytest

from briefer.core.corpus import ImportRefused, decode_bytes, read_document

from .corpus_files import CP1252_TEXT, refusal, write

LATIN1 = "Négociations, café"
CP1252 = "The company’s “safety” narrative — once a premium — is evaporating.\r\n"
GBK = "美国国防部长要求该公司取消对其模型的军事用途限制，否则将取消合同。\n"
BIG5 = "美國國防部長要求該公司取消對其模型的軍事用途限制，否則將取消合約。\n"
SJIS = "米国防総省は、アンソロピックに対してモデルの軍事利用制限を撤廃するよう要求した。\n"
EUCKR = "미국 국방부는 앤트로픽에 군사적 사용 제한을 해제하라고 요구했다.\n"
RU = "Министерство обороны США потребовало снять ограничения.\n"
POLISH = "Zażółć gęślą jaźń, powiedział minister spraw zagranicznych.\n"


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


# -- legacy pages, UTF-16 and damaged UTF-8 read from files -----------------------------
GB_TEXT = ("美国国防部长要求Anthropic取消对其模型的军事用途限制，否则将取消价值两亿美元的合同。"
           "该公司同时指控三家中国实验室进行工业规模的蒸馏。\n")
BIG5_TEXT = ("美國國防部長要求該公司取消對其模型的軍事用途限制，否則將取消價值兩億美元的合約。"
             "該公司同時指控三家中國實驗室進行工業規模的蒸餾。\n")


@pytest.mark.parametrize("text, codec, expected", [
    (CP1252_TEXT, "cp1252", "cp1252"),
    (GB_TEXT, "gb18030", "gb18030"),
    (GB_TEXT, "gbk", "gb18030"),
    (BIG5_TEXT, "big5", "big5"),
])
def test_legacy_encodings_are_detected(tmp_path, text, codec, expected):
    doc = read_document(write(tmp_path, f"legacy-{codec}.txt", text.encode(codec)))
    assert doc.text == text
    assert doc.encoding == expected
    assert doc.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    text = "UTF-16 text — 中文 too\r\nline two\n"
    bom = "\ufeff".encode(codec)
    doc = read_document(write(tmp_path, "wide.txt", bom + text.encode(codec)))
    assert (doc.text, doc.encoding) == (text, "utf-16")


def test_accent_heavy_cp1252_is_not_mistaken_for_another_latin_page(tmp_path):
    text = "Café “quoted” résumé — naïve déjà vu. " * 200
    doc = read_document(write(tmp_path, "accents.txt", text.encode("cp1252")))
    assert (doc.text, doc.encoding) == (text, "cp1252")


def test_other_single_byte_pages_still_win_when_the_language_says_so():
    text = ("Dün açıklanan karar, yapay zekâ şirketinin Çin pazarından çekilmesi anlamına "
            "geliyor. Ağır bir darbe.\n")
    assert decode_bytes(text.encode("cp1254"), "tr.txt") == (text, "cp1254")
    text = "Министерство обороны США потребовало снять ограничения.\n"
    assert decode_bytes(text.encode("cp1251"), "ru.txt") == (text, "cp1251")


def test_damaged_utf8_is_refused_rather_than_read_as_mojibake(tmp_path):
    data = b"\xef\xbb\xbf" + "The company’s “safety” narrative. ".encode() * 30 + b"caf\xe9\n"
    reason = refusal(write(tmp_path, "damaged.txt", data)).reason
    assert "mostly UTF-8" in reason and f"byte {len(data) - 2}" in reason


def test_unrecognisable_bytes_are_refused():
    noise = bytes(range(0x80, 0x100)) * 20
    with pytest.raises(ImportRefused, match="not UTF-8 text and its encoding could not be "
                                            "recognised") as info:
        decode_bytes(noise, "/corpus/noise.txt")
    assert "noise.txt" in str(info.value)


def test_decode_bytes_plain_utf8():
    assert decode_bytes("naïve\r\n".encode(), "a.txt") == ("naïve\r\n", "utf-8")
