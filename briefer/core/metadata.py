"""Guess title, outlet, author and publication date from an article's plain text.

Most corpus files are articles copied out of a browser, so the text carries page
furniture along with it.  The rules, from most to least trusted:

* labelled lines: ``Author:``/``By …``, ``Title:``/``Original Title:``, ``Source:``,
  ``Published:``/``Date:``/``Updated …``/a leading ``date 2026-03-03``; the value may
  sit on the line after its label;
* page furniture: a breadcrumb first line (``Site / Section / author /``), a short
  site-name first line above a longer headline, a headline repeated twice in a row,
  a ``Headline - Site | …`` line;
* fallbacks: the first line (or its first sentence), then the file name stem.

Dates are only taken when complete (day, month and year); a labelled "Published"
date beats an "Updated" one, which beats an unlabelled date.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import PurePath

_HEAD, _TAIL = 25, 10  # non-empty lines searched for labels at each end
_MAX_TITLE = 200
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}

_YEAR = r"(?P<y>(?:19|20)\d\d)"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
          r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE_RES = [re.compile(p, re.I) for p in (
    rf"(?<!\d){_YEAR}(?P<sep>[-/.])(?P<m>[01]?\d)(?P=sep)(?P<d>[0-3]?\d)(?!\d)",  # 2025-09-05
    rf"{_YEAR}\s*年\s*(?P<m>[01]?\d)\s*月\s*(?P<d>[0-3]?\d)\s*日",  # 2025年9月5日
    rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}(?!\d)",  # Feb 28, 2026 / February 28 2026
    rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}(?!\d)",  # 28 February 2026
)]

_LABELS = {
    "author": ("author", "authors", "byline", "作者"),
    "outlet": ("source", "publisher", "publication", "outlet", "来源", "出处"),
    "title": ("original title", "title", "headline", "原标题", "标题"),
    "published": ("published on", "published", "publication date", "date published",
                  "posted on", "posted", "date", "发布时间", "发布日期", "日期"),
    "updated": ("last updated", "updated on", "updated", "last modified", "modified",
                "更新时间"),
}
_FIELD_OF = {label: field for field, labels in _LABELS.items() for label in labels}
_LABEL_RE = re.compile(
    r"(?P<label>" + "|".join(sorted(map(re.escape, _FIELD_OF), key=len, reverse=True))
    + r")(?=[\s:：]|$)\s*(?P<colon>[:：])?\s*(?P<value>.*)", re.I)
_BYLINE_RE = re.compile(r"(?:written\s+)?by\s+(?P<value>\S.*)", re.I)
_HANDLE_RE = re.compile(r"@\w+|(?=\w*[A-Za-z])(?=\w*\d)\w+")
_SENTENCE_RE = re.compile(r".{10,}?(?:[.!?](?=\s|$)|[。！？])")
_SITE_SUFFIX_RE = re.compile(r"\s+[-|–—]\s+(?P<site>[^|–—]{2,50}?)\s*(?:[|–—].*)?$")
_GENERIC_CRUMBS = {"home", "homepage", "start", "首页", "主页"}


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """Every complete calendar date in ``text`` as ``(start, end, "YYYY-MM-DD")``, in order."""
    hits = []
    for rx in _DATE_RES:
        for m in rx.finditer(text):
            groups = m.groupdict()
            month = int(groups["m"]) if groups.get("m") else _MONTHS[groups["mon"][:3].lower()]
            try:
                iso = _dt.date(int(groups["y"]), month, int(groups["d"])).isoformat()
            except ValueError:
                continue
            hits.append((m.start(), m.end(), iso))
    return sorted(hits)


def find_date(text: str) -> str | None:
    """The first complete date in ``text`` as ISO ``YYYY-MM-DD``, or None."""
    hits = find_dates(text)
    return hits[0][2] if hits else None


def _leading_date(text: str) -> tuple[str, str] | None:
    """(date, rest) when ``text`` starts with a date, allowing a short prefix such as a weekday."""
    hits = find_dates(text)
    if hits and hits[0][0] <= 12 and not re.search(r"\d", text[:hits[0][0]]):
        return hits[0][2], text[hits[0][1]:].strip(" \t-–—|·,:")
    return None


def _split_author(value: str) -> tuple[str, str | None]:
    """"Ada, Shenchao TechFlow" -> ("Ada", "Shenchao TechFlow"); lists of names stay whole."""
    parts = re.split(r"\s*[,，]\s*", value)
    if len(parts) == 2 and all(parts) and not re.search(r"\band\b|&|、", parts[1]):
        return parts[0], parts[1]
    return value, None


def _looks_like_name(value: str) -> bool:
    return (len(value) <= 80 and len(value.split()) <= 8 and not value.endswith(".")
            and (value[0].isupper() or not value[0].isascii()))


def _labels(lines: list[str]) -> tuple[dict[str, list[str]], dict[int, str]]:
    """Labelled values by field, in text order, and for each labelled line the text it
    leaves for a title (e.g. the headline after "date 2026-03-03")."""
    found: dict[str, list[str]] = {field: [] for field in (*_LABELS, "by")}
    labelled: dict[int, str] = {}
    n = len(lines)
    zone = sorted(set(range(min(n, _HEAD))) | set(range(max(0, n - _TAIL), n)))
    for i in zone:
        nxt = lines[i + 1] if i + 1 < n else ""
        m = _LABEL_RE.match(lines[i])
        if m:
            field, value = _FIELD_OF[m["label"].lower()], m["value"].strip()
            if field in ("published", "updated"):
                if not value:  # "Published:" with the date on the next line
                    hit = _leading_date(nxt)
                    if hit:
                        labelled[i + 1] = ""
                elif m["colon"]:  # "Date: Tuesday, February 24, 2026"
                    date = find_date(value)
                    hit = (date, "") if date else None
                else:  # "date 2026-03-03 Headline…", "Updated Feb 28, 2026"
                    hit = _leading_date(value)
                if hit:
                    found[field].append(hit[0])
                    labelled[i] = hit[1] if value else ""
                elif m["colon"]:  # "Date: unknown" is still not a headline
                    labelled[i] = ""
                continue
            if m["colon"] and not value and nxt and not _LABEL_RE.match(nxt):
                value, labelled[i + 1] = nxt, ""
            if m["colon"] and value and len(value) <= _MAX_TITLE:
                found[field].append(value)
                labelled[i] = ""
                continue
        b = _BYLINE_RE.match(lines[i]) if i < _HEAD else None
        if b:
            name = re.split(r"\s*[|·•—–]\s*", b["value"])[0].strip()
            if name and _looks_like_name(name):
                found["by"].append(name)
                labelled[i] = ""
    return found, labelled


def _breadcrumb(line: str) -> list[str] | None:
    """Segments of a breadcrumb line such as "BTCC / BTCC Square / QuantumNode99 /"."""
    trailing = re.search(r"\s[/›»>]$", line) is not None
    parts = [p.strip() for p in re.split(r"\s[/›»>](?:\s|$)", line) if p.strip()]
    if (len(parts) >= 3 or (len(parts) == 2 and trailing)) and all(
            len(p) <= 40 and len(p.split()) <= 4 for p in parts):
        return parts
    return None


def _is_site_name(line: str, nxt: str | None) -> bool:
    """A short name-like first line above a clearly longer one-line headline."""
    return (nxt is not None and len(line) <= 50 and len(line.split()) <= 6
            and not line.startswith("#") and not re.search(r"[.!?:。！？：]$", line)
            and not find_dates(line) and not find_dates(nxt)
            and 1.5 * len(line) <= len(nxt) <= _MAX_TITLE
            and not nxt.endswith("."))


def _clean_title(line: str) -> str:
    return re.sub(r"^#{1,6}\s+", "", line).strip("*_ \t").strip()


def _first_line_title(lines: list[str], start: int, labelled: dict[int, str]) -> str | None:
    """The first ordinary line from ``start`` (or its first sentence when over-long)."""
    for i in range(start, len(lines)):
        line = _clean_title(labelled.get(i, lines[i]))
        dated = _leading_date(line)
        if not re.search(r"[^\W\d_]", dated[1] if dated else line):  # numbers, rules, a date
            continue
        if len(line) <= _MAX_TITLE:
            return line
        m = _SENTENCE_RE.match(line)
        return m.group(0).strip() if m and len(m.group(0)) <= _MAX_TITLE else None
    return None


def _outlet_after_title(lines: list[str], title: str) -> str | None:
    """"Headline - Site | Network" anywhere in the text names the site."""
    for line in lines:
        if line.startswith(title) and len(line) > len(title):
            m = _SITE_SUFFIX_RE.match(line[len(title):])
            if m:
                return m["site"]
    return None


def guess_metadata(text: str, filename: str = "") -> dict:
    """Guess ``title``, ``outlet``, ``author`` and ISO ``date`` of an article (None if unknown)."""
    lines = [s for s in (raw.strip() for raw in text.splitlines()) if s]
    found, labelled = _labels(lines)
    author = outlet = None
    if found["author"] or found["by"]:
        author, outlet = _split_author((found["author"] or found["by"])[0])
    outlet = found["outlet"][0] if found["outlet"] else outlet

    start = 0
    crumbs = _breadcrumb(lines[0]) if lines else None
    if crumbs:
        start = 1
        outlet = outlet or (crumbs[0] if crumbs[0].lower() not in _GENERIC_CRUMBS else None)
        if author is None and len(crumbs) >= 2 and _HANDLE_RE.fullmatch(crumbs[-1]):
            author = crumbs[-1]
    if start < len(lines) and not {start, start + 1} & labelled.keys() and _is_site_name(
            lines[start], lines[start + 1] if start + 1 < len(lines) else None):
        outlet = outlet or lines[start]
        start += 1

    title = found["title"][0] if found["title"] else None
    if title is None:
        head = range(start, min(len(lines), _HEAD) - 1)
        title = next((_clean_title(lines[i]) for i in head if lines[i] == lines[i + 1]
                      and i not in labelled and 10 <= len(lines[i]) <= _MAX_TITLE), None)
    title = title or _first_line_title(lines, start, labelled)
    if title and outlet is None:
        outlet = _outlet_after_title(lines, title)
    title = title or PurePath(filename).stem or None

    dates = found["published"] or found["updated"]
    date: str | None = dates[0] if dates else None
    if date is None:
        short = (find_date(line) for line in lines if len(line) <= 80)  # a date line first
        date = next((d for d in short if d), None) or find_date(text)
    return {"title": title, "outlet": outlet, "author": author, "date": date}


# -- web pages: cleaning what a page's tags say --------------------------------------------
_SUFFIX_SEPARATORS = r"\s*(?:[|–—·:»]|\s-|-(?=\S*[\u4e00-\u9fff]))\s*"
_NOT_PEOPLE = re.compile(
    r"^(?:no author|unknown|anonymous|admin(?:istrator)?|staff|editor|editorial(?: staff| team)?"
    r"|redaktion|rédaction|newsroom|web desk|news desk|agencies|wire services?)$"
    r"|\b(?:news|staff|desk|team|agency|press|media|online|redaktion|times|post)$", re.I)
_CJK_ROLES = re.compile(r"(记者|本报记者|通讯员|编辑|责任编辑|责编|审核|校对|摄影|来源)[：:\s]*")


def clean_outlet(outlet: str | None, hostname: str | None = None) -> str | None:
    """The site's name as a reader knows it ("The Japan Times"); a bare host name
    ("www.example.com") only when nothing better is known."""
    outlet = " ".join((outlet or "").split()) or None
    if outlet is None and hostname:
        outlet = re.sub(r"^www\d?\.", "", hostname)
    return outlet


def strip_site_suffix(title: str | None, outlet: str | None) -> str | None:
    """"Headline | The Japan Times" -> "Headline"; "标题-新华网" -> "标题"."""
    title = " ".join((title or "").split()) or None
    if not title:
        return None
    names = [n for n in {outlet or ""} if n]
    for name in names:
        sep = _SUFFIX_SEPARATORS
        m = re.match(rf"^(?P<t>.+?){sep}{re.escape(name)}(?:{sep}.*)?$", title, re.I)
        if m and len(m["t"]) >= 5:
            return m["t"].strip()
        m = re.match(rf"^{re.escape(name)}{_SUFFIX_SEPARATORS}(?P<t>.{{5,}})$", title, re.I)
        if m:
            return m["t"].strip()
    m = re.match(r"^(?P<t>.{10,}?)\s+[|–—]\s+[^|–—]{2,40}$", title)  # "Headline | Site"
    return m["t"].strip() if m else title


def clean_authors(value, outlet: str | None = None) -> str | None:
    """People who wrote the article, joined by ", ": no outlets ("BBC News"), no placeholders
    ("No Author"), no editors ("记者 张三 编辑 李四" -> "张三")."""
    items = value if isinstance(value, list) else [value or ""]
    people: list[str] = []
    for item in items:
        item = " ".join(str(item).split())
        if _CJK_ROLES.search(item):
            reporters = re.findall(r"(?:本报记者|记者|通讯员)[：:\s]*([^\s，,、；;]+(?:[、，,\s]+"
                                   r"(?!编辑|责任编辑|责编|审核|校对|摄影|来源)[^\s，,、；;]+)*)",
                                   item)
            item = "、".join(reporters)
            parts = re.split(r"[、，,\s]+", item)
        else:
            item = re.sub(r"^(?:written\s+)?by\s+", "", item, flags=re.I)
            parts = re.split(r"\s*(?:;|\||&|\band\b|\bund\b|\bet\b|、|,(?=\s*\S+\s+\S))\s*", item)
        for part in parts:
            part = part.strip(" ,.;")
            if (not part or part.startswith("http") or "@" in part or len(part) > 80
                    or _NOT_PEOPLE.search(part)
                    or (outlet and part.casefold() in (outlet.casefold(),))
                    or (outlet and outlet.casefold() in part.casefold())):
                continue
            if part not in people:
                people.append(part)
    return ", ".join(people) or None
