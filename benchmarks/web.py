"""The dashboard under load, and its heavy pages' server time on a large store.

1. Load (a section of docs/reliability.md): a store coded from the bundled examples and the
   sample article, served by ``detente serve`` in its own process on loopback; N requests
   (default 2,000), C at a time (default 16, one keep-alive connection each), over the
   heavy pages in a fixed rotation. It reports the latency the client sees (p50, p95,
   max), the server's own time from each response's Server-Timing header, and every
   error: a status other than 200, a refused or broken connection, a timeout.
2. Server time on a large store (a section of docs/performance.md): the corpus benchmark's
   store of 20,000 documents (``--big STORE``, or built here with benchmarks/corpus.py and
   ``detente ingest --workers 2`` into a temporary directory). For the three busiest dyads,
   each heavy page is requested R times one at a time (default 10), after one warm-up
   request; median, p95 and max of the server's time. The goal is under 1 s for the dyad page.

Client and server share this machine's cores; the figures are one run's.

Usage: ``./run webbench [--big STORE] [--requests 2000] [--concurrency 16] [--repeats 10]
[--write]`` (``--write`` updates the two docs).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from sections import splice  # noqa: E402

#: How long a request may take before it counts as an error (seconds).
REQUEST_TIMEOUT = 30.0
SERVER_START_TIMEOUT = 60.0


@dataclass
class Timings:
    """Latencies (client and server) and errors of a set of requests, by page."""

    client_ms: dict[str, list[float]] = field(default_factory=dict)
    server_ms: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def add(self, page: str, client: float, server: float | None) -> None:
        self.client_ms.setdefault(page, []).append(client)
        if server is not None:
            self.server_ms.setdefault(page, []).append(server)

    def all_client(self) -> list[float]:
        return [v for vs in self.client_ms.values() for v in vs]

    def all_server(self) -> list[float]:
        return [v for vs in self.server_ms.values() for v in vs]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest-rank method."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def server_time(header: str | None) -> float | None:
    """Milliseconds from a ``Server-Timing: app;dur=12.3`` header."""
    if not header:
        return None
    for part in header.split(";"):
        if part.strip().startswith("dur="):
            return float(part.strip()[4:])
    return None


class Server:
    """``detente serve STORE`` in its own process on a free loopback port."""

    def __init__(self, store: Path) -> None:
        self.store = store
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> Server:
        argv = [sys.executable, "-m", "detente.cli", "serve", str(self.store), "--port", str(self.port)]
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"detente serve exited: {self.proc.stderr.read() if self.proc.stderr else ''}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("detente serve did not start listening") from None
                time.sleep(0.1)

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Client:
    """One keep-alive connection per thread."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.local = threading.local()

    def get(self, path: str) -> tuple[int, bytes, float | None]:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            conn.close()
            self.local.conn = None
            raise
        return response.status, body, server_time(response.getheader("Server-Timing"))


def timed(client: Client, page: str, path: str, timings: Timings) -> None:
    started = time.perf_counter()
    try:
        status, _, server = client.get(path)
    except (OSError, http.client.HTTPException) as exc:
        timings.errors.append(f"{path}: {type(exc).__name__}: {exc}")
        return
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        timings.errors.append(f"{path}: HTTP {status}")
        return
    timings.add(page, elapsed, server)


def heavy_pages(client: Client, a: str, b: str) -> dict[str, str]:
    """The heavy pages of a store, with real ids found through its own JSON pages."""
    status, body, _ = client.get(f"/events.json?actor={a}&partner={b}&size=1")
    events = json.loads(body)["events"] if status == 200 else []
    if not events:
        raise RuntimeError(f"no events between {a} and {b} in the store")
    event = events[0]
    return {
        "overview": "/",
        "dyad by month": f"/dyad/{a}/{b}",
        "dyad by week": f"/dyad/{a}/{b}?by=week",
        "dyad chart (SVG)": f"/chart/{a}/{b}.svg",
        "dyad JSON": f"/dyad/{a}/{b}.json",
        "actor": f"/actor/{a}",
        "event table, sorted by Goldstein": "/events?sort=goldstein",
        "event table, filtered, page 2": f"/events?actor={a}&quad=4&size=20&page=2",
        "search": "/search?q=" + quote("talks"),
        "article": "/article/" + quote(event["doc_id"], safe=""),
        "event": "/event/" + quote(event["event_id"], safe=""),
    }


