"""The printed book (``make pdf``): one PDF with every page of the table of contents, its
figures, and the exercises with their solutions unfolded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PDF = ROOT / "_build" / "pdf" / "cnn-book.pdf"


@pytest.fixture(scope="module")
def pdf():
    """The PDF's bookmarks, its text and its number of images, read once."""
    if not PDF.exists():
        pytest.fail("the PDF is not built: run `make pdf`")
    from pypdf import PdfReader

    reader = PdfReader(PDF)
    return {
        "bookmarks": [item.title for item in reader.outline],
        "text": " ".join(page.extract_text() for page in reader.pages),
        "images": sum(len(page.images) for page in reader.pages),
    }


def chapter_titles() -> list[str]:
    titles = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        first = json.loads(path.read_text())["cells"][0]["source"]
        titles.append(next(line[2:].strip() for line in "".join(first).splitlines() if line.startswith("# ")))
    return titles


def test_every_chapter_is_bookmarked_and_printed(pdf):
    bookmarks, text = pdf["bookmarks"], pdf["text"]
    for title in chapter_titles():
        assert title in bookmarks, f"no bookmark for {title!r}"
        assert title in text, f"{title!r} is not printed"
    assert "The cnnlib API" in bookmarks and "References" in bookmarks


def test_solutions_are_printed_unfolded(pdf):
    solutions = sum(
        "".join(cell["source"]).count("{solution-start}")
        for path in (ROOT / "notebooks").glob("*.ipynb")
        for cell in json.loads(path.read_text())["cells"]
        if cell["cell_type"] == "markdown"
    )
    text = pdf["text"]
    assert solutions > 0 and text.count("Solution to Exercise") >= solutions
    # an unfolded solution prints its body: chapter 1's first solution shows this transpose
    assert "np.transpose(nhwc, (0, 3, 1, 2))" in text


def test_figures_are_printed(pdf):
    figures = sum(
        "image/png" in output.get("data", {})
        for path in (ROOT / "notebooks").glob("*.ipynb")
        for cell in json.loads(path.read_text())["cells"]
        if cell["cell_type"] == "code"
        for output in cell["outputs"]
    )
    assert pdf["images"] >= figures > 0


def test_the_introduction_links_to_the_pdf():
    intro = (ROOT / "_build" / "html" / "book" / "intro.html").read_text()
    assert 'href="../cnn-book.pdf"' in intro
    assert (ROOT / "_build" / "html" / "cnn-book.pdf").read_bytes() == PDF.read_bytes()
