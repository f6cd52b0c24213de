"""The claims page: its data are complete and valid, and the page is what the data render to."""

from __future__ import annotations

import re

import claims
import nbformat
import pytest

ROOT = claims.ROOT
LABEL = re.compile(r"^\(([A-Za-z0-9_-]+)\)=\s*$", re.MULTILINE)


def book_labels() -> set[str]:
    """Every MyST label ``(label)=`` in the chapters' markdown cells and in book/*.md."""
    labels = set()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        for c in notebook.cells:
            if c.cell_type == "markdown":
                labels.update(LABEL.findall(c.source))
    for path in sorted((ROOT / "book").glob("*.md")):
        labels.update(LABEL.findall(path.read_text(encoding="utf-8")))
    return labels


def bib_sources() -> set[str]:
    """Keys of the entries of book/references.bib that are source articles of the book."""
    text = (ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    keys = set()
    for entry in re.split(r"\n(?=@)", text):
        match = re.match(r"\s*@\w+\{([^,\s]+),", entry)
        if match and re.search(r"note\s*=\s*\{Source article", entry):
            keys.add(match.group(1))
    return keys


@pytest.fixture(scope="module")
def rows():
    return claims.load()


def test_rows_have_five_keys_and_a_valid_verdict(rows):
    assert rows
    for row in rows:
        assert set(row) == set(claims.KEYS), row
        assert row["verdict"] in claims.VERDICTS, row
        for key in claims.KEYS:
            assert isinstance(row[key], str) and row[key].strip(), (key, row)


def test_every_label_exists_in_the_book(rows):
    labels = book_labels()
    missing = sorted({row["label"] for row in rows} - labels)
    assert not missing, f"labels not found in notebooks/*.ipynb or book/*.md: {missing}"


def test_every_source_article_is_covered(rows):
    sources = bib_sources()
    assert sources == set(claims.SOURCES), "the bibliography's source articles and SOURCES differ"
    covered = {row["article"] for row in rows}
    assert sources <= covered, f"source articles without claims: {sorted(sources - covered)}"
    assert covered <= sources, f"rows for unknown articles: {sorted(covered - sources)}"


def test_quotes_are_short(rows):
    """Quotes are a few words, never whole sentences of the articles."""
    long = [row["quote"] for row in rows if len(row["quote"].split()) > 12]
    assert not long, f"quotes longer than 12 words: {long}"


def test_quotes_are_unique_per_article(rows):
    seen = [(row["article"], row["quote"]) for row in rows]
    assert len(seen) == len(set(seen))


def test_page_matches_data():
    page = (ROOT / "book" / "claims.md").read_text(encoding="utf-8")
    assert page == claims.render(), "book/claims.md is stale: run `python tools/claims.py`"


def test_render_escapes_pipes():
    text = claims.render(
        [{"article": "best_explanation", "quote": "a | b", "verdict": "holds", "reason": "x | y", "label": "ch-images"}]
    )
    assert "a \\| b" in text and "x \\| y" in text
