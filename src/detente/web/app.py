"""The dashboard: Starlette pages over a store opened read-only, each with a .json twin.

Every page is a plain function of the request's validated parameters that returns a
JSON-able dict; the HTML page renders that dict with a Jinja2 template (autoescaped),
and the .json twin returns it as it is, as datasette does. The store is opened
read-only for each request and closed after it, so an ingest can write between two
requests (docs/store.md: reading while a run writes).

Safe by construction: every value from the request is validated (actor codes,
dates, numbers, choices) and bounded before it reaches a query, every query is
parameterised (store/queries.py), every page is escaped, pages carry no script and
a Content-Security-Policy that allows none, static files come from the package's
own folder, and query strings are bounded.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import math
import shlex
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from detente.analysis.charts import dyad_svg
from detente.analysis.dyads import actor_spec, dyad, jsonable
from detente.analysis.rankings import actor_profile, overview
from detente.model import FACTUAL_MODALITIES, Modality
from detente.store.duckdb_store import DEFAULT_WAIT, EventStore
from detente.store.queries import (
    EVENT_SORTS,
    MAX_PAGE_SIZE,
    EventFilter,
    cluster_reports,
    document,
    dyad_events,
    document_mentions,
    event_page,
    event_row,
    search_actors,
    search_documents,
)

if TYPE_CHECKING:
    from starlette.responses import Response

#: The longest query string accepted (characters); a longer one is a 414.
MAX_QUERY_CHARS = 2_000
#: Charts kept, drawn, per app (the latest used).
CHART_CACHE = 32
#: The longest search text (characters).
MAX_SEARCH_CHARS = 200
#: Sent with every page: no script, no frame, nothing from elsewhere.
CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
# An SVG chart is shown as an image (where it can run nothing); its own style rules are inline.
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"
FACTUAL = frozenset(m.value for m in FACTUAL_MODALITIES)
_HEADERS = MappingProxyType({"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"})


class BadRequest(Exception):
    """A request parameter that is not valid: a 400 with this message."""


class NotFound(Exception):
    """Nothing in the store by that name: a 404 with this message."""


def create_app(store_path: str | Path, *, wait: float = DEFAULT_WAIT) -> Any:
    """The dashboard over the store at ``store_path`` (a Starlette application)."""
    from jinja2 import Environment, PackageLoader, select_autoescape
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, PlainTextResponse, Response
    from starlette.routing import BaseRoute, Mount, Route
    from starlette.staticfiles import StaticFiles

    path = Path(store_path)
    env = Environment(loader=PackageLoader("detente.web", "templates"), autoescape=select_autoescape(default=True))
    env.globals["quad_names"] = QUAD_NAMES

    # matplotlib's settings (rcParams) are one per process, and a chart is drawn inside a
    # settings context (analysis/charts.py): two drawn at once in the server's threads could
    # leave each other's settings behind. So the app draws one chart at a time, and keeps the
    # last CHART_CACHE it drew, each under the store file's state (a write moves it) and its
    # parameters: a drawing takes some 75 ms of CPU, and one at a time they queue under load.
    chart_lock = threading.Lock()
    drawn: collections.OrderedDict[tuple[Any, ...], str] = collections.OrderedDict()

    def store() -> EventStore:
        return EventStore.open(path, read_only=True, wait=wait)

    def page(template: str, build: Callable[[Request], dict[str, Any]]) -> tuple[Callable[..., Any], Callable[..., Any]]:
        """The HTML endpoint and its .json twin, both from ``build``."""

        def html(request: Request) -> Response:
            data = build(request)
            body = env.get_template(template).render(data=data, request=request, store_name=path.name)
            return Response(body, media_type="text/html; charset=utf-8")

        def json(request: Request) -> Response:
            return JSONResponse(_plain(build(request)))

        return html, json

    def build_overview(request: Request) -> dict[str, Any]:
        q = _params(request, {"by", "mentions"})
        with store() as s:
            return overview(s, period=_choice(q, "by", ("month", "week"), "month"), mentions=_flag(q, "mentions")).to_dict()

    def build_dyad(request: Request) -> dict[str, Any]:
        q = _params(request, {"by", "mentions"})
        a, b = _actor(request.path_params["a"]), _actor(request.path_params["b"])
        mentions = _flag(q, "mentions")
        with store() as s:
            data = dyad(s, a, b, period=_choice(q, "by", ("month", "week"), "month"), mentions=mentions).to_dict()
            rows = dyad_events(s, a, b, modalities=FACTUAL, mentions=mentions, limit=MAX_PAGE_SIZE, latest=True)
        data["events"] = [jsonable(r) for r in rows]
        data["events_shown_at_most"] = MAX_PAGE_SIZE
        return data

    def build_actor(request: Request) -> dict[str, Any]:
        q = _params(request, {"by", "mentions"})
        with store() as s:
            profile = actor_profile(s, _actor(request.path_params["code"]), period=_choice(q, "by", ("month", "week"), "month"), mentions=_flag(q, "mentions"))
        return profile.to_dict()

    def build_events(request: Request) -> dict[str, Any]:
        q = _params(request, {"from", "to", "actor", "partner", "country", "root", "plover", "quad", "modality", "sort", "order", "page", "size"})
        if q.get("partner") and not q.get("actor"):
            raise BadRequest("partner: give an actor too (the events between the two)")
        where = EventFilter(
            start=_date(q, "from"), end=_date(q, "to"),
            actor=_actor(q["actor"]) if q.get("actor") else None,
            partner=_actor(q["partner"]) if q.get("partner") else None,
            country=_actor(q["country"]) if q.get("country") else None,
            root=_pattern(q, "root", 2, digits=True), plover=_pattern(q, "plover", 20),
            quad_class=_int(q, "quad", 1, 4), modality=_choice(q, "modality", tuple(m.value for m in Modality), None),
        )  # fmt: skip
        sort = _choice(q, "sort", tuple(EVENT_SORTS), "day")
        descending = _choice(q, "order", ("desc", "asc"), "desc") == "desc"
        size = _int(q, "size", 1, MAX_PAGE_SIZE) or 50
        number = _int(q, "page", 1, 10**6) or 1
        with store() as s:
            rows, total = event_page(s, where, sort=sort, descending=descending, page=number, size=size)
        filters = {k: v for k, v in q.items() if k not in ("page",) and v}
        return {
            "filters": filters, "sort": sort, "order": "desc" if descending else "asc", "page": number, "size": size,
            "total": total, "pages": max(1, math.ceil(total / size)), "events": [jsonable(r) for r in rows],
        }  # fmt: skip

    def build_article(request: Request) -> dict[str, Any]:
        _params(request, set())
        doc_id = request.path_params["doc_id"]
        with store() as s:
            doc = document(s, doc_id)
            if doc is None:
                raise NotFound(f"no document {doc_id!r} in the store")
            mentions = document_mentions(s, doc_id)
            events = _document_events(s, doc_id)
        return {"document": jsonable(doc), "mentions": mentions, "events": events, "segments": segments(doc["text"] or "", mentions, events)}

    def build_event(request: Request) -> dict[str, Any]:
        _params(request, set())
        event_id = request.path_params["event_id"]
        with store() as s:
            row = event_row(s, event_id)
            if row is None:
                raise NotFound(f"no event {event_id!r} in the store")
            reports = cluster_reports(s, row["cluster_id"]) if row["cluster_id"] else []
        return {"event": jsonable(row), "cluster": [jsonable(r) for r in reports], "explanation": explanation(row)}

    def build_search(request: Request) -> dict[str, Any]:
        q = _params(request, {"q"})
        text = (q.get("q") or "").strip()
        if len(text) > MAX_SEARCH_CHARS:
            raise BadRequest(f"q: at most {MAX_SEARCH_CHARS} characters")
        if not text:
            return {"q": "", "actors": [], "documents": []}
        with store() as s:
            actors = search_actors(s, text)
            docs = [_snippet(d, text) for d in search_documents(s, text)]
        return {"q": text, "actors": actors, "documents": docs}

    def chart(request: Request) -> Response:
        q = _params(request, {"by", "mentions"})
        a, b = _actor(request.path_params["a"]), _actor(request.path_params["b"])
        period, mentions = _choice(q, "by", ("month", "week"), "month"), _flag(q, "mentions")
        key = (_file_state(path), a, b, period, mentions)
        with chart_lock:  # held while drawing: requests for the same chart wait and find it kept
            svg = drawn.get(key)
            if svg is not None:
                drawn.move_to_end(key)
            else:
                with store() as s:
                    d = dyad(s, a, b, period=period, mentions=mentions)
                svg = drawn[key] = dyad_svg(d)
                while len(drawn) > CHART_CACHE:
                    drawn.popitem(last=False)
        return Response(svg, media_type="image/svg+xml", headers={"Content-Security-Policy": SVG_CSP})

    routes: list[BaseRoute] = []
    for prefix, template, build in (
        ("/dyad/{a}/{b}", "dyad.html", build_dyad),
        ("/actor/{code}", "actor.html", build_actor),
        ("/article/{doc_id}", "article.html", build_article),
        ("/event/{event_id}", "event.html", build_event),
        ("/events", "events.html", build_events),
        ("/search", "search.html", build_search),
    ):
        html, json = page(template, build)
        routes += [Route(prefix + ".json", json), Route(prefix, html)]
    html, json = page("overview.html", build_overview)
    routes = [Route("/", html), Route("/index.json", json), Route("/chart/{a}/{b}.svg", chart), *routes]
    routes.append(Mount("/static", StaticFiles(packages=[("detente.web", "static")]), name="static"))

    async def bad_request(request: Request, exc: Exception) -> Response:
        return _error(env, request.url.path, 400, str(exc))

    async def not_found(request: Request, exc: Exception) -> Response:
        return _error(env, request.url.path, 404, str(exc) if isinstance(exc, NotFound) else "no such page")

    async def limits(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if len(request.url.query) > MAX_QUERY_CHARS:
            return PlainTextResponse("query string too long", status_code=414, headers=_HEADERS)
        started = time.perf_counter()
        response = await call_next(request)
        for name, value in _HEADERS.items():
            response.headers.setdefault(name, value)
        # The server's own time for the page (query, analysis, rendering), for benchmarks/web.py.
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response

    from starlette.middleware import Middleware
    from starlette.middleware.base import BaseHTTPMiddleware

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        # Import the chart library when the server starts, not in the first chart's request
        # (about a second), where every request waiting for that chart would pay it too.
        import matplotlib.figure  # noqa: F401

        yield

    return Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={BadRequest: bad_request, NotFound: not_found, 404: not_found},
        middleware=[Middleware(BaseHTTPMiddleware, dispatch=limits)],
    )


def _file_state(path: Path) -> tuple[int, ...]:
    """The store file's and its write-ahead log's modification time and size: what a write changes."""
    state: list[int] = []
    for f in (path, path.with_name(path.name + ".wal")):
        try:
            st = f.stat()
        except OSError:
            state += [0, 0]
        else:
            state += [st.st_mtime_ns, st.st_size]
    return tuple(state)


QUAD_NAMES = MappingProxyType({1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"})


def segments(text: str, mentions: list[dict[str, Any]], events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut into pieces, each plain, an actor mention or an event trigger (a trigger
    wins where the two overlap), for the article page to mark up. Offsets outside the text
    or overlapping an earlier piece are left out."""
    marks: list[tuple[int, int, dict[str, Any]]] = []
    for e in events:
        if e.get("trigger_start") is not None:
            marks.append((e["trigger_start"], e["trigger_end"], {"kind": "trigger", "code": e["cameo"], "event_id": e["event_id"]}))
    for m in mentions:
        marks.append((m["start_char"], m["end_char"], {"kind": "actor", "code": m["code"]}))
    marks.sort(key=lambda m: (m[0], m[2]["kind"] != "trigger", -m[1]))
    out: list[dict[str, Any]] = []
    at = 0
    for start, end, info in marks:
        if start < at or end > len(text) or end <= start:
            continue
        if start > at:
            out.append({"kind": "text", "text": text[at:start]})
        out.append({**info, "text": text[start:end]})
        at = end
    if at < len(text):
        out.append({"kind": "text", "text": text[at:]})
    return out


