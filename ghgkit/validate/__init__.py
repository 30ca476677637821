"""``ghgkit validate``: check partner submissions with the shared rules of :mod:`ghgkit.rules`.

- :mod:`ghgkit.validate.readers`: streaming .xlsx / .ods / CSV readers and hostile-file guards;
- :mod:`ghgkit.validate.batch`: files and folders, worker processes, totals, year-on-year;
- :mod:`ghgkit.validate.render`: JSON, CSV, HTML and Excel outputs.
"""

from ghgkit.rules.findings import RULES, Finding
from ghgkit.validate.batch import (FileReport, factor_files_beside, find_files, is_factor_file, summary_counts,
                                   validate_file, validate_paths, year_on_year)
from ghgkit.validate.render import to_csv, to_json, write_excel, write_html

__all__ = ["RULES", "Finding", "FileReport", "factor_files_beside", "find_files", "is_factor_file",
           "summary_counts", "validate_file", "validate_paths", "year_on_year", "to_csv", "to_json",
           "write_excel", "write_html"]
