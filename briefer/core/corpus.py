"""Read one corpus file into its exact text plus guessed metadata.

The text is what the analyst reads and annotates, so it is kept exactly as decoded:
no stripping, no newline or Unicode normalisation; only a UTF-8 BOM is dropped.
Markdown stays raw; HTML is reduced to its visible text, one line per block.
Anything that cannot be imported raises :class:`ImportRefused` with a one-line message.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field

from briefer.core import encodings, validate
from briefer.core.errors import InvalidInput
from briefer.core.corpus_html import html_to_text  # noqa: F401  (re-exported)
from briefer.core.metadata import guess_metadata

MAX_BYTES = 20 * 1024 * 1024  # files larger than this are refused
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".docx",
                      ".odt")
_FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
            ".xhtml": "html", ".pdf": "pdf", ".docx": "docx", ".odt": "odt"}

_SNIFF = 8192  # bytes / characters inspected for binary content
_MAX_CONTROL_RATIO = 0.05
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_MAGIC = ((b"%PDF-", "a PDF document"), (b"\x89PNG\r\n\x1a\n", "a PNG image"),
          (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"PK\x03\x04", "a ZIP archive (or a Word/Excel/EPUB file)"),
          (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"), (b"\x1f\x8b", "a gzip archive"))



class ImportRefused(Exception):
    """A file that cannot be imported; str() is a one-line message that names the file."""

    def __init__(self, path, reason: str):
        self.path = os.fspath(path)
        self.reason = reason
        name = os.path.basename(self.path) or self.path
        super().__init__(re.sub(r"[\r\n]+", " ", f"Cannot import {name}: {reason}"))

    def __reduce__(self):  # picklable, e.g. across a worker process
        return type(self), (self.path, self.reason)


@dataclass
class ReadDocument:
    path: str  # absolute path
    text: str  # the text exactly as read (for .html: the visible text)
    sha256: str  # hex sha256 of `text` encoded UTF-8
    format: str  # "txt" | "md" | "html" | "pdf" | "docx" | "odt"
    encoding: str  # codec the bytes were decoded with, e.g. "utf-8", "utf-8-sig", "gb18030"
    title: str | None
    outlet: str | None
    author: str | None
    date: str | None  # ISO "YYYY-MM-DD"
    language: str | None = None  # None: detected from the text when stored
    url: str | None = None  # the page's canonical URL, or the URL it was fetched from
    accessed: str | None = None  # ISO date a URL was fetched
    pages: list[int] | None = None  # a PDF's page start offsets (code points)
    notes: list[str] = field(default_factory=list)  # to tell the analyst (e.g. a fallback)


def _size(n: int) -> str:
    if n >= 1048576:
        return f"{n / 1048576:.1f} MB ({n:,} bytes)" if n % 1048576 else f"{n // 1048576} MB"
    return f"{n:,} bytes"


def read_document(path, encoding: str | None = None, whole_page: bool = False) -> ReadDocument:
    """Read, decode and describe one corpus file; raises ImportRefused.

    ``encoding`` (a codec name) decodes the file as that instead of recognising it;
    ``whole_page`` keeps a web page's whole visible text instead of its article.
    """
    abspath = os.path.abspath(os.fspath(path))
    suffix = os.path.splitext(abspath)[1].lower()
    if os.path.isdir(abspath):
        raise ImportRefused(abspath, "it is a folder, not a file; give the files in it")
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        raise ImportRefused(abspath, f"unsupported file type {suffix or '(no extension)'!r}; "
                                     f"supported: {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        st = os.stat(abspath)
    except FileNotFoundError:
        raise ImportRefused(abspath, "the file does not exist (or is a broken link)") from None
    except OSError as exc:
        raise ImportRefused(abspath, _os_reason(exc, "accessed")) from None
    if not stat.S_ISREG(st.st_mode):
        raise ImportRefused(abspath, f"it is not a regular file (it is {_kind(st.st_mode)})")
    if st.st_size > MAX_BYTES:
        raise ImportRefused(abspath, f"the file is {_size(st.st_size)}, "
                                     f"over the {_size(MAX_BYTES)} limit")
    data = _read_regular(abspath)
    return read_bytes(data, abspath, fmt, encoding=encoding, whole_page=whole_page)


def read_bytes(data: bytes, path: str, fmt: str, *, encoding: str | None = None,
               whole_page: bool = False, url: str | None = None,
               accessed: str | None = None) -> ReadDocument:
    """Describe a file's (or a fetched page's) bytes in format ``fmt``; ImportRefused."""
    name = os.path.basename(path.rstrip("/")) or path
    extra: dict = {"url": url, "accessed": accessed}
    if fmt in ("pdf", "docx", "odt"):
        text, meta, used = _read_binary(data, path, fmt, extra)
    else:
        text, used = decode_bytes(data, path, encoding)
        meta = {}
        if fmt == "html":
            from briefer.core.corpus_web import read_html

            page = read_html(text, whole_page=whole_page, url=url)
            if not page.text.strip():
                raise ImportRefused(path, "the page has no visible text")
            text = page.text
            meta = {"title": page.title, "outlet": page.outlet, "author": page.author,
                    "date": page.date}
            extra.update(language=page.language, url=page.url or url, notes=page.notes)
        elif fmt == "md":
            from briefer.core.corpus_md import markdown_to_text

            meta = guess_metadata(text)  # front matter and "# Heading" still say something
            text = markdown_to_text(text)
            if not text.strip():
                raise ImportRefused(path, "the file has no text besides Markdown markup")
    guessed = guess_metadata(text, name)
    meta = {key: _clip(meta.get(key) or value) for key, value in guessed.items()}
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return ReadDocument(path=path, text=text, sha256=digest, format=fmt, encoding=used,
                        **meta, **extra)


def _read_binary(data: bytes, path: str, fmt: str, extra: dict) -> tuple[str, dict, str]:
    if fmt == "pdf":
        from briefer.core import corpus_pdf

        if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
            raise ImportRefused(path, "it is not a PDF (it does not start with %PDF-)")
        try:
            pdf = corpus_pdf.read_pdf(data)
        except (corpus_pdf.NoTextLayer, corpus_pdf.Unreadable) as exc:
            raise ImportRefused(path, str(exc)) from None
        extra["pages"] = pdf.pages
        return pdf.text, {"title": pdf.title, "author": pdf.author, "date": pdf.date}, "pdf"
    from briefer.core import corpus_office

    try:
        doc = corpus_office.read_office(data, fmt)
    except corpus_office.Unreadable as exc:
        raise ImportRefused(path, str(exc)) from None
    if not doc.text.strip():
        raise ImportRefused(path, "the document has no text")
    return doc.text, {"title": doc.title, "author": doc.author, "date": doc.date}, fmt


def _read_regular(path: str) -> bytes:
    """The file's bytes; opened without blocking (a FIFO swapped in after the stat must not
    hang the import) and checked again on the open descriptor."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ImportRefused(path, "the file disappeared before it could be read") from None
    except OSError as exc:
        raise ImportRefused(path, _os_reason(exc, "read")) from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ImportRefused(path, f"it is not a regular file (it is {_kind(st.st_mode)})")
        try:
            data = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            raise ImportRefused(path, _os_reason(exc, "read")) from None
    if len(data) > MAX_BYTES:  # grew after the stat
        raise ImportRefused(path, f"the file is over the {_size(MAX_BYTES)} limit")
    return data