def explanation(row: dict[str, Any]) -> dict[str, Any]:
    """Why the event was coded: the lexicon rule the coder recorded, the evidence spans, and
    the command that shows the full account (parse, clauses, candidates, rules)."""
    return {
        "rule": row["rule"],
        "trigger": row["trigger_text"],
        "source": row["source_text"],
        "target": row["target_text"],
        "modality": row["modality"],
        "confidence": row["confidence"],
        "command": f"detente explain {shlex.quote(row['sentence'])}" + (f" --date {row['published']}" if row.get("published") else ""),
    }


def _document_events(s: EventStore, doc_id: str) -> list[dict[str, Any]]:
    from detente.store.queries import export_rows

    return [jsonable(r) for r in export_rows(s, doc_id=doc_id)]


def _snippet(doc: dict[str, Any], text: str, width: int = 90) -> dict[str, Any]:
    body = doc.pop("text") or ""
    at = doc["at"]
    if at >= 0:
        start = max(0, at - width)
        doc["snippet"] = ("…" if start else "") + body[start : at + len(text) + width] + ("…" if at + len(text) + width < len(body) else "")
    else:
        doc["snippet"] = body[: 2 * width]
    return jsonable(doc)


def _params(request: Any, allowed: set[str]) -> dict[str, str]:
    """The query parameters, each once, only those the page reads."""
    q: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key not in allowed:
            raise BadRequest(f"unknown parameter {key!r}" + (f"; this page reads {', '.join(sorted(allowed))}" if allowed else ""))
        if key in q:
            raise BadRequest(f"{key}: given twice")
        q[key] = value
    return q


