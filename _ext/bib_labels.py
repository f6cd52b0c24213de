"""Sphinx extension: bibliography labels in the same author-year form as the in-text citations.

With ``bibtex_reference_style: author_year`` the text cites "(Xiao et al., 2017)", but the
bibliography's default labels are alpha codes such as "[XRV17]", so a reader cannot match
the two. This registers a pybtex label style that writes "Xiao et al., 2017" (one author:
"Kim, 2014"; two: "Ioffe and Szegedy, 2015"), and a formatting style ``book`` that uses it.
Entries without an author are labelled by their title, as the in-text citations are.
"""

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle


def _last_name(person) -> str:
    return " ".join(person.prelast_names + person.last_names).replace("{", "").replace("}", "")


def author_year_label(entry) -> str:
    """ "Last, YEAR", "A and B, YEAR" or "A et al., YEAR"; the title when there is no author."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    year = entry.fields.get("year", "n.d.")
    if not people:
        who = entry.fields.get("title", entry.key).replace("{", "").replace("}", "")
    elif len(people) == 1:
        who = _last_name(people[0])
    elif len(people) == 2:
        who = f"{_last_name(people[0])} and {_last_name(people[1])}"
    else:
        who = f"{_last_name(people[0])} et al."
    return f"{who}, {year}"


class AuthorYearLabelStyle(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield author_year_label(entry)


class BookStyle(UnsrtStyle):
    default_label_style = "book_author_year"
    default_sorting_style = "author_year_title"


def setup(app):
    register_plugin("pybtex.style.labels", "book_author_year", AuthorYearLabelStyle)
    register_plugin("pybtex.style.formatting", "book", BookStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
