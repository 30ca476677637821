"""Regenerate the report screenshots in docs/ from the current demo city.

    python scripts/screenshots.py            # docs/report_screenshot.png, report_en.png, report_ja.png,
                                             # docs/trend_report.png

Needs headless Chromium (Debian package ``chromium``) and, for the Japanese page, a CJK
font (``fonts-noto-cjk``). The images show the top of the HTML report at 1200 x 1500 px, and
of the trend report of the demo city 2015-2023 (examples/trend/trend.toml, as
``ghgkit trend --config examples/trend/trend.toml --html ...``) at 1200 x 2000 px.
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
TREND_SHOT, TREND_SIZE = "trend_report.png", (1200, 2000)


def _shoot(chromium, page: Path, out: Path, size, profile: Path) -> None:
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--no-first-run", f"--user-data-dir={profile}",
                    f"--window-size={size[0]},{size[1]}", f"--screenshot={out}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    print(f"wrote {out.relative_to(ROOT)}")


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
            _shoot(chromium, page, ROOT / "docs" / name, SIZE, tmp / "profile")
        from ghgkit.mrv import analyse, read_config
        from ghgkit.reports.trend import write_html as write_trend

        page = write_trend(analyse(config=read_config(ROOT / "examples" / "trend" / "trend.toml")),
                           tmp / "trend.html", lang="en")
        _shoot(chromium, page, ROOT / "docs" / TREND_SHOT, TREND_SIZE, tmp / "profile")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
