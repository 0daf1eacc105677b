"""The brief as one self-contained HTML page (Jinja2, autoescaped), for both PDF engines.

Everything the user typed is escaped: the template is rendered with ``autoescape=True``
and the few helpers here that build markup escape their input first. The style sheet
is inlined and the template names no external resource, so wkhtmltopdf (with local
file access and JavaScript off) and QTextDocument need nothing but the string.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import __version__
from ..core.text import cjk_run, excerpt_words, is_language_tag
from ..paths import resource
from .columns import matrix_columns, matrix_parts
from .model import Brief, BriefQuote, short_date
from .quoting import attribution, citation, quote_text, source_ref
from .sourcing import bluf_sources, chronology, summary_statement

TEMPLATE = "brief.html.j2"
STYLESHEET = ("styles", "brief.css")
_BULLET = re.compile(r"^\s*[-•*–]\s+")
#: Tokens longer than this get a break opportunity (<wbr>) every BREAK_EVERY characters.
LONG_TOKEN = 24
BREAK_EVERY = 12
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_TOKEN = re.compile(r"(?:&#?\w+;|[^\s<&])+")
_UNIT = re.compile(r"&#?\w+;|.", re.S)
#: Matrix shading: (background, text) for 0 and four levels of the highest count.
SHADES = (("#ffffff", "#5b6b7c"), ("#e4ecf5", "#1b2a3a"), ("#bfd0e6", "#1b2a3a"),
          ("#7b9cc6", "#0b1520"), ("#2f5583", "#ffffff"))
#: Traffic Light Protocol 2.0 colours: (text, background).
TLP_COLOURS = {"CLEAR": ("#ffffff", "#000000"), "GREEN": ("#33ff00", "#000000"),
               "AMBER": ("#ffc000", "#000000"), "AMBER+STRICT": ("#ffc000", "#000000"),
               "RED": ("#ff2b2b", "#000000")}
CONFIDENCE_COLOURS = {"high": ("#1f3a5f", "#ffffff"), "moderate": ("#46698f", "#ffffff"),
                      "low": ("#d5dde6", "#1b2a3a")}


def text_html(text: str | None) -> Markup:
    """Escape ``text`` and keep its line breaks."""
    lines = (text or "").strip("\n").split("\n")
    return Markup("<br>").join(escape(line) for line in lines)


def cjk_html(text: str | None, variant: str = "cjk-sc", sans: bool = False) -> Markup:
    """Escape ``text``, keep its line breaks, and wrap each run of CJK characters in a
    ``<span class="cjk-tc">`` (etc.) naming the Noto CJK family of the quote's language.

    The CJK family must come first for those runs: QTextDocument caches the fallback
    fonts of a family list by its first family, so "DejaVu Serif, Noto Serif CJK TC"
    after "DejaVu Serif, Noto Serif CJK SC" would print Traditional text in SC forms.
    """
    cls = variant + ("-sans" if sans else "")
    lines = []
    for line in (text or "").strip("\n").split("\n"):
        parts, pos = [], 0
        for run in cjk_run().finditer(line):
            parts.append(escape(line[pos:run.start()]))
            parts.append(Markup('<span class="%s">%s</span>') % (cls, run.group()))
            pos = run.end()
        parts.append(escape(line[pos:]))
        lines.append(Markup("").join(parts))
    return Markup("<br>").join(lines)


def summary_html(text: str | None) -> Markup:
    """Plain text → escaped <p> paragraphs and <ul> lists (``- ``/``• ``/``* `` lines)."""
    out: list[Markup] = []
    para: list[str] = []
    items: list[str] = []

    def flush_para() -> None:
        if para:
            out.append(Markup('<p class="bluf">%s</p>') % text_html("\n".join(para)))
            para.clear()

    def flush_items() -> None:
        if items:
            lis = Markup("").join(Markup('<li>%s</li>') % item for item in items)
            out.append(Markup('<ul class="bluf">%s</ul>') % lis)
            items.clear()

    for block in re.split(r"\n[ \t]*\n", (text or "").replace("\r\n", "\n").strip()):
        for line in block.split("\n"):
            if _BULLET.match(line):
                flush_para()
                items.append(_BULLET.sub("", line).strip())
            elif items and line.startswith((" ", "\t")) and line.strip():
                items[-1] += " " + line.strip()       # a wrapped bullet line
            elif line.strip():
                flush_items()
                para.append(line.strip())
        flush_para()
        flush_items()
    return Markup("\n").join(out)


def lang_attr(code: str | None) -> str:
    """A ``lang`` value for a quote (``zh-Hans`` stays ``zh-Hans``); "" for unknown."""
    code = (code or "").strip()
    if not code or code.lower() == "und" or not is_language_tag(code):
        return ""
    return code


def lang_attribute(code: str | None, document: str | None = None) -> Markup:
    """A quote's ``lang="…"`` attribute (leading space), or nothing for an unknown language;
    nothing either when ``document`` (the brief's language, given for WeasyPrint) says the
    same: the quote inherits it, and WeasyPrint gives an element with a ``lang`` of its own
    styles no other element shares (0.6 s of a 1,000-quote brief's layout)."""
    own = lang_attr(code)
    if not own or (document is not None
                   and own.lower() == (lang_attr(document) or "en").lower()):
        return Markup("")
    return Markup(' lang="%s"') % own


def cjk_class(quote: BriefQuote) -> str:
    """The CSS class choosing Noto CJK glyph forms for a quote's Han text (SC by default)."""
    for code in (quote.language, quote.language2):
        code = (code or "").lower()
        if code.startswith(("zh-hant", "zh-tw", "zh-hk", "zh-mo")):
            return "cjk-tc"
        if code.startswith("zh"):
            return "cjk-sc"
        if code.startswith("ja"):
            return "cjk-jp"
        if code.startswith("ko"):
            return "cjk-kr"
    return "cjk-sc"


_HEX_COLOUR = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def bar_class(colour: str) -> str:
    """The class of a quote's colour bar in the WeasyPrint brief ("bar-f4a261" for
    "#f4a261"; "bar" for a colour that is not #rgb or #rrggbb): a class, not a style
    attribute, so the quotes share their computed styles (``weasy.paged_css`` defines one
    rule per colour)."""
    match = _HEX_COLOUR.fullmatch((colour or "").strip())
    return f"bar-{match[1].lower()}" if match else "bar"


def shade(count: int, maximum: int) -> tuple[str, str]:
    """(background, text colour) of a matrix cell: darker for more quotes."""
    if count <= 0 or maximum <= 0:
        return SHADES[0]
    level = -(-count * 4 // maximum)             # ceil(4 × count / maximum): 1 … 4
    return SHADES[min(4, max(1, level))]


def excerpt(text: str, limit: int = 220) -> str:
    return excerpt_words(text, limit)


def period_text(brief: Brief) -> str:
    if not brief.period:
        return "No dated sources"
    start, end = (short_date(d) for d in brief.period)
    return start if start == end else f"{start} – {end}"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(resource("templates"))), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(text=text_html, summary=summary_html, short_date=short_date,
                       excerpt=excerpt, cjk=cjk_html, quoted=quote_text)
    env.globals.update(citation=citation, attribute_to=attribution, source_ref=source_ref,
                       new_set=set, lang_attr=lang_attr, lang_attribute=lang_attribute,
                       cjk_class=cjk_class, shade=shade,
                       tlp_colours=TLP_COLOURS, confidence_colours=CONFIDENCE_COLOURS,
                       matrix_columns=matrix_columns, matrix_parts=matrix_parts,
                       bar_class=bar_class)
    return env


def stylesheet() -> Markup:
    css = resource(*STYLESHEET).read_text(encoding="utf-8")
    return Markup(css.replace("</", "<\\/"))      # never closes the <style> element early


def _break_token(match: re.Match) -> str:
    token = match.group()
    if len(token) <= LONG_TOKEN:
        return token
    units = _UNIT.findall(token)                  # an entity (&amp;) is one character
    if len(units) <= LONG_TOKEN:
        return token
    return "<wbr>".join("".join(units[i:i + BREAK_EVERY])
                        for i in range(0, len(units), BREAK_EVERY))


def break_long_words(html: str) -> str:
    """Give every long unbroken token in the text of ``html`` (not in its tags) a break
    opportunity (``<wbr>``) every ``BREAK_EVERY`` characters.

    Neither engine breaks a word longer than its line by itself the same way: wkhtmltopdf's
    old WebKit ignores ``overflow-wrap: anywhere`` and clips the word at the page edge (a
    256-character hash printed as 163). ``<wbr>`` adds no character, so the text layer
    (pdftotext) reads the token whole, split only over the lines it wraps onto.
    """
    parts = _TAG_OR_TEXT.split(html)
    for i in range(0, len(parts), 2):            # even parts are text, odd ones tags
        if len(parts[i]) > LONG_TOKEN:
            parts[i] = _TOKEN.sub(_break_token, parts[i])
    return "".join(parts)


def short_contents(contents: list[tuple[str, str, str]], group_by: str,
                   most: int = 8) -> list[tuple[str, str]]:
    """The contents list of page 1: (title, page). Its parts, and the theme or actor
    sections each on a line when there are at most ``most``, else one line for them all."""
    sections = [c for c in contents if c[1] == "section"]
    out: list[tuple[str, str]] = []
    for title, kind, page in contents:
        if kind == "part":
            out.append((title, page))
        elif len(sections) <= most:
            out.append(("\u2003" + title, page))
        elif (title, kind, page) == sections[0]:
            out.append((f"Quotes by {group_by} ({len(sections)} sections)", page))
    return out


#: Rows from which the matrix no longer moves whole with its heading (it starts under it).
LONG_TABLE = 25
#: Rows of the actors and sources tables kept on the page of their heading.
HEAD_ROWS = 3


def render_html(brief: Brief, zoom: float = 1.0, nav: dict | None = None,
                paged_media: dict | None = None, rows_apart: bool = False) -> str:
    """The brief as a complete HTML document (UTF-8 text, no external references).

    ``zoom`` scales the page in WebKit only (QTextDocument ignores it): Debian's
    wkhtmltopdf prints CSS sizes at about 0.77 of their value, whatever its options.
    ``rows_apart`` (for wkhtmltopdf): the matrix's rows after its first few each in a block
    kept whole, as WebKit keeps no table row whole (it moves the row's text to the next page
    and leaves a sliver of its shading on the page before).
    """
    template = _environment().get_template(TEMPLATE)
    contents = short_contents(nav["contents"], brief.group_by) if nav else []
    html = template.render(brief=brief, css=stylesheet(), zoom=round(float(zoom), 4),
                           contents=contents, cited=(nav or {}).get("cited", {}),
                           nav=nav is not None, paged=paged_media, rows_apart=rows_apart,
                           version=__version__, long_table=LONG_TABLE,
                           head_rows=HEAD_ROWS, source_summary=summary_statement(brief),
                           chronology=chronology(brief), bluf_sources=bluf_sources(brief),
                           period=period_text(brief),
                           compiled=short_date(brief.compiled_at.date().isoformat())
                           + brief.compiled_at.strftime(" %H:%M %Z").rstrip())
    head, body = html.split("<body>", 1)          # the <head> (title, style) stays as it is
    return head + "<body>" + break_long_words(body)
