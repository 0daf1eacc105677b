"""The brief's options come from the project's settings, in one place, for every face."""

from __future__ import annotations

import json

import pytest

import briefer.brief.compile as compile_mod
from briefer.brief.model import BriefOptions, brief_options
from briefer.brief.options import OPTION_KEYS

SAVED = {OPTION_KEYS["group_by"]: "actor", OPTION_KEYS["themes"]: json.dumps(["t1", "t2"]),
         OPTION_KEYS["actors"]: "not json", OPTION_KEYS["starred"]: "1", "title": "ignored"}


def test_from_settings_reads_what_the_composer_keeps():
    assert BriefOptions.from_settings(SAVED) == BriefOptions(
        group_by="actor", themes=["t1", "t2"], actors=[], starred_only=True)
    assert BriefOptions.from_settings({}) == BriefOptions()


def test_overrides_given_win_and_unset_ones_fall_back():
    options = BriefOptions.from_settings(SAVED, group_by=None, themes=(), actors=("a",),
                                         starred_only=False, docs=["d"], title="T")
    assert options == BriefOptions(group_by="actor", themes=["t1", "t2"], actors=["a"],
                                   starred_only=False, docs=["d"], title="T")
    with pytest.raises(TypeError, match="BriefOptions has no colour"):
        BriefOptions.from_settings(SAVED, colour="red")


def test_ticks_of_deleted_themes_are_left_out_but_named_ones_must_exist(demo_project):
    themes = [t["id"] for t in demo_project.codebook.themes()]
    demo_project.settings.set(**{OPTION_KEYS["themes"]: json.dumps([themes[0], "deleted-id"])})
    assert brief_options(demo_project).themes == [themes[0]]
    assert brief_options(demo_project, themes=["deleted-id"]).themes == ["deleted-id"]


def test_compile_without_options_uses_the_projects_settings(demo_project, tmp_path,
                                                            monkeypatch):
    demo_project.settings.set(**{OPTION_KEYS["group_by"]: "actor", OPTION_KEYS["starred"]: "1"})
    seen = []
    monkeypatch.setattr(compile_mod, "render_brief", lambda brief, *a, **kw: seen.append(brief))
    compile_mod.compile_brief(demo_project, tmp_path / "b.pdf")
    assert seen[0].group_by == "actor"
    assert seen[0].quotes and all(q.starred for q in seen[0].quotes)
