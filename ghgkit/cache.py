"""A per-user cache of what ghgkit derives from its own shipped tables, keyed by their content.

Validating the shipped emission-factor tables row by row (pydantic, unit parsing) and
building their frames and lookup index takes ~0.07 s, at the start of every command that
computes. The result depends only on those tables' bytes, on the code that validates them
and on the versions of the libraries that build the frames, so it is stored once under the
user's cache folder (``~/.cache/ghgkit`` on Linux, ``$XDG_CACHE_HOME`` honoured;
``$GHGKIT_CACHE_DIR`` chooses another folder, ``off`` turns the cache off) and loaded
while the key is the same.

The key is a SHA-256 of everything the entry was made from: the input files' bytes, the
source of the modules that shape it, and the versions of Python, pandas, numpy, pyarrow and
pydantic. An edited table, another release or a library upgrade therefore never loads an old
entry; it makes a new one, which replaces the old (one entry per name). A cache that cannot
be read or written is skipped, never an error: the tables are then validated as before.

Entries are pickles, as pint's own cache beside it: the folder is the user's own (created
``0700``, entries ``0600``, written to a temporary file and renamed into place).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable

ENV = "GHGKIT_CACHE_DIR"


def cache_dir() -> Path | None:
    """The folder of ghgkit's cache, or None when ``$GHGKIT_CACHE_DIR`` is ``off``."""
    env = os.environ.get(ENV)
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "no") else Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("ghgkit", appauthor=False))


def content_key(files: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """A SHA-256 of *files* (names and bytes), the versions of the libraries that build
    ghgkit's frames, and *extra* strings."""
    import numpy
    import pandas
    import pyarrow
    import pydantic

    h = hashlib.sha256()
    for part in (sys.version, pandas.__version__, numpy.__version__, pyarrow.__version__, pydantic.VERSION,
                 *extra):
        h.update(part.encode() + b"\0")
    for f in files:
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def cached(name: str, key: str, make: Callable[[], Any]) -> Any:
    """The entry *name* stored under *key*, or ``make()`` (then stored for the next time)."""
    folder = cache_dir()
    if folder is None:
        return make()
    path = folder / f"{name}-{key[:32]}.pickle"
    try:
        with open(path, "rb") as fh:
            stored_key, value = pickle.load(fh)
        if stored_key == key:
            return value
    except Exception:           # noqa: BLE001 - absent, unreadable or damaged: made again below
        pass
    value = make()
    _store(folder, path, name, key, value)
    return value


def _store(folder: Path, path: Path, name: str, key: str, value: Any) -> None:
    """Write the entry atomically and remove the other entries of *name*; errors are ignored."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((key, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        for old in folder.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except Exception:           # noqa: BLE001 - a folder that cannot be written, or a full disk
        pass
