"""The PDF, read back with pdftotext, from both engines, and written safely. Missing, failing
and hung engines: ``test_pdf_engines.py``."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from pathlib import Path

import pytest

from briefer.brief.compile import BriefError, Cancelled, compile_brief, default_output_path
from briefer.brief.build import build_brief
from briefer.brief.model import BriefOptions

from .conftest import (CHINESE_PHRASES, ENGINES, HOSTILE_NOTE, flat, page_count, pdf_words,
                       pdftotext)


def _fingerprint(project) -> tuple:
    """The project file and its write-ahead log (not -shm: SQLite's shared-memory index,
    which readers update too), and the rows this connection changed."""
    files = [Path(str(project.path) + suffix) for suffix in ("", "-wal", "-journal")]
    digest = [(f.name, hashlib.sha256(f.read_bytes()).hexdigest()) for f in files if f.exists()]
    return digest, project.db.conn.total_changes


def test_every_quote_with_its_speaker_and_graded_source(demo_project, engine, tmp_path):
    out = tmp_path / "brief.pdf"
    result = compile_brief(demo_project, out, BriefOptions(), engine=engine)
    assert result.engine_used == engine and result.path == out and result.notice is None
    body = flat(pdftotext(out, body=True))
    brief = build_brief(demo_project)
    in_brief = demo_project.quotes.list(orphaned=False, excluded=False)
    assert brief.quote_count == len(in_brief) > 0
    for q in brief.quotes:
        text = flat(q.text)
        assert text in body, f"quote missing: {text[:60]}"
        # In its section the quote is followed by its attribution: who said it (the speaker,
        # else the outlet or author), then the source number with its grade.
        starts = [i for i in range(len(body)) if body.startswith(text, i)]
        attributions = [body[i + len(text): i + len(text) + 900] for i in starts]
        who = flat(q.who)[:25]
        assert any(who in after and f"[{q.source_no} · {q.grade}" in after
                   for after in attributions), f"speaker/graded source missing after {text[:40]}"
    for s in brief.sources:
        assert f"[{s.number}]" in body and flat(s.title)[:30] in body
    for j in brief.judgments:
        assert flat(j.text)[:60] in body


def test_page_furniture_on_every_page(demo_project, engine, tmp_path):
    out = tmp_path / "brief.pdf"
    result = compile_brief(demo_project, out, BriefOptions(title="Furniture test",
                                                            marking="tlp:amber+strict"),
                           engine=engine)
    pages = page_count(out)
    assert result.pages == pages > 1
    for number in range(1, pages + 1):
        text = pdftotext(out, page=number)
        lines = [line for line in text.splitlines() if line.strip()]
        assert f"Page {number} of {pages}" in lines[-1]
        assert "TLP:AMBER+STRICT" in lines[0] and "TLP:AMBER+STRICT" in lines[-1]
        assert "Furniture test" in lines[0]


def test_free_text_marking_in_capitals(demo_project, engine, tmp_path):
    out = tmp_path / "brief.pdf"
    compile_brief(demo_project, out, BriefOptions(marking="unclassified // for training"),
                  engine=engine)
    first = flat(pdftotext(out, page=1, layout=False))
    assert first.count("UNCLASSIFIED // FOR TRAINING") >= 3     # top, header block, bottom


def test_chinese_prints_as_text(demo_project, engine, tmp_path):
    out = tmp_path / "brief.pdf"
    compile_brief(demo_project, out, BriefOptions(), engine=engine)
    text = pdftotext(out)
    quotes = " ".join(q.exact for q in demo_project.quotes.list(orphaned=False, excluded=False))
    phrases = [p for p in CHINESE_PHRASES if p in quotes] or \
        [w for w in quotes.split() if any("\u4e00" <= ch <= "\u9fff" for ch in w)][:3]
    assert phrases
    for phrase in phrases:
        assert phrase in text, phrase
    assert "\u2f3c" not in text              # ⼼ (Kangxi radical) mended to 心


def test_cjk_title_in_the_stamped_header(demo_project, engine, tmp_path):
    out = tmp_path / "brief.pdf"
    compile_brief(demo_project, out, BriefOptions(title="关心 brief 成年禮"), engine=engine)
    assert all("关心 brief 成年禮" in pdftotext(out, page=n).splitlines()[0]
               for n in (1, page_count(out)))
    # the masthead too, typeset by the engine: 心 must not come out as the radical ⼼
    assert "关心 brief 成年禮" in pdftotext(out, page=1, body=True)


def test_cjk_fonts_follow_the_quotes_language(demo_project, engine, tmp_path):
    import shutil
    import subprocess

    if not shutil.which("pdffonts") or not shutil.which("fc-list") or "Noto Serif CJK TC" not in \
            subprocess.run(["fc-list"], capture_output=True, text=True).stdout:
        pytest.skip("needs pdffonts and fonts-noto-cjk")
    out = tmp_path / "brief.pdf"
    compile_brief(demo_project, out, BriefOptions(), engine=engine)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    languages = {code for q in build_brief(demo_project).quotes
                 for code in (q.language, q.language2) if code}
    if "zh-Hant" in languages:
        assert "NotoSerifCJKtc" in fonts
    if "zh-Hans" in languages:
        assert "NotoSerifCJKsc" in fonts


def test_hostile_note_is_printed_literally(hostile_project, engine, tmp_path):
    out = tmp_path / "brief.pdf"
    before = _fingerprint(hostile_project)
    compile_brief(hostile_project, out, BriefOptions(), engine=engine)
    text = pdftotext(out)
    assert flat(HOSTILE_NOTE) in flat(text)
    assert '<meta name="pdfkit-title" content="x">' in text
    assert "root:x:0:0" not in text and "/bin/bash" not in text and "pwned\n" not in text
    assert _fingerprint(hostile_project) == before          # the project is never touched


_PAGE_LIST = re.compile(r"[\d–,-]+")


def text_without_page_numbers(pdf: Path) -> str:
    """The body text of ``pdf`` less the page numbers the engines may place differently:
    those in the contents on page 1 (after CONTENTS, before the first heading) and those
    in the Sources table's CITED ON PAGES column."""
    import html

    kept, dropped, cited_x = [], 0, None        # the column stays where it is on later pages
    for number, page in enumerate(pdf_words(pdf), 1):
        words = [(x, y, html.unescape(w)) for w, x, y, *_box in page]
        contents = None
        for i, (x, y, w) in enumerate(words):
            if not 45 < y < 800:                                  # stamped header, footer
                continue
            if number == 1 and w == "CONTENTS":
                contents = True
            elif contents and w == "1." and words[i + 1][2] == "Bottom":
                contents = False
            elif w == "CITED" and words[i + 1][2] == "ON":
                cited_x = x - 6          # the continuation table's column may sit a little left
            if _PAGE_LIST.fullmatch(w) and (contents or (cited_x is not None and x >= cited_x)):
                dropped += 1
                continue
            kept.append(w)
    assert dropped >= 5, "no page numbers found in the contents and the sources"
    return " ".join(kept)


