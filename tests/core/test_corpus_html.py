"""Reading HTML pages: only the visible text, its metadata from meta tags, JSON-LD and time
tags, their encodings, and refusals."""

from __future__ import annotations

import hashlib

from briefer.core.corpus import html_to_text, read_document

from .corpus_files import CP1252_TEXT, refusal, write


PAGE = """<!DOCTYPE html>
<html><head>
<title>Pentagon gives ultimatum | The Daily Wire Service</title>
<meta property="og:site_name" content="The Daily Wire Service">
<meta name="Author" content="Jane Roe">
<meta property="article:published_time" content="2026-02-24T09:30:00Z">
<style>p { color: red }</style>
<script>var hidden = "SCRIPT TEXT";</script>
</head>
<body>
<!-- a comment that must not show -->
<noscript>NOSCRIPT TEXT</noscript>
<template><p>TEMPLATE TEXT</p></template>
<h1>Pentagon   gives
   ultimatum</h1>
<p>Fish &amp; chips&nbsp;cost &pound;5 &mdash; &ldquo;cheap&rdquo;.<br>After a break</p>
<ul><li>first</li><li>second <b>bold</b> item</li></ul>
<div>A <a href="#">linked</a> div</div>
<script>document.write("MORE SCRIPT")</script>
</body></html>
"""


def test_html_to_text_keeps_only_visible_blocks():
    text, _ = html_to_text(PAGE)
    assert text == ("Pentagon gives ultimatum\n\n"
                    "Fish & chips cost £5 — “cheap”.\nAfter a break\n\n"
                    "first\nsecond bold item\n\n"
                    "A linked div")
    for hidden in ("SCRIPT", "NOSCRIPT", "TEMPLATE", "color", "comment", "Jane Roe"):
        assert hidden not in text


def test_html_metadata_from_meta_tags():
    _, meta = html_to_text(PAGE)
    assert {k: meta[k] for k in ("title", "outlet", "author", "date")} == {
        "title": "Pentagon gives ultimatum", "outlet": "The Daily Wire Service",
                    "author": "Jane Roe", "date": "2026-02-24"}


def test_html_metadata_from_json_ld_and_time_tag():
    page = """<html><head>
    <script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "x"},
      {"@type": "NewsArticle", "headline": "LD headline",
       "author": [{"name": "Kim Lee"}, {"name": "Sam Ho"}], "publisher": {"name": "LD News"}}]}
    </script></head>
    <body><p>Posted <time datetime="2025-12-01T08:00">Monday</time></p></body></html>"""
    text, meta = html_to_text(page)
    assert text == "Posted Monday"
    assert meta["ld_authors"] == ["Kim Lee", "Sam Ho"]
    assert {k: meta[k] for k in ("title", "outlet", "author", "date")} == {"title": "LD headline",
                                                                           "outlet": "LD News",
                    "author": "Kim Lee, Sam Ho", "date": "2025-12-01"}


def test_html_pre_keeps_its_whitespace_and_cells_are_separated():
    text, _ = html_to_text("<p>Code:</p><pre>\n  a = 1\n    b = 2\n</pre>"
                           "<table><tr><td>x</td><td>y</td></tr><tr><td>z</td></tr></table>")
    assert text == "Code:\n\n  a = 1\n    b = 2\n\nx y\nz"


def test_deeply_nested_html_does_not_overflow():
    text, _ = html_to_text("<div>" * 3000 + "deep" + "</div>" * 3000)
    assert text == "deep"


def test_read_html_document(tmp_path):
    doc = read_document(write(tmp_path, "page.htm", PAGE))
    assert doc.format == "html"
    assert "Fish & chips cost £5" in doc.text and "var hidden" not in doc.text
    assert read_document(tmp_path / "page.htm", whole_page=True).text == html_to_text(PAGE)[0]
    assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    assert (doc.title, doc.outlet, doc.author, doc.date) == (
        "Pentagon gives ultimatum", "The Daily Wire Service", "Jane Roe", "2026-02-24")


def test_html_falls_back_to_text_rules(tmp_path):
    page = "<html><body><p>Author: Li Wei, Caixin</p><h1>A headline</h1><p>Body.</p></body></html>"
    doc = read_document(write(tmp_path, "bare.html", page))
    assert (doc.title, doc.author, doc.outlet) == ("A headline", "Li Wei", "Caixin")


def test_html_without_visible_text_is_refused(tmp_path):
    page = "<html><head><title>t</title><script>x()</script></head><body> </body></html>"
    assert "visible text" in refusal(write(tmp_path, "empty.html", page)).reason


def test_cp1252_html_is_decoded(tmp_path):
    page = f"<html><body><p>{CP1252_TEXT}</p></body></html>"
    doc = read_document(write(tmp_path, "old.html", page.encode("cp1252")))
    assert doc.encoding == "cp1252"
    assert "“safety” narrative" in doc.text and "café’s" in doc.text


def test_an_over_long_page_title_is_clipped_not_refused(tmp_path):
    html = f"<html><head><title>{'T' * 5000}</title></head><body><p>Body text.</p></body></html>"
    doc = read_document(write(tmp_path, "page.html", html.encode()))
    assert len(doc.title) == 1000 and doc.title.endswith("…")
