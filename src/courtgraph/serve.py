"""The SPARQL endpoint and explorer page: ``courtgraph serve``.

A small Starlette app speaks the SPARQL 1.1 Protocol at ``/sparql``; queries run in
killable worker processes (:mod:`courtgraph.worker`) after :func:`courtgraph.sparql.check` has
refused anything that would reach outside the dataset, and answers are written by
:mod:`courtgraph.results` in a format of :mod:`courtgraph.formats` (the same check and writers
``courtgraph query`` uses). ``/`` is the explorer page.

Status codes: 400 malformed request (the parser's message), 403 refused (update on a
read-only endpoint, SERVICE, LOAD, foreign FROM/USING), 406 no acceptable result format,
413 request body or result over the cap (results are never silently truncated),
503 time limit reached, or no room (every worker busy, or every slot for long queries taken;
with Retry-After). Every error body is one line of text.
"""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from courtgraph.errors import (
    FormatError,
    QueryError,
    QueryTimeoutError,
    RefusedError,
    ResultTooLargeError,
    StoreError,
    WorkersBusyError,
)
from courtgraph.formats import negotiate
from courtgraph.sparql import MAX_QUERY_BYTES, CheckedQuery
from courtgraph.worker import WorkerPool

if TYPE_CHECKING:
    from rdflib import Dataset
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = ["create_app", "serve", "load_sources", "named_queries", "default_prefixes", "DEFAULT_PORT"]

DEFAULT_PORT = 8765
MAX_BODY = MAX_QUERY_BYTES  # bytes; a SPARQL request bigger than this is not an analyst's query


def named_queries(directory: str | Path | None = None) -> dict[str, str]:
    """Name -> SPARQL text of the project's named queries (``queries/*.rq``); {} when there are none.

    A query with parameters comes with its defaults bound in a ``VALUES`` block, ready to run
    and to edit.
    """
    from courtgraph.query import bind_values
    from courtgraph.query import named_queries as find

    try:
        found = find(Path(directory) if directory is not None else None)
    except QueryError:  # no queries directory: the explorer still works, with an empty list
        return {}
    return {name: bind_values(query.text, query.params) if query.params else query.text for name, query in found.items()}


def default_prefixes() -> dict[str, str]:
    """The prefixes every query may use without declaring them (as ``courtgraph query`` does)."""
    from courtgraph.rdf import PREFIXES

    return dict(PREFIXES)


