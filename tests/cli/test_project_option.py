"""`--project P` reaches P in both places (`briefer --project P CMD`, `briefer CMD --project P`)
for every command, and only the default project starts with the seed articles."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from briefer.cli import cli, main
from briefer.core.store import Project
from briefer.paths import data_dir, default_project_path, seed_files
from tests.briefer_cli import run_cli

#: Options a command checks before it opens the project (else it stops with a usage error).
NEEDS = {"doc edit": ["--title", "T"], "edit-doc": ["--title", "T"],
         "quote add": ["--quote", "x"], "annotate": ["--quote", "x"],
         "judgment edit": ["--text", "x"]}
#: Commands not run here: ``gui`` opens a window (its --project is checked below).
NOT_RUN = {"gui"}


def leaf_commands(group: click.Group, prefix: tuple = ()) -> list[tuple[tuple, click.Command]]:
    """Every runnable command path, hidden aliases included (a group that runs by itself too)."""
    found = []
    for name, command in group.commands.items():
        path = (*prefix, name)
        if isinstance(command, click.Group):
            if command.invoke_without_command:
                found.append((path, command))
            found += leaf_commands(command, path)
        else:
            found.append((path, command))
    return found


def dummy_args(command: click.Command, tmp_path: Path) -> list[str]:
    """Values for the required arguments and options (content does not matter: the project
    is refused before they are used)."""
    some_file = tmp_path / "input.json"
    some_file.write_text("{}", encoding="utf-8")

    def value(param: click.Parameter) -> str:
        if isinstance(param.type, click.Choice):
            return str(param.type.choices[0])
        if isinstance(param.type, (click.types.IntParamType, click.IntRange)):
            return "1"
        if isinstance(param.type, click.Path):
            return str(some_file) if param.type.exists else str(tmp_path / "out.pdf")
        return "x"

    args = []
    for param in command.params:
        if not param.required:
            continue
        if isinstance(param, click.Option):
            args += [param.opts[0], value(param)]
        else:
            args.append(value(param))
    return args


COMMANDS = [(path, cmd) for path, cmd in leaf_commands(cli) if " ".join(path) not in NOT_RUN]


def test_the_walk_finds_the_commands():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"import", "doc remove", "quote edit", "actor alias add", "theme move", "judgment link",
            "brief", "brief settings set", "annotate", "docs"} <= names
    assert len(names) >= 45


@pytest.mark.parametrize("form", ["global", "subcommand"])
@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_both_forms_of_project_reach_it(path, command, form, tmp_path, capsys):
    """P is a text file: a command that reaches P refuses it by name, and leaves it (and the
    default project) alone; one that went to the default project would create it."""
    target = tmp_path / "p-notes.txt"
    target.write_text("not a project", encoding="utf-8")
    rest = [*path, *dummy_args(command, tmp_path), *NEEDS.get(" ".join(path), [])]
    argv = (["--project", str(target), *rest] if form == "global"
            else [*rest, "--project", str(target)])
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 1, err
    assert target.name in err and "Traceback" not in err, err
    assert "not a Briefer project" in err, err
    assert target.read_text(encoding="utf-8") == "not a project"
    assert not default_project_path().exists() and not data_dir().exists()


def test_gui_gets_the_project_in_both_forms(monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr("briefer.gui.shell.app.run", lambda argv, **_kw: seen.append(argv) or 0)
    target = tmp_path / "p.briefer"
    assert main(["--project", str(target), "gui"]) == 0
    assert main(["gui", "--project", str(target)]) == 0
    assert [argv[1:] for argv in seen] == [["--project", str(target)]] * 2


def test_global_project_option_imports_into_p_not_the_default(tmp_path):
    """Issue #10: `briefer --project P import f.txt` wrote the default project."""
    article = tmp_path / "f.txt"
    article.write_text("A short article about DeepSeek and the Pentagon.\n", encoding="utf-8")
    target = tmp_path / "P.briefer"
    proc = run_cli("--project", str(target), "import", str(article), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["status"] == "added"
    with Project.open(target, create=False) as project:
        assert [d.source_name for d in project.documents.list()] == ["f.txt"]
    assert not default_project_path().exists()


def test_a_named_project_starts_empty_and_the_default_one_seeded(tmp_path):
    named = run_cli("actor", "add", "X", "--project", str(tmp_path / "named.briefer"))
    assert named.returncode == 0, named.stderr
    assert named.stderr == f"Created new project {tmp_path / 'named.briefer'}\n"
    listed = run_cli("doc", "list", "--json", "--project", str(tmp_path / "named.briefer"))
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
    env = run_cli("theme", "add", "T", env={"BRIEFER_PROJECT": str(tmp_path / "env.briefer")})
    assert env.returncode == 0, env.stderr
    env = run_cli("doc", "list", "--json", env={"BRIEFER_PROJECT": str(tmp_path / "env.briefer")})
    assert env.returncode == 0 and json.loads(env.stdout) == []
    assert not default_project_path().exists()
    default = run_cli("doc", "list", "--json")
    assert default.returncode == 0, default.stderr
    assert len(json.loads(default.stdout)) == len(seed_files()) == 5
    assert default_project_path().exists()


#: Commands that add something, so may create the project they are named (and say so).
CREATING = {"import", "actor add", "theme add", "judgment add", "brief settings set",
            "import-annotations", "demo", "import-refi", "import-codebook", "merge"}


@pytest.mark.parametrize("path,command", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_only_a_command_that_adds_creates_a_named_project(path, command, tmp_path, capsys):
    """A mistyped --project on a command that reads (or changes what is there) makes no
    file: "No project at …", exit 2. The default project is left alone."""
    name = " ".join(path)
    if name in CREATING:
        return
    target = tmp_path / "typo.brifer"
    rest = [*path, *dummy_args(command, tmp_path), *NEEDS.get(name, [])]
    code = main([*rest, "--project", str(target)])
    err = capsys.readouterr().err
    assert (code, err) == (2, f"Error: No project at {target}.\n")
    assert not target.exists() and not default_project_path().exists()


def test_a_read_command_on_the_default_project_creates_and_seeds_it_on_first_use():
    listed = run_cli("doc", "list", "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 5
    assert "Created new project" not in listed.stderr


def test_a_copy_of_an_open_projects_main_file_is_named_for_what_it_is(tmp_path):
    """Copied while open, the main file holds no tables (the data is in its -wal): opening
    the copy says so, and how to copy a project, instead of "does not exist"."""
    original, copy = tmp_path / "open.briefer", tmp_path / "copy.briefer"
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys; from briefer.core.store import Project\n"
            f"p = Project.open({str(original)!r}); p.codebook.add_actor('Kept in the wal')\n"
            "print('ready', flush=True); sys.stdin.readline(); p.close()")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        copy.write_bytes(original.read_bytes())     # this process has no connection to it
    finally:
        holder.communicate("\n", timeout=60)
    assert copy.stat().st_size > 0
    for args in (["doc", "list"], ["check"], ["brief"]):
        done = run_cli(*args, "--project", str(copy))
        assert done.returncode == 2, (args, done.stderr)
        assert "copy.briefer has no Briefer data" in done.stderr, done.stderr
        assert "briefer backup" in done.stderr and "does not exist" not in done.stderr
    from briefer.core.errors import NoProject

    with pytest.raises(NoProject, match="copied|copy of a project's main file"):
        Project.open(copy, create=False)