def test_same_text_from_both_engines(demo_project, wkhtmltopdf_exe, tmp_path, monkeypatch):
    """The same characters, each as often, in both PDFs (line breaks differ, so does the
    reading order pdftotext finds in table cells; pdftotext joins words hyphenated at a
    line end), apart from page numbers in the contents and the sources, which follow each
    engine's page breaks. Qt's clipped page-break duplicates would show here as extra
    text. Both say one compile time (the two compilations may straddle a minute)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772539200")
    chars, words = {}, {}
    for engine in ENGINES:
        out = tmp_path / f"{engine}.pdf"
        compile_brief(demo_project, out, BriefOptions(), engine=engine)
        text = text_without_page_numbers(out)
        chars[engine] = Counter(re.sub(r"[\s\-‐]", "", text))
        words[engine] = len(text.split())
    assert chars["wkhtmltopdf"] == chars["qt"]
    assert abs(words["wkhtmltopdf"] - words["qt"]) <= 10


def test_empty_project_gives_one_page(empty_project, engine, tmp_path):
    out = tmp_path / "empty.pdf"
    result = compile_brief(empty_project, out, BriefOptions(), engine=engine)
    assert result.pages == page_count(out) == 1
    text = pdftotext(out)
    assert "This brief has no quotes." in text and "Page 1 of 1" in text


def test_group_by_actor_and_html_copy(demo_project, engine, tmp_path):
    out, html = tmp_path / "by-actor.pdf", tmp_path / "by-actor.html"
    result = compile_brief(demo_project, out, BriefOptions(group_by="actor", starred_only=True),
                           engine=engine, html_out=html)
    assert result.html_path == html and "<!DOCTYPE html>" in html.read_text(encoding="utf-8")
    body = flat(pdftotext(out, body=True))
    for q in build_brief(demo_project, BriefOptions(starred_only=True)).quotes:
        assert flat(q.text) in body
    assert "Starred quotes only" in body


# -- writing safely ----------------------------------------------------------------------
def _refusing_folder(tmp_path: Path) -> Path:
    """A folder that refuses new files: read-only for a normal user; as root (whom modes
    do not stop) Linux's /sys, where even root cannot create a file."""
    if os.name == "posix" and os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    if Path("/sys/kernel").is_dir():
        return Path("/sys")
    pytest.skip("no folder here refuses writes")


