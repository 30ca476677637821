"""The rules: one set of checks that ``ghgkit calc`` and ``ghgkit validate`` both run.

- :mod:`~ghgkit.rules.findings`: the Finding type, the rule codes (``RULES``) and the hints (``HINTS``);
- :mod:`~ghgkit.rules.numbers`: the one number parser (one rule per column);
- :mod:`~ghgkit.rules.table`: cells as read -> the raw table (cell rules: Excel errors, formulas);
- :mod:`~ghgkit.rules.rows`: vocabulary, unit, amount, notation-key, year and duplicate rules;
- :mod:`~ghgkit.rules.coverage`: completeness of the BASIC sub-sectors;
- :mod:`~ghgkit.rules.submission`: structure and settings rules, and the activity table.
"""

from ghgkit.rules.findings import (ERROR, HINTS, INFO, RULES, WARNING, Finding, Findings, FindingsError, Stop,
                                   sort_key)

__all__ = ["ERROR", "HINTS", "INFO", "RULES", "WARNING", "Finding", "Findings", "FindingsError", "Stop", "sort_key"]