def _actor(value: str) -> str:
    if len(value) > 20:
        raise BadRequest(f"an actor code is at most 20 letters, not {len(value)}")
    try:
        return actor_spec(value)
    except ValueError as exc:
        raise BadRequest(str(exc)) from exc


def _choice(q: dict[str, str], key: str, choices: tuple[str, ...], default: str | None) -> Any:
    value = q.get(key) or default
    if value is not None and value not in choices:
        raise BadRequest(f"{key}: one of {', '.join(choices)}, not {value!r}")
    return value


def _flag(q: dict[str, str], key: str) -> bool:
    return bool(_choice(q, key, ("0", "1"), "0") == "1")


def _int(q: dict[str, str], key: str, low: int, high: int) -> int | None:
    value = q.get(key)
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise BadRequest(f"{key}: a whole number from {low} to {high}, not {value[:30]!r}")
    return int(value)


def _date(q: dict[str, str], key: str) -> dt.date | None:
    value = q.get(key)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{key}: a date YYYY-MM-DD, not {value[:30]!r}") from None


def _pattern(q: dict[str, str], key: str, longest: int, *, digits: bool = False) -> str | None:
    value = q.get(key)
    if not value:
        return None
    ok = value.isascii() and (value.isdigit() if digits else value.replace("_", "").isalpha())
    if not ok or len(value) > longest:
        kind = "digits" if digits else "letters"
        raise BadRequest(f"{key}: {kind}, at most {longest}, not {value[:30]!r}")
    return value.upper() if not digits else value


def _plain(data: Any) -> Any:
    """Dates and tuples made JSON-able, all the way down."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_plain(v) for v in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    if isinstance(data, float) and not math.isfinite(data):
        return None
    return data


def _error(env: Any, path: str, status: int, message: str) -> Response:
    from starlette.responses import JSONResponse, Response

    if path.endswith(".json"):
        return JSONResponse({"error": message, "status": status}, status_code=status, headers=_HEADERS)
    body = env.get_template("error.html").render(status=status, message=message, store_name="")
    return Response(body, status_code=status, media_type="text/html; charset=utf-8", headers=_HEADERS)
