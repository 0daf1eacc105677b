"""Compile the demo brief and save pages 1 and 2 and the page of its sources (with
the matrix's end) as PNGs for the README (brief-page-01.png, -02.png, brief-page-last.png).

    .venv/bin/python docs/screenshots/make_brief_pages.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from briefer.brief.compile import compile_brief  # noqa: E402
from briefer.core.demo import load_demo  # noqa: E402
from briefer.project import open_project  # noqa: E402


def sources_page(pdf: Path, pages: int) -> int:
    """The page where the sources table starts (the colophon may follow on its own page)."""
    for page in range(pages, 0, -1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        if "CITED ON PAGES" in text.upper():
            return page
    return pages


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        with open_project(Path(tmp) / "demo.briefer") as project:
            load_demo(project)
            result = compile_brief(project, Path(tmp) / "demo-brief.pdf")
        print(f"{result.engine_used}: {result.pages} pages in {result.seconds:.2f} s")
        subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "2", str(result.path),
                        str(HERE / "brief-page")], check=True)
        last = sources_page(result.path, result.pages)
        subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", str(last), "-l", str(last),
                        "-singlefile", str(result.path), str(HERE / "brief-page-last")],
                       check=True)
    for png in sorted(HERE.glob("brief-page-*.png")):
        print(png)


if __name__ == "__main__":
    main()
