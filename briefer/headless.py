"""The main job without a display: load the demo and compile its brief into exports/."""

from __future__ import annotations

import os
import sys

import click

from .core.text import plural
from .paths import data_dir, project_path


def has_display() -> bool:
    """True where a Qt window can be shown (an X/Wayland display, or Qt told to go offscreen)."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM") in ("offscreen", "minimal", "vnc"))


def run_headless(explicit_project=None) -> int:
    """Compile the demo brief and print its path.

    The project is the one named (``--project``/``$BRIEFER_PROJECT``), else a demo project in
    the data folder. One without quotes first gets the seed articles and the demo annotations.
    """
    from .brief.compile import compile_brief, default_output_path
    from .brief.options import brief_options
    from .core.demo import load_demo
    from .project import open_user_project

    named = explicit_project or os.environ.get("BRIEFER_PROJECT")
    path = project_path(explicit_project) if named else data_dir() / "demo.briefer"
    with open_user_project(path) as project:
        if not project.quotes.list():
            report = load_demo(project)
            click.echo(f"{project.path} had no quotes: imported the seed articles and the demo "
                       f"annotations ({plural(report.added, 'quote')}).", err=True)
        result = compile_brief(project, default_output_path(project), brief_options(project))
    if result.notice:
        click.echo(result.notice, err=True)
    click.echo(str(result.path))
    return 0
