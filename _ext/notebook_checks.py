"""Sphinx extension: fail the build when a committed notebook holds an error or was not run.

The book is built from committed outputs (``execute_notebooks: off``), so Jupyter Book
never sees a failing cell itself. This extension reads each notebook as Sphinx loads it
and reports, as warnings (errors under ``-W``), code cells that were never executed and
outputs of type ``error``.
"""

import json

from sphinx.util import logging

logger = logging.getLogger(__name__)


def check_notebook(app, docname, source):
    path = app.env.doc2path(docname)
    if not str(path).endswith(".ipynb"):
        return
    notebook = json.loads(source[0])
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code" or not "".join(cell["source"]).strip():
            continue
        where = f"{path}: code cell {index}"
        if cell.get("execution_count") is None:
            logger.warning(f"{where} was never executed; run `make notebooks`", location=docname)
        for output in cell.get("outputs", []):
            if output["output_type"] == "error":
                logger.warning(f"{where} raised {output['ename']}: {output['evalue']}", location=docname)


def setup(app):
    app.connect("source-read", check_notebook)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
