"""Report line coverage per module after `./run test`, and hold the rule modules to a floor.

The rule modules are everything under detente/actors, detente/events and detente/context:
each must have at least FLOOR per cent of its lines run by the test suite. Prints one
table; exits 1 naming each module below the floor.
"""

from __future__ import annotations

import sys
from pathlib import Path

import coverage

FLOOR = 95.0
RULE_PACKAGES = ("actors", "events", "context")
ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "detente"


def main() -> int:
    data = coverage.Coverage(data_file=str(ROOT / ".coverage"))
    data.load()
    rows: list[tuple[str, int, int, float]] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        _, statements, _, missing, _ = data.analysis2(str(path))
        if not statements:
            continue
        covered = len(statements) - len(missing)
        rows.append((str(path.relative_to(PACKAGE)), len(statements), covered, 100.0 * covered / len(statements)))
    width = max(len(name) for name, *_ in rows)
    print(f"\n{'module'.ljust(width)}  lines  covered  per cent")
    low: list[str] = []
    for name, lines, covered, share in rows:
        rule = name.split("/")[0] in RULE_PACKAGES
        flag = "  below the rule-module floor" if rule and share < FLOOR else ""
        print(f"{name.ljust(width)}  {lines:5d}  {covered:7d}  {share:7.1f}{flag}")
        if flag:
            low.append(f"{name} {share:.1f}%")
    total = sum(r[1] for r in rows)
    print(f"{'all'.ljust(width)}  {total:5d}  {sum(r[2] for r in rows):7d}  {100.0 * sum(r[2] for r in rows) / total:7.1f}")
    if low:
        print(f"coverage: rule modules below {FLOOR:.0f}%: {', '.join(low)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
