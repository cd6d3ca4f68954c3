"""requirements.lock is complete and fully pinned, so `./run` can install it with --no-deps.

The set-up installs every locked package without resolving anything against the index;
that is only safe while the lock names every package that detente (with its dev extra)
needs, each at one exact version with hashes. These tests read the installed metadata of
every locked package and walk its requirements, extras included.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)")


def locked() -> dict[str, tuple[str, int]]:
    """Every pinned requirement of the lock: canonical name -> (version, number of hashes)."""
    pins: dict[str, tuple[str, int]] = {}
    entry: str | None = None
    for raw in LOCK.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if raw[0].isspace():
            if line.startswith("--hash=sha256:") and entry is not None:
                version, hashes = pins[entry]
                pins[entry] = (version, hashes + 1)
            continue
        match = PIN.match(line)
        assert match, f"requirements.lock: not an exact '==' pin: {line!r}"
        entry = canonicalize_name(match["name"])
        assert entry not in pins, f"requirements.lock: {entry} pinned twice"
        pins[entry] = (match["version"], 0)
    return pins


def wanted(requirement: Requirement, extras: set[str]) -> bool:
    if requirement.marker is None:
        return True
    environment = dict(default_environment())
    return any(
        requirement.marker.evaluate({**environment, "extra": extra})
        for extra in (extras or {""})
    )


def test_every_lock_entry_is_pinned_with_hashes() -> None:
    pins = locked()
    assert "spacy" in pins and "pip" in pins
    unhashed = sorted(name for name, (_, hashes) in pins.items() if hashes == 0)
    assert not unhashed, f"requirements.lock: no --hash for {unhashed}"


def test_every_dependency_of_every_locked_package_is_locked() -> None:
    pins = locked()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    roots = [Requirement(text) for text in project["dependencies"]]
    roots += [Requirement(text) for text in project["optional-dependencies"]["dev"]]
    pending: list[tuple[Requirement, str]] = [(req, "pyproject.toml") for req in roots]
    seen: set[tuple[str, frozenset[str]]] = set()
    missing: list[str] = []
    while pending:
        requirement, wanted_by = pending.pop()
        name = canonicalize_name(requirement.name)
        if name not in pins:
            missing.append(f"{requirement} (wanted by {wanted_by})")
            continue
        version = pins[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {name}=={version}, but {wanted_by} wants {requirement}"
        )
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        installed = metadata.distribution(name)
        assert installed.version == version, f"{name}: lock says {version}, .venv has {installed.version}"
        for text in installed.requires or []:
            dependency = Requirement(text)
            if wanted(dependency, set(requirement.extras)):
                pending.append((dependency, f"{name}=={version}"))
    assert not missing, "requirements.lock lacks: " + "; ".join(sorted(missing))


def test_lock_pins_only_what_is_needed() -> None:
    """A stale entry would be installed for nothing; every pin is reachable from pyproject."""
    pins = locked()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pending = [Requirement(text) for text in project["dependencies"]]
    pending += [Requirement(text) for text in project["optional-dependencies"]["dev"]]
    reached: set[str] = set()
    visited: set[tuple[str, frozenset[str]]] = set()  # lxml and lxml[html_clean] need different things
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        key = (name, frozenset(requirement.extras))
        if key in visited or name not in pins:
            continue
        visited.add(key)
        reached.add(name)
        for text in metadata.distribution(name).requires or []:
            dependency = Requirement(text)
            if wanted(dependency, set(requirement.extras)):
                pending.append(dependency)
    # setuptools builds detente itself (pyproject's build-system), without build isolation.
    stale = sorted(set(pins) - reached - {"setuptools"})
    assert not stale, f"requirements.lock pins packages nothing needs: {stale}"
