"""``ghgkit validate``: check partner submissions with the shared rules of :mod:`ghgkit.rules`.

- :mod:`ghgkit.validation.readers`: streaming .xlsx / .ods / CSV readers and hostile-file guards
  (``ghgkit calc`` reads through it too);
- :mod:`ghgkit.validation.batch`: files and folders, worker processes, totals, year-on-year;
- :mod:`ghgkit.validation.render`: JSON, CSV, HTML and Excel outputs.

The names below are imported on first use, so that ``calc`` (which only needs the reader)
does not load the batch and report code.
"""

from importlib import import_module

_WHERE = {"RULES": "ghgkit.rules.findings", "Finding": "ghgkit.rules.findings",
          "FileReport": "ghgkit.validation.batch", "factor_files_beside": "ghgkit.validation.batch",
          "find_files": "ghgkit.validation.batch", "is_factor_file": "ghgkit.validation.batch",
          "summary_counts": "ghgkit.validation.batch", "validate_file": "ghgkit.validation.batch",
          "validate_paths": "ghgkit.validation.batch", "year_on_year": "ghgkit.validation.batch",
          "to_csv": "ghgkit.validation.render", "to_json": "ghgkit.validation.render",
          "write_excel": "ghgkit.validation.render", "write_html": "ghgkit.validation.render"}

__all__ = sorted(_WHERE)


def __getattr__(name):
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'ghgkit.validation' has no attribute {name!r}")