def load(port: int, pages: dict[str, str], requests: int, concurrency: int) -> tuple[Timings, float]:
    client = Client(port)
    timings = Timings()
    rotation = list(pages.items())
    work = [rotation[i % len(rotation)] for i in range(requests)]
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
        for future in [pool.submit(timed, client, page, path, timings) for page, path in work]:
            future.result()
    return timings, time.perf_counter() - started


def one_at_a_time(port: int, pages: dict[str, str], repeats: int) -> tuple[Timings, Timings]:
    """Each page's first request (a chart drawn, not yet kept) and its next ``repeats``."""
    client = Client(port)
    first, then = Timings(), Timings()
    for page, path in pages.items():
        timed(client, page, path, first)
        for _ in range(repeats):
            timed(client, page, path, then)
    return first, then


def store_counts(store: Path) -> dict[str, int]:
    from detente.store import EventStore
    from detente.store.queries import summary

    with EventStore.open(store, read_only=True) as s:
        return summary(s)


def busiest_dyads(port: int, n: int) -> list[tuple[str, str]]:
    status, body, _ = Client(port).get("/index.json")
    if status != 200:
        raise RuntimeError(f"/index.json: HTTP {status}")
    return [(d["source"], d["target"]) for d in json.loads(body)["top_dyads"][:n]]


def ingest(inputs: list[Path], store: Path, *extra: str) -> None:
    argv = [sys.executable, "-m", "detente.cli", "ingest", *map(str, inputs), "--store", str(store), *extra]
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr[-2000:]}")


def row(name: str, values: list[float]) -> str:
    return f"| {name} | {len(values):,} | {percentile(values, 50):.0f} | {percentile(values, 95):.0f} | {max(values):.0f} |"


def load_section(timings: Timings, seconds: float, pages: dict[str, str], args: argparse.Namespace, counts: dict[str, int]) -> str:
    client, server = timings.all_client(), timings.all_server()
    lines = [
        "## The dashboard under load",
        "",
        f"Generated by `./run webbench` (benchmarks/web.py) on {dt.date.today().isoformat()}. `detente serve` (one uvicorn",
        f"process) over a store coded from the bundled examples and the sample article ({counts['documents']} documents,",
        f"{counts['events']} events), on loopback; {args.requests:,} requests, {args.concurrency} at a time over",
        f"{args.concurrency} keep-alive connections, in turn over the {len(pages)} pages below. Client and server",
        f"share the machine's {os.cpu_count()} cores. Latency in milliseconds: *client* from sending the request",
        "to the last byte read, *server* the page's own time from its Server-Timing header. The chart is drawn",
        "once and then served as kept (web/app.py `CHART_CACHE`, until the store changes).",
        "",
        f"**{len(timings.errors)} errors** (any status but 200, a refused or broken connection, or over",
        f"{REQUEST_TIMEOUT:.0f} s) in {seconds:.1f} s: {len(client) / seconds:.0f} requests/s.",
        "",
        "| page | requests | client p50 | client p95 | client max |",
        "|---|---:|---:|---:|---:|",
        row("all pages", client),
        *(row(f"{name} (`{pages[name]}`)", timings.client_ms[name]) for name in pages if name in timings.client_ms),
        "",
        f"Server time over all pages: p50 {percentile(server, 50):.0f} ms, p95 {percentile(server, 95):.0f} ms, max {max(server):.0f} ms.",
    ]
    if timings.errors:
        lines += ["", "Errors (first ten):", "", *(f"- {e}" for e in timings.errors[:10])]
    return "\n".join(lines) + "\n"


