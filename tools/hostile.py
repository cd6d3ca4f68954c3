"""Hostile inputs: does `detente code` stay bounded and polite on files built to hurt it?

Writes each hostile input into a temporary directory (nothing is downloaded, nothing is
kept in the repo), runs every case as its own `detente code ... --format jsonl` process
with a wall-clock limit, and reads the child's own peak memory from os.wait4. Prints a
Markdown table (input | outcome | seconds | peak MiB); exits 1 when a case timed out,
crashed (a traceback or a signal) or went over the memory limit. Usage:

    ./run hostile [--write docs/reliability.md] [--only SLUG ...] [--timeout 30]

A case past the memory limit is killed, so one runaway input cannot take the machine.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent

TIMEOUT_S = 30.0
MEMORY_LIMIT_MIB = 1024
#: How often a running case is looked at (its exit, its clock, its resident memory).
POLL_S = 0.05
#: The seed of every random choice, so two runs code the same bytes.
SEED = 20240314

SKIPPED_PREFIX = "detente: skipped: "
_SKIPPED_SUMMARY = re.compile(r"detente: (\d+) inputs? skipped\s*$")
_ERROR_PREFIX = "detente: error: "
#: The most of a skip message shown in the outcome cell.
REASON_CHARS = 120
_SKIP_ORIGIN = re.compile(r"(?:<stdin>|\S+?)(?::(\d+))?: ")

COUNTRIES = (
    "Kenya", "Uganda", "Tanzania", "Rwanda", "Ethiopia", "Somalia", "Sudan", "Egypt",
    "Nigeria", "Ghana", "India", "Pakistan", "China", "Japan", "Iran", "Iraq",
    "Turkey", "Greece", "France", "Germany", "Brazil", "Argentina", "Russia", "Ukraine",
)  # fmt: skip
VERBS = (
    "criticised", "praised", "accused", "met", "thanked", "condemned", "threatened",
    "urged", "welcomed", "rejected an offer from", "signed an agreement with", "hosted",
)  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Case:
    """One hostile input: the arguments after `detente code` and what stdin holds."""

    slug: str  # a short name for --only and the tests
    title: str  # the table's "input" cell
    args: tuple[str, ...]  # inputs for `detente code`, absolute paths or "-"
    stdin: Path | None = None  # a file (or /dev/zero) for stdin; None: no stdin at all


@dataclass(frozen=True)
class Outcome:
    text: str  # the table's "outcome" cell
    failed: bool  # a timeout, a crash or the memory limit: the suite fails


@dataclass(frozen=True)
class Result:
    case: Case
    outcome: Outcome
    seconds: float
    peak_mib: float

    @property
    def over_memory(self) -> bool:
        return self.peak_mib > MEMORY_LIMIT_MIB


# --- the inputs ------------------------------------------------------------------
def news_sentence(rng: random.Random, *, full_stop: bool = True) -> str:
    """One plausible news clause: two different countries, a verb, a day."""
    source, target = rng.sample(COUNTRIES, 2)
    sentence = f"{source} {rng.choice(VERBS)} {target} on {rng.choice(DAYS)}"
    return sentence + "." if full_stop else sentence


def article(rng: random.Random, paragraphs: int = 3, sentences: int = 3) -> str:
    """A short plain-text article with a header (title, byline, date) and paragraphs."""
    body = "\n\n".join(" ".join(news_sentence(rng) for _ in range(sentences)) for _ in range(paragraphs))
    return f"# Regional leaders trade words\n\nStaff reporter\n14 March 2024\n\n{body}\n"


def filled(rng: random.Random, size: int, piece: Callable[[random.Random], str], sep: str) -> str:
    """Pieces joined by ``sep`` until the text holds at least ``size`` characters."""
    parts: list[str] = []
    length = 0
    while length < size:
        part = piece(rng)
        parts.append(part)
        length += len(part) + len(sep)
    return sep.join(parts)


def repeated(block: str, size: int) -> str:
    """``block`` repeated until the text holds at least ``size`` characters (cheap for MBs)."""
    return block * -(-size // len(block))


def jsonl_line(record: dict[str, object]) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def build_cases(root: Path) -> list[Case]:
    """Write every hostile input under ``root`` (one folder a case) and return the cases."""
    rng = random.Random(SEED)
    cases: list[Case] = []

    def put(slug: str, name: str, data: bytes) -> Path:
        path = root / slug / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def add(slug: str, title: str, *paths: Path | str, stdin: Path | None = None) -> None:
        cases.append(Case(slug, title, tuple(str(p) for p in paths), stdin))

    def good(doc_id: str) -> bytes:
        return jsonl_line({"id": doc_id, "date": "2024-03-14", "text": news_sentence(rng)})

    add("empty", "empty file", put("empty", "empty.txt", b""))
    add("whitespace", "whitespace only", put("whitespace", "blank.txt", b" \t\n\n   \r\n\t \n" * 64))
    add("binary", "64 KiB of random bytes (seeded) as .txt", put("binary", "random.txt", rng.randbytes(64 * 1024)))

    big_int = jsonl_line({"id": "big-int", "text": news_sentence(rng)})[:-2] + b', "count": ' + b"7" * 5000 + b"}\n"
    add("big-int", "JSONL: a 5,000-digit integer between two good lines",
        put("big-int", "numbers.jsonl", good("first") + big_int + good("last")))  # fmt: skip

    nul_line = b'{"id": "nul", "text": "Kenya criticised\x00 Uganda on Monday."}\n'
    add("nul", "JSONL: one NUL byte in a line in the first 8 KB, good lines around",
        put("nul", "nul.jsonl", good("first") + nul_line + b"".join(good(f"good-{i}") for i in range(20))))  # fmt: skip

    text = article(rng)
    add("utf16-bom", "UTF-16 LE text with BOM", put("utf16-bom", "utf16.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    add("utf8-bom", "UTF-8 text with BOM", put("utf8-bom", "utf8.txt", codecs.BOM_UTF8 + text.encode("utf-8")))
    # Other UTF-8 (ô, ’) around it: the file is UTF-8 but for the one byte.
    latin = article(rng).replace("Staff reporter", "Staff reporter in Côte d’Ivoire").encode("utf-8")
    latin += b"\nThe envoys met at a caf\xe9 in Nairobi on Friday.\n"
    add("latin1-byte", "UTF-8 article with one Latin-1 byte (0xE9)", put("latin1-byte", "latin1.txt", latin))

    add("emphasis-48k", '48 KB of "*a " (markdown emphasis)', put("emphasis-48k", "emphasis.md", b"*a " * 16_000))
    add("emphasis", '300 KB of "*a " (markdown emphasis)', put("emphasis", "emphasis.md", b"*a " * 100_000))
    paragraph = filled(rng, 60_000, lambda r: news_sentence(r, full_stop=False), " and ")
    add("paragraph-60k", "one 60 KB paragraph of clauses, no full stops",
        put("paragraph-60k", "paragraph.txt", paragraph.encode("utf-8")))  # fmt: skip
    line = repeated(filled(rng, 64 * 1024, news_sentence, " ") + " ", 2 * 1024 * 1024)
    add("line-2mb", "2 MB single line of sentences, no newline", put("line-2mb", "line.txt", line.encode("utf-8")))
    vocabulary = [w for w in COUNTRIES + VERBS + DAYS + ("and", "the", "talks", "on") if " " not in w]
    words = " ".join(rng.choice(vocabulary) for _ in range(20_000))
    add("sentence-20k", "one sentence of 20,000 words (one full stop)",
        put("sentence-20k", "sentence.txt", (words + ".\n").encode("utf-8")))  # fmt: skip
    nested_html = b"<html><body>" + b"<div>" * 100_000 + b"<p>Kenya criticised Uganda on Monday.</p>" + b"</div>" * 100_000
    add("nested-html", "HTML: <div> nested 100,000 deep", put("nested-html", "nested.html", nested_html + b"</body></html>\n"))
    nested_json = b'{"id": "deep", "text": "Kenya criticised Uganda.", "meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    add("nested-json", "JSONL: 100,000 nested '[' between good lines",
        put("nested-json", "nested.jsonl", good("first") + nested_json + good("last")))  # fmt: skip

    bidi = (
        "# Talks \u202eresumed\u202c in Cairo\n\nStaff reporter\n14 March 2024\n\n"
        "Egypt\u200b praised Jordan on Monday after the talks in \u0627\u0644\u0642\u0627\u0647\u0631\u0629 (Cairo). "
        "Iran\u200d rejected the proposal on Tuesday, \u202ethe ministry said\u202c.\n\n"
        "\u0642\u0627\u0644 \u0627\u0644\u0648\u0632\u064a\u0631 Turkey criticised Greece on Wednesday.\n"
    )
    add("bidi", "RLO, zero-width and Arabic characters in an English article", put("bidi", "bidi.txt", bidi.encode("utf-8")))

    dates = (
        "# Talks on an impossible day\n\nStaff reporter\nFebruary 30, 2021\n\n"
        "On February 30, 2021, Kenya criticised Uganda. On 31 April 2022 Tanzania praised Rwanda. "
        "In the year 99999 Egypt will meet Sudan. On 0 January 2020 Ghana thanked Nigeria.\n"
    )
    add("dates-text", "impossible dates in text (February 30, 31 April, year 99999)",
        put("dates-text", "dates.txt", dates.encode("utf-8")))  # fmt: skip
    dates_jsonl = b"".join(
        jsonl_line({"id": doc_id, "date": day, "text": news_sentence(rng)})
        for doc_id, day in (
            ("month-13", "2021-13-45"), ("year-99999", "99999-01-01"), ("feb-30", "2021-02-30"), ("ok", "2021-02-28"),
        )  # fmt: skip
    )
    add("dates-jsonl", 'JSONL: "date" 2021-13-45, 99999-01-01, 2021-02-30', put("dates-jsonl", "dates.jsonl", dates_jsonl))

    add("same-name", "a/news.txt and b/news.txt passed together",
        put("same-name", "a/news.txt", article(rng).encode("utf-8")),
        put("same-name", "b/news.txt", article(rng).encode("utf-8")))  # fmt: skip
    add("same-id", "the same id in two JSONL files, different texts",
        put("same-id", "one.jsonl", jsonl_line({"id": "dup", "text": news_sentence(rng)})),
        put("same-id", "two.jsonl", jsonl_line({"id": "dup", "text": news_sentence(rng)})))  # fmt: skip
    brace = "{Breaking} Kenya criticised Uganda on Monday.\n{Update} Tanzania praised Rwanda on Tuesday.\n"
    add("stdin-brace", 'stdin: plain text beginning with "{"', "-", stdin=put("stdin-brace", "stdin.txt", brace.encode("utf-8")))
    add("stdin-zero", "stdin: /dev/zero (endless)", "-", stdin=Path("/dev/zero"))
    directory = root / "dir-as-txt" / "article.txt"
    directory.mkdir(parents=True)
    add("dir-as-txt", "a directory named article.txt", directory)
    line_ends = (
        "# Line ends\r\n\r\nStaff reporter\r\n14 March 2024\r\n\r\n"
        "Kenya criticised Uganda on Monday.\r\rTanzania praised Rwanda.\rEgypt met Sudan.\r\n"
    )
    add("crlf-cr", "CRLF and lone CR line ends", put("crlf-cr", "lineends.txt", line_ends.encode("utf-8")))
    near = filled(rng, 295_000, lambda r: " ".join(news_sentence(r) for _ in range(4)), "\n\n")
    add("near-limit", "295,000 characters of news in paragraphs (just under the length limit)",
        put("near-limit", "near.txt", near.encode("utf-8")))  # fmt: skip
    paragraphs = filled(rng, 256 * 1024, lambda r: " ".join(news_sentence(r) for _ in range(4)), "\n\n")
    big = repeated(paragraphs + "\n\n", 10 * 1024 * 1024)
    add("text-10mb", "10 MB of plain-text sentences in paragraphs", put("text-10mb", "big.txt", big.encode("utf-8")))
    return cases


# --- running and judging one case --------------------------------------------------
def detente_command() -> list[str]:
    """The `detente` console script of the interpreter running this tool (the .venv's)."""
    script = Path(sys.executable).parent / "detente"
    return [str(script)] if script.exists() else [sys.executable, "-m", "detente.cli"]


def run_case(
    case: Case,
    command: Sequence[str],
    *,
    timeout_s: float = TIMEOUT_S,
    memory_limit_mib: float = MEMORY_LIMIT_MIB,
    root: Path | None = None,
) -> Result:
    """Run ``command code <case args> --format jsonl`` as one child and judge it.

    The child is reaped with os.wait4, whose rusage is that child's alone (ru_maxrss in
    KiB on Linux), though a forked child counts its parent's pages until it execs: run
    this from a small process (this tool holds no model). The child runs in its own
    session so a kill also reaches any workers. Paths
    under ``root`` (the temporary directory) are shown relative to it.
    """
    argv = [*command, "code", *case.args, "--format", "jsonl"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, _stdin(case) as stdin:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdin=stdin, stdout=out, stderr=err, start_new_session=True)
        timed_out = over_memory = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout_s:
                timed_out = True
            elif _rss_mib(child.pid) > memory_limit_mib:
                over_memory = True
            else:
                time.sleep(POLL_S)
                continue
            _kill_group(child.pid)
            _, status, usage = os.wait4(child.pid, 0)
            break
        seconds = time.perf_counter() - start
        exit_code = os.waitstatus_to_exitcode(status)
        child.returncode = exit_code  # reaped here: Popen must not wait for it again
        events = _count_lines(out)
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
    if root is not None:
        stderr = stderr.replace(f"{root}{os.sep}", "")
    outcome = classify(exit_code, stderr, events, timed_out=timed_out, over_memory=over_memory)
    return Result(case, outcome, seconds, usage.ru_maxrss / 1024)


def _stdin(case: Case) -> IO[bytes]:
    return open(case.stdin if case.stdin is not None else os.devnull, "rb")


def _rss_mib(pid: int) -> float:
    """The resident memory of a running process (0 once it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(found[1]) / 1024 if found else 0.0


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _count_lines(stream: IO[bytes]) -> int:
    stream.seek(0)
    count = 0
    while chunk := stream.read(1 << 20):
        count += chunk.count(b"\n")
    return count


def classify(exit_code: int, stderr: str, events: int, *, timed_out: bool = False, over_memory: bool = False) -> Outcome:
    """The outcome cell for a finished child, from its exit code, stderr and event count.

    Skipped inputs ("detente: skipped: ..." lines and the "detente: N inputs skipped"
    count, exit 1) are a graceful result; so is a clean one-line error. Timeouts,
    tracebacks, deaths by signal and the memory limit fail the suite.
    """
    if timed_out:
        return Outcome("TIMEOUT", True)
    if over_memory:
        return Outcome(f"killed: over {MEMORY_LIMIT_MIB} MiB", True)
    if "Traceback" in stderr:
        return Outcome("crash (traceback)", True)
    if exit_code < 0:
        return Outcome(f"crash (signal {signal.Signals(-exit_code).name})", True)
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    reasons = [line[len(SKIPPED_PREFIX) :] for line in lines if line.startswith(SKIPPED_PREFIX)]
    counts = [int(found[1]) for line in lines if (found := _SKIPPED_SUMMARY.fullmatch(line))]
    skipped = counts[-1] if counts else len(reasons)
    errors = [line for line in lines if line.startswith(_ERROR_PREFIX)]
    if exit_code == 0 or (exit_code == 1 and skipped and not errors):
        detail = f" ({_reason(reasons[0])}{', …' if len(reasons) > 1 else ''})" if reasons else ""
        return Outcome(f"ok: {events} events, {skipped} skipped{detail}", False)
    first = errors[0] if errors else lines[0] if lines else f"exit status {exit_code}, nothing on stderr"
    return Outcome(f"error: {first}", False)


def _reason(skip: str) -> str:
    """The message of one skip line without the file it names (a temporary path), keeping
    the line number: "/tmp/x/a.jsonl:2: bad" -> "line 2: bad"."""
    found = _SKIP_ORIGIN.match(skip)
    reason = skip if found is None else skip[found.end() :]
    if found is not None and found[1]:
        reason = f"line {found[1]}: {reason}"
    return reason if len(reason) <= REASON_CHARS else reason[: REASON_CHARS - 1] + "…"


# --- the report ---------------------------------------------------------------
def format_table(results: Sequence[Result]) -> str:
    rows = ["| input | outcome | seconds | peak MiB |", "|---|---|---:|---:|"]
    for r in results:
        rows.append(f"| {_cell(r.case.title)} | {_cell(r.outcome.text)} | {r.seconds:.1f} | {r.peak_mib:.0f} |")
    return "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def failures(results: Sequence[Result]) -> list[str]:
    """Each case that timed out, crashed or went over the memory limit, with why."""
    found: list[str] = []
    for r in results:
        why = [r.outcome.text] if r.outcome.failed else []
        if r.over_memory and not r.outcome.text.startswith("killed"):
            why.append(f"{r.peak_mib:.0f} MiB")
        if why:
            found.append(f"{r.case.title} ({'; '.join(why)})")
    return found


def format_report(results: Sequence[Result], *, today: dt.date, cores: int | None, timeout_s: float) -> str:
    bad = failures(results)
    verdict = (
        "Cases over a limit or crashed: " + "; ".join(bad) + "."
        if bad
        else "No case exceeded a limit or crashed."
    )
    return f"""# Reliability on hostile inputs

Generated by `./run hostile` on {today.isoformat()}; tools/hostile.py writes the inputs into a
temporary directory (nothing is downloaded or kept) and runs each as its own
`detente code ... --format jsonl` process. Machine: {cores or "unknown"} CPU cores. Limits per case:
{timeout_s:.0f} s wall clock and {MEMORY_LIMIT_MIB // 1024} GiB peak resident memory (the child's own,
from os.wait4; a case past the memory limit is killed). "ok" counts the events written and the
inputs detente reported as skipped; "error" is detente's first message.

{format_table(results)}
{verdict}

{limits_section()}"""


def limits_section() -> str:
    """The per-document limits and the reading policy, with the values the code holds."""
    from detente import coder, nlp
    from detente.ingest import MAX_STREAM_BYTES
    from detente.ingest.jsonl import MAX_UTF16_JSONL_BYTES
    from detente.ingest.text import BINARY_SNIFF_BYTES, MAX_DOCUMENT_BYTES

    mib = 1024 * 1024
    return f"""## Per-document limits

A document over a limit is reported on stderr as `detente: skipped: ORIGIN: ID: reason`
(and in the store's errors table); the run goes on with the next document and exits 1
with a count of the skipped inputs.

| limit | value | where |
|---|---:|---|
| a text or HTML file | {MAX_DOCUMENT_BYTES // mib} MiB | ingest/text.py `MAX_DOCUMENT_BYTES` |
| stdin, or a UTF-16 JSONL file (read whole) | {MAX_STREAM_BYTES // mib} MiB, {MAX_UTF16_JSONL_BYTES // mib} MiB | ingest `MAX_STREAM_BYTES`, ingest/jsonl.py `MAX_UTF16_JSONL_BYTES` |
| a document's text | {coder.MAX_DOCUMENT_CHARS:,} characters | coder.py `MAX_DOCUMENT_CHARS` |
| a document's words and marks (counted before parsing) | {coder.MAX_DOCUMENT_TOKENS:,} | coder.py `MAX_DOCUMENT_TOKENS` |
| a document's event search, after parsing | {coder.MAX_DOCUMENT_SECONDS:g} s | coder.py `MAX_DOCUMENT_SECONDS` (`Coder(max_seconds=)`) |
| one stretch handed to the parser | {nlp.MAX_UNIT_CHARS:,} characters, cut at a sentence end | nlp.py `MAX_UNIT_CHARS` |
| one parser batch | {nlp.MAX_BATCH_TOKENS:,} tokens | nlp.py `MAX_BATCH_TOKENS` |
| a stretch with no sentence end | {nlp.MAX_RUN_TOKENS} tokens; a longer run-on is cut before parsing into pieces of {nlp.RUN_ON_PIECE_TOKENS}–{2 * nlp.RUN_ON_PIECE_TOKENS} tokens, after a comma or before "and" where it can | nlp.py `MAX_RUN_TOKENS` |
| a sentence as the parser makes it | {nlp.MAX_SENTENCE_TOKENS} tokens; a longer one is cut the same way and parsed again | nlp.py `MAX_SENTENCE_TOKENS` |
| a markdown emphasis span | {nlp.EMPHASIS_MAX_CHARS} characters (longer keeps its markers) | nlp.py `EMPHASIS_MAX_CHARS` |

## How bytes are read

- A byte-order mark decides the encoding: UTF-8, UTF-16 LE or UTF-16 BE.
- Otherwise UTF-8. Stray bytes in otherwise valid UTF-8 become U+FFFD. A file with no UTF-8
  sequence but bytes above 127 is read as Windows-1252.
- Only UTF-16 that does not decode is an error; it names the byte offset.
- Binary means two control bytes in a row in the first {BINARY_SNIFF_BYTES:,} bytes; one NUL is not.
  For JSONL, only the first line decides this. Binary bytes on a later line are an error on
  that line, and the other lines are still read.
- JSONL is read line by line. A line that is not a JSON object, holds a number too long for
  Python, is nested too deeply or carries a bad field is an error naming its line. Every other
  line is still coded.
- Control, zero-width and bidirectional characters are spaces to the parser. The text and its
  offsets are left unchanged.
- One id is one document across all the inputs of a run. A second input under a taken id with
  a different text is an error naming both. The same text is coded once.
"""


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", type=Path, metavar="FILE", help="also write the report here (docs/reliability.md)")
    ap.add_argument("--only", action="append", metavar="SLUG", help="run only this case (repeatable)")
    ap.add_argument("--timeout", type=float, default=TIMEOUT_S, help="seconds per case (default %(default)s)")
    args = ap.parse_args(argv)

    command = detente_command()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="detente-hostile-") as tmp:
        cases = build_cases(Path(tmp))
        unknown = set(args.only or ()) - {c.slug for c in cases}
        if unknown:
            ap.error(f"no such case: {', '.join(sorted(unknown))} (cases: {', '.join(c.slug for c in cases)})")
        for case in cases:
            if args.only and case.slug not in args.only:
                continue
            result = run_case(case, command, timeout_s=args.timeout, root=Path(tmp))
            print(f"{case.slug}: {result.outcome.text} ({result.seconds:.1f} s, {result.peak_mib:.0f} MiB)", file=sys.stderr)
            results.append(result)
    print(format_table(results))
    bad = failures(results)
    if args.write:
        report = format_report(results, today=dt.date.today(), cores=os.cpu_count(), timeout_s=args.timeout)
        if args.write.exists():  # keep the sections other commands write (benchmarks/web.py's load test)
            sys.path.insert(0, str(ROOT / "tools"))
            from sections import carry

            report = carry(args.write.read_text(encoding="utf-8"), report)
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(report, encoding="utf-8")
        print(f"wrote {args.write}", file=sys.stderr)
    if bad:
        print(f"hostile: {len(bad)} of {len(results)} cases over a limit or crashed", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
