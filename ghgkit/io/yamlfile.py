"""Reading YAML safely: no Python objects, and no key given twice.

PyYAML's ``safe_load`` keeps the last of two equal keys in a mapping, silently: a
project file with ``grid_ef`` twice would be computed with whichever came last. Here
a repeated key is an error naming both lines.
"""

from __future__ import annotations

from typing import Any

import yaml

from ghgkit.errors import InputError, Location

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKeyError(yaml.YAMLError):
    """A mapping key given twice (``line`` and ``first_line`` are 1-based)."""

    def __init__(self, key, line: int, first_line: int):
        self.key, self.line, self.first_line = key, line, first_line
        super().__init__(f"key '{key}' is given twice (lines {first_line} and {line})")


class UniqueKeyLoader(_Base):
    """The safe loader (C when available), refusing a key repeated in one mapping."""


def _mapping(loader: UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":      # '<<' merges may override: PyYAML's rule
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:                                   # an unhashable key: PyYAML reports it
            break
        if first is not None:
            raise DuplicateKeyError(key, key_node.start_mark.line + 1, first)
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load_yaml(text: str, file: str | None = None) -> Any:
    """Parse YAML *text* (from *file*, for messages) with :class:`UniqueKeyLoader`.

    Raises
    ------
    InputError
        Not valid YAML, or a key given twice, with the line.
    """
    try:
        return yaml.load(text, Loader=UniqueKeyLoader)  # noqa: S506 - a safe loader
    except DuplicateKeyError as e:
        raise InputError(f"'{e.key}' is given twice (first on line {e.first_line})",
                         location=Location(file=file, line=e.line),
                         hint="keep one of them: a repeated key would silently replace the first") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError(f"not valid YAML: {getattr(e, 'problem', None) or e}",
                         location=Location(file=file, line=mark.line + 1 if mark else None)) from None
