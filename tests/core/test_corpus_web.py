"""Web pages come in clean: the article, not the page, with every field of its metadata.

The corpus in tests/fixtures/web/ was written for these tests on real layouts (see its README).
Anything about the store goes through a second process: the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefer.core import corpus_web, metadata
from briefer.core.corpus import read_document
from tests.briefer_cli import run_cli

WEB = Path(__file__).resolve().parents[1] / "fixtures" / "web"
EXPECTED = json.loads((WEB / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_metadata_is_right_in_every_field(name):
    want = EXPECTED[name]
    doc = read_document(WEB / name)
    got = {k: getattr(doc, k) for k in ("title", "outlet", "author", "date", "language", "url")}
    assert got == {k: want[k] for k in got}
    assert doc.notes == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_page_keeps_the_article_and_no_page_chrome(name):
    want = EXPECTED[name]
    paragraphs = read_document(WEB / name).text.split("\n\n")
    assert paragraphs[:2] == [want["first"], want["second"]]
    assert paragraphs[-1] == want["last"]
    text = "\n\n".join(paragraphs)
    leaked = [s for s in want["chrome"] if s.casefold() in text.casefold()]
    assert leaked == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_whole_page_keeps_the_chrome_on_purpose(name):
    doc = read_document(WEB / name, whole_page=True)
    assert EXPECTED[name]["last"] in doc.text
    assert any(s in doc.text for s in EXPECTED[name]["chrome"])
    assert doc.notes == ["kept the whole page (--whole-page)"]


def test_reimporting_the_same_page_gives_the_same_text():
    first = read_document(WEB / "en-harbour.html")
    again = read_document(WEB / "en-harbour.html")
    assert (first.text, first.sha256) == (again.text, again.sha256)


def test_too_little_article_falls_back_to_the_whole_page_and_says_so(tmp_path):
    """A video page: a two-word caption in the article, offers around it."""
    side = "".join(f"<div class='promo'><p>Subscriber offer number {i}: read everything we "
                   "publish for a whole year at half the usual price.</p></div>" for i in range(8))
    page = (f"<html lang='en'><body><nav><a href='/'>Home</a></nav><main><article><h1>Watch: "
            f"the launch</h1><p>Video, 2 minutes.</p></article></main><aside>{side}</aside>"
            "</body></html>")
    (tmp_path / "video.html").write_text(page, encoding="utf-8")
    doc = read_document(tmp_path / "video.html")
    assert "Subscriber offer number 7" in doc.text and "Video, 2 minutes." in doc.text
    assert len(doc.notes) == 1
    assert doc.notes[0].startswith("the article could not be told from the page")
    assert "kept the whole page" in doc.notes[0]


def test_german_page_with_script_in_a_comment_stays_german(tmp_path):
    """The FAZ case: a comment holding "</div>" and a script must not leak into the text."""
    doc = read_document(WEB / "de-bahn.html")
    assert "consent" not in doc.text and "function" not in doc.text
    assert doc.language == "de"


@pytest.mark.parametrize("raw, outlet, want", [
    ("Ministers meet in Tokyo | The Japan Times", "The Japan Times", "Ministers meet in Tokyo"),
    ("中国发布新规-新华网", "新华网", "中国发布新规"),
    ("Ministers meet in Tokyo - BBC News", None, "Ministers meet in Tokyo - BBC News"),
    ("Ministers meet in Tokyo | Site", None, "Ministers meet in Tokyo"),
])
def test_title_loses_the_site_suffix(raw, outlet, want):
    assert metadata.strip_site_suffix(raw, outlet) == want


@pytest.mark.parametrize("raw, outlet, want", [
    ("BBC News", "BBC", None),
    ("No Author", None, None),
    ("记者 张三 编辑 李四", None, "张三"),
    ("By Jane Doe and John Smith", None, "Jane Doe, John Smith"),
    (["Jane Doe", "Reuters"], "Reuters", "Jane Doe"),
    ("Harbour Courier Staff", "The Harbour Courier", None),
])
def test_authors_are_people(raw, outlet, want):
    assert metadata.clean_authors(raw, outlet) == want


def test_cli_imports_a_page_with_its_source_fields(tmp_path):
    project = str(tmp_path / "p.briefer")
    proc = run_cli("import", "--project", project, "--json", str(WEB / "zh-water.html"))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["status"] == "added"
    shown = json.loads(run_cli("doc", "list", "--project", project, "--json").stdout)[0]
    assert (shown["title"], shown["outlet"], shown["date"], shown["language"]) == (
        "南方三省启动抗旱应急响应 保障城乡供水", "新华网", "2026-02-18", "zh-Hans")
    again = run_cli("import", "--project", project, "--json", str(WEB / "zh-water.html"))
    assert json.loads(again.stdout)[0]["status"] == "unchanged"


def test_cli_whole_page_option_says_so(tmp_path):
    project = str(tmp_path / "p.briefer")
    proc = run_cli("import", "--project", project, "--whole-page", str(WEB / "de-bahn.html"))
    assert proc.returncode == 0, proc.stderr
    assert "kept the whole page (--whole-page)" in proc.stdout
    text = run_cli("doc", "show", "--project", project, "--text", "de-bahn.html").stdout
    assert "Startseite" in text


def test_extraction_threshold_constants_are_sane():
    assert 0 < corpus_web.MIN_ARTICLE_SHARE < 1
