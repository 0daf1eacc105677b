"""A saved (or fetched) web page: the article, not the page.

trafilatura finds the main text (paragraphs and headings, one per line, a blank line
between them) and, with htmldate, the published date; the page's own tags (JSON-LD
``NewsArticle``, Open Graph, ``<link rel=canonical>``, ``<html lang>``) are trusted first for
metadata. When extraction keeps too little of the page, the whole visible text is kept
instead and the import says so; ``whole_page`` keeps it on purpose.

The result depends only on the HTML: importing the same file again gives the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefer.core import metadata, textlang

#: Extraction that keeps fewer characters than this (and under a tenth of the visible text)
#: is taken for a failure: the whole page is kept instead.
MIN_ARTICLE_CHARS = 200
MIN_ARTICLE_SHARE = 0.10


@dataclass
class WebPage:
    text: str
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None
    language: str | None = None
    url: str | None = None
    notes: list[str] = field(default_factory=list)  # what the import should tell the analyst


def read_html(html: str, *, whole_page: bool = False, url: str | None = None) -> WebPage:
    """The article of ``html`` with its metadata (see the module's docstring)."""
    from briefer.core.corpus import html_to_text

    visible, tags = html_to_text(html)
    extracted = None if whole_page else _extract(html, url)
    notes: list[str] = []
    if whole_page:
        text = visible
        notes.append("kept the whole page (--whole-page)")
    else:
        text = _article_text(extracted)
        if len(text) < MIN_ARTICLE_CHARS and len(text) < MIN_ARTICLE_SHARE * len(visible):
            notes.append(f"the article could not be told from the page (extraction kept "
                         f"{len(text)} of {len(visible)} characters): kept the whole page")
            text = visible
    meta = extracted or {}
    outlet = tags.get("outlet") or meta.get("sitename")
    outlet = metadata.clean_outlet(outlet, meta.get("hostname"))
    title = metadata.strip_site_suffix(tags.get("title") or meta.get("title"), outlet)
    authors = metadata.clean_authors(tags.get("ld_authors") or tags.get("author")
                                     or meta.get("author"), outlet)
    date = tags.get("date") or _iso(meta.get("date"))
    canonical = tags.get("canonical") or url or meta.get("url")
    lang_attr = tags.get("lang")
    language = textlang.detect_language(text, default=lang_attr or "und")
    if lang_attr and language.split("-")[0] == lang_attr.split("-")[0] and "-" not in language:
        language = lang_attr
    return WebPage(text=text, title=title, outlet=outlet, author=authors, date=date,
                   language=language, url=canonical, notes=notes)


def _extract(html: str, url: str | None) -> dict | None:
    # trafilatura (and lxml) cost ~0.2 s to import: only web pages pay for it.
    import logging

    import trafilatura

    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.ERROR)  # its notes are not the analyst's

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, include_links=False, deduplicate=False,
        date_extraction_params={"original_date": True, "extensive_search": False})
    return doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else doc


def _article_text(extracted: dict | None) -> str:
    if not extracted or not extracted.get("text"):
        return ""
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in extracted["text"].splitlines())
    return "\n\n".join(line for line in lines if line)


def _iso(value: str | None) -> str | None:
    return metadata.find_date(value) if value else None