def big_section(results: list[tuple[str, str, Timings, Timings]], args: argparse.Namespace, counts: dict[str, int], made: str) -> str:
    lines = [
        "## Dashboard pages on the 20,000-document store",
        "",
        f"Generated by `./run webbench` (benchmarks/web.py) on {dt.date.today().isoformat()}: {made}",
        f"({counts['documents']:,} documents, {counts['events']:,} events, {counts['clusters']:,} clusters). `detente serve` on loopback,",
        f"each page requested once and then {args.repeats} times more, one at a time; the server's own time",
        "(Server-Timing: query, analysis, rendering) in milliseconds. The first request of a chart draws it;",
        "the app keeps the charts it drew (web/app.py `CHART_CACHE`) until the store changes, so the later",
        f"ones are served kept. Machine: {os.cpu_count()} cores, {platform.machine()}.",
        "",
        "| dyad | page | first | then: median | p95 | max |",
        "|---|---|---:|---:|---:|---:|",
    ]
    worst = 0.0
    for a, b, first, then in results:
        for page, values in then.server_ms.items():
            cold = first.server_ms.get(page, [float("nan")])[0]
            lines.append(f"| {a}–{b} | {page} | {cold:.0f} | {statistics.median(values):.0f} | {percentile(values, 95):.0f} | {max(values):.0f} |")
            if page.startswith("dyad"):
                worst = max(worst, cold, max(values))
    errors = [e for _, _, f, t in results for e in f.errors + t.errors]
    lines += [
        "",
        f"The slowest dyad page (HTML, JSON or chart) took {worst:.0f} ms at most; the goal is under 1,000 ms."
        + (f" {len(errors)} requests failed: {'; '.join(errors[:5])}." if errors else " No request failed."),
    ]
    return "\n".join(lines) + "\n"


def write(path: Path, name: str, body: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(splice(text, name, body), encoding="utf-8")
    print(f"wrote the {name} section of {path}", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--big", type=Path, metavar="STORE", help="the corpus benchmark's store (default: build one)")
    ap.add_argument("--docs", type=int, default=20_000, help="documents of the store built when --big is not given")
    ap.add_argument("--requests", type=int, default=2_000)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--repeats", type=int, default=10)
    ap.add_argument("--skip-big", action="store_true", help="only the load test")
    ap.add_argument("--write", action="store_true", help="update docs/reliability.md and docs/performance.md")
    args = ap.parse_args()
    samples = args.shared / "samples"
    if not samples.is_dir():
        print(f"the sample article is not at {samples}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="detente-webbench-") as tmp:
        small = Path(tmp) / "small.duckdb"
        ingest([ROOT / "examples", samples], small)
        counts = store_counts(small)
        with Server(small) as server:
            pages = heavy_pages(Client(server.port), "USA", "PRK")
            timings, seconds = load(server.port, pages, args.requests, args.concurrency)
        report = load_section(timings, seconds, pages, args, counts)
        print(report)
        if args.write:
            write(ROOT / "docs" / "reliability.md", "web-load", report)
        if args.skip_big:
            return 1 if timings.errors else 0

        big = args.big
        made = f"the store at `{big}`, given with --big"
        if big is None:
            corpus, big = Path(tmp) / "corpus.jsonl", Path(tmp) / "big.duckdb"
            print(f"building a {args.docs:,}-document corpus and its store ...", file=sys.stderr)
            subprocess.run([sys.executable, str(ROOT / "benchmarks" / "corpus.py"), "--shared", str(args.shared),
                            "--docs", str(args.docs), "-o", str(corpus)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
            ingest([corpus], big, "--workers", "2")
            made = f"benchmarks/corpus.py --docs {args.docs} (its default seed), coded by `detente ingest --workers 2`"
        big_counts = store_counts(big)
        results = []
        with Server(big) as server:
            for a, b in busiest_dyads(server.port, 3):
                dyad_pages = {k: v for k, v in heavy_pages(Client(server.port), a, b).items() if k.startswith(("dyad", "actor"))}
                if not results:
                    dyad_pages = heavy_pages(Client(server.port), a, b)  # the first dyad: every heavy page
                results.append((a, b, *one_at_a_time(server.port, dyad_pages, args.repeats)))
        report = big_section(results, args, big_counts, made)
        print(report)
        if args.write:
            write(ROOT / "docs" / "performance.md", "web-pages", report)
    return 1 if timings.errors or any(f.errors or t.errors for _, _, f, t in results) else 0


if __name__ == "__main__":
    sys.exit(main())
