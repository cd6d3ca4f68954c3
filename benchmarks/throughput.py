"""Throughput and memory of the coder, beside the spaCy parse alone.

Builds a JSONL corpus of N documents (default 1,000) from the benchmark
sentences in ../shared/eventcoding-gold (read there, never copied into the
repo), two to four sentences a document, then in ONE process with the model
loaded once:

1. parses every document's text with the bare spaCy pipeline (nlp.pipe);
2. codes the same JSONL corpus with detente's Coder (ingest → parse →
   actors → events → dates);
   steps 1 and 2 alternate for --rounds rounds (3 by default) and the median round is quoted;
3. codes it again with the local process engine (--workers, 2 by default; 0 skips it).

Prints the figures and writes docs/performance.md. Usage:

    ./run bench [--docs 1000] [--workers 2] [--rounds 3] [--out docs/performance.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def corpus_sentences(shared: Path) -> list[str]:
    from detente.evaluation import GSR_FILE, PENTA_FILE, PLOVER_FILE
    from detente.evaluation.gold import load_gsr, load_penta, load_plover

    gold = shared / "eventcoding-gold"
    sentences = [r.text for r in load_gsr(gold / GSR_FILE)]
    sentences += [r.text for r in load_plover(gold / PLOVER_FILE)]
    sentences += [r.text for r in load_penta(gold / PENTA_FILE)]
    sentences += [r.text for r in load_penta(gold / PENTA_FILE.with_name("cameo_class_train.tsv"))]
    return [s.strip() for s in sentences if s.strip()]


def write_corpus(path: Path, sentences: list[str], n_docs: int) -> None:
    rng = random.Random(20181023)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n_docs):
            k = rng.randint(2, 4)
            text = " ".join(rng.choice(sentences) for _ in range(k))
            day = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
            out.write(json.dumps({"id": f"bench-{i:05d}", "date": day.isoformat(), "text": text}) + "\n")


def peak_rss_mib() -> float:
    # ru_maxrss is KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2, help="also run the local engine with this many processes (0: not)")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds of parse alone and coder (the median is quoted)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = ap.parse_args()

    from detente import Coder, __version__
    from detente.ingest import read_path
    from detente.model import Document
    from detente.nlp import parse_units, parse_view

    if not args.shared.is_dir():
        print(f"benchmark data not found at {args.shared}", file=sys.stderr)
        return 1
    sentences = corpus_sentences(args.shared)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "bench.jsonl"
        write_corpus(corpus, sentences, args.docs)

        t0 = time.perf_counter()
        coder = Coder.from_defaults()
        nlp = coder.parser.nlp  # the one model load
        load_s = time.perf_counter() - t0
        rss_loaded = peak_rss_mib()

        docs = [d for d in read_path(corpus) if isinstance(d, Document)]
        texts = [parse_view(d.text[s:e]) for d in docs for s, e in parse_units(d)]

        # Warm up (first-call allocations, caches) so neither timed pass pays for it.
        for _ in nlp.pipe(texts[:200], batch_size=64):
            pass
        # The two passes alternate, round after round, so that a slow spell of a noisy
        # machine falls on both; each round gives its own ratio and the report quotes the
        # median round (by ratio) beside every round's.
        rounds: list[tuple[float, float]] = []  # (parse-alone seconds, coder seconds)
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            n_sent_spacy = sum(len(list(parsed.sents)) for parsed in nlp.pipe(texts, batch_size=64))
            spacy_round = time.perf_counter() - t0

            t0 = time.perf_counter()
            n_events = 0
            n_docs = 0
            for _doc, events in coder.code_documents(d for d in read_path(corpus) if isinstance(d, Document)):
                n_docs += 1
                n_events += len(events)
            rounds.append((spacy_round, time.perf_counter() - t0))
        spacy_s, coder_s = sorted(rounds, key=lambda r: r[0] / r[1])[len(rounds) // 2]
        n_sent = n_sent_spacy  # the coder parses exactly these units with the same pipeline
        rss_peak = peak_rss_mib()

        engine_line = ""
        if args.workers > 1:
            from detente.engines import LocalEngine

            t0 = time.perf_counter()
            outcomes = list(LocalEngine(workers=args.workers).run(coder, docs))
            engine_s = time.perf_counter() - t0
            errors = sum(1 for o in outcomes if o.error)
            engine_line = (
                f"| local engine, {args.workers} worker processes (model loaded once per worker) | "
                f"{n_sent / engine_s:,.1f} | {engine_s:.1f} | {errors} errors |\n"
            )

    per_round = ", ".join(f"{p / c:.2f}" for p, c in rounds)
    spacy_rate = n_sent_spacy / spacy_s
    coder_rate = n_sent / coder_s
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    lines = [
        f"documents: {n_docs}  sentences: {n_sent}  events: {n_events}",
        f"model load: {load_s:.1f} s (RSS after load {rss_loaded:.0f} MiB)",
        f"spaCy parse alone: {spacy_rate:,.1f} sentences/s ({spacy_s:.1f} s)",
        f"detente coder:     {coder_rate:,.1f} sentences/s ({coder_s:.1f} s), {coder_rate / spacy_rate:.2f}x the parse alone",
        f"ratio by round:    {per_round}",
        f"peak RSS: {rss_peak:.0f} MiB",
    ]
    print("\n".join(lines))
    report = f"""# Performance

Generated by `./run bench` (benchmarks/throughput.py) on {dt.date.today().isoformat()}, commit {commit},
detente {__version__}, Python {platform.python_version()}, spaCy model `{coder.parser.model}`,
{os.cpu_count()} CPU cores ({platform.machine()}). Figures are from one run; these machines are
noisy, so compare ratios within a run rather than absolute numbers across runs. Within the run
the parse alone and the coder alternate for {len(rounds)} rounds over the same corpus; the table
gives the median round by ratio, and the ratio of each round was {per_round}.

Input: {n_docs} JSONL documents of 2–4 sentences drawn (seeded) from the benchmark sentences in
../shared/eventcoding-gold, {n_sent} sentences in all. One process; the model is loaded once.

| stage | sentences/s | seconds | notes |
|---|---:|---:|---|
| spaCy parse alone (`nlp.pipe`, batch 64) | {spacy_rate:,.1f} | {spacy_s:.1f} | tagger, parser, lemmatizer, NER |
| detente coder, end to end (ingest, parse, actors, events, dates) | {coder_rate:,.1f} | {coder_s:.1f} | {n_events} events; {coder_rate / spacy_rate:.2f}× the parse alone |
{engine_line}
Model load: {load_s:.1f} s. Peak resident memory of the process: {rss_peak:.0f} MiB
({rss_loaded:.0f} MiB after loading the model).

For comparison, PETRARCH-2 needs CoreNLP parse trees made beforehand; CoreNLP parses about 2–5
sentences/s.
"""
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
