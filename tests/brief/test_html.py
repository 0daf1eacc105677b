"""The brief's HTML: escaped, self-contained, with the CJK fonts and markings it needs."""

from __future__ import annotations

import re

import pdfkit
from markupsafe import Markup, escape

from briefer.brief.html import (_environment, bar_class, cjk_html, lang_attr, render_html,
                                shade, summary_html, text_html)
from briefer.brief.build import build_brief
from briefer.brief.model import BriefOptions

from .conftest import HOSTILE_NOTE


def _html(project, **options) -> str:
    return render_html(build_brief(project, BriefOptions(**options)))


def test_sections_come_in_the_documented_order(demo_project):
    html = _html(demo_project)
    first_theme = build_brief(demo_project).sections[0].title
    marks = ["SITUATION BRIEF", "ANALYST", "COMPILED", "SOURCES COVER", "HANDLING",
             "Bottom line up front", "Key judgments", "Key actors", first_theme,
             "Actors by theme", "Sources"]
    positions = [html.index(str(escape(m))) for m in marks]
    assert positions == sorted(positions)


def test_hostile_text_is_escaped_everywhere(hostile_project):
    hostile_project.settings.set(title='<img src="http://127.0.0.1:9/t.png">Title',
                                 analyst="<script>x</script>", subtitle="</style><b>HOSTILE</b>")
    html = _html(hostile_project, marking='<iframe src="file:///etc/passwd">')
    for tag in ("<iframe", "<img", "<script", "<meta name=\"pdfkit", "<link", "<object",
                "<embed", "<b>HOSTILE", "<base", "<svg"):
        assert tag not in html
    assert "&lt;iframe src=&#34;file:///etc/passwd&#34;&gt;" in html.replace("<wbr>", "")
    assert html.count("<style>") == 1 and html.count("</style>") == 1
    # pdfkit would turn <meta name="pdfkit-…"> into command-line options: none survive.
    kit = pdfkit.PDFKit("<html></html>", "string",
                        configuration=pdfkit.configuration(wkhtmltopdf="/bin/true"))
    assert kit._find_options_in_meta(html) == {}


def test_no_external_references(hostile_project):
    html = _html(hostile_project)
    tags = re.findall(r"<[A-Za-z!][^>]*>", html)          # escaped text has no raw "<"
    assert tags and not [t for t in tags if re.search(r"\b(src|href|srcset|background|data)\s*=",
                                                      t, re.I)]
    assert not [t for t in tags if "://" in t]
    style = html[html.index("<style>"):html.index("</style>")]
    assert "url(" not in style and "@import" not in style and "://" not in style


def test_summary_paragraphs_and_bullets_are_escaped():
    out = summary_html("First <b>para</b>\nsame para.\n\n- one\n• two\n* three & more\n\nLast")
    assert isinstance(out, Markup)
    assert out.count('<p class="bluf">') == 2
    assert '<ul class="bluf"><li>one</li><li>two</li><li>three &amp; more</li></ul>' in out
    assert "First &lt;b&gt;para&lt;/b&gt;<br>same para." in out
    assert summary_html("") == ""
    assert text_html("a\n<b>") == Markup("a<br>&lt;b&gt;")


def test_marking_in_capitals_with_tlp_colours(demo_project):
    html = _html(demo_project, marking="tlp:amber+strict")
    assert "TLP:AMBER+STRICT" in html and "#ffc000" in html
    html = _html(demo_project, marking="unclassified // for training")
    assert "UNCLASSIFIED // FOR TRAINING" in html


def test_quotes_have_lang_and_cjk_fonts(demo_project):
    """Quotes in Chinese carry their own ``lang`` (the demo's quotes are all English with
    Chinese inside, so a Chinese article is added: the branch must run, not be skipped)."""
    doc = demo_project.documents.add("美国国防部对Anthropic发出最后通牒。\n\n"
                                    "這是人工智慧產業的成年禮，臺灣評論員這樣寫道。",
                                    title="中文报道", language="zh")
    demo_project.quotes.add_text(doc, "美国国防部对Anthropic发出最后通牒。",
                                themes=["Chinese reactions"])
    demo_project.quotes.add_text(doc, "這是人工智慧產業的成年禮，臺灣評論員這樣寫道。",
                                themes=["Chinese reactions"])
    html = _html(demo_project)
    brief = build_brief(demo_project)
    chinese = [q for q in brief.quotes if q.language.startswith("zh")]
    assert {q.language for q in chinese} == {"zh-Hans", "zh-Hant"}
    for q in chinese:
        assert re.search(rf'<p class="qtext" lang="{q.language}">[^\n]*{q.text[:6]}', html)
    for family in ("Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans CJK TC",
                   "Noto Serif CJK TC"):
        assert f'"{family}"' in html
    assert ":lang(zh" in html


