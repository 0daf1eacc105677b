"""Search takes what the user types as words to find, never as FTS5 query syntax."""

from __future__ import annotations

import pytest

from briefer.core.documents import fts_query
from briefer.core.errors import InvalidInput
from briefer.core.store import Project
from tests.briefer_cli import run_cli

DOC = ("The Pentagon said: \"NEAR term\" talks (with Anthropic) went badly — AND OR NOT were "
       "the options; rate^2 rose to 5*3 on x:y, a co-operative stance. 外交部称 “AI灭霸”.\n")
NOTE = 'analyst says "unbalanced and (odd'

#: Queries that are FTS5 syntax errors (or operators) if passed through as they are.
NASTY = ['"', '""', '"""', "'", "(", ")", "()", "((a", "a)", "AND", "OR", "NOT", "NEAR",
         "NEAR(", "NEAR(a b, 2)", "a AND", "OR b", "NOT x", "*", "a*", "*a", "-", "-x", "x-",
         "^", "^a", ":", "a:", ":a", "title:x", "{a b}:c", "+", "a + b", "\\", "';--",
         '"a', 'a"', 'talks"', "co-operative", "rate^2", "5*3", "x:y", "AND OR NOT",
         "\u200b", "\x00", "% _", "[", "]", "{}", "!@#$%^&*()", "near/2", "“AI", "AI”"]


@pytest.fixture
def searchable(empty_project):
    doc = empty_project.documents.add(DOC, title="Talks (draft)")
    empty_project.quotes.add_text(doc, DOC.strip(), note=NOTE)
    return empty_project


@pytest.mark.parametrize("query", NASTY)
def test_nasty_queries_do_not_raise(searchable, query):
    searchable.quotes.list(search=query)
    searchable.quotes.ids(search=query)
    searchable.documents.search(query)


@pytest.mark.parametrize("query, found", [
    ("NEAR", True), ("AND OR NOT", True), ("(with", True), ("anthropic)", True),
    ("co-operative", True), ("rate^2", True), ("5*3", True), ("x:y", True),
    ('talks"', True),
    ("Pentagon zanzibar", False),  # every word is required (AND), not either
    ("Pentagon OR zanzibar", False),  # OR is a word to find, not an operator
    ("NOT Pentagon", True),  # NOT too: the text has both words
    ("pentag*", False),  # * is not a prefix operator
    ("灭霸", True), ("“AI灭霸”", True),  # CJK: substring
])
def test_queries_mean_their_words(searchable, query, found):
    assert bool(searchable.quotes.list(search=query)) is found
    assert bool(searchable.documents.search(query)) is found


@pytest.mark.parametrize("query", ['"unbalanced', "(odd", 'says "unbalanced AND (odd'])
def test_notes_are_searched_too(searchable, query):
    assert len(searchable.quotes.list(search=query)) == 1
    assert searchable.documents.search(query) == []


def test_only_punctuation_is_searched_as_typed(searchable):
    assert len(searchable.quotes.list(search='"')) == 1        # the text has a double quote
    assert searchable.quotes.list(search="§§") == []            # and no section sign
    assert len(searchable.documents.search("—")) == 1
    assert searchable.documents.search("¶") == []


def test_fts_query_quotes_every_token_and_drops_punctuation():
    assert fts_query('a "b" (c OR d*) - ^') == '"a" """b""" "(c" "OR" "d*)"'
    assert fts_query("!!! ---") is None
    assert fts_query("灭霸") is None


def test_a_lone_surrogate_in_a_search_is_refused(searchable):
    with pytest.raises(InvalidInput, match="not valid text"):
        searchable.quotes.list(search="AI\ud800")


@pytest.mark.parametrize("query", ['"', "(", "NEAR(", "a AND", "*", "-x", "^a", ":", "OR"])
def test_cli_search_with_fts_syntax_is_not_an_error(project_path, query):
    with Project.open(project_path) as p:
        p.quotes.add_text(p.documents.add(DOC, title="Talks"), "Pentagon", note=NOTE)
    out = run_cli("quotes", "--project", project_path, "--search", query, "--json")
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr and out.stderr == ""
    assert out.stdout.strip().startswith("[")
