"""Command line: a thin layer over the library.

Each command parses its arguments, makes library calls, formats the result
and turns library errors into a one-line message on stderr.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .engines import ENGINES
from .errors import DetenteError, InputError
from .export import EXPORT_FORMATS
from .model import Document

if TYPE_CHECKING:
    from .actors.explain import ActorsExplanation
    from .export import Sink
    from .export.store import StoreSink
    from .pipeline import Progress, Summary
    from .events.explain import ActorInfo, CandidateInfo, CandidateState, ClauseInfo, Explanation, SentenceExplanation

FORMATS = ("table", "jsonl", "csv")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        result: int = args.func(args)
        return result
    except DetenteError as exc:
        print(f"detente: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `detente code ... | head`
        return 0
    except KeyboardInterrupt:  # Ctrl-C: one line, the shell's usual status, no traceback
        print("detente: interrupted", file=sys.stderr)
        return 130


KB_HELP = "a folder of your own knowledge-base files, layered over the bundled ones (docs/actors.md)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="detente", description="Political event data from news text.")
    sub = parser.add_subparsers(dest="command")

    code = sub.add_parser("code", help="code articles and print their events")
    code.add_argument("inputs", nargs="*", help="files (.txt, .html, .jsonl), folders of them, or '-' for stdin")
    code.add_argument("--text", help="code this string instead of files")
    code.add_argument("--date", type=_date, help="publication date YYYY-MM-DD (overrides the article's own)")
    code.add_argument("--format", choices=FORMATS, default="table")
    code.add_argument("--all-modalities", action="store_true", help="include negated and hypothetical events")
    code.add_argument("--store", metavar="DB", help="also write documents and events to this DuckDB file")
    code.add_argument("--workers", type=_positive, default=1, help="worker processes (default 1: this process)")
    code.add_argument("--kb", type=Path, metavar="DIR", help=KB_HELP)
    code.set_defaults(func=cmd_code)

    ingest = sub.add_parser("ingest", help="code a corpus into the store: resumable, deduplicated, clustered")
    ingest.add_argument("paths", nargs="+", help="files (.txt .md .html .json .jsonl .jsonl.gz) or folders of them")
    ingest.add_argument("--store", default="detente.duckdb", help="DuckDB store to write (default detente.duckdb)")
    ingest.add_argument("--engine", choices=ENGINES, default="local", help="local processes, or a Dask cluster")
    ingest.add_argument("--workers", type=_positive, default=1, help="worker processes (default 1: this process)")
    ingest.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="a running Dask scheduler (--engine dask)")
    ingest.add_argument("--batch", type=_positive, default=200, help="documents per transaction (default 200)")
    ingest.add_argument("--recode", action="store_true", help="code again documents the store already holds")
    ingest.add_argument("--window", type=_positive, help="days within which reports of one event are grouped (default 3)")
    ingest.add_argument("--date", type=_date, help="publication date YYYY-MM-DD (overrides the inputs' own)")
    ingest.add_argument("--all-modalities", action="store_true", help="also store negated and hypothetical events")
    ingest.add_argument("--kb", type=Path, metavar="DIR", help=KB_HELP)
    ingest.set_defaults(func=cmd_ingest)

    upgrade = sub.add_parser("upgrade", help="upgrade a store written by an older detente to this schema")
    upgrade.add_argument("store", help="DuckDB store file")
    upgrade.set_defaults(func=cmd_upgrade)

    ev = sub.add_parser("eval", help="score the coder on the public benchmarks")
    ev.add_argument(
        "name",
        choices=("gsr", "plover", "penta", "spans", "penta-train", "penta-unseen", "spans-train", "dev", "heldout", "all"),
        help="one benchmark; dev: the development sets; heldout: the held-out sets (figures only); all: both",
    )
    ev.add_argument("--data", type=Path, help="folder with the benchmark data (default ../shared/eventcoding-gold)")
    ev.add_argument("--report", action="store_true", help="write docs/accuracy.md and docs/accuracy.json (runs every set)")
    ev.add_argument("--errors", action="store_true", help="list each miss and false event with its reason (development sets only)")
    ev.set_defaults(func=cmd_eval)

    explain = sub.add_parser("explain", help="show why a sentence codes as it does: parse, clauses, candidates, rules")
    explain.add_argument("sentence", help="the sentence to explain (a longer text is explained sentence by sentence)")
    explain.add_argument("--date", type=_date, help="publication date YYYY-MM-DD")
    explain.add_argument("--format", choices=("text", "json"), default="text")
    explain.add_argument("--kb", type=Path, metavar="DIR", help=KB_HELP)
    explain.set_defaults(func=cmd_explain)

    actors = sub.add_parser("actors", help="every actor a text names: its code, the entry or rule that decided it, what it passed over")
    actors.add_argument("text", help="the text to read")
    actors.add_argument("--date", type=_date, help="the text's date YYYY-MM-DD (people and groups hold codes over dates)")
    actors.add_argument("--format", choices=("text", "json"), default="text")
    actors.add_argument("--kb", type=Path, metavar="DIR", help=KB_HELP)
    actors.set_defaults(func=cmd_actors)

    kb = sub.add_parser("kb", help="the actor knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    check = kb_sub.add_parser("check", help="check every knowledge-base file: codes, dates, overlaps, repeated names")
    check.add_argument("--kb", type=Path, metavar="DIR", help="also check this folder of your own files, over the bundled ones")
    check.set_defaults(func=cmd_kb_check)

    show = sub.add_parser("events", help="print events stored in a DuckDB file")
    show.add_argument("store", help="DuckDB file written by `detente code --store`")
    show.add_argument("--doc", help="only this document id")
    show.add_argument("--limit", type=_positive, help="at most this many events")
    show.add_argument("--format", choices=FORMATS, default="table")
    show.set_defaults(func=cmd_events)

    export = sub.add_parser("export", help="write a store's events as JSONL, CSV, Parquet, GDELT or PLOVER")
    export.add_argument("store", help="DuckDB store file")
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("-o", "--output", type=Path, help="file (or folder with --by month); default standard output")
    export.add_argument("--by", choices=("month",), help="one file per month of the event's day (Parquet: hive partitions)")
    export.add_argument("--clusters-only", action="store_true", help="one event per cluster (its first report)")
    export.add_argument("--all-modalities", action="store_true", help="keep negated and hypothetical events too")
    export.add_argument("--header", action="store_true", help="a header line on GDELT files (GDELT's own have none)")
    export.add_argument("--overwrite", action="store_true", help="replace an existing file or an earlier export's folder")
    export.set_defaults(func=cmd_export)

    pair = sub.add_parser("dyad", help="two actors toward each other over time: series, reciprocity, turning points")
    pair.add_argument("a", help="an actor code: a country (USA), or a longer code (USAGOV, IGOUNO)")
    pair.add_argument("b", help="the other actor's code")
    pair.add_argument("--store", default="detente.duckdb", help="DuckDB store to read (default detente.duckdb)")
    pair.add_argument("--by", choices=("week", "month"), default="month", help="the series' period (default month)")
    pair.add_argument("--mentions", action="store_true", help="count every raw report, not each event once (clusters)")
    pair.add_argument("--format", choices=("table", "json"), default="table")
    pair.add_argument("--plot", type=Path, metavar="OUT.png|OUT.svg", help="also draw the series to this file")
    pair.set_defaults(func=cmd_dyad)

    serve = sub.add_parser("serve", help="the web dashboard over a store (read-only), on this machine")
    serve.add_argument("store", nargs="?", default="detente.duckdb", help="DuckDB store to show (default detente.duckdb)")
    serve.add_argument("--port", type=_positive, default=8000, help="port (default 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    serve.set_defaults(func=cmd_serve)
    return parser


# --- commands ------------------------------------------------------------
def cmd_code(args: argparse.Namespace) -> int:
    from .coder import Coder
    from .engines import make_engine
    from .export.streams import SkipReport
    from .ingest import document_from_text, read_inputs
    from .pipeline import run

    if not args.inputs and args.text is None:
        raise DetenteError("nothing to code: give files, '-' for stdin, or --text")
    coder = Coder.from_defaults(kb_dir=args.kb)

    def documents() -> Iterator[Document | InputError]:
        if args.text is not None:
            yield document_from_text(args.text, date=args.date, origin="--text")
        yield from read_inputs(args.inputs, date=args.date)

    sinks: list[Sink] = [SkipReport(sys.stderr), _stream_sink(args.format, sys.stdout)]
    if args.store:
        # `code` prints every input's events, so it codes again what the store holds.
        sinks.append(_store_sink(args.store, coder.version, "code", recode=True))
    summary = run(documents(), coder, make_engine(workers=args.workers), sinks, all_modalities=args.all_modalities)
    failures = len(summary.skipped)
    skipped = f", {failures} {'input' if failures == 1 else 'inputs'} skipped" if failures else ""
    if args.format == "table":
        where = f" into {args.store}" if args.store else ""
        print(f"{summary.events} events from {summary.documents} documents{where}{skipped}", file=sys.stderr)
    elif failures:
        print(f"detente: {skipped[2:]}", file=sys.stderr)
    return 1 if failures else 0  # a skipped input is never a silent success


def cmd_ingest(args: argparse.Namespace) -> int:
    from .coder import Coder
    from .engines import make_engine
    from .export.streams import SkipReport
    from .ingest import count_documents, read_inputs
    from .pipeline import run

    coder = Coder.from_defaults(kb_dir=args.kb)
    engine = make_engine(args.engine, workers=args.workers, scheduler=args.scheduler)
    store = _store_sink(args.store, coder.version, "ingest", recode=args.recode, window=args.window, batch=args.batch)
    sinks: list[Sink] = [SkipReport(sys.stderr), store]
    total = count_documents(args.paths) if sys.stderr.isatty() else None
    with _progress(sys.stderr, total) as progress:
        summary = run(read_inputs(args.paths, date=args.date), coder, engine, sinks,
                      all_modalities=args.all_modalities, progress=progress)  # fmt: skip
    print(format_summary(summary, store.clusters, args.store), file=sys.stderr)
    return 1 if summary.skipped else 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    from .store import EventStore

    if not Path(args.store).exists():
        raise DetenteError(f"{args.store}: no such store")
    with EventStore.open(args.store) as store:  # opening for writing upgrades it
        version = store.version
    print(f"{args.store}: schema version {version}", file=sys.stderr)
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from .coder import Coder

    explanation = Coder.from_defaults(kb_dir=args.kb).explain(args.sentence, args.date)
    _write_explained(args.format, explanation.to_dict(), lambda: format_explanation(explanation))
    return 0


def cmd_actors(args: argparse.Namespace) -> int:
    from .coder import Coder

    explanation = Coder.from_defaults(kb_dir=args.kb).actors(args.text, args.date)
    _write_explained(args.format, explanation.to_dict(), lambda: format_actors(explanation))
    return 0


def _write_explained(fmt: str, payload: dict[str, object], text: Callable[[], str]) -> None:
    """An explanation on standard output: one JSON object, or its text for people."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n" if fmt == "json" else text())


