"""An annotation write reads only the span and its context from the store (``substr()`` in
SQL), never the whole document: its cost does not grow with the document's size."""

from __future__ import annotations

import pytest

from briefer.core.errors import InvalidInput
from tests.briefer_cli import run_cli

#: Astral characters and CRLF: SQLite's substr() counts code points as Python does.
TEXT = ("Opening 🙂 line.\r\n" * 400 + "The 𝔘nicode sentence we quote here. "
        + "Closing words 🙂.\r\n" * 400)


@pytest.fixture
def doc(empty_project):
    return empty_project.documents.add(TEXT, title="Long piece", language="en")


@pytest.fixture
def whole_text_reads(empty_project, monkeypatch):
    """Statements that read a document's whole text (and calls to ``documents.get``)."""
    seen: list[str] = []

    def refuse_get(*_args, **_kwargs):
        seen.append("documents.get")
        raise AssertionError("a write read the whole document")

    monkeypatch.setattr(empty_project.documents, "get", refuse_get)
    empty_project.store.db.conn.set_trace_callback(
        lambda sql: seen.append(sql) if "from documents" in sql.lower() and (
            "select *" in sql.lower() or "text," in sql.replace(" ", "").lower()
            and "substr(" not in sql.lower()) else None)
    yield seen
    empty_project.store.db.conn.set_trace_callback(None)


@pytest.mark.parametrize("start, end", [(0, 7), (TEXT.index("The 𝔘"), TEXT.index(" here.")),
                                        (len(TEXT) - 5, len(TEXT))])
def test_a_write_stores_the_span_and_context_without_reading_the_document(
        empty_project, doc, whole_text_reads, start, end):
    qid = empty_project.quotes.add(doc, start, end, themes=["Spans"])
    empty_project.quotes.set_span(qid, start, end)
    empty_project.quotes.restore(empty_project.quotes.delete(qid))
    assert whole_text_reads == []
    q = empty_project.quotes.get(qid)
    assert (q.exact, q.prefix, q.suffix) == (
        TEXT[start:end], TEXT[max(0, start - 32):start], TEXT[end:end + 32])
    assert not q.orphaned


def test_a_span_outside_the_document_is_refused_with_its_length(empty_project, doc):
    for start, end in ((len(TEXT) - 3, len(TEXT) + 1), (-1, 4)):
        with pytest.raises(InvalidInput, match=f"Span {start}–{end} is outside the document "
                                               f"\\(0–{len(TEXT)}\\)"):
            empty_project.quotes.add(doc, start, end)
    # a span inside the document, but given the wrong way round or empty, is said to be so
    with pytest.raises(InvalidInput, match="^Span 10–5 is reversed: its start comes after its "
                                           "end \\(give the start first: 5–10\\).$"):
        empty_project.quotes.add(doc, 10, 5)
    with pytest.raises(InvalidInput, match="^Span 5–5 is empty: its end must come after its "
                                           "start.$"):
        empty_project.quotes.add(doc, 5, 5)
    with pytest.raises(InvalidInput, match="^The text 'no such words' does not occur in "):
        empty_project.quotes.add_text(doc, "no such words")
    with pytest.raises(InvalidInput, match="occurs only once in .*, so there is no occurrence 2"):
        empty_project.quotes.add_text(doc, "The 𝔘nicode sentence", occurrence=2)
    with pytest.raises(InvalidInput, match="only white space"):
        empty_project.quotes.add(doc, TEXT.index("\r\n"), TEXT.index("\r\n") + 2)
    assert empty_project.quotes.list() == []


def test_a_quote_another_process_adds_has_the_context_this_one_reads(empty_project, doc,
                                                                    project_path):
    start, end = TEXT.index("𝔘nicode"), TEXT.index(" here.")
    proc = run_cli("quote", "add", "--project", str(project_path), "--doc", doc,
                   "--start", str(start), "--end", str(end), "--theme", "Spans")
    assert proc.returncode == 0, proc.stderr
    q = empty_project.quotes.get(proc.stdout.strip())
    assert (q.exact, q.prefix, q.suffix) == (
        TEXT[start:end], TEXT[start - 32:start], TEXT[end:end + 32])
    refused = run_cli("quote", "add", "--project", str(project_path), "--doc", doc,
                      "--start", "10", "--end", str(len(TEXT) + 10))
    assert refused.returncode != 0
    assert f"is outside the document (0–{len(TEXT)})" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert len(empty_project.quotes.list()) == 1
