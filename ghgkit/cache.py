"""A per-user cache of what ghgkit derives from its own shipped tables, keyed by what made it.

Validating the shipped emission-factor tables row by row (pydantic, unit parsing) and
building their frames and lookup index takes ~0.07 s, at the start of every command that
computes. The result depends only on those tables, on ghgkit's code and on the libraries
that build the frames, so it is stored once under the user's cache folder
(``~/.cache/ghgkit`` on Linux, ``$XDG_CACHE_HOME`` honoured; ``$GHGKIT_CACHE_DIR`` chooses
another folder, ``off`` turns the cache off) and loaded while the key is the same. The waste
parameters and the GWP sets (read from the globalwarmingpotentials package, whose module that
holds the values is one of the entry's files) are kept the same way.

The key (:func:`content_key`) is a SHA-256 of the input files' bytes; the name and bytes of
every module of the ghgkit package (any edit of the code, not only of the module that
validates, makes a new key: validation reads vocabularies and units from several modules; an
edit that keeps a file's size and time, as ``cp -p`` or ``rsync -a`` copy them, too); and the
versions of Python, ghgkit, pandas, numpy, pyarrow, pydantic and pint. An edited table, an
edited module, another release or a library upgrade therefore never loads an old entry; it
makes a new one, which replaces the old one of the same installation (the file name also
carries where ghgkit is installed, so two installations do not replace each other's entries).
The key describes the code this process runs: a process whose modules changed on disk after it
imported ghgkit (a ``git pull`` or an upgrade under a running notebook) uses no cache at all,
since it may run the old code of some modules and the new code of others (the modules' sizes
and times are compared with those at import before the key is made and before every write).
An entry carries a SHA-256 of its pickled value, checked before the value is read back.

Nothing here is ever an error: a cache folder that is absent, unreadable, unwritable, not the
user's own or writable by others, a damaged entry, or a key that cannot be computed (a
frozen application), and the tables are validated as without a cache. Entries are pickles,
as pint's own cache beside it, read only from a folder the user owns that no one else can
write to (created ``0700``; entries ``0600``, written to a temporary file and renamed).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Iterable

ENV = "GHGKIT_CACHE_DIR"
_PACKAGE = Path(__file__).resolve().parent
#: a temporary file older than this is a write that was cut short (the process was killed)
STALE_TMP_S = 600


def cache_dir() -> Path | None:
    """The folder of ghgkit's cache, or None when ``$GHGKIT_CACHE_DIR`` is ``off``."""
    env = os.environ.get(ENV)
    if env is not None:
        return None if env.strip().lower() in ("", "off", "0", "no") else Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("ghgkit", appauthor=False))


_CODE: bytes | None = None


def _pint_version() -> str:
    """pint's version, from its metadata while pint is not imported: importing pint for it would
    cost what the unit memo saves (pint's own ``__version__`` is read from that metadata too);
    from pint itself where there is none (a frozen application)."""
    pint = sys.modules.get("pint")
    if pint is None:
        try:
            from importlib.metadata import version

            return version("pint")
        except Exception:       # noqa: BLE001 - no metadata: ask pint
            import pint
    return pint.__version__


class CodeChanged(RuntimeError):
    """ghgkit's modules on disk are not those this process imported: no cache for it."""


def _modules_at_start(folder: Path):
    """The package's modules when this process imported it (:data:`ghgkit._MODULES_AT_IMPORT`);
    for another folder (tests), when first asked here."""
    import ghgkit

    if str(folder) == ghgkit._PACKAGE_DIR:
        return ghgkit._MODULES_AT_IMPORT
    if str(folder) not in _STARTED:
        _STARTED[str(folder)] = ghgkit._module_stats(str(folder))
    return _STARTED[str(folder)]


_STARTED: dict = {}


def _modules_unchanged() -> None:
    """Raise :class:`CodeChanged` unless the package's modules on disk are those of this process's start."""
    import ghgkit

    now = ghgkit._module_stats(str(_PACKAGE))
    if now is None or now != _modules_at_start(_PACKAGE):
        raise CodeChanged(f"ghgkit's modules in {_PACKAGE} changed after this process imported them")


def _code_and_versions() -> bytes:
    """The versions, and every module of the package as its name and bytes (once per process). The
    modules are those this process started with: the callers (:func:`cached`, :class:`Memo`,
    :func:`_store`) check first that the disk still holds them (:func:`_modules_unchanged`)."""
    global _CODE
    if _CODE is None:
        import numpy
        import pandas
        import pyarrow
        import pydantic

        from ghgkit import __version__

        modules = _modules_at_start(_PACKAGE)
        if modules is None:
            raise CodeChanged(f"ghgkit's modules in {_PACKAGE} cannot be read")
        h = hashlib.sha256()
        for rel, _, _ in modules:
            h.update(rel.encode() + b"\0" + (_PACKAGE / rel).read_bytes() + b"\0")
        parts = [sys.version, __version__, pandas.__version__, numpy.__version__, pyarrow.__version__,
                 pydantic.VERSION, _pint_version(), h.hexdigest()]
        _CODE = "\0".join(parts).encode()
    return _CODE


def content_key(files: Iterable[Path]) -> str:
    """A SHA-256 of *files* (names and bytes), ghgkit's modules (names and bytes) and the versions
    of Python and of the libraries that validate and build the tables."""
    h = hashlib.sha256(_code_and_versions() + b"\0")
    for f in files:
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _usable(folder: Path) -> bool:
    """True when *folder* is a folder of this user's that no one else may write to (POSIX)."""
    st = folder.stat()
    if not hasattr(os, "getuid"):
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o022