def cmd_kb_check(args: argparse.Namespace) -> int:
    from .actors.kb import check_knowledge_base

    report = check_knowledge_base(args.kb)
    for error in report.errors:
        print(error, file=sys.stderr)
    files = len(report.files)
    if report.ok:
        print(f"knowledge base ok: {report.entries:,} names in {files} files")
        return 0
    print(f"detente: {len(report.errors)} {'error' if len(report.errors) == 1 else 'errors'} in the knowledge base", file=sys.stderr)
    return 1


def cmd_events(args: argparse.Namespace) -> int:
    from .store import EventStore
    from .store.duckdb_store import DEFAULT_WAIT
    from .store.queries import export_rows

    if not Path(args.store).exists():
        raise DetenteError(f"{args.store}: no such store")
    # Read-only, waiting for a running ingest to release the file between two batches.
    # The file stays held while rows stream out: a long read makes the ingest wait.
    with EventStore.open(args.store, read_only=True, wait=DEFAULT_WAIT) as store:
        _write_rows(args.format, export_rows(store, doc_id=args.doc, limit=args.limit))
    return 0


def cmd_dyad(args: argparse.Namespace) -> int:
    from .analysis.dyads import format_dyad
    from .analysis.report import dyad_report

    result = dyad_report(args.store, args.a, args.b, period=args.by, mentions=args.mentions, plot=args.plot)
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_dyad(result, _terminal_width()))
    if args.plot is not None:
        sys.stdout.flush()
        print(f"chart written to {args.plot}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from .web.app import create_app

    if not Path(args.store).exists():
        raise DetenteError(f"{args.store}: no such store")
    print(f"detente: serving {args.store} read-only at http://{args.host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    uvicorn.run(create_app(args.store), host=args.host, port=args.port, log_level="warning")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .export.formats import export_store

    left_out: collections.Counter[str] = collections.Counter()
    written = export_store(
        args.store, args.format, args.output, by=args.by, clusters_only=args.clusters_only,
        factual_only=not args.all_modalities, overwrite=args.overwrite, gdelt_header=args.header, left_out=left_out,
    )  # fmt: skip
    where = args.output if args.output is not None else "standard output"
    skipped = "".join(f"; {n:,} left out: {reason}" for reason, n in sorted(left_out.items()))
    print(f"{written:,} {args.format} rows to {where}{skipped}", file=sys.stderr)
    return 0


def _write_rows(fmt: str, rows: Iterator[dict[str, object]]) -> None:
    from .export.streams import CsvSink, format_table, write_jsonl_rows

    if fmt == "jsonl":
        write_jsonl_rows(rows, sys.stdout)
    elif fmt == "csv":
        sink = CsvSink(sys.stdout)
        sink.write_rows(rows)
        sink.close()
    else:
        sys.stdout.write(format_table(rows, _terminal_width()))


def cmd_eval(args: argparse.Namespace) -> int:
    from .coder import Coder
    from .evaluation import BENCHMARKS, DEVELOPMENT, HELDOUT, find_data_dir, format_errors, format_named, run_benchmarks, write_reports

    groups = {"all": BENCHMARKS, "dev": DEVELOPMENT, "heldout": HELDOUT}
    names = BENCHMARKS if args.report else groups.get(args.name, (args.name,))
    if args.errors and args.name in HELDOUT + ("heldout",):
        raise DetenteError(
            f"eval {args.name}: --errors is refused on a held-out set; its figure stays honest only while nobody reads its misses"
        )
    data_dir = args.data or find_data_dir(Path.cwd())
    if data_dir is None or not Path(data_dir).is_dir():
        raise DetenteError("benchmark data not found: pass --data DIR (the eventcoding-gold folder)")
    coder = Coder.from_defaults()
    results = run_benchmarks(names, coder, Path(data_dir))
    print(format_named(results))
    if args.errors:
        for name in DEVELOPMENT:  # misses are listed for development sets only
            if name in results:
                print(format_errors(results[name]))
    if args.report:
        for path in write_reports(Path("docs"), results, commit=_git_commit(), coder_version=coder.version, date=dt.date.today()):
            print(f"wrote {path}", file=sys.stderr)
    return 0


# --- helpers ----------------------------------------------------------------
def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return number


def _stream_sink(fmt: str, out: TextIO) -> Sink:
    from .export.streams import CsvSink, JsonlSink, TableSink

    if fmt == "jsonl":
        return JsonlSink(out)
    if fmt == "csv":
        return CsvSink(out)
    return TableSink(out, _terminal_width())


def _store_sink(
    path: str, coder_version: str, command: str, *, recode: bool, window: int | None = None, batch: int | None = None
) -> StoreSink:
    from .export.store import StoreSink
    from .store.clusters import DEFAULT_WINDOW_DAYS
    from .store.duckdb_store import DEFAULT_BATCH

    return StoreSink(path, coder_version=coder_version, command=command, recode=recode,
                     window_days=window or DEFAULT_WINDOW_DAYS, batch_size=batch or DEFAULT_BATCH)  # fmt: skip


@contextlib.contextmanager
def _progress(stream: TextIO, total: int | None = None) -> Iterator[Callable[[Progress], None] | None]:
    """A live line on a terminal (documents/s, events, elapsed, and with ``total``, the
    inputs expected, a bar and the time left); nothing when ``stream`` is not a terminal,
    so logs and pipes stay clean."""
    if not stream.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    columns: list[object] = [SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn()]
    if total is not None:
        columns[2:2] = [BarColumn(), TextColumn("{task.completed:,}/{task.total:,}")]
        columns += [TextColumn("ETA"), TimeRemainingColumn()]
    with Bar(*columns, console=Console(file=stream), transient=True) as bar:  # type: ignore[arg-type]
        task = bar.add_task("starting", total=total)

        def update(state: Progress) -> None:
            rate = state.documents / state.elapsed if state.elapsed > 0 else 0.0
            bar.update(task, completed=state.seen, description=(
                f"{state.documents:,} documents ({rate:,.1f}/s), {state.events:,} events, "
                f"{state.unchanged:,} unchanged, {state.skipped:,} skipped"
            ))  # fmt: skip

        yield update


def format_summary(summary: Summary, clusters: int | None, store: str) -> str:
    """The end of an ingest: what was coded, grouped, left as it was and skipped, and why."""
    lines = [
        f"{summary.documents:,} documents coded, {summary.events:,} events"
        + (f", {clusters:,} clusters in {store}" if clusters is not None else f" into {store}"),
        f"{summary.unchanged:,} documents unchanged (already in the store, or the same text twice)",
        f"{len(summary.skipped):,} inputs skipped",
    ]
    reasons = collections.Counter(_reason_kind(s.reason) for s in summary.skipped)
    lines += [f"  {n:,} × {reason}" for reason, n in reasons.most_common()]
    lines.append(f"elapsed {summary.elapsed:,.1f} s")
    return "\n".join(lines)


def _reason_kind(reason: str) -> str:
    """A skip reason without the parts that vary (ids, positions), for counting."""
    return re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "…", reason)[:80]


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True)
        return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def format_actors(explanation: ActorsExplanation) -> str:
    """One block per mention: its words and code, then what decided it and what it passed over."""
    lines = [f"date: {explanation.date or 'none given (a person matches their latest role)'}"]
    if not explanation.mentions:
        lines.append("no actors found")
    for m in explanation.mentions:
        lines.append(f"{m.start}-{m.end}  {m.text!r}  {m.code}  [{m.kind}]")
        lines.append(f"    decided by: {m.basis}")
        for r in m.rejected:
            where = f" ({r.origin})" if r.origin else ""
            lines.append(f"    passed over: {r.code}{where}: {r.why}")
    return "\n".join(lines) + "\n"


