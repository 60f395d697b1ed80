"""Render the nginx configuration of the deployment, and run nginx for a local cluster.

The templates in ``deploy/nginx/`` are plain nginx with ``{{NAME}}``
placeholders (nginx itself uses ``$name``, so no template engine's syntax
fits); :func:`render_site` fills them in for production and for local runs
alike, so the file a server uses is the one the tests check.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import streamlit

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "nginx"
SITE_TEMPLATE = TEMPLATES / "site.conf.template"
LOCAL_TEMPLATE = TEMPLATES / "local.conf.template"
STREAMLIT_CONFIG = ROOT / ".streamlit" / "config.toml"
APP_STATIC_DIR = ROOT / "static"
# Streamlit serves its frontend bundle from <package>/static; /static/... is
# the "static" folder inside it, so nginx's root is the package's folder.
STREAMLIT_STATIC_ROOT = Path(streamlit.__file__).resolve().parent / "static"
NGINX = "nginx"
UPSTREAM = "streamlit_app"
STICKY_COOKIE = "ic_backend"
# Room for the multipart framing (boundaries, part headers) around a file of
# exactly the upload limit.
MULTIPART_SLACK_MB = 1
# A process is left alone for FAIL_TIMEOUT_S after MAX_FAILS failed requests
# within it. One is too few: a single reset (see UPSTREAM_KEEPALIVE_S) then
# moved every visitor of a healthy process elsewhere for 10 s, where their
# session, uploads and media files do not exist. A dead process is still routed
# around at once: each refused request is retried on the next process.
MAX_FAILS = 3
FAIL_TIMEOUT_S = 10
# How long nginx keeps an idle connection to an app process for reuse. It must
# be shorter than the server's own keep-alive (uvicorn, under Streamlit 1.67,
# closes idle connections after 5 s): with nginx's default of 60 s, a request
# sent on a connection the app was closing came back "Connection reset by
# peer", and under load the map component's page got a 502 (CI, 2026-11-28).
APP_KEEPALIVE_S = 5
UPSTREAM_KEEPALIVE_S = 2

# What the pages need, checked in Chromium with no violation reported (tests
# and bench/load.py): Streamlit's index.html has an inline script and
# streamlit-folium writes each map's script inline, so script-src needs
# 'unsafe-inline' (but no eval), and the protobuf library's 64-bit arithmetic
# compiles a tiny WebAssembly module ('wasm-unsafe-eval', which allows no
# JavaScript eval); emotion and Leaflet set inline styles; Leaflet's
# icons and Streamlit's charts use data: and blob: images; the websocket is
# same-origin ('self' covers ws: and wss: of this host). The one outside
# address is OpenStreetMap's tile server, for the online basemap a reader
# switches on (off by default).
CSP_DIRECTIVES: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'", "'unsafe-inline'", "'wasm-unsafe-eval'"),
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:", "blob:", "https://tile.openstreetmap.org"),
    "font-src": ("'self'", "data:"),
    "connect-src": ("'self'",),
    "worker-src": ("'self'", "blob:"),
    "frame-src": ("'self'",),
    "frame-ancestors": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
CONTENT_SECURITY_POLICY = "; ".join(f"{k} {' '.join(v)}" for k, v in CSP_DIRECTIVES.items())
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    # The map is an iframe of the same origin; nothing else may frame a page.
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
# The map component's own documents only: streamlit-folium adds a selection's
# layers to the map already on the page with eval() of the script the server
# built (from script-safe JSON), which is what makes a filter change repaint
# without reloading the map. The app's pages keep the policy above.
MAP_COMPONENT_PATH = "/component/streamlit_folium.st_folium/"
MAP_COMPONENT_CSP_DIRECTIVES = {
    **CSP_DIRECTIVES,
    "script-src": (*CSP_DIRECTIVES["script-src"], "'unsafe-eval'"),
}
MAP_COMPONENT_POLICY = "; ".join(
    f"{k} {' '.join(v)}" for k, v in MAP_COMPONENT_CSP_DIRECTIVES.items()
)
MAP_COMPONENT_HEADERS = {**SECURITY_HEADERS, "Content-Security-Policy": MAP_COMPONENT_POLICY}
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")


def upload_limit_mb(config_path: Path = STREAMLIT_CONFIG) -> int:
    """``server.maxUploadSize`` of the Streamlit configuration, in MB (Streamlit's default 200)."""
    with config_path.open("rb") as f:
        config = tomllib.load(f)
    return int(config.get("server", {}).get("maxUploadSize", 200))


def client_max_body_size(config_path: Path = STREAMLIT_CONFIG) -> str:
    """nginx's request size limit for the app's upload limit, e.g. ``"21m"``."""
    return f"{upload_limit_mb(config_path) + MULTIPART_SLACK_MB}m"


def _fill(template: str, values: Mapping[str, str]) -> str:
    missing = sorted(set(_PLACEHOLDER.findall(template)) - set(values))
    if missing:
        raise ValueError(f"no value for {', '.join(missing)} in the nginx template")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _with_security_headers(template: str) -> str:
    """Each ``{{SECURITY_HEADERS}}`` (or ``{{MAP_COMPONENT_HEADERS}}``) line becomes
    the add_header lines, at its indentation."""

    def lines(headers: Mapping[str, str]) -> Callable[[re.Match[str]], str]:
        def render(match: re.Match[str]) -> str:
            indent = match.group(1)
            return "\n".join(
                f'{indent}add_header {name} "{value}" always;' for name, value in headers.items()
            )

        return render

    template = re.sub(
        r"^( *)\{\{SECURITY_HEADERS\}\}$", lines(SECURITY_HEADERS), template, flags=re.MULTILINE
    )
    return re.sub(
        r"^( *)\{\{MAP_COMPONENT_HEADERS\}\}$",
        lines(MAP_COMPONENT_HEADERS),
        template,
        flags=re.MULTILINE,
    )


@dataclass(frozen=True)
class SiteOptions:
    """What varies between deployments of the site file."""

    backends: Sequence[str]  # "127.0.0.1:8501", ...
    listen: str = "127.0.0.1:8080"
    server_name: str = "_"
    app_static_dir: Path = APP_STATIC_DIR
    streamlit_static_root: Path = STREAMLIT_STATIC_ROOT
    secure_cookie: bool = False  # True behind TLS


def render_site(options: SiteOptions, config_path: Path = STREAMLIT_CONFIG) -> str:
    """The nginx site (upstream and server block) for ``options``.

    Parameters
    ----------
    options : SiteOptions
        Backends, listen address, folders.
    config_path : Path
        The Streamlit configuration whose upload limit nginx enforces.

    Returns
    -------
    str
        The configuration text.

    Raises
    ------
    ValueError
        For no backends, or a value that would break out of its directive.
    """
    if not options.backends:
        raise ValueError("the nginx site needs at least one app process")
    # Words (addresses, folders) take no space; the listen and server_name
    # lines may hold several. Nothing may end a directive or open a block.
    words = [*options.backends, str(options.app_static_dir), str(options.streamlit_static_root)]
    for text, forbidden in [(w, r"[\s;{}\"'$#]") for w in words] + [
        (t, r"[\r\n\t;{}\"'$#]") for t in (options.listen, options.server_name)
    ]:
        if not text.strip() or re.search(forbidden, text):
            raise ValueError(f"{text!r} cannot go into the nginx configuration")
    servers = "\n".join(
        f"    server {b} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT_S}s;"
        for b in options.backends
    )
    return _fill(
        _with_security_headers(SITE_TEMPLATE.read_text()),
        {
            "STICKY_COOKIE": STICKY_COOKIE,
            "COOKIE_SECURE": "; Secure" if options.secure_cookie else "",
            "UPSTREAM": UPSTREAM,
            "UPSTREAM_SERVERS": servers,
            "UPSTREAM_KEEPALIVE_S": str(UPSTREAM_KEEPALIVE_S),
            "LISTEN": options.listen,
            "SERVER_NAME": options.server_name,
            "CLIENT_MAX_BODY_SIZE": client_max_body_size(config_path),
            "STREAMLIT_STATIC_ROOT": str(options.streamlit_static_root),
            "APP_STATIC_DIR": str(options.app_static_dir),
            "MAP_COMPONENT_PATH": MAP_COMPONENT_PATH,
        },
    )


def write_local_config(state_dir: Path, options: SiteOptions, workers: int = 1) -> Path:
    """Write ``nginx.conf`` and ``site.conf`` for a local nginx into ``state_dir``.

    Returns
    -------
    Path
        The main configuration file, for ``nginx -c``.
    """
    state_dir = state_dir.resolve()
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (state_dir / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    site = state_dir / "site.conf"
    site.write_text(render_site(options))
    main = state_dir / "nginx.conf"
    main.write_text(
        _fill(
            LOCAL_TEMPLATE.read_text(),
            {
                "STATE_DIR": str(state_dir),
                "WORKER_PROCESSES": str(workers),
                "SITE_FILE": str(site),
            },
        )
    )
    return main


def nginx_binary() -> str:
    """Debian's nginx, or a clear error saying how to install it."""
    found = shutil.which(NGINX) or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise RuntimeError("nginx was not found: apt-get install nginx (make nginx)")
    return found


def nginx_command(main_config: Path) -> list[str]:
    """The command line that runs nginx in the foreground on ``main_config``."""
    state = main_config.parent
    return [
        nginx_binary(),
        "-p",
        str(state),
        "-e",
        str(state / "error.log"),
        "-c",
        str(main_config),
    ]


def check_config(main_config: Path) -> None:
    """``nginx -t`` on the configuration; raises RuntimeError with nginx's words."""
    done = subprocess.run(
        [*nginx_command(main_config), "-t"], capture_output=True, text=True, timeout=30
    )
    if done.returncode != 0:
        raise RuntimeError(f"nginx refused its configuration:\n{done.stderr}")
