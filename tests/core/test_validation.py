"""Every write path refuses a lone surrogate and over-long text with a clear InvalidInput,
and writes nothing when it refuses."""

from __future__ import annotations

import pytest

from briefer.core import validate
from briefer.core.errors import InvalidInput

BAD = "caf\ud800e"
SURROGATE = "not valid text (a lone surrogate"


@pytest.fixture
def doc(empty_project):
    return empty_project.documents.add("Anthropic said no to the Pentagon.\n", title="Talks")


@pytest.fixture
def quote(empty_project, doc):
    return empty_project.quotes.add_text(doc, "Anthropic", note="kept")


def refused(match: str, call, *args, **kwargs) -> str:
    with pytest.raises(InvalidInput) as info:
        call(*args, **kwargs)
    message = str(info.value)
    assert match in message and "\n" not in message
    return message


def test_helper_names_the_size_and_the_limit():
    message = refused("", validate.text, "x" * 100_001, "note", validate.MAX_NOTE)
    assert message == "The note is 100,001 characters long; the limit is 100,000."
    assert validate.text("x" * 100_000, "note", validate.MAX_NOTE) == "x" * 100_000
    message = refused(SURROGATE, validate.text, BAD, "note", 10)
    assert "U+D800" in message and "character 4" in message


def test_quote_notes(empty_project, doc, quote):
    refused(SURROGATE, empty_project.quotes.add_text, doc, "Pentagon", note=BAD)
    refused("The note is 100,001 characters long; the limit is 100,000",
            empty_project.quotes.add_text, doc, "Pentagon", note="n" * 100_001)
    assert len(empty_project.quotes.list()) == 1
    refused(SURROGATE, empty_project.quotes.update, quote, note=BAD)
    refused("the limit is 100,000", empty_project.quotes.update, quote, note="n" * 200_000_000)
    assert empty_project.quotes.get(quote)["note"] == "kept"
    refused(SURROGATE, empty_project.quotes.add_text, doc, BAD)


def test_actor_and_theme_names(empty_project, doc, quote):
    refused(SURROGATE, empty_project.codebook.add_actor, BAD)
    refused("The actor's name is 201 characters long; the limit is 200",
            empty_project.codebook.add_actor, "a" * 201)
    refused(SURROGATE, empty_project.codebook.add_theme, BAD)
    refused("The theme's name is 201 characters long; the limit is 200",
            empty_project.codebook.add_theme, "t" * 201)
    refused("theme's description is 10,001", empty_project.codebook.add_theme, "T",
            description="d" * 10_001)
    refused(SURROGATE, empty_project.codebook.add_actor, "Fine", aliases=[BAD])
    refused(SURROGATE, empty_project.quotes.add_text, doc, "Pentagon", actors=[BAD])
    refused(SURROGATE, empty_project.quotes.update, quote, themes=[BAD])
    actor = empty_project.codebook.add_actor("Anthropic")
    refused(SURROGATE, empty_project.codebook.update_actor, actor, name=BAD)
    refused(SURROGATE, empty_project.codebook.resolve_actor, BAD)
    assert [a["name"] for a in empty_project.codebook.actors()] == ["Anthropic"]
    assert empty_project.codebook.themes() == []


def test_judgments(empty_project, quote):
    refused(SURROGATE, empty_project.judgments.add, BAD)
    refused("The judgment is 10,001 characters long; the limit is 10,000",
            empty_project.judgments.add, "j" * 10_001)
    jid = empty_project.judgments.add("Talks will fail.", quotes=[quote])
    refused(SURROGATE, empty_project.judgments.update, jid, text=BAD)
    refused(SURROGATE, empty_project.judgments.resolve, BAD)
    assert [j["text"] for j in empty_project.judgments.list()] == ["Talks will fail."]


def test_documents(empty_project, doc):
    refused(SURROGATE, empty_project.documents.add, BAD)
    refused(SURROGATE, empty_project.documents.add, "fine text", title=BAD)
    refused("The title is 1,001 characters long; the limit is 1,000",
            empty_project.documents.add, "fine text", title="t" * 1001)
    refused(SURROGATE, empty_project.documents.update, doc, outlet=BAD)
    refused("The author is 1,001", empty_project.documents.update, doc, author="a" * 1001)
    refused(SURROGATE, empty_project.documents.update_text, doc, BAD)
    refused(SURROGATE, empty_project.documents.resolve, BAD)
    assert [d["title"] for d in empty_project.documents.list()] == ["Talks"]
    assert empty_project.documents.get(doc)["outlet"] is None


def test_settings_helper():
    validate.settings({"title": "Brief", "summary": "s" * 100_000})
    refused("The setting 'summary' is 100,001 characters long; the limit is 100,000",
            validate.settings, {"summary": "s" * 100_001})
    refused("The setting 'analyst' is 1,001", validate.settings, {"analyst": "a" * 1001})
    refused(SURROGATE, validate.settings, {"marking": BAD})
