"""``ghgkit validate``: check partner submissions with the shared rules of :mod:`ghgkit.rules`.

- :mod:`ghgkit.validate.readers`: streaming .xlsx / .ods / CSV readers and hostile-file guards
  (``ghgkit calc`` reads through it too);
- :mod:`ghgkit.validate.batch`: files and folders, worker processes, totals, year-on-year;
- :mod:`ghgkit.validate.render`: JSON, CSV, HTML and Excel outputs.

The names below are imported on first use, so that ``calc`` (which only needs the reader)
does not load the batch and report code.
"""

from importlib import import_module

_WHERE = {"RULES": "ghgkit.rules.findings", "Finding": "ghgkit.rules.findings",
          "FileReport": "ghgkit.validate.batch", "factor_files_beside": "ghgkit.validate.batch",
          "find_files": "ghgkit.validate.batch", "is_factor_file": "ghgkit.validate.batch",
          "summary_counts": "ghgkit.validate.batch", "validate_file": "ghgkit.validate.batch",
          "validate_paths": "ghgkit.validate.batch", "year_on_year": "ghgkit.validate.batch",
          "to_csv": "ghgkit.validate.render", "to_json": "ghgkit.validate.render",
          "write_excel": "ghgkit.validate.render", "write_html": "ghgkit.validate.render"}

__all__ = sorted(_WHERE)


def __getattr__(name):
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'ghgkit.validate' has no attribute {name!r}")
