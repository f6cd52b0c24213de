"""Print the built HTML book to one PDF, for teachers who print: ``make pdf``.

Every page of ``_toc.yml``, in order, is opened from ``_build/html`` in headless Chromium
(Debian's, driven by Playwright; nothing is downloaded), with the math typeset, every figure
loaded and every solution unfolded, printed with the theme's print stylesheet, and the pages
joined into ``_build/pdf/cnn-book.pdf`` with one bookmark per chapter. The file is also
copied next to the HTML (``_build/html/cnn-book.pdf``), where the introduction links to it.
Singlehtml is not an option: myst-nb's hidden-cell node has no singlehtml writer.
"""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
OUT = ROOT / "_build" / "pdf" / "cnn-book.pdf"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

UNFOLD = """() => {
    for (const b of document.querySelectorAll('.solution.dropdown button.toggle-button')) b.click();
    for (const img of document.images) img.loading = 'eager';
}"""


def toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


def print_page(page, name: str) -> tuple[str, bytes]:
    page.goto((HTML / f"{name}.html").as_uri(), wait_until="load")
    page.evaluate(UNFOLD)
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)", timeout=30_000)
    if page.locator(".math").count():
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30_000)
        page.evaluate("() => MathJax.startup.promise")
    page.emulate_media(media="print")
    title = page.eval_on_selector("main h1", "h => h.textContent.replace('#', '').trim()")
    margins = {side: "15mm" for side in ("top", "bottom", "left", "right")}
    pdf = page.pdf(format="A4", print_background=False, margin=margins)
    return title, pdf


def main() -> int:
    if not (HTML / "index.html").exists():
        print("the HTML book is not built: run `make book` first", file=sys.stderr)
        return 1
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM}: install the Debian package 'chromium'", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    writer = PdfWriter()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for name in toc_pages():
            title, pdf = print_page(page, name)
            first = len(writer.pages)
            writer.append(PdfReader(io.BytesIO(pdf)))
            writer.add_outline_item(title=title, page_number=first)
        browser.close()
    writer.add_metadata({"/Title": "Convolutional Neural Networks, from the First Pixel"})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    partial = OUT.with_suffix(".pdf.part")  # never leave a half-written PDF under the real name
    with partial.open("wb") as f:
        writer.write(f)
    partial.replace(OUT)
    shutil.copyfile(OUT, HTML / OUT.name)
    print(f"{len(writer.pages)} pages: {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
