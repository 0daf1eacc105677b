"""Fixtures for the brief: the demo project (or a stand-in), hostile text, pdftotext helpers."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import unicodedata
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")   # before anything imports Qt

import pytest  # noqa: E402

HOSTILE_NOTE = ('<iframe src="file:///etc/passwd"></iframe> <img src="http://127.0.0.1:9/x.png"> '
                '<meta name="pdfkit-cookie" content="a b"> '
                '<script>document.write("pwned")</script>')
CHINESE_PHRASES = ("贼喊捉贼", "心智观察所", "成年禮")

#: Stand-in for the demo (used until/unless briefer.core.demo exists): (seed file prefix,
#: text, actors, themes, note, starred).
STAND_IN = [
    ("000", "A framing that came up repeatedly was ‘the thief crying thief’ (贼喊捉贼).",
     ["Guancha"], ["Chinese reactions"], "The dominant framing in Chinese media.", True),
    ("000", "心智观察所 Xinzhi Observatory, another Guancha column, voiced a more nuanced opinion.",
     ["Guancha"], ["Chinese reactions"], "", False),
    ("000", "One writeup called the dispute “the AI industry’s first coming-of-age "
     "ceremony” (成年禮).",
     [], ["Chinese reactions", "Industry dynamics"], "Taiwanese commentary.", False),
    ("000", "regarded in Washington as too woke to be trusted, and in Beijing as the most "
     "hawkish AI company", ["Anthropic"], ["Chinese reactions", "US government pressure"],
     "", True),
    ("001", "Anthropic alleges the firms used over 24,000 fake accounts to distill the "
     "capabilities of its Claude models", ["Anthropic", "DeepSeek"], ["Distillation"], "", False),
    ("002", "The Defense Production Act would be invoked for compulsory requisition.",
     ["Pentagon"], ["US government pressure"], "Threat, not yet action.", False),
    ("002", "Hegseth gave him an ultimatum", ["Pentagon", "Anthropic"],
     ["US government pressure"], "", True),
    ("003", "these Chinese firms have used Claude's capabilities to accelerate their own model "
     "development", ["DeepSeek"], ["Distillation"], "", False),
    ("004", "Any company with more than 50% Chinese ownership, whether headquartered in Shanghai "
     "or operating through subsidiaries in Berlin or Singapore, now faces restrictions.",
     ["Anthropic"], ["Export controls"], "", False),
]


def build_stand_in(project) -> None:
    docs = {d["source_name"][:3]: d["id"] for d in project.documents.list()}
    project.codebook.add_actor("Anthropic", "organisation")
    project.codebook.add_actor("Pentagon", "state")
    project.codebook.add_actor("Guancha", "media")
    project.codebook.add_actor("DeepSeek", "organisation")
    ids = []
    for prefix, text, actors, themes, note, starred in STAND_IN:
        ids.append(project.quotes.add_text(docs[prefix], text, actors=actors, themes=themes,
                                          note=note, starred=starred))
    project.judgments.add("Anthropic's standing in Beijing will not recover this year.", "moderate",
                         ids[:4])
    project.judgments.add("The Pentagon will follow through on its threats.", "low", ids[5:7])
    project.settings.set(title="Anthropic between Washington and Beijing",
                         subtitle="Reactions to the distillation accusations",
                         analyst="Test Analyst", marking="tlp:amber",
                         summary="Anthropic is squeezed from both sides.\n\n- Washington: too woke."
                                 "\n- Beijing: too hawkish.")


def load_demo_or_stand_in(project) -> str:
    """Load the colleague's demo when it exists, else the stand-in; return which."""
    try:
        from briefer.core.demo import load_demo
    except ImportError:
        build_stand_in(project)
        return "stand-in"
    load_demo(project)
    return "demo"


