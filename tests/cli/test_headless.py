"""With no display, `briefer` says so and compiles the demo brief into the exports folder."""

from __future__ import annotations

import subprocess

from briefer import headless
from briefer.cli import main
from briefer.paths import default_project_path
from tests.briefer_cli import cli_json


def test_no_display_runs_the_headless_main_job(monkeypatch, tmp_path, capsys):
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr("briefer.brief.compile.exports_dir", lambda: tmp_path / "exports")
    assert not headless.has_display()
    assert main([]) == 0
    out, err = capsys.readouterr()
    assert "No display found" in err
    pdf = tmp_path / "exports" / out.strip().rsplit("/", 1)[-1]
    assert out.strip() == str(pdf) and pdf.exists()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Bottom line up front" in text and "Page 1 of" in text
    assert main([]) == 0                     # a second run reuses the demo project
    assert capsys.readouterr().out.strip() == str(pdf)


def test_a_display_is_recognised(monkeypatch):
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("DISPLAY", ":99")
    assert headless.has_display()


def test_headless_on_an_empty_named_project_imports_seeds_and_demo_and_says_so(
        monkeypatch, tmp_path, capsys):
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr("briefer.brief.compile.exports_dir", lambda: tmp_path / "exports")
    named = tmp_path / "named.briefer"
    assert main(["--project", str(named)]) == 0
    out, err = capsys.readouterr()
    assert f"{named} had no quotes: imported the seed articles and the demo annotations" in err
    assert out.strip().endswith(".pdf") and (tmp_path / "exports").exists()
    assert len(cli_json("doc", "list", project=named)) == 5
    assert not default_project_path().exists()
