"""The stamped page furniture: long titles elided in linear time, every font embedded."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from briefer.brief.compile import compile_brief
from briefer.brief.model import BriefOptions
from briefer.brief.stamp import overlay

from .conftest import page_count, pdftotext


def _fonts(path) -> list[list[str]]:
    """pdffonts' rows; a font it cannot even list (a CID font with no embedded data and
    no poppler-data: "Missing language pack") makes it complain on stderr."""
    exe = shutil.which("pdffonts")
    if exe is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    done = subprocess.run([exe, str(path)], check=True, capture_output=True, text=True)
    assert done.stderr == "", done.stderr
    return [line.split() for line in done.stdout.splitlines()[2:] if line.strip()]


def test_every_font_is_embedded(demo_project, engine, tmp_path):
    out = tmp_path / "brief.pdf"
    compile_brief(demo_project, out, BriefOptions(title="关心 brief 成年禮",
                                                  marking="tlp:amber"), engine=engine)
    rows = _fonts(out)
    assert rows
    # columns: name, type…, encoding, emb, sub, uni, object, generation
    not_embedded = [row[0] for row in rows if row[-5] != "yes"]
    assert not_embedded == [], f"fonts not embedded: {not_embedded}"
    assert any("BrieferCJK" in row[0] for row in rows)          # the stamp's CJK font


def test_overlay_embeds_its_cjk_font(tmp_path):
    path = tmp_path / "overlay.pdf"
    path.write_bytes(overlay([(595.0, 842.0)], "关心 brief", "机密", None))
    rows = _fonts(path)
    assert len(rows) == 3 and all(row[-5] == "yes" for row in rows), rows


def test_chinese_title_and_marking_read_back_from_the_header(empty_project, tmp_path):
    out = tmp_path / "brief.pdf"
    compile_brief(empty_project, out, BriefOptions(title="贼喊捉贼 关心", marking="机密 Secret"),
                  engine="qt")
    first = pdftotext(out, page=1).splitlines()
    assert "贼喊捉贼 关心" in first[0] and "机密 SECRET" in first[0]
    assert "机密 SECRET" in [line for line in first if line.strip()][-1]


def test_ten_thousand_character_title_is_elided(empty_project, tmp_path):
    title = "Escalation " + "x" * 9989
    out = tmp_path / "brief.pdf"
    compile_brief(empty_project, out, BriefOptions(title=title), engine="qt")
    header = pdftotext(out, page=page_count(out)).splitlines()[0]
    assert "Escalation xxx" in header and "…" in header
    assert len(header.strip()) < 200


def test_overlay_of_a_long_title_measures_once_per_document(monkeypatch):
    """The width of the title is measured once per document, not once per page, and
    never character by character over the whole title again (quadratic)."""
    from reportlab.pdfbase import pdfmetrics

    import briefer.brief.stamp as stamp

    calls = []
    real = pdfmetrics.stringWidth
    monkeypatch.setattr(stamp.pdfmetrics, "stringWidth",
                        lambda text, *a, **k: calls.append(len(text)) or real(text, *a, **k))
    overlay([(595.0, 842.0)] * 50, "t" * 10_000, "TLP:RED", "RED")
    assert sum(calls) < 20_000, sum(calls)        # the trimming loop measured ~50 million
