"""Shared fixtures: every test runs against a fresh project file in a temporary folder."""

from __future__ import annotations

import os

import pytest

# GUI tests run without a display; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Keep the user's real data folder and settings out of every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(home / "documents"))
    monkeypatch.delenv("BRIEFER_PROJECT", raising=False)


@pytest.fixture
def project_path(tmp_path):
    return tmp_path / "test.briefer"


@pytest.fixture
def project(project_path):
    """A new project with the five seed articles imported."""
    from briefer.project import open_project

    p = open_project(project_path)
    yield p
    p.close()


@pytest.fixture
def empty_project(project_path):
    from briefer.core.store import Project

    p = Project.open(project_path)
    yield p
    p.close()


@pytest.fixture
def run_main(capsys):
    """``run_main(*ARGS, project=P)``: ``briefer ARGS --project P`` run in this process
    (``briefer.cli.main``); returns (exit code, stdout, stderr). A child process:
    ``tests.briefer_cli.run_cli``."""
    from briefer.cli import main

    def run(*args, project=None):
        code = main([*map(str, args), *(["--project", str(project)] if project else [])])
        out, err = capsys.readouterr()
        return code, out, err
    return run
