"""A helper process that draws the inventory report's charts while the input is read.

matplotlib takes ~0.5 s to import, ~0.8 s to draw its first figure in a process and
~0.6 s more for the report's three charts. ``calc --html`` calls :func:`start` before it
reads its input: a second Python process imports matplotlib, draws a warm-up figure and
waits. When the report is rendered, :func:`ask` sends it the charts' values
(:func:`ghgkit.reports.charts.chart_input`, as JSON) and the page is rendered while the
helper draws them with the same :func:`ghgkit.reports.charts.draw` the report would call
itself; :meth:`Pending.result` reads the SVG strings back. On a machine with two or more
cores the helper's work overlaps reading, calculating and rendering.

Nothing depends on the helper: it is not started on one core, and when it is missing,
fails, times out or answers anything but a reply to this request, the report draws its
charts in its own process (same values, same SVG). The helper exits when its standard
input closes, so it does not outlive ``calc``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

#: seconds to wait for the helper's answer before drawing in-process
TIMEOUT_S = 60.0

_proc: subprocess.Popen | None = None

#: the warm-up figure: one of each kind of chart the report draws
_WARM_UP = {"sectors": [{"label": "Residential buildings", "ref": "I.1", "co2e_t": 1.0, "by_scope": [1.0, 0.0, 0.0]}],
            "scopes": [{"scope": 1, "label": "Scope 1 (in the city)", "co2e_t": 1.0}],
            "landfill": [{"year": 2000, "deposited_t": 1.0, "generated_t": 1.0, "recovered_t": 0.0,
                          "emitted_t": 1.0, "backcast": True}]}


def start() -> None:
    """Start the helper (no-op when one runs, on one core, or when it cannot be started)."""
    global _proc
    if _proc is not None or (os.cpu_count() or 1) < 2:
        return
    root = str(Path(__file__).resolve().parents[2])      # the folder holding the ghgkit package
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    try:
        _proc = subprocess.Popen([sys.executable, "-m", "ghgkit.reports.chart_helper"], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    except OSError:
        _proc = None


def stop() -> None:
    """End the helper if it runs and was not asked (e.g. calc refused its input)."""
    global _proc
    proc, _proc = _proc, None
    if proc is not None and proc.poll() is None:
        proc.kill()
        proc.wait()


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
        except (subprocess.TimeoutExpired, OSError, ValueError):
            proc.kill()
            proc.wait()
            return
        if proc.returncode != 0 or not isinstance(reply, dict) or reply.get("request") != self._request:
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
    if proc is None or proc.poll() is not None:
        return None
    return Pending(proc, json.dumps({"input": inp, "lang": lang}))


def main() -> int:
    """The helper: import matplotlib and draw once, then answer one request from stdin on stdout."""
    from ghgkit.i18n import translator
    from ghgkit.reports import charts

    charts.draw(_WARM_UP, translator("en"))
    request = sys.stdin.buffer.read().decode("utf-8")
    if not request:
        return 0
    r = json.loads(request)
    svgs = charts.draw(r["input"], translator(r["lang"]))
    sys.stdout.buffer.write(json.dumps({"request": request, "charts": svgs}).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