@pytest.fixture
def demo_project(project):
    load_demo_or_stand_in(project)
    return project


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    """A closed project file holding the demo (or the stand-in), made once per module."""
    from briefer.project import open_project

    path = tmp_path_factory.mktemp("demo") / "demo.briefer"
    with open_project(path) as project:
        load_demo_or_stand_in(project)
    return path


@pytest.fixture
def hostile_project(demo_project):
    quote = next(q for q in demo_project.quotes.list(orphaned=False) if q.themes)
    demo_project.quotes.update(quote.id, note=HOSTILE_NOTE)
    demo_project.settings.set(summary='<b>bold?</b>\n<meta name="pdfkit-title" content="x">')
    return demo_project


@pytest.fixture
def wkhtmltopdf_exe():
    exe = shutil.which("wkhtmltopdf")
    if exe is None:
        pytest.skip("wkhtmltopdf is not installed")
    return exe


#: The engines every brief is compiled with (WeasyPrint is optional: ``test_weasyprint.py``).
ENGINES = ["wkhtmltopdf", "qt"]


@pytest.fixture(params=ENGINES)
def engine(request):
    """Each engine in turn (wkhtmltopdf skipped where it is not installed)."""
    if request.param == "wkhtmltopdf":
        request.getfixturevalue("wkhtmltopdf_exe")
    return request.param


@pytest.fixture
def no_wkhtmltopdf(monkeypatch, tmp_path):
    """A PATH with no wkhtmltopdf on it (and no $BRIEFER_WKHTMLTOPDF)."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv("BRIEFER_WKHTMLTOPDF", raising=False)


def fake_wkhtmltopdf(tmp_path: Path, body: str,
                     version: str = 'echo "wkhtmltopdf 0.12.6"; exit 0') -> Path:
    """A shell script standing in for wkhtmltopdf: ``--version`` runs ``version``, anything
    else ``body``."""
    exe = tmp_path / "fake-wkhtmltopdf"
    exe.write_text(f'#!/bin/sh\nif [ "$1" = "--version" ]; then {version}; fi\n{body}')
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    return exe


# -- reading PDFs back ------------------------------------------------------------------
CITATION = r"\[(\d+)(?:\]|,)?"                 # "[3]", "[3" of "[3 · B2]", "[3,"
BODY_TOP, BODY_BOTTOM = 45.0, 842.0 - 40.0        # inside the stamped header and footer


def _poppler(tool: str) -> str:
    exe = shutil.which(tool) or f"/usr/bin/{tool}"
    if not Path(exe).exists():
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return exe


def pdftotext(path, *, page: int | None = None, body: bool = False, layout: bool = True) -> str:
    """Text of a PDF (or one page); ``body`` crops away the stamped header and footer."""
    args = [_poppler("pdftotext"), "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if page:
        args += ["-f", str(page), "-l", str(page)]
    if body:
        args += ["-x", "0", "-y", "45", "-W", "595", "-H", "750"]
    args += [str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


#: A word of ``pdftotext -bbox``: its box (x0, top, x1, bottom), then its text.
WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                      r'(.*?)</word>')


def pdf_words(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Each page's words: (text, x0, top, x1, bottom)."""
    out = subprocess.run([_poppler("pdftotext"), "-bbox", "-enc", "UTF-8", str(pdf), "-"],
                         check=True, capture_output=True).stdout.decode()
    return [[(m.group(5), *map(float, m.group(1, 2, 3, 4))) for m in WORD_BOX.finditer(chunk)]
            for chunk in out.split("<page ")[1:]]


def outline_titles(reader) -> list[str]:
    """Every title of a PDF's outline (a ``pypdf.PdfReader``'s), nested ones included."""
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)
    walk(reader.outline)
    return titles


def page_count(path) -> int:
    out = subprocess.run([_poppler("pdfinfo"), str(path)], check=True,
                         capture_output=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def flat(text: str) -> str:
    """Whitespace collapsed to single spaces (quotes wrap across lines and pages)."""
    return " ".join(unicodedata.normalize("NFC", text).split())
