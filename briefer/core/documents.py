"""Documents of a project: import, metadata, text updates with re-anchoring, search."""

from __future__ import annotations

import builtins
import json
import os
from dataclasses import dataclass, field
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import anchoring, chunks, fetch, projectfile, textlang, validate
from .base import Store
from .errors import InvalidInput
from .text import is_iso_date, is_language_tag
from .records import Document

if TYPE_CHECKING:       # reading files (``corpus``) is imported by the first import, not at open
    from . import corpus

#: Columns listed for documents (everything but the text).
DOC_COLUMNS = tuple(c for c in Document.columns() if c != "text")
EDITABLE_DOC_FIELDS = Document.editable()


@dataclass
class ImportResult:
    path: str
    status: str                      # "added" | "unchanged" | "updated" | "refused"
    doc_id: str | None = None
    message: str = ""
    relocated: int = 0               # quotes found again after an update
    orphaned: int = 0                # quotes that could not be found again


@dataclass
class ReanchorReport:
    doc_id: str
    # "position"/"context"/"fuzzy" -> count
    by_method: dict[str, int] = field(default_factory=dict)
    orphaned: list[str] = field(default_factory=list)    # quote ids

    @property
    def relocated(self) -> int:
        return sum(self.by_method.values())


def sha256(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Documents:
    """The documents of a project (``project.documents``)."""

    def __init__(self, store: Store):
        self._store = store
        self._listed: tuple[tuple[int, int], tuple[Document, ...]] | None = None

    # -- reading ---------------------------------------------------------------
    def list(self) -> list[Document]:
        """All documents (no text), with ``chars`` (stored beside the text: no text is read)
        and ``quotes`` counts, by date then title. Read again only when the file changed
        since the last listing (the views opening a project share one read)."""
        mark = self._store.mark()
        if mark is not None and self._listed is not None and self._listed[0] == mark:
            return builtins.list(self._listed[1])
        cols = ", ".join(f"d.{c}" for c in DOC_COLUMNS)
        with validate.stored_text("a document's metadata"):
            docs = [Document.from_row(r) for r in self._store.db.query(
                f"""SELECT {cols}, coalesce(d.chars, length(d.text)) AS chars,
                       (SELECT COUNT(*) FROM quotes q WHERE q.doc_id = d.id) AS quotes
                    FROM documents d ORDER BY d.date IS NULL, d.date, d.title COLLATE NOCASE""")]
        self._listed = (mark, tuple(docs)) if mark is not None else None
        return docs

    def quote_counts(self, docs: Iterable[str] | None = None) -> dict[str, int]:
        """How many quotes each document (or each of ``docs``, by id) has; documents without
        any are absent. Counted over the quotes' document index: what a list shows again
        after a quote changed."""
        if docs is None:
            return dict(self._store.db.execute(
                "SELECT doc_id, COUNT(*) FROM quotes GROUP BY doc_id"))
        ids = list(dict.fromkeys(docs))
        marks = ", ".join("?" * len(ids))
        return dict(self._store.db.execute(
            f"SELECT doc_id, COUNT(*) FROM quotes WHERE doc_id IN ({marks}) GROUP BY doc_id",
            ids)) if ids else {}

    def get(self, doc_id: str) -> Document:
        """One document with its text; ``doc_id`` may be a unique id prefix (or file name)."""
        doc_id = self.resolve(doc_id)
        with validate.stored_text(f"a document ({doc_id})"):
            return Document.from_row(self._store.row("documents", doc_id))

    def resolve(self, ref: str) -> str:
        """The id of a document given its id, a unique id prefix or its file name."""
        ref = validate.valid(ref or "", "document id")
        return self._store.resolve_ref("documents", ref, "document", alt_column="source_name")

    # -- adding ----------------------------------------------------------------
    def add(self, text: str, *, title: str | None = None, outlet: str | None = None,
            author: str | None = None, date: str | None = None,
            language: str | None = None, source_path: str | None = None,
            fmt: str = "txt", encoding: str = "utf-8", url: str | None = None,
            accessed: str | None = None, pages: Sequence[int] | None = None) -> str:
        """Store a new document exactly as given; return its id."""
        self._store.writable()
        validate.text(text, "document's text", validate.MAX_DOCUMENT)
        for what, value in (("title", title), ("outlet", outlet), ("author", author)):
            validate.optional(value, what, validate.MAX_TITLE)
        if not text.strip():
            raise InvalidInput("A document needs some text.")
        stamp = self._store.now()
        doc_id = self._store.new_id()
        row = {
            "id": doc_id, "title": title or (Path(source_path).stem if source_path else "Untitled"),
            "outlet": outlet, "author": author, "date": date,
            "language": language or textlang.detect_language(text, default="und"),
            "text": text, "chars": len(text), "sha256": sha256(text), "source_path": source_path,
            "source_name": (source_path if fetch.is_url(source_path) else Path(source_path).name)
            if source_path else None,
            "format": fmt, "encoding": encoding, "imported_at": stamp, "updated_at": stamp,
            "url": url, "accessed": accessed, "pages": json.dumps(pages) if pages else None,
        }
        with self._store.db.atomic():       # the text and its pieces together
            self._store.table("documents").insert(row)
            chunks.write(self._store.db, doc_id, text)
        return doc_id

    def import_file(self, path: str | os.PathLike, encoding: str | None = None,
                    whole_page: bool = False) -> ImportResult:
        """Import one file (or an http(s) URL); a known file with new text is updated and its
        quotes re-anchored.

        ``encoding`` (a codec name) decodes the file as that instead of recognising it;
        ``whole_page`` keeps a web page's whole visible text instead of its article.
        A file that cannot be imported gives a "refused" result with the reason, never raises.
        """
        from . import corpus

        self._store.writable()
        if fetch.is_url(os.fspath(path)):
            return self._import_url(os.fspath(path), encoding, whole_page)
        path = os.path.abspath(os.fspath(path))
        try:
            path = str(Path(path).resolve())
        except (OSError, RuntimeError):  # a symlink loop: read_document says so
            pass
        try:
            validate.valid(path, "file name")
        except InvalidInput:
            shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            return ImportResult(shown, "refused", message=str(corpus.ImportRefused(
                shown, "its name is not valid UTF-8 text; rename the file")))
        try:
            self._refuse_project_file(path)
            read = corpus.read_document(path, encoding=encoding, whole_page=whole_page)
        except corpus.ImportRefused as exc:
            return ImportResult(path, "refused", message=str(exc))
        try:
            with self._store.db.atomic():
                # One immediate transaction: another process importing the same text at
                # the same moment waits here, then finds it ("unchanged"), never a duplicate.
                return self._store_read(path, read)
        except InvalidInput as exc:
            return ImportResult(path, "refused", message=str(corpus.ImportRefused(path, str(exc))))

    def _import_url(self, url: str, encoding: str | None, whole_page: bool) -> ImportResult:
        """Fetch a page (see :mod:`fetch`) and import it like a file; the URL is its path."""
        from . import corpus

        try:
            got = fetch.fetch(url)
            read = corpus.read_bytes(got.data, url, corpus.format_of_fetched(got),
                                     encoding=encoding or _known_codec(got.charset),
                                     whole_page=whole_page,
                                     url=got.final_url, accessed=got.accessed)
        except fetch.FetchFailed as exc:
            return ImportResult(url, "refused", message=str(exc))
        except corpus.ImportRefused as exc:
            return ImportResult(url, "refused", message=str(exc))
        try:
            with self._store.db.atomic():
                return self._store_read(url, read)
        except InvalidInput as exc:
            return ImportResult(url, "refused", message=str(corpus.ImportRefused(url, str(exc))))

    def _refuse_project_file(self, path: str) -> None:
        """Never read the project file (or its -wal/-shm) as a document, even via a symlink:
        closing any descriptor of it would drop this process's SQLite locks."""
        from . import corpus

        try:
            target = os.stat(path)
        except OSError:
            return  # read_document reports it
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                mine = os.stat(f"{self._store.path}{suffix}")
            except OSError:
                continue
            if (mine.st_dev, mine.st_ino) == (target.st_dev, target.st_ino):
                raise corpus.ImportRefused(path, "it is this project's own database file")
        if projectfile.is_held(Path(path)) or projectfile.protected_target(Path(path)):
            raise corpus.ImportRefused(path, "it is a Briefer project file (or one of its SQLite "
                                       "files), not an article; open it as a project instead")

    def _store_read(self, path: str, read: corpus.ReadDocument) -> ImportResult:
        same = self._store.db.execute("SELECT id FROM documents WHERE sha256 = ?",
                                      [read.sha256]).fetchone()
        if same:
            return ImportResult(path, "unchanged", same[0], "already in the project")
        known = self._known_document(path)
        notes = "; ".join(read.notes)
        if known:
            report = self.update_text(known, read.text)
            self._store.table("documents").update(known, {
                "pages": json.dumps(read.pages) if read.pages else None,
                **{k: v for k, v in (("url", read.url), ("accessed", read.accessed)) if v}})
            return ImportResult(path, "updated", known, "; ".join(
                filter(None, ["new version; quotes re-anchored", notes])),
                report.relocated, len(report.orphaned))
        doc_id = self.add(
            read.text, title=read.title, outlet=read.outlet, author=read.author, date=read.date,
            language=read.language, source_path=path, fmt=read.format, encoding=read.encoding,
            url=read.url, accessed=read.accessed, pages=read.pages)
        return ImportResult(path, "added", doc_id, notes)

    def import_files(self, paths: Iterable[str | os.PathLike[str]],
                     progress: Callable[[int, int, ImportResult], object] | None = None,
                     encoding: str | None = None,
                     whole_page: bool = False) -> builtins.list[ImportResult]:
        """Import many files, each committed on its own; refusals do not stop the batch.

        ``progress(done, total, result)`` is called after each file; returning False stops.
        ``encoding`` (a codec name) is used for every file instead of recognising one.
        """
        if encoding is not None:
            from . import corpus

            corpus.check_encoding(encoding)
        paths = list(paths)
        results = []
        for i, path in enumerate(paths, 1):
            result = self.import_file(path, encoding=encoding, whole_page=whole_page)
            results.append(result)
            if progress is not None and progress(i, len(paths), result) is False:
                break
        return results

    def _known_document(self, path: str) -> str | None:
        """The document this file is a new version of: same path, or the same file name when
        the document's original file is gone (moved) — never another folder's namesake."""
        row = self._store.db.execute("SELECT id FROM documents WHERE source_path = ?",
                                     [path]).fetchone()
        if row:
            return row[0]
        rows = self._store.db.execute("SELECT id, source_path FROM documents WHERE source_name = ?",
                               [Path(path).name]).fetchall()
        moved = [r[0] for r in rows if not r[1] or not Path(r[1]).exists()]
        return moved[0] if len(moved) == 1 else None

    # -- changing --------------------------------------------------------------
    def update(self, doc_id: str, **fields: str | None) -> None:
        """Edit metadata: any of title, outlet, author, date (ISO), language, url, accessed
        (ISO date or time), source_type (``grading.SOURCE_TYPES``), reliability (A–F) and
        reliability_reason (one line)."""
        self._store.writable()
        unknown = set(fields) - set(EDITABLE_DOC_FIELDS)
        if unknown:
            raise InvalidInput(f"Unknown document field(s): {', '.join(sorted(unknown))}.")
        doc_id = self.resolve(doc_id)
        _check_fields(fields)
        fields = _sourcing_fields(fields)
        self._store.table("documents").update(doc_id, {**fields, "updated_at": self._store.now()})

    def update_text(self, doc_id: str, new_text: str) -> ReanchorReport:
        """Replace a document's text and find each of its quotes again in the new text."""
        self._store.writable()
        validate.text(new_text, "document's text", validate.MAX_DOCUMENT)
        doc = self.get(doc_id)
        report = ReanchorReport(doc.id)
        rows = [dict(r) for r in self._store.db.query(
            "SELECT id, exact, prefix, suffix, start_cp AS start FROM quotes WHERE doc_id = ?",
            [doc.id])]
        anchors = anchoring.relocate_all(doc.text, new_text, rows)
        stamp = self._store.now()
        with self._store.db.atomic():
            self._store.table("documents").update(doc.id, {
                "text": new_text, "chars": len(new_text), "sha256": sha256(new_text),
                "updated_at": stamp})
            chunks.write(self._store.db, doc.id, new_text)
            for row, anchor in zip(rows, anchors):
                if anchor is None:
                    report.orphaned.append(row["id"])
                    self._store.table("quotes").update(
                        row["id"], {"orphaned": 1, "updated_at": stamp})
                    continue
                report.by_method[anchor.method] = report.by_method.get(anchor.method, 0) + 1
                prefix, suffix = anchoring.context(new_text, anchor.start, anchor.end)
                self._store.table("quotes").update(row["id"], {
                    "start_cp": anchor.start, "end_cp": anchor.end,
                    "exact": new_text[anchor.start:anchor.end], "prefix": prefix,
                    "suffix": suffix, "orphaned": 0, "updated_at": stamp})
        return report

    def delete(self, doc_id: str) -> None:
        """Remove a document and its quotes."""
        self._store.writable()
        doc_id = self.resolve(doc_id)
        self._store.table("documents").delete(doc_id)

    # -- search ----------------------------------------------------------------
    def search(self, query: str, limit: int = 100) -> builtins.list[Document]:
        """Documents whose title or text match ``query`` (FTS5; CJK by substring)."""
        if not query.strip():
            return []
        validate.text(query, "search", validate.MAX_SEARCH)
        cols = ", ".join(f"d.{c}" for c in DOC_COLUMNS)
        match = fts_query(query)
        if match is None:
            sql = (f"SELECT {cols} FROM documents d "
                   "WHERE instr(d.text, :q) OR instr(d.title, :q) LIMIT :n")
            params = {"q": query.strip(), "n": limit}
            with validate.stored_text("a document"):
                return [Document.from_row(r) for r in self._store.db.query(sql, params)]
        sql = (f"SELECT {cols} FROM documents_fts f JOIN documents d ON d.rowid = f.rowid "
               "WHERE documents_fts MATCH :q ORDER BY f.rank LIMIT :n")
        with validate.stored_text("a document"):
            rows = self._store.db.query(sql, {"q": match, "n": limit})
            return [Document.from_row(r) for r in rows]


def _known_codec(name: str | None) -> str | None:
    """A charset a server declared, if Python knows it (else the bytes are recognised)."""
    from . import corpus

    try:
        return corpus.check_encoding(name) if name else None
    except InvalidInput:
        return None


def _check_fields(fields: dict[str, str | None]) -> None:
    """Refuse metadata a brief could not print: an empty title, a date that is not ISO
    (YYYY, YYYY-MM or YYYY-MM-DD, a real day), a language that is not a BCP-47 tag."""
    for key, value in fields.items():
        validate.optional(value, key, validate.MAX_URL if key == "url" else validate.MAX_TITLE)
    if "title" in fields and not (fields["title"] or "").strip():
        raise InvalidInput("A document needs a title.")
    date = fields.get("date")
    if date and not is_iso_date(date):
        raise InvalidInput(f"{date!r} is not a date: write YYYY-MM-DD (or YYYY-MM, YYYY).")
    language = fields.get("language")
    if language is not None and not is_language_tag(language):
        raise InvalidInput(f"{language!r} is not a language tag (e.g. en, fr, zh-Hans, und).")


def _sourcing_fields(fields: dict[str, str | None]) -> dict[str, str | None]:
    """The sourcing fields checked and normalised ("" clears url and accessed)."""
    out = dict(fields)
    if "url" in out:
        out["url"] = validate.url(out["url"])
    if "accessed" in out:
        out["accessed"] = validate.iso_moment(out["accessed"], "access date")
    if "source_type" in out:
        out["source_type"] = validate.source_type(out["source_type"] or "unknown")
    if "reliability" in out:
        out["reliability"] = validate.reliability(out["reliability"] or "F")
    if "reliability_reason" in out:
        reason = " ".join((out["reliability_reason"] or "").split())
        out["reliability_reason"] = validate.text(reason, "reliability reason", validate.MAX_REASON)
    return out


def fts_query(query: str) -> str | None:
    """The user's text as a safe FTS5 query: each whitespace-separated token double-quoted
    (a ``"`` in it doubled), all tokens required (implicit AND).

    So nothing typed is FTS syntax: quotes, parentheses, AND/OR/NOT/NEAR, ``*``, ``-``,
    ``^`` and ``:`` are text, which FTS5's tokenizer then splits into words as it does the
    stored text. A token without a letter or digit is dropped. None when the text must be
    searched by substring instead: it has CJK (see :func:`needs_substring`) or no word at all.
    """
    if needs_substring(query):
        return None
    tokens = [t for t in query.split() if any(ch.isalnum() for ch in t)]
    return " ".join('"' + t.replace('"', '""') + '"' for t in tokens) or None


def needs_substring(query: str) -> bool:
    """FTS5's unicode61 tokenizer keeps a run of Han/kana as one token: search those by
    substring."""
    return any(0x2E80 <= ord(ch) <= 0x9FFF or 0xAC00 <= ord(ch) <= 0xD7AF
               or 0xF900 <= ord(ch) <= 0xFAFF or ord(ch) >= 0x20000 for ch in query)
