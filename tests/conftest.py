"""Shared fixtures: one coder for the whole session (the model loads once),
the ../shared folder, and the --update-golden option."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden expectations")
    parser.addoption("--screenshots", action="store_true", help="the browser test saves its screenshots under docs/screenshots")


@pytest.fixture(scope="session")
def coder():  # type: ignore[no-untyped-def]
    from detente import Coder

    return Coder.from_defaults()


@pytest.fixture(scope="session")
def coded(coder):  # type: ignore[no-untyped-def]
    """``coded(text)``: the sorted (source code, target code or None, CAMEO code,
    modality) of every event the session's coder finds in ``text``, all modalities."""

    def code(text: str, date: str = "2020-01-01") -> list[tuple[str, str | None, str, str]]:
        events = coder.code(text, date, all_modalities=True)
        return sorted({(e.source.code, e.target.code if e.target else None, e.cameo, e.modality) for e in events}, key=str)

    return code


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the repo: skipped where absent, a failure under CI."""
    if not SHARED.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED} is missing: CI must run with ../shared beside the clone")
        pytest.skip(f"{SHARED} not found: the shared benchmark data is not beside this checkout")
    return SHARED


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def data_dir(shared_dir: Path) -> Path:
    """../shared/eventcoding-gold, under the same skip/fail rule as shared_dir."""
    return shared_dir / "eventcoding-gold"