def test_read_only_folder_is_refused_cleanly(demo_project, tmp_path):
    folder = _refusing_folder(tmp_path)
    before = set(folder.iterdir())
    try:
        with pytest.raises(BriefError, match="Cannot write brief.pdf in .*Choose another folder"):
            compile_brief(demo_project, folder / "brief.pdf", engine="qt")
        assert set(folder.iterdir()) == before
    finally:
        if folder.parent == tmp_path:
            folder.chmod(0o755)


def test_unwritable_target_is_refused_before_typesetting(demo_project, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    with pytest.raises(BriefError, match="Cannot write brief.pdf in"):
        compile_brief(demo_project, not_a_folder / "brief.pdf", engine="qt")
    with pytest.raises(BriefError, match=".pdf name"):
        compile_brief(demo_project, tmp_path / "brief.briefer", engine="qt")


def test_failure_late_leaves_no_partial_file_and_keeps_the_old_pdf(demo_project, tmp_path,
                                                                    monkeypatch):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    out = tmp_path / "brief.pdf"
    out.write_bytes(b"%PDF-old")
    import briefer.brief.compile as compile_mod

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(compile_mod.os, "replace", refuse)
    with pytest.raises(PermissionError, match="Permission denied"):
        compile_brief(demo_project, out, engine="qt")
    assert out.read_bytes() == b"%PDF-old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.pdf"]


def test_progress_and_cancel(demo_project, tmp_path):
    tmp_path = tmp_path / "out"
    seen = []
    compile_brief(demo_project, tmp_path / "a.pdf", engine="qt",
                  progress=lambda pct, msg: seen.append((pct, msg)))
    percents = [p for p, _ in seen]
    assert percents == sorted(percents) and percents[-1] == 100 and len(seen) >= 4
    calls = []

    def cancel_after_typesetting():
        calls.append(1)
        return len(calls) > 2
    with pytest.raises(Cancelled, match="The brief was cancelled; no PDF was written"):
        compile_brief(demo_project, tmp_path / "b.pdf", engine="qt",
                      cancelled=cancel_after_typesetting)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]


def test_compile_from_a_path_opens_read_only(demo_project, tmp_path):
    before = _fingerprint(demo_project)
    result = compile_brief(str(demo_project.path), tmp_path / "p.pdf", engine="qt")
    assert result.pages >= 1 and result.quotes == len(demo_project.quotes.list(orphaned=False,
                                                                                excluded=False))
    assert _fingerprint(demo_project) == before


def test_default_output_path(demo_project):
    path = default_output_path(demo_project)
    assert path.parent.name in ("exports", "Briefer exports")
    assert path.name.startswith(Path(demo_project.path).stem + "-") and path.suffix == ".pdf"


def test_cli_brief(demo_project, tmp_path, capsys):
    from briefer.cli import main

    path = str(demo_project.path)
    demo_project.close()
    out = tmp_path / "cli.pdf"
    code = main(["brief", "--project", path, "--out", str(out), "--engine", "qt", "--starred",
                 "--marking", "tlp:green", "--title", "CLI brief"])
    assert code == 0 and out.is_file()
    assert capsys.readouterr().out.strip() == str(out)
    first = pdftotext(out, page=1)
    assert "TLP:GREEN" in first and "CLI brief" in first


def test_source_date_epoch_fixes_the_compile_time(demo_project, tmp_path, monkeypatch):
    """Reproducible briefs: SOURCE_DATE_EPOCH sets the printed time and the PDF's dates."""
    from pypdf import PdfReader
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772539200")       # 2026-03-03 12:00 UTC
    out = tmp_path / "fixed.pdf"
    compile_brief(demo_project, out, BriefOptions(), engine="qt")
    assert "3 Mar 2026 12:00 UTC" in flat(pdftotext(out))
    assert PdfReader(out).metadata["/CreationDate"].startswith("D:20260303120000")


@pytest.mark.parametrize("value", ["99999999999999999999999", "253402300800", "1e9", "-5", "",
                                   "soon"])
def test_a_bad_source_date_epoch_gives_the_present_time(value, monkeypatch):
    from datetime import datetime

    from briefer.brief.clock import compile_time
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert abs((compile_time() - datetime.now().astimezone()).total_seconds()) < 60
