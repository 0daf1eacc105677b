"""Import of real sources: 100 web pages and 20 PDFs of 30 pages.

The web pages are the four test pages of ``tests/fixtures/web/`` (English, Chinese, German,
Arabic; navigation, cookie banner, JSON-LD, comments…) made distinct by a numbered
paragraph; the PDFs are made with reportlab (a running header, a page-number footer, 40
lines a page, a hyphenated word on every page). Prints the time of ``import_files`` for each
batch (extraction, metadata, language detection and the committed write of each file) and
per file, and the time to read (not store) the same files, so the store's share shows.

    .venv/bin/python bench/bench_import.py [--pages 100] [--pdfs 20] [--pdf-pages 30]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefer.core import corpus  # noqa: E402
from briefer.core.store import Project  # noqa: E402

WEB = ROOT / "tests" / "fixtures" / "web"
SENTENCE = ("The committee heard evidence from port officials, shipping lines and unions about "
            "the state of the cranes and the cost of the delays; item {i} of the record.")


def make_pages(folder: Path, count: int) -> list[Path]:
    sources = sorted(WEB.glob("*.html"))
    paths = []
    for i in range(count):
        html = sources[i % len(sources)].read_text(encoding="utf-8")
        extra = f"</h1><p>{SENTENCE.format(i=i)}</p>"
        path = folder / f"page-{i:03d}.html"
        path.write_text(html.replace("</h1>", extra, 1), encoding="utf-8")
        paths.append(path)
    return paths


def make_pdfs(folder: Path, count: int, pages: int) -> list[Path]:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    paths = []
    for n in range(count):
        path = folder / f"report-{n:02d}.pdf"
        c = canvas.Canvas(str(path), pagesize=A4)
        c.setTitle(f"Annual report {n}")
        for p in range(1, pages + 1):
            c.setFont("Helvetica", 9)
            c.drawString(72, 810, f"Ministry of Examples — Annual report {n}")
            c.setFont("Helvetica", 10)
            for line in range(40):
                text = f"{n}.{p}.{line} " + SENTENCE[: 80 - (line % 7) * 5]
                if line == 20:
                    text = "the inter-"
                elif line == 21:
                    text = "national agreement was signed " + text[:40]
                c.drawString(60, 780 - line * 18, text)
            c.setFont("Helvetica", 9)
            c.drawString(290, 30, f"Page {p} of {pages}")
            c.showPage()
        c.save()
        paths.append(path)
    return paths


def timed(label: str, work, count: int) -> float:
    start = time.perf_counter()
    work()
    took = time.perf_counter() - start
    print(f"{label:42} {took:7.2f} s  {1000 * took / count:7.1f} ms/file")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--pdfs", type=int, default=20)
    parser.add_argument("--pdf-pages", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pages = make_pages(folder, args.pages)
        pdfs = make_pdfs(folder, args.pdfs, args.pdf_pages)
        print(f"{args.pages} web pages, {args.pdfs} PDFs of {args.pdf_pages} pages")
        timed("read web pages (no store)", lambda: [corpus.read_document(p) for p in pages],
              len(pages))
        timed("read PDFs (no store)", lambda: [corpus.read_document(p) for p in pdfs], len(pdfs))
        with Project.open(folder / "bench.briefer") as project:
            results = {}
            timed("import web pages", lambda: results.update(
                web=project.documents.import_files(pages)), len(pages))
            timed("import PDFs", lambda: results.update(pdf=project.documents.import_files(pdfs)),
                  len(pdfs))
            statuses = {r.status for rs in results.values() for r in rs}
            print(f"statuses: {sorted(statuses)}; documents: {len(project.documents.list())}")


if __name__ == "__main__":
    main()