def _os_reason(exc: OSError, verb: str) -> str:
    if exc.errno == errno.ELOOP:
        return "it is a symbolic link that loops back on itself"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"the file cannot be {verb}: permission denied"
    return f"the file cannot be {verb} ({exc.strerror or exc})"


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))
    return next((what for test, what in kinds if test(mode)), "not a plain file")


def _clip(value: str | None) -> str | None:
    """Guessed metadata within the stored limit (a page's <title> can be any length)."""
    if value and len(value) > validate.MAX_TITLE:
        return value[: validate.MAX_TITLE - 1].rstrip() + "…"
    return value


def decode_bytes(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode file bytes to (text, encoding): BOM, then strict UTF-8, then a legacy encoding
    only when exactly one is plausible (``encoding`` forces a codec instead).

    Refuses empty, whitespace-only, binary (a NUL byte anywhere) and unrecognisable content.
    """
    if not data:
        raise ImportRefused(name, "the file is empty")
    head = data[:_SNIFF]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise ImportRefused(name, f"it is {kind}, not text")
    bom_encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is not None:
        codec = check_encoding(encoding)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise ImportRefused(name, f"it is not valid {codec} (byte {exc.start} cannot be "
                                      f"decoded); check the encoding") from None
        text, encoding = text.removeprefix("\ufeff"), codec
    elif bom_encoding:
        try:
            text, encoding = data.decode(bom_encoding), bom_encoding
        except UnicodeDecodeError:
            raise ImportRefused(name, f"it starts with a {bom_encoding} byte-order mark "
                                      f"but is not valid {bom_encoding}") from None
    elif b"\x00" in data:
        at = data.index(b"\x00")
        raise ImportRefused(name, "it looks like a binary file (it contains a NUL byte, the "
                                  f"first at byte {at}), not text")
    else:
        bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
        try:
            text, encoding = data[len(bom):].decode("utf-8"), "utf-8-sig" if bom else "utf-8"
        except UnicodeDecodeError as exc:
            lossy = data.decode("utf-8", "replace")
            damaged = lossy.count("\ufffd")
            valid_non_ascii = len(lossy) - len(lossy.encode("ascii", "ignore")) - damaged
            if valid_non_ascii > damaged:  # broken UTF-8, not legacy text: don't guess mojibake
                raise ImportRefused(name, "it is mostly UTF-8 but has invalid bytes (the first "
                                          f"at byte {len(bom) + exc.start}); re-save it as UTF-8"
                                    ) from None
            text, encoding = _guess_encoding(data, name)
    if "\x00" in text:
        raise ImportRefused(name, "it looks like a binary file (it contains a NUL character "
                                  f"at character {text.index(chr(0))}), not text")
    sample = text[:_SNIFF]
    controls = sum(1 for c in sample if c not in "\t\n\r\f\v" and unicodedata.category(c) == "Cc")
    if controls > _MAX_CONTROL_RATIO * len(sample):
        raise ImportRefused(name, "it looks like a binary file (many control characters), not text")
    if not text.strip():
        raise ImportRefused(name, "the file contains only whitespace")
    return text, encoding


def _guess_encoding(data: bytes, name: str) -> tuple[str, str]:
    """Decode non-UTF-8 bytes with the one plausible legacy encoding (see ``encodings``),
    or refuse, naming the likely encodings and how to convert."""
    try:
        text, codec = encodings.recognise(data)
    except encodings.Undecidable as exc:
        likely = " or ".join(lbl for _, lbl in exc.candidates)
        if not exc.candidates:
            fits = ", ".join(lbl.split(" (")[0] for _, lbl in encodings.CANDIDATES)
            why = f"none of {fits} fits"
        else:
            why = f"it {'could' if len(exc.candidates) > 1 else 'may'} be {likely}"
        example = codecs.lookup(exc.candidates[0][0]).name if exc.candidates else "ENCODING"
        raise ImportRefused(name, f"it is not UTF-8 text and its encoding could not be "
                                  f"recognised with confidence ({why}); convert it to UTF-8 "
                                  f"(e.g. iconv -f {example} -t UTF-8) or import it with "
                                  "--encoding NAME") from None
    return text, codecs.lookup(codec).name


def check_encoding(encoding: str) -> str:
    """The codec's canonical name; InvalidInput if Python knows no such text encoding."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise InvalidInput(f"{encoding!r} is not a text encoding Briefer knows "
                           "(e.g. utf-8, cp1252, latin-1, gb18030, big5, shift_jis, euc_kr).")
    return info.name


_MIME_FORMATS = {"text/html": "html", "application/xhtml+xml": "html", "application/pdf": "pdf",
                 "text/plain": "txt", "text/markdown": "md",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
                 "application/vnd.oasis.opendocument.text": "odt"}


def format_of_fetched(got) -> str:
    """The format of a fetched page: its Content-Type, else its URL's suffix, else HTML."""
    if got.content_type in _MIME_FORMATS:
        return _MIME_FORMATS[got.content_type]
    suffix = os.path.splitext(got.final_url.split("?")[0].split("#")[0])[1].lower()
    return _FORMATS.get(suffix, "html")
