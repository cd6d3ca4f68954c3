"""Command line: a thin layer over the library.

Each command parses its arguments, makes library calls, formats the result
and turns library errors into a one-line message on stderr.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .errors import DetenteError, InputError
from .model import Document, Event

if TYPE_CHECKING:
    from .events.explain import ActorInfo, CandidateInfo, CandidateState, ClauseInfo, Explanation, SentenceExplanation

FORMATS = ("table", "jsonl", "csv")
CSV_COLUMNS = (
    "id", "doc_id", "sentence_index", "date", "date_basis", "source_text", "source_code", "source_country",
    "cameo", "root", "cameo_name", "target_text", "target_code", "target_country", "plover_event",
    "quad_class", "goldstein", "trigger", "modality", "confidence", "sentence",
)  # fmt: skip


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
    code.set_defaults(func=cmd_code)

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
    explain.set_defaults(func=cmd_explain)

    show = sub.add_parser("events", help="print events stored in a DuckDB file")
    show.add_argument("store", help="DuckDB file written by `detente code --store`")
    show.add_argument("--doc", help="only this document id")
    show.add_argument("--limit", type=_positive, help="at most this many events")
    show.add_argument("--format", choices=FORMATS, default="table")
    show.set_defaults(func=cmd_events)
    return parser


# --- commands ------------------------------------------------------------
def cmd_code(args: argparse.Namespace) -> int:
    from .coder import Coder
    from .ingest import document_from_text, read_inputs

    if not args.inputs and args.text is None:
        raise DetenteError("nothing to code: give files, '-' for stdin, or --text")
    coder = Coder.from_defaults()
    store = _open_store(args.store)
    failures = 0

    def documents() -> Iterator[Document]:
        nonlocal failures
        if args.text is not None:
            yield document_from_text(args.text, date=args.date, origin="--text")
        for item in read_inputs(args.inputs, date=args.date):
            if isinstance(item, InputError):
                failures += 1
                print(f"detente: skipped: {item}", file=sys.stderr)
                if store is not None:
                    store.record_error(item.origin, item.line, item.message)
                continue
            yield item

    from .engines import LocalEngine

    out = sys.stdout
    writer = _Writer(args.format, out)
    n_docs = n_events = 0
    # The engine codes each document apart when a batch fails, so one document
    # that breaks the coder is reported and the others are still coded.
    engine = LocalEngine(workers=args.workers)
    try:
        for outcome in engine.run(coder, documents(), all_modalities=args.all_modalities):
            doc, events = outcome.doc, outcome.events
            if outcome.error is not None:
                failures += 1
                print(f"detente: skipped: {doc.origin}: {doc.id}: {outcome.error}", file=sys.stderr)
                if store is not None:
                    store.record_error(doc.origin, None, f"{doc.id}: {outcome.error}")
                continue
            n_docs += 1
            n_events += len(events)
            writer.write(doc, events)
            if store is not None:
                store.write(doc, events, coder_version=coder.version)  # also for documents with no events
    finally:
        writer.close()
        if store is not None:
            store.close()
    skipped = f", {failures} {'input' if failures == 1 else 'inputs'} skipped" if failures else ""
    if args.format == "table":
        where = f" into {args.store}" if args.store else ""
        print(f"{n_events} events from {n_docs} documents{where}{skipped}", file=sys.stderr)
    elif failures:
        print(f"detente: {skipped[2:]}", file=sys.stderr)
    return 1 if failures else 0  # a skipped input is never a silent success


def cmd_explain(args: argparse.Namespace) -> int:
    from .coder import Coder

    explanation = Coder.from_defaults().explain(args.sentence, args.date)
    if args.format == "json":
        sys.stdout.write(json.dumps(explanation.to_dict(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(format_explanation(explanation))
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    from .store import EventStore

    if not Path(args.store).exists():
        raise DetenteError(f"{args.store}: no such store")
    with EventStore.open(args.store, read_only=True) as store:  # reading never changes the store
        rows = store.events(doc_id=args.doc, limit=args.limit)
    writer = _Writer(args.format, sys.stdout)
    writer.write_dicts(rows)
    writer.close()
    return 0


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


def _open_store(path: str | None):  # type: ignore[no-untyped-def]
    if path is None:
        return None
    from .store import EventStore

    return EventStore.open(path)


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True)
        return out.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def flatten(event: dict[str, object]) -> dict[str, object]:
    """One event as a flat row for CSV and tables."""
    src = event.get("source") or {}
    tgt = event.get("target") or {}
    plover = event.get("plover") or {}
    trigger = event.get("trigger") or {}
    assert isinstance(src, dict) and isinstance(tgt, dict) and isinstance(plover, dict) and isinstance(trigger, dict)
    return {
        "id": event.get("id"),
        "doc_id": event.get("doc_id"),
        "sentence_index": event.get("sentence_index"),
        "date": event.get("date"),
        "date_basis": event.get("date_basis"),
        "source_text": src.get("text"),
        "source_code": src.get("code"),
        "source_country": src.get("country"),
        "cameo": event.get("cameo"),
        "root": event.get("root"),
        "cameo_name": event.get("cameo_name"),
        "target_text": tgt.get("text"),
        "target_code": tgt.get("code"),
        "target_country": tgt.get("country"),
        "plover_event": plover.get("event"),
        "quad_class": event.get("quad_class"),
        "goldstein": event.get("goldstein"),
        "trigger": trigger.get("text"),
        "modality": event.get("modality"),
        "confidence": event.get("confidence"),
        "sentence": event.get("sentence"),
    }


class _Writer:
    def __init__(self, fmt: str, out: TextIO) -> None:
        self.fmt = fmt
        self.out = out
        self._csv: csv.DictWriter[str] | None = None

    def write(self, doc: Document, events: list[Event]) -> None:
        if self.fmt == "table" and events:
            title = f" — {doc.title}" if doc.title else ""
            published = f" ({doc.date.isoformat()})" if doc.date else ""
            self.out.write(f"\n{doc.id}{title}{published}\n")
        self.write_dicts([e.to_dict() for e in events])

    def write_dicts(self, rows: list[dict[str, object]]) -> None:
        if self.fmt == "jsonl":
            for row in rows:
                self.out.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            if self._csv is None:
                self._csv = csv.DictWriter(self.out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
                self._csv.writeheader()
            for row in rows:
                self._csv.writerow(flatten(row))
        else:
            self.out.write(format_table([flatten(r) for r in rows]))
        self.out.flush()

    def close(self) -> None:
        self.out.flush()


def format_table(rows: list[dict[str, object]]) -> str:
    if not rows:
        return ""
    width = _terminal_width()
    cols = [("date", 10), ("source", 18), ("cameo", 5), ("target", 18), ("modality", 12), ("trigger", 24)]
    buf = io.StringIO()
    header = "  ".join(name.ljust(w) for name, w in cols) + "  event"
    buf.write(header[:width] + "\n")
    for r in rows:
        source = f"{r['source_code']} {r['source_text']}"
        target = f"{r['target_code']} {r['target_text']}" if r["target_code"] else "-"
        cells = [str(r["date"]), source, str(r["cameo"]), target, str(r["modality"]), str(r["trigger"])]
        line = "  ".join(_fit(c, w) for c, (_, w) in zip(cells, cols)) + "  " + str(r["cameo_name"])
        buf.write(line[:width] + "\n")
    return buf.getvalue()


def format_explanation(explanation: Explanation) -> str:
    """``detente explain`` as readable sections: per sentence its parse, actors, clauses
    and candidates, then the events as ``detente code`` prints them."""
    buf = io.StringIO()
    if not explanation.sentences:
        buf.write("no sentences to explain\n")
    for sentence in explanation.sentences:
        _write_sentence(buf, sentence)
    buf.write("Events (as detente code gives them)\n")
    table = format_table([flatten(e.to_dict()) for e in explanation.events])
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


def _fit(text: str, width: int) -> str:
    text = " ".join(text.split())
    return (text[: width - 1] + "…") if len(text) > width else text.ljust(width)


def _terminal_width() -> int:
    try:
        return max(80, os.get_terminal_size().columns)
    except OSError:
        return 160


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
