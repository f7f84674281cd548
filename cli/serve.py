"""`verbatim serve`: build or refresh the index when its inputs changed, then serve.

One process by default (waitress); `--processes N` runs gunicorn with N pre-forked workers behind
one listening socket (webapp/servers.py). The index is loaded before the fork, so the workers share
its pages; each reopens its files and keeps its own caches, within its part of `--cache-mb`.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from cli.common import add_path_options, paths_from
from cli.errors import DOMAIN_ERRORS, describe, fail
from cli.index import report
from indexer.build import ensure_index
from indexer.paths import Paths
from indexer.index_format import current_generation
from indexer.search.budget import DEFAULT_MB, SHARES, CacheBudget

from webapp.servers import THREADS, make_server


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the web app and JSON API",
        description="Serve Verbatim (pages and /api) with waitress, after building or refreshing the index\n"
        "when the corpus or metadata changed. Re-running `verbatim index` while serving swaps the\n"
        "new index in without a restart (in every serving process).\n\n"
        "A process runs one search at a time (Python's GIL), so one process uses one core. With\n"
        "--processes N (POSIX), N processes share the port: more searches at once on N cores. The index\n"
        "is loaded once before they fork and its pages are shared; each process keeps its own caches,\n"
        "and --cache-mb is split between them (each gets M/N).\n"
        "They are gunicorn workers: Ctrl+C or SIGTERM stops them all, a process that dies is replaced,\n"
        "and SIGHUP to the first process replaces every worker gracefully.\n\n"
        "Example:\n  verbatim serve --host 127.0.0.1 --port 8000\n  verbatim serve --processes 2",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_path_options(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    parser.add_argument("--threads", type=int, default=THREADS, help=f"worker threads per process (default {THREADS})")
    parser.add_argument("--processes", type=_positive, default=1,
                        help="serving processes sharing the port (default 1; more than 1 needs fork, i.e. not Windows)")
    parser.add_argument("--cache-mb", type=_megabytes, default=DEFAULT_MB, metavar="M",
                        help=f"megabytes of cache for all serving processes together, split equally between them and, "
                        f"in each, between its caches ({_shares()}); default {DEFAULT_MB}, the index itself comes on top")
    parser.add_argument("--no-build", action="store_true", help="serve the existing index without checking inputs")
    parser.add_argument("--public-url", type=_public_url, default=None,
                        help="where users reach the service, for permalinks and citations, e.g. https://verbatim.example "
                        "(default: the address it listens on; never taken from a request's Host header)")
    parser.add_argument("--proxy", default="", metavar="ADDR[,ADDR]",
                        help="address(es) of a reverse proxy in front: only requests from it have their "
                        "X-Forwarded-For/Proto/Host/Prefix honoured (and, without --public-url, make the permalinks)")
    parser.set_defaults(func=run)


def _public_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment or "@" in parts.netloc:
        raise argparse.ArgumentTypeError(f"must be an http:// or https:// address like https://verbatim.example, not {text!r}")
    return text.rstrip("/")


def listening_url(host: str, port: int) -> str:
    """The default public URL: the address the server listens on."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def _shares() -> str:
    return ", ".join(f"{name.replace('_', ' ')} {share * 100:.0f}%%" for name, share in SHARES.items())  # %% for argparse


def _megabytes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of megabytes, not {text!r}") from None
    if not 0 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1000000 megabytes, not {text}")
    return value


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _refresh(paths: Paths) -> str | None:
    """Build or refresh the index; the reason it could not, or None when it is up to date."""
    try:
        summary = ensure_index(paths.corpus, paths.metadata, paths.index)
        if summary:  # the same notes `verbatim index` gives: inferred fields, speakers to curate
            report(summary, quiet=False, out=sys.stderr)
    except DOMAIN_ERRORS as exc:
        return describe(exc, paths.index)
    return None


def _warm(index: Path, budget: CacheBudget) -> None:
    """Open the index before the first request rather than during it (collector paused, then settled:
    frozen, so no collection ever touches the loaded index again and forked processes keep sharing it)."""
    from indexer.search import NoIndex, open_index
    from webapp import collector

    try:
        with collector.paused():
            view = open_index(index, budget)
    except NoIndex:
        return  # answers 503 until an index is published
    collector.settle(view.generation)


def _serve_processes(app, args: argparse.Namespace, index: Path, budget: CacheBudget) -> int:
    """Bind once, load the index, then run gunicorn's workers on the socket: each reopens the index's
    files after it forks (an open file's position is shared across a fork) and shares the rest."""
    from indexer.search.opening import reopen_after_fork
    from webapp import servers

    try:
        sock = servers.listen(args.host, args.port)
    except OSError as exc:
        return fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    _warm(index, budget)  # before the fork: the catalog and columns are loaded once, their pages shared

    def warm() -> None:  # in each worker
        reopen_after_fork()
        _warm(index, budget)  # no index before the fork (or a newer one since): open it now

    port = sock.getsockname()[1]
    _set_public_url(app, args, port)
    print(f"Verbatim serving on http://{args.host}:{port}/ with {args.processes} processes (Ctrl+C to stop)",
          file=sys.stderr, flush=True)
    return servers.serve_processes(app, sock, args.processes, args.threads, warm)


def process_budget(args: argparse.Namespace) -> CacheBudget:
    """One process's part of --cache-mb: an equal split (each process's caches live in its own heap)."""
    return CacheBudget(args.cache_mb).per_process(args.processes)


def _set_public_url(app, args: argparse.Namespace, port: int) -> None:
    """Permalinks and citations: --public-url, else what the --proxy forwards, else the address listened on."""
    app.config["PUBLIC_URL"] = args.public_url or listening_url(args.host, port)
    app.config["PUBLIC_URL_FROM_PROXY"] = bool(args.proxy and not args.public_url)


def run(args: argparse.Namespace) -> int:
    from webapp import create_app, servers

    paths = paths_from(args)
    problem = None if args.no_build else _refresh(paths)
    if problem:
        # A good index keeps serving while its inputs are being fixed (or rebuilt by another process).
        if current_generation(paths.index) is None:
            return fail(f"{problem}; there is no index to serve yet")
        print(f"verbatim: warning: {problem}; serving the existing index", file=sys.stderr)
    several = args.processes > 1 and servers.processes_supported()
    budget = process_budget(args) if several else CacheBudget(args.cache_mb)
    app = create_app({"CORPUS_DIR": paths.corpus, "METADATA_DIR": paths.metadata, "INDEX_DIR": paths.index,
                      "PROXY": args.proxy, "SETTLE_GC": True, "CACHE_MB": budget.megabytes})
    if several:
        return _serve_processes(app, args, paths.index, budget)
    _warm(paths.index, budget)  # a damaged generation is refused (and said) now, not at the first request
    if args.processes > 1:
        print("verbatim: warning: several processes need gunicorn and fork (not on this platform); serving with one",
              file=sys.stderr)
    try:
        server = make_server(app, args.host, args.port, args.threads)
    except OSError as exc:
        return fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
    _set_public_url(app, args, server.effective_port)
    print(f"Verbatim serving on http://{args.host}:{server.effective_port}/ (Ctrl+C to stop)", file=sys.stderr, flush=True)
    try:
        server.run()
    finally:
        server.close()
    return 0
