"""A helper process that draws the inventory report's charts while the input is read.

matplotlib takes ~0.5 s to import and ~0.3 s more for its first figure in a process.
``calc --html`` calls :func:`start` before it reads its input: a second Python process
imports matplotlib, draws a warm-up figure and waits. When the report is rendered,
:func:`ask` sends it the charts' values (:func:`ghgkit.reports.charts.chart_input`, as
JSON) and the page is rendered while the helper draws them with the same
:func:`ghgkit.reports.charts.draw` the report would call itself; :meth:`Pending.result`
reads the SVG strings back. With two or more cores the helper's work overlaps reading,
calculating and rendering.

Nothing depends on the helper: it is not started on one core, and when it is missing,
fails, times out, is another ghgkit than this one, or answers anything but a reply to this
request, the report draws its charts in its own process (same values, same SVG). The
helper runs with ``-P`` (the working directory is not searched for modules) and imports the
ghgkit this process runs (see ``_BOOT``). It exits when its standard
input closes, so it does not outlive ``calc``. The module is used from one thread (the
command line); its one helper is module state.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

#: seconds to wait for the helper's answer before drawing in-process (it takes ~1 s)
TIMEOUT_S = 30.0

_proc: subprocess.Popen | None = None

#: the warm-up figure: the smallest chart the report draws. Its worth is what a first figure pays
#: once per process (matplotlib's import, the font and the SVG writer, ~0.8 s); drawing one of each
#: kind took ~0.3 s more and did not make the report's charts faster afterwards, so the helper was
#: only later ready for them
_WARM_UP = {"sectors": [], "scopes": [{"scope": 1, "label": "Scope 1 (in the city)", "co2e_t": 1.0}], "landfill": []}


#: the helper's first lines: with ``-P`` nothing comes from the working directory; the folder
#: holding this process's ghgkit goes after the standard library (not before it: for an installed
#: ghgkit it is site-packages) and before the other packages, so the helper runs this ghgkit
_BOOT = ("import sys\n"
         "std = [k for k, p in enumerate(sys.path) if p.startswith(sys.base_prefix) and 'packages' not in p]\n"
         "sys.path.insert(max(std, default=-1) + 1, sys.argv[1])\n"
         "from ghgkit.reports.chart_helper import main\n"
         "raise SystemExit(main())\n")


def _package() -> str:
    """The folder of the ghgkit package this process runs (the helper must run the same)."""
    return os.path.realpath(Path(__file__).resolve().parents[1])


def cores() -> int:
    """CPUs this process may run on (its affinity where the system says, e.g. in a container)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def start() -> None:
    """Start the helper (no-op when one runs, on one core, or when it cannot be started)."""
    global _proc
    if _proc is not None or cores() < 2 or not sys.executable or getattr(sys, "frozen", False):
        return                  # (a frozen app's executable is not a Python that takes -c)
    flags = [f for f, on in (("-I", sys.flags.isolated), ("-E", sys.flags.ignore_environment),
                             ("-s", sys.flags.no_user_site)) if on]
    root = str(Path(_package()).parent)
    try:
        _proc = subprocess.Popen([sys.executable, *flags, "-P", "-c", _BOOT, root],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError:
        _proc = None


def _close(proc: subprocess.Popen) -> None:
    for pipe in (proc.stdin, proc.stdout):
        try:
            if pipe is not None:
                pipe.close()
        except OSError:
            pass


def stop() -> None:
    """Let go of a helper that was not asked (e.g. calc refused its input): its input is closed,
    so it exits by itself after its warm-up (it is not killed: it may be writing matplotlib's
    font cache)."""
    global _proc
    proc, _proc = _proc, None
    if proc is not None:
        _close(proc)
        try:
            proc.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            pass


class Pending:
    """The helper's answer to one request, read in a thread while the caller works on."""

    def __init__(self, proc: subprocess.Popen, request: str):
        self._proc, self._request, self._charts = proc, request, None
        self._thread = threading.Thread(target=self._talk, daemon=True)
        self._thread.start()

    def _talk(self) -> None:
        proc = self._proc
        try:
            out, _ = proc.communicate(self._request.encode("utf-8"), timeout=TIMEOUT_S)
            reply = json.loads(out.decode("utf-8"))
        except subprocess.TimeoutExpired:           # hung: it is not answering this run
            proc.kill()
            proc.communicate()
            return
        except (OSError, ValueError):
            _close(proc)
            return
        if (proc.returncode != 0 or not isinstance(reply, dict) or reply.get("request") != self._request
                or reply.get("package") != _package()):
            return
        charts = reply.get("charts")
        if isinstance(charts, dict) and all(isinstance(v, str) for v in charts.values()):
            self._charts = charts

    def result(self) -> dict | None:
        """The SVG strings by chart name, or None when the helper gave no good answer."""
        self._thread.join()
        return self._charts


def ask(inp: dict, lang: str) -> Pending | None:
    """Send *inp* (charts in *lang*) to the helper; None when no helper runs. One request per helper."""
    global _proc
    proc, _proc = _proc, None
    if proc is None:
        return None
    if proc.poll() is not None:
        _close(proc)
        return None
    return Pending(proc, json.dumps({"input": inp, "lang": lang}))


def main() -> int:
    """The helper: import matplotlib and draw once, then answer one request from stdin on stdout
    and end at once (``os._exit``: the answer's end of file is the process's end)."""
    from ghgkit.i18n import translator
    from ghgkit.reports import charts

    charts.draw(_WARM_UP, translator("en"))
    request = sys.stdin.buffer.read().decode("utf-8")
    if not request:
        return 0
    r = json.loads(request)
    svgs = charts.draw(r["input"], translator(r["lang"]))
    sys.stdout.buffer.write(json.dumps({"request": request, "package": _package(), "charts": svgs}).encode("utf-8"))
    sys.stdout.buffer.flush()
    # The answer is complete; the page reads it to the end of the pipe, which comes when this
    # process ends. The interpreter's normal teardown after matplotlib took 0.13-0.19 s that the
    # page waited for; nothing is left to save or close (no files written since the warm-up).
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
