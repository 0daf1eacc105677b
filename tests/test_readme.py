"""The README documents every CLI command, and CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import click

from briefer.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def all_commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        if command.hidden:
            continue
        full = f"{prefix}{name}"
        names.append(full)
        if isinstance(command, click.Group):
            names += all_commands(command, f"{full} ")
    return names


def test_every_command_is_documented():
    documented = set(re.findall(r"^#### `briefer ([a-z\- ]+?)`", README, re.MULTILINE))
    missing = set(all_commands(cli)) - documented
    assert not missing, f"commands missing from README.md: {sorted(missing)}"
    stale = documented - set(all_commands(cli))
    assert not stale, f"README documents commands that do not exist: {sorted(stale)}"


def test_every_option_is_documented():
    for name in all_commands(cli):
        command = cli
        for part in name.split():
            command = command.commands[part]
        section = README.split(f"#### `briefer {name}`", 1)[1].split("####", 1)[0]
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden:
                assert param.opts[0] in section, f"{param.opts[0]} of '{name}' not in README"


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"```(?:bash|sh)\n(.*?)```", README, re.DOTALL)
    test_command = commands[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci
