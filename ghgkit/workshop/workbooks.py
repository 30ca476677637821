"""Writing the exercises' workbooks with ghgkit's own template machinery.

An inventory exercise is the activity template (:func:`ghgkit.io.template.write_template`
with ``content``); a project exercise is the project template
(:func:`ghgkit.projects.io.write_project_template`) with its cells filled. Both are
written atomically.
"""

from __future__ import annotations

from pathlib import Path

from ghgkit.workshop.cases import Exercise, Mistake


def write_workbook(ex: Exercise, path: str | Path, mistakes: list[Mistake] | None = None) -> Path:
    """Write the workbook of *ex* to *path*, with *mistakes* planted (none: the corrected one)."""
    rows, settings, params = ex.content(mistakes)
    if ex.kind == "inventory":
        from ghgkit.io.template import TEMPLATE_VERSION, write_template

        settings = {**settings, "template_version": TEMPLATE_VERSION}
        return write_template(path, content=(rows, settings, []))
    return _write_project(settings, params, path)


def _write_project(header: dict, params: dict, path) -> Path:
    """The project template of the methodology in *header*, filled with *header* and *params*."""
    import openpyxl

    from ghgkit.io.output import atomic_path
    from ghgkit.projects.io import write_project_template

    path = Path(path)
    with atomic_path(path, suffix=".xlsx") as tmp:
        write_project_template(header["methodology"], tmp)
        wb = openpyxl.load_workbook(tmp)
        ws = wb["Project"]
        for row in ws.iter_rows(min_row=2):
            key = row[0].value
            if key in header and key != "methodology":
                row[1].value = header[key]
        ws = wb["Parameters"]
        for row in ws.iter_rows(min_row=2, max_col=5):
            p = params.get(row[0].value)
            if p is None:
                continue
            for cell, key in zip(row[1:5], ("value", "unit", "source", "notes")):
                if p.get(key) not in (None, ""):
                    cell.value = p[key]
        wb.save(tmp)
    return path
