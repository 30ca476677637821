"""Regenerate the report screenshots in docs/ from the current demo city.

    python scripts/screenshots.py            # docs/report_screenshot.png, report_en.png, report_ja.png

Needs headless Chromium (Debian package ``chromium``) and, for the Japanese page, a CJK
font (``fonts-noto-cjk``). The images show the top of the HTML report at 1200 x 1500 px.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHOTS = {"report_screenshot.png": "en", "report_en.png": "en", "report_ja.png": "ja"}
SIZE = (1200, 1500)


def main() -> int:
    import ghgkit
    from ghgkit.reports.html import write_html

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("chromium is not installed", file=sys.stderr)
        return 1
    act, settings = ghgkit.load(str(ROOT / "examples" / "demo_city" / "demo_city.xlsx"))
    inv = ghgkit.calculate(act, settings)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, lang in SHOTS.items():
            page = tmp / f"report_{lang}.html"
            if not page.exists():
                write_html(inv, page, lang=lang)
            out = ROOT / "docs" / name
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                            "--no-first-run", f"--user-data-dir={tmp / 'profile'}",
                            f"--window-size={SIZE[0]},{SIZE[1]}", f"--screenshot={out}", page.as_uri()],
                           check=True, capture_output=True, timeout=120)
            print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
