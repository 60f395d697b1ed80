"""The deployment's command line: ``python -m deploy COMMAND`` (see :mod:`deploy.cluster`).

::

    python -m deploy start --processes 3 --port 8080   # returns once all are healthy
    python -m deploy status
    python -m deploy stop
    python -m deploy run --processes 3                 # foreground; Ctrl-C stops all
    python -m deploy restart-db                        # the local PostgreSQL, as an outage
    python -m deploy warm http://127.0.0.1:8501        # run the home page once on a process
    python -m deploy render-nginx --backends 127.0.0.1:8501 127.0.0.1:8502 \\
        --listen 80 --server-name clusters.example.org --output /etc/nginx/sites-available/x
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from deploy import nginx, stclient
from deploy.cluster import (
    DATABASE_URL_ENV,
    DEFAULT_PORT,
    DEFAULT_PROCESSES,
    DEFAULT_STATE,
    restart_database,
    run,
    start,
    status,
    stop,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.cluster", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--state", type=Path, default=DEFAULT_STATE, help="state folder")
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("start", "run"):
        sub = commands.add_parser(name)
        sub.add_argument("--processes", "-n", type=int, default=DEFAULT_PROCESSES)
        sub.add_argument("--port", type=int, default=DEFAULT_PORT, help="nginx's port")
        sub.add_argument("--host", default="127.0.0.1", help="nginx's address")
        sub.add_argument(
            "--database-url",
            default=os.environ.get(DATABASE_URL_ENV, ""),
            help="a PostgreSQL to share (default: $DATABASE_URL, else one in the state folder)",
        )
    commands.add_parser("stop")
    commands.add_parser("status")
    commands.add_parser("restart-db", help="restart the local PostgreSQL")
    warm = commands.add_parser("warm", help="run the home page once on an app process")
    warm.add_argument("url", help="e.g. http://127.0.0.1:8501")
    render = commands.add_parser("render-nginx", help="write the nginx site for a server")
    render.add_argument("--backends", nargs="+", required=True, help="127.0.0.1:8501 ...")
    render.add_argument("--listen", default="80")
    render.add_argument("--server-name", default="_")
    render.add_argument("--secure-cookie", action="store_true", help="behind TLS")
    render.add_argument("--app-static-dir", type=Path, default=nginx.APP_STATIC_DIR)
    render.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command in ("start", "run"):
        options = {
            "processes": args.processes,
            "port": args.port,
            "host": args.host,
            "database_url": args.database_url or None,
        }
        if args.command == "run":
            return run(args.state, **options)
        state = start(args.state, **options)
        print(f"Serving on {state.url}; stop with: python -m deploy stop")
        print("\n".join(status(args.state)))
    elif args.command == "stop":
        print("stopped" if stop(args.state) else f"no cluster started from {args.state}")
    elif args.command == "status":
        print("\n".join(status(args.state)))
    elif args.command == "restart-db":
        restart_database(args.state)
    elif args.command == "warm":
        warmed = stclient.warm(args.url.rstrip("/"))
        if warmed.exceptions or not warmed.drawn:
            print(f"{args.url}: the home page showed no map", file=sys.stderr)
            return 1
        print(f"{args.url}: warm (a map of {warmed.drawn[0]} clusters)")
    elif args.command == "render-nginx":
        options = nginx.SiteOptions(
            backends=args.backends,
            listen=args.listen,
            server_name=args.server_name,
            secure_cookie=args.secure_cookie,
            app_static_dir=args.app_static_dir.resolve(),
        )
        args.output.write_text(nginx.render_site(options))
        print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
