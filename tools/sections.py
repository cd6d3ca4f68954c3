"""Sections of a generated doc that another command writes.

docs/reliability.md is written by tools/hostile.py and docs/performance.md by
benchmarks/scale.py, each whole; benchmarks/web.py adds its own section to both. A section
sits between ``<!-- begin NAME -->`` and ``<!-- end NAME -->`` lines: ``splice`` puts a
section's new text in place (or at the end), and ``carry`` keeps the sections of the file
being replaced that the new report does not write itself, so neither command wipes the
other's figures.
"""

from __future__ import annotations

import re


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- begin {name} -->", f"<!-- end {name} -->"


def splice(text: str, name: str, body: str) -> str:
    """``text`` with section ``name`` holding ``body`` (replaced where it is, else appended)."""
    begin, end = _markers(name)
    block = f"{begin}\n{body.strip()}\n{end}\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end) + r"\n?", re.S)
    if pattern.search(text):
        return pattern.sub(lambda _: block, text, count=1)
    return text.rstrip("\n") + "\n\n" + block


def sections(text: str) -> dict[str, str]:
    """Every section in ``text``, by name, with its markers."""
    found = re.finditer(r"<!-- begin (\S+) -->\n.*?<!-- end \1 -->\n?", text, re.S)
    return {m.group(1): m.group(0) for m in found}


def carry(old: str, new: str) -> str:
    """``new`` with the sections of ``old`` that ``new`` lacks appended, in their order."""
    have = sections(new)
    kept = [block for name, block in sections(old).items() if name not in have]
    if not kept:
        return new
    return new.rstrip("\n") + "\n\n" + "\n".join(block.rstrip("\n") + "\n" for block in kept)
