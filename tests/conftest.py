import json
import os
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory):
    """The tests (and the CLI they start) keep ghgkit's cache of validated shipped tables in a
    folder of their own, not the user's (a GHGKIT_CACHE_DIR already set is kept)."""
    if "GHGKIT_CACHE_DIR" not in os.environ:
        os.environ["GHGKIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("ghgkit-cache"))
        yield
        del os.environ["GHGKIT_CACHE_DIR"]
    else:
        yield


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A command run with --lang sets the process's language: English again for the next test."""
    yield
    from ghgkit import i18n

    i18n.set_language("en")


@pytest.fixture(scope="session")
def reference_cases():
    return {c["id"]: c for c in json.loads((DATA / "reference_cases.json").read_text())}


def write_csv(path: Path, rows: list[dict]) -> Path:
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.fixture(scope="session")
def chromium():
    """Headless Chromium for the browser tests: skipped where it is missing, FAILED under CI=true."""
    from layout_probe import chromium_or_fail

    return chromium_or_fail()