def create_app(
    dataset: "Dataset",
    *,
    allow_update: bool = False,
    timeout: float = 10.0,
    max_results: int = 10_000,
    workers: int = 4,
    heavy_slots: int | None = None,
    max_waiting: int = 64,
    engine: str = "auto",
    queries: Mapping[str, str] | None = None,
    allowed_hosts: Sequence[str] | None = ("127.0.0.1", "localhost", "[::1]", "::1"),
    on_ready: Callable[[], None] | None = None,
    store: str | Path | None = None,
) -> "Starlette":
    """The ASGI app serving ``dataset`` (an rdflib Dataset, one named graph per report).

    Queries run in ``workers`` processes holding a copy of the data (the Oxigraph engine
    when pyoxigraph is installed); at most ``heavy_slots`` of them (default: half) may run
    a long query at once, so quick queries always find a worker, and at most ``max_waiting``
    requests wait (see :class:`courtgraph.worker.WorkerPool`). Updates, when allowed, run on
    the rdflib engine in a single worker so every answer sees them. ``allowed_hosts``
    rejects other Host headers, which stops DNS-rebinding pages from reading a local
    endpoint; pass None to accept any. The project's prefixes need no declaration. With
    ``store`` (a built store's folder, :mod:`courtgraph.store`; ``dataset`` is then that store
    opened) the workers open the store in place, read-only, instead of each loading a copy.
    """
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.trustedhost import TrustedHostMiddleware
    from starlette.routing import Route

    if max_results < 1:
        raise ValueError(f"max_results must be at least 1, not {max_results}")
    size = 1 if allow_update else workers
    in_place = store is not None and not allow_update  # updates need a copy of their own
    nquads = b"" if in_place else dataset.serialize(format="nquads", encoding="utf-8")
    pool = WorkerPool(
        nquads,
        store=str(store) if in_place else None,
        size=size,
        engine="rdflib" if allow_update else engine,
        timeout=timeout,
        max_results=max_results,
        graphs=frozenset(str(g.identifier) for g in dataset.graphs()),
        allow_update=allow_update,
        heavy_slots=None if heavy_slots is None else min(heavy_slots, size),
        max_waiting=max_waiting,
    )
    page_queries = dict(queries) if queries is not None else named_queries()
    endpoint = _Endpoint(pool)
    network = _Network(dataset)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        import anyio.to_thread

        await anyio.to_thread.run_sync(pool.start)
        if on_ready is not None:
            on_ready()
        try:
            yield
        finally:
            pool.close()

    async def explorer(request: Request) -> Response:
        from starlette.responses import HTMLResponse

        return HTMLResponse(_explorer_page(page_queries, allow_update=allow_update, timeout=timeout,
                                           max_results=max_results, engine=pool.engine,
                                           prefixes=default_prefixes()))

    async def query_list(request: Request) -> Response:
        from starlette.responses import JSONResponse

        return JSONResponse(page_queries)

    async def health(request: Request) -> Response:
        from starlette.responses import PlainTextResponse

        return PlainTextResponse("ok\n")

    async def network_page(request: Request) -> Response:
        import anyio.to_thread
        from starlette.responses import HTMLResponse, PlainTextResponse

        page = await anyio.to_thread.run_sync(network.html)
        if page is None:
            return PlainTextResponse("the network view is not available (courtgraph.viz is missing)\n", status_code=404)
        return HTMLResponse(page)

    middleware = []
    if allowed_hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)))
    app = Starlette(
        routes=[
            Route("/", explorer),
            Route("/sparql", endpoint.handle, methods=["GET", "POST"]),
            Route("/queries", query_list),
            Route("/network", network_page),
            Route("/health", health),
        ],
        middleware=middleware,
        lifespan=lifespan,
    )
    app.state.pool = pool
    return app


class _Network:
    """The viz page, rendered once on first request (layout takes a moment)."""

    def __init__(self, dataset: "Dataset") -> None:
        self._dataset = dataset
        self._page: str | None = None
        self._lock = threading.Lock()

    def html(self) -> str | None:
        with self._lock:
            if self._page is None:
                try:
                    from courtgraph.viz import render_html
                except ImportError:
                    return None
                self._page = render_html(self._dataset)
            return self._page


class _Endpoint:
    def __init__(self, pool: WorkerPool) -> None:
        self.pool = pool

    async def handle(self, request: "Request") -> "Response":
        import anyio.to_thread
        from starlette.exceptions import HTTPException
        from starlette.responses import Response

        try:
            text, is_update, params = await _read_request(request)
        except HTTPException as exc:
            return _error(exc.status_code, exc.detail)
        if params.get("default-graph-uri") or params.get("named-graph-uri") or params.get("using-graph-uri") \
                or params.get("using-named-graph-uri"):
            return _error(400, "default-graph-uri, named-graph-uri and using-*-uri are not supported; "
                               "use GRAPH or FROM with one of the dataset's graphs")
        try:
            checked: CheckedQuery = await anyio.to_thread.run_sync(
                lambda: self.pool.check(text, update=is_update)
            )
        except RefusedError as exc:
            return _error(403, str(exc))
        except QueryError as exc:
            return _error(400, str(exc))
        fmt = None
        if not checked.is_update:
            try:
                # clients send the format as a name, a media type, or both (SPARQLWrapper);
                # an unknown one gives way to a workable Accept header
                fmt = negotiate(request.headers.get("accept"), checked.form, requested=params.get("format"))
            except FormatError as exc:
                return _error(406, str(exc))
        try:
            answer = await anyio.to_thread.run_sync(lambda: self.pool.run(checked, fmt=fmt))
        except QueryTimeoutError as exc:
            return _error(503, str(exc))
        except WorkersBusyError as exc:
            return _error(503, str(exc), headers={"Retry-After": "2"})
        except ResultTooLargeError as exc:
            return _error(413, str(exc))
        except QueryError as exc:
            return _error(400, str(exc))
        except StoreError as exc:
            return _error(500, str(exc))
        if checked.is_update:
            return Response(status_code=204)
        media_type = answer.media_type
        if media_type.startswith("text/") or media_type.endswith("json") or media_type.endswith("xml"):
            media_type += "; charset=utf-8"
        return Response(answer.body, media_type=media_type, headers={"Vary": "Accept"})


