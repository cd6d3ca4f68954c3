"""tools/sections.py: a doc written whole by one command keeps the sections another writes."""

from __future__ import annotations

import importlib.util
import sys
import types
from pathlib import Path

TOOL = Path(__file__).resolve().parent.parent / "tools" / "sections.py"


def _load() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("sections", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["sections"] = module
    spec.loader.exec_module(module)
    return module


sections = _load()


def test_splice_appends_then_replaces_in_place() -> None:
    doc = "# Speed\n\nfigures\n"
    once = sections.splice(doc, "web-pages", "## Pages\n\n0.2 s\n")
    assert once == "# Speed\n\nfigures\n\n<!-- begin web-pages -->\n## Pages\n\n0.2 s\n<!-- end web-pages -->\n"
    twice = sections.splice(once + "after\n", "web-pages", "## Pages\n\n0.3 s")
    assert twice == once.replace("0.2 s", "0.3 s") + "after\n"


def test_carry_keeps_what_the_new_report_does_not_write() -> None:
    old = sections.splice(sections.splice("# old report\n", "a", "A1"), "b", "B1")
    new = sections.splice("# new report\n", "b", "B2")
    kept = sections.carry(old, new)
    assert kept.startswith("# new report\n") and "# old report" not in kept
    assert sections.sections(kept) == {"b": "<!-- begin b -->\nB2\n<!-- end b -->\n", "a": "<!-- begin a -->\nA1\n<!-- end a -->\n"}
    assert sections.carry("# no sections\n", new) == new
