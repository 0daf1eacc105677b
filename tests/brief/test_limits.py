"""Nothing printed is cut (long tokens wrap), and the brief's own size limits."""

from __future__ import annotations

import hashlib
import re

import pytest

from briefer.brief import limits
from briefer.brief.compile import compile_brief, render_brief
from briefer.brief.html import break_long_words
from briefer.brief.limits import BriefTooLarge
from briefer.brief.build import build_brief
from briefer.brief.model import BriefOptions

from .conftest import flat, pdftotext

TOKEN = "".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(4))     # 256
NOTE_TOKEN = "".join(hashlib.sha256(str(i).encode()).hexdigest() for i in range(4, 8))


def test_a_256_character_token_prints_whole(demo_project, engine, tmp_path):
    assert len(TOKEN) == len(NOTE_TOKEN) == 256
    brief = build_brief(demo_project)
    quote = brief.sections[0].entries[0].quote
    quote.text, quote.note = f"Hash {TOKEN} ends.", f"Note hash {NOTE_TOKEN} ends."
    out = tmp_path / "brief.pdf"
    render_brief(brief, out, engine=engine)
    text = re.sub(r"\s", "", pdftotext(out, body=True, layout=False))
    assert TOKEN in text and NOTE_TOKEN in text


def test_break_long_words_leaves_tags_and_entities_whole():
    html = ('<p class="averyveryveryverylongclassnamethatstaysasitis">'
            + "a&amp;" * 20 + " short</p>")
    out = break_long_words(html)
    assert out.startswith('<p class="averyveryveryverylongclassnamethatstaysasitis">')
    assert out.replace("<wbr>", "") == html and out.count("<wbr>") == 3   # 40 units / 12
    assert "&am<wbr>" not in out and "&<wbr>" not in out


def test_a_huge_note_is_cut_with_a_marker(demo_project, tmp_path):
    quote = next(q for q in demo_project.quotes.list(orphaned=False) if q.themes)
    # The core refuses such a note (100,000 characters at most); a file written by an older
    # Briefer or another tool can still hold one, and the brief must stay bounded.
    with demo_project.db.atomic():
        demo_project.db.execute("UPDATE quotes SET note = ? WHERE id = ?",
                                ["n" * 3_000_000 + " END-OF-NOTE", quote.id])
    brief = build_brief(demo_project)
    note = next(q.note for q in brief.quotes if q.id == quote.id)
    assert len(note) < limits.NOTE_CHARS + 200 and "END-OF-NOTE" not in note
    assert "2,990,012 more characters of this note are not printed: a brief prints at most " \
           "10,000" in note
    out = tmp_path / "brief.pdf"
    compile_brief(str(demo_project.path), out, engine="qt")
    assert "more characters of this note are not printed" in flat(pdftotext(out))


def test_long_title_and_summary_are_cut(demo_project):
    demo_project.settings.set(summary="s" * 60_000)
    brief = build_brief(demo_project, BriefOptions(title="T" * 10_000))
    assert brief.title.startswith("T" * 500)
    assert "9,500 more characters of this title" in brief.title
    assert "10,000 more characters of this summary" in brief.summary


def test_a_brief_over_the_total_limit_is_refused(demo_project, monkeypatch):
    monkeypatch.setattr(limits, "TOTAL_CHARS", 100)
    with pytest.raises(BriefTooLarge, match=r"would print [\d,]+ characters of quotes and notes; "
                                            r"the limit is 100\. Choose fewer quotes"):
        build_brief(demo_project)
