"""Sphinx extension: fail the build when a committed notebook holds an error or was not run.

The book is built from committed outputs (``execute_notebooks: off``), so Jupyter Book
never sees a failing cell itself. This extension reads each notebook as Sphinx loads it
and reports, as warnings (errors under ``-W``), what :func:`problems` finds.
"""

import json

from sphinx.util import logging

logger = logging.getLogger(__name__)


def problems(notebook: dict) -> list[str]:
    """What is wrong with a committed notebook's execution, one message per problem: code
    cells never executed, error outputs, and cells not executed top to bottom in one run.
    The book build and ``tests/test_notebooks.py`` both apply this one rule."""
    found, counts = [], []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code" or not "".join(cell["source"]).strip():
            continue
        count = cell.get("execution_count")
        if count is None:
            found.append(f"code cell {index} was never executed; run `make notebooks`")
        counts.append(count)
        found += [
            f"code cell {index} raised {output['ename']}: {output['evalue']}"
            for output in cell.get("outputs", [])
            if output["output_type"] == "error"
        ]
    if None not in counts and counts != list(range(1, len(counts) + 1)):
        found.append(f"cells were not executed top to bottom in one run (counts {counts}); run `make notebooks`")
    return found


def check_notebook(app, docname, source):
    path = app.env.doc2path(docname)
    if str(path).endswith(".ipynb"):
        for problem in problems(json.loads(source[0])):
            logger.warning(f"{path}: {problem}", location=docname)


def setup(app):
    app.connect("source-read", check_notebook)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
