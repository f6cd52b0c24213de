"""The page "What the articles claim, checked": ``book/claims.md`` rendered from ``book/claims.yml``.

``python tools/claims.py`` writes the page; :func:`render` returns its text, so that the test can
check that the committed page is exactly what the data produces.
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "book" / "claims.yml"
PAGE = ROOT / "book" / "claims.md"

# The five source articles, in the book's order: bibliography key -> short name.
SOURCES = {
    "best_explanation": "The best explanation",
    "cnn_explained_tds": "CNNs, explained",
    "convnets_what_why_how": "ConvNets: what, why, how",
    "how_do_cnns_work": "How do CNNs work",
    "everything_about_cnns": "Everything you need to know",
}
VERDICTS = ("holds", "imprecise", "wrong", "cannot be checked")
KEYS = ("article", "quote", "verdict", "reason", "label")

INTRO = """\
Every factual statement of the five source articles, with what the book found when it checked it.
A statement is listed with a few of its own words, so that it can be found in the article; the
last column links the section whose code demonstrates the verdict. The verdicts mean:

- **holds**: the statement is right; the linked section shows it with code or, for history and
  applications, describes it with its sources;
- **imprecise**: the statement is right in spirit but loose, incomplete or garbled: a formula
  without its floor, a typo in an equation, a rule stated more broadly than it holds;
- **wrong**: the statement is false as written, and the linked section shows what is true instead;
- **cannot be checked**: the statement is about biology, history, popularity or products, or
  about a figure whose data the article does not give, so no computation in this book can
  confirm or refute it.

Quotes are short excerpts, kept with the articles' spelling. The table is generated from
`book/claims.yml` by `tools/claims.py`, and a test checks that every linked section exists.
"""


def load(path: Path = DATA) -> list[dict]:
    """The rows of the claims file, as a list of dictionaries."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(rows, list):
        raise TypeError(f"{path}: expected a list of rows, got {type(rows).__name__}")
    return rows


def cell(text: str) -> str:
    """One table cell: one line, with the characters Markdown would interpret escaped."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    return re.sub(r"([\\`*_|$<\[\]])", r"\\\1", text)


def render(rows: list[dict] | None = None) -> str:
    """The text of ``book/claims.md`` for ``rows`` (by default, those of ``book/claims.yml``)."""
    rows = load() if rows is None else rows
    by_article = collections.defaultdict(list)
    for row in rows:
        if row["article"] not in SOURCES:
            raise ValueError(f"unknown article {row['article']!r}; expected one of {list(SOURCES)}")
        if row["verdict"] not in VERDICTS:
            raise ValueError(f"unknown verdict {row['verdict']!r} for {row['quote']!r}")
        by_article[row["article"]].append(row)

    lines = ["(claims)=", "# What the articles claim, checked", "", INTRO.rstrip(), ""]

    lines += [
        "## Overview",
        "",
        "| article | " + " | ".join(VERDICTS) + " | claims |",
        "|---|" + "---:|" * (len(VERDICTS) + 1),
    ]
    for key, name in SOURCES.items():
        counts = collections.Counter(row["verdict"] for row in by_article[key])
        lines.append(
            f"| {cell(name)} {{cite}}`{key}` | "
            + " | ".join(str(counts[v]) for v in VERDICTS)
            + f" | {len(by_article[key])} |"
        )
    total = collections.Counter(row["verdict"] for row in rows)
    lines += ["| all five | " + " | ".join(str(total[v]) for v in VERDICTS) + f" | {len(rows)} |", ""]

    for number, (key, name) in enumerate(SOURCES.items(), start=1):
        lines += [
            f"## Article {number}: {name}",
            "",
            f"{{cite}}`{key}`, {len(by_article[key])} claims.",
            "",
            "| claim | verdict | why | where |",
            "|---|---|---|---|",
        ]
        for row in by_article[key]:
            lines.append(
                f"| “{cell(row['quote'])}” | {row['verdict']} | {cell(row['reason'])} | {{ref}}`{row['label']}` |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    PAGE.write_text(render(), encoding="utf-8")
    print(f"wrote {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