def cached(name: str, files: list[Path], make: Callable[[], Any], expect: type | tuple | None = None) -> Any:
    """The entry *name* made from *files*, or ``make()`` (then stored for the next time). *expect*:
    the type of what ``make`` returns; a stored value of another type is not used."""
    try:
        folder = cache_dir()
        if folder is None:
            return make()
        _modules_unchanged()    # the code this process runs is still the code the key names
        key = content_key(files)
    except Exception:           # noqa: BLE001 - no cache folder or key here (e.g. a frozen app, changed code)
        return make()
    path = entry_path(folder, name, key)
    try:
        if _usable(folder):
            value = _read_entry(path, key)
            if expect is None or isinstance(value, expect):
                return value
    except Exception:           # noqa: BLE001 - absent, unreadable or damaged: made again below
        pass
    value = make()
    _store(folder, path, key, value)
    return value


def _read_entry(path: Path, key: str) -> Any:
    """The value stored at *path* under *key*; an error when there is none, or none that is whole
    (its SHA-256 is not the one written with it) or made from the same things."""
    with open(path, "rb") as fh:
        stored = pickle.load(fh)
    if not (isinstance(stored, tuple) and len(stored) == 3):
        raise LookupError(f"{path.name}: not an entry")
    stored_key, digest, payload = stored
    if stored_key != key or not isinstance(payload, bytes) or hashlib.sha256(payload).hexdigest() != digest:
        raise LookupError(f"{path.name}: another key, or damaged")
    return pickle.loads(payload)


def entry_path(folder: Path, name: str, key: str) -> Path:
    """The file of entry *name* under *key*: ``NAME-WHERE-KEY.pickle``, WHERE naming the
    installation of ghgkit (its folder), KEY the first 32 characters of the key."""
    where = hashlib.sha256(str(_PACKAGE).encode()).hexdigest()[:8]
    return folder / f"{name}-{where}-{key[:32]}.pickle"


def _store(folder: Path, path: Path, key: str, value: Any) -> None:
    """Write the entry atomically, with a SHA-256 of its pickled value; remove this installation's
    other entries of the name and temporary files of writes cut short. Nothing is written when
    ghgkit's modules changed on disk since this process imported them; errors are ignored."""
    prefix = path.name.rsplit("-", 1)[0]                # NAME-WHERE (entry_path)
    try:
        _modules_unchanged()                            # what this process made is of the code *key* names
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _usable(folder):
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{prefix}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((key, hashlib.sha256(payload).hexdigest(), payload), fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
        for old in folder.glob(f"{prefix}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
        for old in folder.glob(".*.tmp"):
            if old.stat().st_mtime < time.time() - STALE_TMP_S:
                old.unlink(missing_ok=True)
    except Exception:           # noqa: BLE001 - a folder that cannot be written, or a full disk
        pass


class Memo:
    """Results of pure functions of ghgkit's code kept between runs: unit strings parsed by pint.

    Which units a run needs depends on its input, so the memo grows: it is read on first use
    (under the same key as every entry, :func:`content_key`: any edit of ghgkit's code or another
    version of Python or a library starts an empty one) and written back when the process exits,
    or when a worker process says (:meth:`save`), if it learnt something. It follows
    ``$GHGKIT_CACHE_DIR``: set to another folder or ``off`` after the memo was read, it is read
    again from there (or is a memo of this process alone). Only results are kept, never errors (a
    refused unit is parsed again, for its message). Two processes that learn at once keep the
    last writer's entries; the others are learnt again.
    """

    #: entries above which the memo starts empty again (a folder of unusual units grows it)
    LIMIT = 20_000

    def __init__(self, name: str):
        self.name = name
        self._data: dict | None = None
        self._setting: str | None = None        # $GHGKIT_CACHE_DIR when the memo was read
        self._learnt = False
        self._registered = False
        self._where: tuple[Path, Path, str] | None = None

    def _current(self) -> dict:
        if self._data is None or os.environ.get(ENV) != self._setting:
            self._load()
        return self._data

    def _load(self) -> None:
        self._data, self._where, self._learnt = {}, None, False
        self._setting = os.environ.get(ENV)
        try:
            folder = cache_dir()
            if folder is None:
                return
            _modules_unchanged()
            key = content_key([])
            path = entry_path(folder, self.name, key)
            self._where = (folder, path, key)
            if _usable(folder):
                value = _read_entry(path, key)
                if isinstance(value, dict):
                    self._data = value
        except Exception:       # noqa: BLE001 - no folder, no entry yet, or a damaged one
            pass

    def get(self, key):
        return self._current().get(key)

    def put(self, key, value) -> None:
        data = self._current()
        if len(data) >= self.LIMIT:
            data.clear()
        data[key] = value
        self._learnt = True
        if not self._registered:
            self._registered = True
            import atexit

            atexit.register(self.save)

    def remember(self, kind: str):
        """Decorate a pure function of str (and bool) arguments: its result is kept under
        ``(kind, *args)`` and read back instead of calling it. A call with another type of
        argument (1 and True would be one key), an exception or a None result (the function's
        way of saying "does not fit", worded by its caller) is never kept."""
        import functools

        def wrap(fn):
            @functools.wraps(fn)
            def remembered(*args):
                if not all(type(a) is str or type(a) is bool for a in args):
                    return fn(*args)
                key = (kind, *args)
                value = self.get(key)
                if value is None:
                    value = fn(*args)
                    if value is not None:
                        self.put(key, value)
                return value
            return remembered
        return wrap

    def save(self) -> None:
        """Write what was learnt (atomically; errors ignored). Run at exit; a worker process,
        which ends without running exit handlers, calls it itself."""
        if self._learnt and self._where is not None and self._data is not None \
                and os.environ.get(ENV) == self._setting:
            folder, path, key = self._where
            _store(folder, path, key, dict(self._data))
        self._learnt = False