def format_explanation(explanation: Explanation) -> str:
    """``detente explain`` as readable sections: per sentence its parse, actors, clauses
    and candidates, then the events as ``detente code`` prints them."""
    buf = io.StringIO()
    if not explanation.sentences:
        buf.write("no sentences to explain\n")
    for sentence in explanation.sentences:
        _write_sentence(buf, sentence)
    buf.write("Events (as detente code gives them)\n")
    from .export.streams import format_table
    from .rows import export_row

    table = format_table([export_row(e) for e in explanation.events], _terminal_width())
    buf.write(_indent(table) if table else "  none\n")
    return buf.getvalue()


def _write_sentence(buf: io.StringIO, sentence: SentenceExplanation) -> None:
    buf.write(f"Sentence {sentence.index}: {sentence.text}\n\nParse\n")
    rows = [("i", "text", "lemma", "pos", "tag", "dep", "head")]
    rows += [(str(t.index), t.text, t.lemma, t.pos, t.tag, t.dep, str(t.head)) for t in sentence.tokens]
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    for row in rows:
        buf.write("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() + "\n")
    buf.write("\nNamed entities (spaCy)\n")
    for ent in sentence.entities:
        buf.write(f"  {ent.first}-{ent.last}  {ent.label}  {ent.text}\n")
    if not sentence.entities:
        buf.write("  none\n")
    buf.write("\nActors\n")
    for via, actors in (("name", sentence.names), ("phrase", sentence.phrases)):
        for actor in actors:
            buf.write(f"  {via:<6}  {actor.first}-{actor.last}  {_actor_text(actor)}  ({_actor_kind(actor)})\n")
    if not sentence.names and not sentence.phrases:
        buf.write("  none\n")
    buf.write("\nClauses (in the order read: innermost first)\n")
    for clause in sentence.clauses:
        _write_clause(buf, clause)
    if not sentence.clauses:
        buf.write("  none\n")
    buf.write("\nCandidates\n")
    words = {t.index: t.text for t in sentence.tokens}
    for cand in sentence.candidates:
        _write_candidate(buf, cand, words)
    if not sentence.candidates:
        buf.write("  none\n")
    buf.write("\n")


def _write_clause(buf: io.StringIO, clause: ClauseInfo) -> None:
    buf.write(f"  {clause.verb} {clause.text}\n")
    if clause.skipped is not None:
        buf.write(f"      skipped: {clause.skipped}\n")
        return
    if clause.transparent:
        buf.write("      lexicon: set aside (a transparent verb: its complement carries the event)\n")
    else:
        buf.write(f"      lexicon: {clause.lexicon or 'no entry'}\n")
    wrapper = f", wrapper {clause.wrapper} {clause.wrapper_text}" if clause.wrapper is not None else ""
    composition = f" ({clause.composition})" if clause.composition else ""
    buf.write(f"      frame: composition {clause.family or 'none'}{wrapper}{composition}\n")
    buf.write(f"      modality: {clause.modality} from the frame, {clause.own_modality} of its own\n")
    buf.write(f"      candidates: {clause.candidates}\n")


def _write_candidate(buf: io.StringIO, cand: CandidateInfo, words: dict[int, str]) -> None:
    buf.write(f"  #{cand.number}  {_state_text(cand.found)}\n")
    verb = cand.found.trigger[-1]
    origin = f"the clause of {verb} {words.get(verb, '')}" if cand.origin == "clause" else f"added by {cand.origin}"
    buf.write(f"      from: {origin}\n      rule: {cand.found.rule}\n")
    if cand.lexicon:
        buf.write(f"      lexicon: {cand.lexicon}\n")
    if cand.composition:
        buf.write(f"      composition: {cand.composition}\n")
    for change in cand.changes:
        what = "; ".join(
            f"{name} {_field_text(change.before, name)} -> {_field_text(change.after, name)}" for name in change.fields
        )
        buf.write(f"      changed by {change.step}: {what}\n")
    if cand.dropped_by is not None:
        buf.write(f"      dropped by {cand.dropped_by}\n")
    elif cand.event_id is not None and cand.shown:
        buf.write(f"      event {cand.event_id}\n")
    elif cand.event_id is not None:
        buf.write(
            f"      event {cand.event_id}, not shown: {cand.final.modality} "
            "(detente code shows it with --all-modalities)\n"
        )
    if cand.changes and cand.dropped_by is None:
        buf.write(f"      final: {_state_text(cand.final)}\n")


def _state_text(state: CandidateState) -> str:
    target = _actor_text(state.target) if state.target is not None else "no target"
    return (
        f"{state.code}  {_actor_text(state.source)} -> {target}  {state.modality}  "
        f"confidence {state.confidence:g}  trigger {state.trigger_text!r} (tokens {', '.join(map(str, state.trigger))})"
    )


def _field_text(state: CandidateState, name: str) -> str:
    if name == "source":
        return _actor_text(state.source)
    if name == "target":
        return _actor_text(state.target) if state.target is not None else "none"
    if name == "trigger":
        return repr(state.trigger_text)
    value = getattr(state, name)
    return repr(value) if name == "rule" else f"{value:g}" if isinstance(value, float) else str(value)


def _actor_text(actor: ActorInfo) -> str:
    return f"{actor.code} {actor.text!r}"


def _actor_kind(actor: ActorInfo) -> str:
    marks = [actor.kind] + (["weak"] if actor.weak else []) + (["pronoun"] if actor.pronoun else [])
    return ", ".join(marks)


def _indent(text: str) -> str:
    return "".join("  " + line + "\n" for line in text.splitlines())


def _terminal_width() -> int:
    try:
        return max(80, os.get_terminal_size().columns)
    except OSError:
        return 160


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
