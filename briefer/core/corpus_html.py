"""Visible text and tag metadata of an HTML page (the whole page, one line per block)."""

from __future__ import annotations

import json
import re

from briefer.core.metadata import find_date

_INVISIBLE = ("head", "title", "script", "style", "noscript", "template", "iframe", "svg")
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "dl", "table",
               "figure", "hr", "article", "section", "header", "footer", "main", "aside", "nav",
               "form", "address", "details", "fieldset"}
_LINES = {"div", "li", "dt", "dd", "tr", "caption", "figcaption", "summary", "legend", "center",
          "body", "html"}
_WS = re.compile(r"\s+")


def html_to_text(html: str) -> tuple[str, dict]:
    """Visible text of an HTML page (one line per block, blank line between paragraphs) and its
    metadata: title, outlet, author, date (ISO) from meta tags, JSON-LD, <title> and <time>."""
    # bs4 costs ~70 ms to import: only HTML imports pay for it, not every start-up.
    from bs4 import BeautifulSoup, NavigableString
    from bs4.element import PreformattedString

    soup = BeautifulSoup(html, "html.parser")
    meta = _page_metadata(soup)

    out: list[str] = []
    buf: list[str] = []
    gap = 0

    def flush(raw: str | None = None) -> None:
        nonlocal gap
        line = _WS.sub(" ", "".join(buf)).strip() if raw is None else raw
        buf.clear()
        if line.strip():
            if out:
                out.append("\n" * max(gap, 1))
            out.append(line)
            gap = 0

    stack: list = [soup]
    while stack:  # iterative walk: deeply nested pages must not hit the recursion limit
        node = stack.pop()
        if isinstance(node, int):  # end of a block: the gap it asks for
            flush()
            gap = max(gap, node)
        elif isinstance(node, PreformattedString):  # comments, doctype, CDATA…
            continue
        elif isinstance(node, str):
            buf.append(node)
        elif node.name in _INVISIBLE or node.has_attr("hidden"):
            continue
        elif node.name in ("pre", "textarea"):
            flush()
            gap = max(gap, 2)
            flush(node.get_text().removeprefix("\r").removeprefix("\n").rstrip())
            gap = 2
        elif node.name == "br":
            flush()
            gap = max(gap, 1)
        else:
            block = 2 if node.name in _PARAGRAPHS else 1 if node.name in _LINES else 0
            if block:
                flush()
                gap = max(gap, block)
                stack.append(block)
            elif node.name in ("td", "th"):
                stack.append(NavigableString(" "))
            stack.extend(reversed(node.contents))
    flush()
    return "".join(out), meta


def _page_metadata(soup) -> dict:
    tags: dict[str, list] = {"meta": [], "title": [], "time": [], "script": [], "link": [],
                             "html": []}
    for tag in soup.find_all(list(tags)):  # one pass over the tree
        tags[tag.name].append(tag)
    metas: dict[str, str] = {}
    for tag in tags["meta"]:
        content = " ".join((tag.get("content") or "").split())
        for attr in ("property", "name", "itemprop"):
            key = (tag.get(attr) or "").strip().lower()
            if key and content:
                metas.setdefault(key, content)

    def pick(*keys: str) -> str | None:
        values = (metas[k] for k in keys if k in metas)
        return next((v for v in values if not v.startswith("http")), None)

    ld = _json_ld(t for t in tags["script"]
                  if (t.get("type") or "").strip().lower() == "application/ld+json")
    outlet = pick("og:site_name", "dc.publisher") or ld.get("outlet")
    title = pick("og:title", "twitter:title", "dc.title") or ld.get("title")
    page_title = next((t for t in tags["title"] if t.find_parent("svg") is None), None)
    if not title and page_title:
        title = " ".join(page_title.get_text().split()) or None
        if title and outlet:  # "Headline | Site" -> "Headline"
            title = re.sub(rf"\s+[-|–—:·]\s+{re.escape(outlet)}$", "", title)
    author = pick("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
    author = re.sub(r"^by\s+", "", author, flags=re.I) if author else ld.get("author")
    times = tags["time"]
    time_tag = next((t for t in times if t.get("datetime")), times[0] if times else None)
    date = (find_date(pick("article:published_time", "datepublished", "publishdate", "pubdate",
                           "date", "dc.date", "dc.date.issued", "parsely-pub-date",
                           "sailthru.date") or "")
            or find_date(ld.get("date") or "")
            or (time_tag and find_date(time_tag.get("datetime") or time_tag.get_text()))
            or None)
    canonical = next((t.get("href") for t in tags["link"] if "canonical" in
                      [r.lower() for r in (t.get("rel") or [])] and t.get("href")), None)
    lang = next((t.get("lang") or t.get("xml:lang") for t in tags["html"]
                 if t.get("lang") or t.get("xml:lang")), None)
    return {"title": title, "outlet": outlet, "author": author, "date": date,
            "canonical": (canonical or metas.get("og:url") or "").strip() or None,
            "lang": (lang or "").strip().replace("_", "-") or None,
            "ld_authors": ld.get("people")}


def _json_ld(scripts) -> dict:
    """Title, outlet, author and date of the first article-like JSON-LD object."""
    def name(value) -> str | None:
        if isinstance(value, list):
            names = [n for n in map(name, value) if n]
            return ", ".join(names) or None
        if isinstance(value, dict):
            value = value.get("name")
        return value.strip() or None if isinstance(value, str) else None

    def people(value) -> list[str]:
        items = value if isinstance(value, list) else [value]
        return [n for n in (name(i) for i in items if isinstance(i, str) or (
            isinstance(i, dict) and i.get("@type", "Person") == "Person")) if n]

    for script in scripts:
        try:
            stack = [json.loads(script.string or "")]
        except ValueError:
            continue
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                if "headline" in item or "datePublished" in item:
                    return {"title": name(item.get("headline")),
                            "author": name(item.get("author")),
                            "outlet": name(item.get("publisher")),
                            "date": name(item.get("datePublished")),
                            "people": people(item.get("author"))}
                stack.append(item.get("@graph"))
    return {}
