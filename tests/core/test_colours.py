"""Colours of actors and themes: #rrggbb (or #rgb, expanded) wherever they enter; a bad
colour stored before they were checked is drawn in a palette colour and named by check."""

from __future__ import annotations

import pytest

from briefer.core import colours, spreadsheet
from briefer.core.codebook import PALETTE
from briefer.core.errors import InvalidInput
from briefer.core.store import Project
from tests.briefer_cli import run_cli


@pytest.mark.parametrize("bad", ["#zzz", "red", "notacolour", "#12", "#1234567", " ", "#12345g"])
def test_add_and_update_refuse_what_is_not_a_colour(empty_project, bad):
    book = empty_project.codebook
    message = f"Colour must be #rrggbb \\(or #rgb\\), not {bad!r}"
    with pytest.raises(InvalidInput, match=message):
        book.add_actor("Foo", colour=bad)
    with pytest.raises(InvalidInput, match=message):
        book.add_theme("Bar", colour=bad)
    book.add_actor("Hegseth", colour="#112233")
    book.add_theme("US policy", colour="#445566")
    with pytest.raises(InvalidInput, match=message):
        book.update_actor("Hegseth", colour=bad)
    with pytest.raises(InvalidInput, match=message):
        book.update_theme("US policy", colour=bad)
    assert [a.name for a in book.actors()] == ["Hegseth"]
    assert [(a.colour, t.colour) for a, t in zip(book.actors(), book.themes())] == [
        ("#112233", "#445566")]


def test_short_and_upper_case_colours_are_stored_as_rrggbb(empty_project):
    book = empty_project.codebook
    book.add_actor("A", colour="#F0a")
    book.add_theme("T", colour="#ABCDEF")
    book.update_actor("A", colour=" #abc ")
    assert (book.actors()[0].colour, book.themes()[0].colour) == ("#aabbcc", "#abcdef")
    assert colours.normal("#fff") == "#ffffff"


def test_a_bad_colour_already_stored_is_drawn_in_a_palette_colour_and_named(project_path):
    with Project.open(project_path) as project:
        aid = project.codebook.add_actor("Foo")
        tid = project.codebook.add_theme("US policy")
    # as an older Briefer wrote it: straight into the file, through another connection
    with Project.open(project_path) as project, project.db.atomic():
        project.db.execute("UPDATE actors SET colour = '#zzz' WHERE id = ?", [aid])
        project.db.execute("UPDATE themes SET colour = 'red' WHERE id = ?", [tid])
    with Project.open(project_path) as project:
        actor, theme = project.codebook.actors()[0], project.codebook.themes()[0]
        assert actor.colour in PALETTE and theme.colour in PALETTE
        assert project.codebook.actor("Foo").colour == actor.colour
        assert project.codebook.colours() == {aid: actor.colour, tid: theme.colour}
        problems = project.check()
    assert problems == [
        "actor 'Foo': its colour '#zzz' is not #rrggbb (a palette colour is drawn instead; "
        "set one with `briefer actor recolour`)",
        "theme 'US policy': its colour 'red' is not #rrggbb (a palette colour is drawn "
        "instead; set one with `briefer theme recolour`)"]
    out = run_cli("check", project=project_path)
    assert out.returncode == 1 and "actor 'Foo': its colour '#zzz'" in out.stderr


def test_codebook_csv_refuses_a_bad_colour_naming_its_line(empty_project):
    data = b"name,type,colour\nGood,actor,#123456\nFoo,actor,#12\n"
    with pytest.raises(InvalidInput, match=r"^Line 3 \('Foo'\): the colour must be #rrggbb"):
        spreadsheet.import_codebook_csv(empty_project, data)
    assert empty_project.codebook.actors() == []
    spreadsheet.import_codebook_csv(empty_project, b"name,type,colour\nShort,theme,#abc\n")
    assert empty_project.codebook.themes()[0].colour == "#aabbcc"


def test_cli_refuses_a_bad_colour_in_one_line(project_path):
    assert run_cli("actor", "add", "Hegseth", project=project_path).returncode == 0
    for bad, args in (("#zzz", ("actor", "recolour", "Hegseth", "#zzz")),
                      ("#12", ("actor", "add", "Foo", "--colour", "#12")),
                      ("red", ("theme", "add", "US policy", "--colour", "red"))):
        out = run_cli(*args, project=project_path)
        assert (out.returncode, out.stderr) == (
            1, f"Error: Colour must be #rrggbb (or #rgb), not {bad!r}.\n")
