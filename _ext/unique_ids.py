"""Sphinx extension: no id twice on a page.

sphinx-exercise gives the body of every exercise the id ``exercise-content`` and of every
solution ``solution-content``, so a chapter with five exercises repeats both ids five times
(invalid HTML; assistive technology that follows ids lands on the first one). Nothing links
to these ids, so after references are resolved every repeat of an id on a page gets a
numbered suffix: ``exercise-content``, ``exercise-content-2``, ...
"""

from docutils import nodes


def make_ids_unique(app, doctree, docname) -> None:
    seen: dict[str, int] = {}
    for node in doctree.findall(nodes.Element):
        ids = node.get("ids", [])
        for i, node_id in enumerate(ids):
            seen[node_id] = seen.get(node_id, 0) + 1
            if seen[node_id] > 1:
                ids[i] = f"{node_id}-{seen[node_id]}"


def setup(app):
    app.connect("doctree-resolved", make_ids_unique)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