def _http_error(status: int, message: str) -> Exception:
    from starlette.exceptions import HTTPException

    return HTTPException(status, message)


def _one(params: Mapping[str, list[str]], key: str) -> str | None:
    values = params.get(key) or []
    if len(values) > 1:
        raise _http_error(400, f"the {key} parameter was given {len(values)} times; give it once")
    return values[0] if values else None


async def _read_request(request: "Request") -> tuple[str, bool, dict[str, list[str]]]:
    """(text, is_update, parameters) per SPARQL 1.1 Protocol §2.1 and §2.2."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    if request.method == "GET":
        if "update" in params:
            raise _http_error(400, "SPARQL Update must be sent with POST")
        query = _one(params, "query")
        if query is None:
            raise _http_error(400, "missing the query parameter")
        return query, False, params
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
        raise _http_error(413, f"request body over {MAX_BODY} bytes")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise _http_error(413, f"request body over {MAX_BODY} bytes")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError:
        raise _http_error(400, "the request body is not UTF-8") from None
    if content_type == "application/x-www-form-urlencoded":
        form = parse_qs(decoded, keep_blank_values=True)
        merged = {**params, **form}
        query, update = _one(form, "query"), _one(form, "update")
        if (query is None) == (update is None):
            raise _http_error(400, "a form POST needs exactly one of the query and update parameters")
        return (query if query is not None else update or ""), update is not None, merged
    if content_type == "application/sparql-query":
        return decoded, False, params
    if content_type == "application/sparql-update":
        return decoded, True, params
    raise _http_error(
        415,
        f"unsupported content type {content_type or '(none)'}; use application/x-www-form-urlencoded, "
        "application/sparql-query or application/sparql-update",
    )


def _error(status: int, message: str, *, headers: Mapping[str, str] | None = None) -> "Response":
    from starlette.responses import PlainTextResponse

    line = " ".join(message.split())  # one line, whatever the parser printed
    return PlainTextResponse(line + "\n", status_code=status, headers=dict(headers or {}))


def _explorer_page(queries: Mapping[str, str], **settings: Any) -> str:
    from courtgraph.resources import data_text

    template = data_text("explorer.html")
    config = {"queries": dict(queries), **settings}
    from courtgraph.viz.page import script_json  # the view's escaping, line separators included

    return template.replace("/*CONFIG*/{}", script_json(config))


def load_sources(sources: Sequence[str | Path]) -> "Dataset":
    """Graph files, extractions and/or report texts as one Dataset (``courtgraph.sources``)."""
    from courtgraph.sources import load_dataset

    return load_dataset(list(sources))


def serve(
    sources: Sequence[str | Path],
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    open_browser: bool = False,
    allow_update: bool = False,
    timeout: float = 10.0,
    max_results: int = 10_000,
    workers: int = 4,
    heavy_slots: int | None = None,
    engine: str = "auto",
) -> None:
    """Load ``sources`` (graph files or reports) and serve them until interrupted."""
    import uvicorn

    from courtgraph.store import find_store, read_record

    built = find_store(list(sources))
    dataset = load_sources(sources)
    count = int(read_record(built)["quads"]) if built is not None else sum(1 for _ in dataset.quads((None, None, None, None)))
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/"

    def ready() -> None:
        print(f"courtgraph: serving {count} statements at {url} (SPARQL at {url}sparql)", flush=True)
        if open_browser:
            webbrowser.open(url)

    local = host in ("127.0.0.1", "localhost", "::1")
    app = create_app(
        dataset,
        allow_update=allow_update,
        timeout=timeout,
        max_results=max_results,
        workers=workers,
        heavy_slots=heavy_slots,
        engine=engine,
        allowed_hosts=("127.0.0.1", "localhost", "[::1]", "::1") if local else None,
        on_ready=ready,
        store=built,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