def test_autoescape_is_on():
    env = _environment()
    assert env.autoescape is True or env.autoescape("brief.html.j2")


def test_empty_project_says_so(empty_project):
    html = render_html(build_brief(empty_project))
    assert "This brief has no quotes." in html
    assert "Key actors" not in html and "Sources</h2>" not in html


def test_hostile_note_text_is_kept_verbatim(hostile_project):
    html = _html(hostile_project)
    assert str(Markup.escape(HOSTILE_NOTE)) in html.replace("<wbr>", "")   # long words break


def test_matrix_shading_grows_with_count():
    colours = [shade(c, 8)[0] for c in range(0, 9)]
    assert colours[0] == "#ffffff"
    levels = [colours.index(c) for c in colours]
    assert levels == sorted(levels) and len(set(colours)) == 5
    assert shade(1, 1) == shade(8, 8)


def test_weasyprint_quotes_are_blocks_with_their_sections_colour(demo_project):
    """In the WeasyPrint brief each quote is one block (no table) whose class gives it its
    section's colour bar; a colour that is not #rgb/#rrggbb never reaches the style sheet."""
    from briefer.brief.weasy import paged_css

    doc = demo_project.documents.add("美国国防部对Anthropic发出最后通牒。", title="中文报道",
                                    language="zh")
    demo_project.quotes.add_text(doc, "美国国防部对Anthropic发出最后通牒。",
                                themes=["Chinese reactions"])
    brief = build_brief(demo_project, BriefOptions())
    html = render_html(brief, nav={"contents": [], "cited": {}},
                       paged_media={"css": paged_css(brief)})
    body = html.split("<body>", 1)[1]
    assert 'class="quote"' not in body and 'class="note-box"' not in body
    blocks = re.findall(r'<div class="wq (bar-[0-9a-f]+)', html)
    assert len(blocks) >= brief.quote_count
    for section in brief.sections:
        assert f".{bar_class(section.colour)} {{ border-left-color: {section.colour}; }}" in html
    assert bar_class("#A1B2C3") == "bar-a1b2c3" and bar_class("#abc") == "bar-abc"
    assert bar_class("red; } body { display: none") == "bar"
    assert 'class="quote"' in render_html(brief)         # the other engines keep the table
    # A quote in the brief's own language inherits it (an own lang costs WeasyPrint a style
    # of its own); one in another language says so, as for the other engines.
    own = (brief.language or "en").lower()
    langs = {e.quote.language for s in brief.sections for e in s.entries}
    others = {lang_attr(code) for code in langs} - {"", own}
    assert others, langs
    for code in others:
        assert f'class="qtext" lang="{code}"' in body
    assert f' lang="{own}"' not in body and f'lang="{own}"' in render_html(brief)


def test_cjk_runs_get_the_quotes_font_class():
    out = cjk_html("the <thief> 贼喊捉贼, 成年禮\nあいう 한국", "cjk-tc")
    assert out == Markup('the &lt;thief&gt; <span class="cjk-tc">贼喊捉贼</span>, '
                         '<span class="cjk-tc">成年禮</span><br><span class="cjk-tc">あいう</span> '
                         '<span class="cjk-tc">한국</span>')
    assert cjk_html("关心", "cjk-sc", sans=True) == Markup('<span class="cjk-sc-sans">关心</span>')


def test_traditional_quotes_are_marked_for_tc_fonts(demo_project):
    brief = build_brief(demo_project)
    html = render_html(brief)
    for q in brief.quotes:
        if "zh-Hant" in (q.language, q.language2):
            assert '<span class="cjk-tc">' in html
            break
    else:
        raise AssertionError("the demo has no quote in traditional Chinese")
