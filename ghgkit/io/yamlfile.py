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
    """The safe loader (C when available), refusing a key repeated in one mapping.

    The tag of a plain scalar depends on its text alone (the implicit resolvers are fixed, and
    this loader has no path resolvers), so it is looked up once per distinct text: a folder of
    project files repeats its keys and units thousands of times."""

    _tags: dict = {}

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and not self.yaml_path_resolvers:
            tag = self._tags.get(value)
            if tag is None:
                if len(self._tags) > 50_000:
                    self._tags.clear()
                tag = self._tags[value] = _as_yaml_12(value, super().resolve(kind, value, implicit))
            return tag
        tag = super().resolve(kind, value, implicit)
        return _as_yaml_12(value, tag) if kind is yaml.ScalarNode and implicit[0] else tag


_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL = (_TAG + t for t in ("str", "int", "float", "bool"))


def _as_yaml_12(value: str, tag: str) -> str:
    """A plain scalar that only YAML 1.1 reads as a number or a boolean is text, as in YAML 1.2 (and
    so refused where a number belongs): ``0250`` is octal 168 to YAML 1.1, ``11:00`` the base-60
    number 660, ``on``, ``yes``, ``off``, ``no`` booleans (a parameter of 1 or 0). ``0x10``, ``1_000``
    and ``true``/``false`` keep their meaning."""
    if tag == _BOOL:
        return tag if value.lower() in ("true", "false") else _STR
    if tag in (_INT, _FLOAT):
        text = value.lstrip("+-")
        if ":" in text or (tag == _INT and len(text) > 1 and text[0] == "0" and text[1] in "01234567_"):
            return _STR
    return tag


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
    except (ValueError, TypeError, OverflowError) as e:     # an explicit tag on text it cannot read (!!float "1,0")
        raise InputError(f"not valid YAML: a value cannot be read ({e})", location=Location(file=file),
                         hint="remove the !! tag, or write the value as its type needs") from None


#: plain scalars built by the safe loader's own functions (a str is the node's text)
_SCALARS = {_TAG + t: UniqueKeyLoader.yaml_constructors[_TAG + t]
            for t in ("null", "bool", "int", "float", "timestamp")}


class _Other(Exception):
    """A document the plain walk leaves to PyYAML's constructor (an alias of a collection, a merge
    key, another tag, an unhashable key)."""


def construct(loader: UniqueKeyLoader, root: yaml.Node) -> Any:
    """The data of the composed document *root*: what ``loader.construct_document(root)`` gives,
    a key given twice refused the same way (:class:`DuplicateKeyError`, the same key first).

    A document of mappings, sequences and plain scalars (a project file) is built by one walk
    over its nodes, ~3x faster than PyYAML's general constructor (which tracks every node for
    aliases and recursion and builds through generators); any other document is left to that
    constructor, unchanged. As there, a sequence's items are built after the rest of the
    document (PyYAML defers them), so the first duplicate key found is the same."""
    seen: set = set()
    later: list = []
    try:
        data = _walk(loader, root, seen, later)
        while later:
            batch, later[:] = list(later), []
            for items, node in batch:
                items.extend([_walk(loader, child, seen, later) for child in node.value])
        return data
    except _Other:
        return loader.construct_document(root)


def _walk(loader, node, seen: set, later: list):
    cls = type(node)
    if cls is yaml.ScalarNode:
        if node.tag == _TAG + "str":
            return node.value
        build = _SCALARS.get(node.tag)
        if build is None:
            raise _Other
        return build(loader, node)
    if id(node) in seen:                       # an alias: PyYAML shares the object (or refuses a cycle)
        raise _Other
    seen.add(id(node))
    if cls is yaml.SequenceNode and node.tag == _TAG + "seq":
        items: list = []
        later.append((items, node))
        return items
    if cls is not yaml.MappingNode or node.tag != _TAG + "map":
        raise _Other
    # every key first, then the values, as the constructor does (_mapping before construct_mapping)
    first: dict = {}
    keys = []
    for key_node, _ in node.value:
        if key_node.tag in (_TAG + "merge", _TAG + "value") or type(key_node) is not yaml.ScalarNode:
            raise _Other
        key = _walk(loader, key_node, seen, later)
        line = first.get(key)
        if line is not None:
            raise DuplicateKeyError(key, key_node.start_mark.line + 1, line)
        first[key] = key_node.start_mark.line + 1
        keys.append(key)
    return {key: _walk(loader, value_node, seen, later) for key, (_, value_node) in zip(keys, node.value)}
