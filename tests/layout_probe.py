"""Measure a report page in headless Chromium: does anything stick out on screen or on A4?

Used by the layout tests and by scripts/screenshots.py. The probe works on a *test copy*
of the page: the Content-Security-Policy (which rightly forbids scripts in the real report)
is removed and a small script appended that measures every table, figure and block and
writes the result into ``document.title``, read back with ``--dump-dom``.

For print, the copy's ``@media print`` rules are made to apply on screen and the window is
as wide as the A4 portrait text block (210 mm - 2 x 12 mm margins = 186 mm = 703 px at
96 px/in), which is what Chromium lays out when it prints.
"""

from __future__ import annotations

import html as _html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
A4_TEXT_PX = 703          # 186 mm at 96 px per inch
SCREEN_PX = 1280

PROBE = r"""<script>
(function () {
  document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  var limit = document.documentElement.clientWidth, bad = [];
  var els = document.querySelectorAll('table, .table-wrap, figure, svg.chart, .eq, .cards, ul, ol, dl, p, h1, h2, td, th');
  for (var i = 0; i < els.length; i++) {
    var el = els[i], r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    var name = el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className : '');
    if (r.right > limit + 1 || r.left < -1) bad.push(name + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right));
    else if ((el.classList.contains('table-wrap') || el.tagName === 'TABLE') && el.scrollWidth > el.clientWidth + 1)
      bad.push(name + ' scrolls ' + el.scrollWidth + ' > ' + el.clientWidth);
    if (bad.length > 20) break;
  }
  // words broken at any letter ('ente|r') where a space would do: no text may be set so
  var texts = document.querySelectorAll('td, th, p, li, caption, span, div');
  for (var j = 0; j < texts.length && bad.length <= 20; j++) {
    var t = texts[j];
    if (getComputedStyle(t).wordBreak === 'break-all')
      bad.push(t.tagName.toLowerCase() + (t.className ? '.' + t.className : '') + ' breaks words at any letter');
  }
  document.title = 'PROBE' + JSON.stringify({limit: limit, tables: document.querySelectorAll('table').length, bad: bad});
})();
</script>"""


def chromium_or_fail():
    """The Chromium path; without it the test skips, except under CI=true where it FAILS."""
    if CHROMIUM is None:
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail("chromium is not installed but CI=true: the browser tests must run in CI "
                        "(.ci/run installs the Debian package 'chromium')")
        pytest.skip("chromium is not installed (Debian package 'chromium'; .ci/run installs it)")
    return CHROMIUM


def _base_cmd(profile: Path) -> list[str]:
    return [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
            "--hide-scrollbars", f"--user-data-dir={profile}", "--host-resolver-rules=MAP * ~NOTFOUND"]


def probe_copy(html: str, print_layout: bool) -> str:
    """The test copy of a report: no CSP, print rules on screen when asked, the probe at the end."""
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    if print_layout:
        html = html.replace("@media print", "@media all")
    return html.replace("</body>", PROBE + "</body>")


def measure(html: str, tmp: Path, print_layout: bool) -> dict:
    """Lay *html* out in Chromium (A4 text width, or a 1280 px screen); return the probe's findings."""
    tmp.mkdir(parents=True, exist_ok=True)
    page = tmp / ("print.html" if print_layout else "screen.html")
    page.write_text(probe_copy(html, print_layout), encoding="utf-8")
    width = A4_TEXT_PX if print_layout else SCREEN_PX
    cmd = _base_cmd(tmp / "profile") + [f"--window-size={width},1000", "--dump-dom", page.as_uri()]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120).stdout
    m = re.search(r"<title>PROBE(.*?)</title>", out, re.S)
    assert m, "the probe did not run (no PROBE title in the dumped DOM)"
    return json.loads(_html.unescape(m.group(1)))


def print_pdf(page: Path, pdf: Path, profile: Path) -> bytes:
    cmd = _base_cmd(profile) + ["--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()]
    subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return pdf.read_bytes()


def pdf_pages(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every page of a PDF Chromium wrote."""
    return [(float(w), float(h)) for w, h in
            re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)]
