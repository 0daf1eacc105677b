"""Write the README's command reference from the CLI itself (each command's ``--help``).

    python docs/gen_cli_reference.py           # rewrite the section in README.md
    python docs/gen_cli_reference.py --check   # exit 1 if README.md is stale (tests/test_readme.py)

The section sits between ``<!-- [[[cog`` … ``]]] -->`` and ``<!-- [[[end]]] -->`` (the markers
of cog, as in sqlite-utils' docs; this script needs no cog).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START = ("<!-- [[[cog\n# generated: python docs/gen_cli_reference.py "
         "(tests/test_readme.py fails when stale)\n]]] -->\n")
END = "<!-- [[[end]]] -->"
WIDTH = 88


def commands(group: click.Group, ctx: click.Context) -> list[tuple[str, click.Context]]:
    """(name path, context) of every visible command, depth first, in the group's order."""
    found = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        sub = click.Context(command, info_name=name, parent=ctx, terminal_width=WIDTH,
                            max_content_width=WIDTH)
        found.append((sub.command_path, sub))
        if isinstance(command, click.Group):
            found += commands(command, sub)
    return found


def reference() -> str:
    sys.path.insert(0, str(ROOT))
    from briefer.cli import cli

    root = click.Context(cli, info_name="briefer", terminal_width=WIDTH, max_content_width=WIDTH,
                         **cli.context_settings)
    parts = [f"### `briefer`\n\n```\n{cli.get_help(root)}\n```\n"]
    for path, ctx in commands(cli, root):
        parts.append(f"### `{path}`\n\n```\n{ctx.command.get_help(ctx)}\n```\n")
    return "\n".join(parts)


def render(readme: str) -> str:
    if START not in readme or END not in readme:
        raise SystemExit(f"README.md lacks the markers {START.splitlines()[0]!r} … {END!r}")
    head, rest = readme.split(START, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{START}{reference()}{END}{tail}"


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in argv:
        if fresh != current:
            print("README.md's command reference is stale: run python docs/gen_cli_reference.py",
                  file=sys.stderr)
            return 1
        return 0
    if fresh != current:
        README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
