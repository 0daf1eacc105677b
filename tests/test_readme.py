"""The README's command reference is generated from the CLI and is up to date; CI runs the
README's test command."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def generator():
    spec = importlib.util.spec_from_file_location("gen_cli_reference",
                                                  ROOT / "docs" / "gen_cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_command_reference_is_generated_from_the_cli():
    gen = generator()
    assert gen.render(README) == README, \
        "README.md's command reference is stale: run python docs/gen_cli_reference.py"


def test_the_reference_holds_every_visible_command_and_a_stale_one_is_caught():
    gen = generator()
    import click

    from briefer.cli import cli

    root = click.Context(cli, info_name="briefer")
    paths = [path for path, _ctx in gen.commands(cli, root)]
    assert "briefer doc remove" in paths and "briefer brief settings set" in paths
    assert "briefer annotate" not in paths                      # hidden aliases stay out
    for path in paths:
        assert f"### `{path}`\n" in README, path
    stale = README.replace("Remove a document and its quotes", "Remove a document")
    assert gen.render(stale) != stale


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"```(?:bash|sh)\n(.*?)```", README, re.DOTALL)
    test_command = commands[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci
