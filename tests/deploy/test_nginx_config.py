"""The nginx site as rendered: limits in step with Streamlit's, values that cannot break out."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from deploy import nginx
from deploy.nginx import SiteOptions, render_site, upload_limit_mb

pytestmark = pytest.mark.deploy

BACKENDS = ["127.0.0.1:8501", "127.0.0.1:8502", "127.0.0.1:8503"]


def _body_size_mb(site: str) -> int:
    found = re.findall(r"^\s*client_max_body_size (\d+)m;", site, flags=re.MULTILINE)
    assert len(found) == 1, found
    return int(found[0])


def test_request_limit_follows_the_app_upload_limit():
    with nginx.STREAMLIT_CONFIG.open("rb") as f:
        configured = tomllib.load(f)["server"]["maxUploadSize"]
    site = render_site(SiteOptions(backends=BACKENDS))
    assert upload_limit_mb() == configured
    # Room for the multipart framing, no more: a file of the limit passes,
    # anything a megabyte over it is refused by nginx before the app.
    assert _body_size_mb(site) == configured + nginx.MULTIPART_SLACK_MB


def test_request_limit_moves_with_the_config(tmp_path: Path):
    config = tmp_path / "config.toml"
    config.write_text("[server]\nmaxUploadSize = 7\n")
    site = render_site(SiteOptions(backends=BACKENDS), config_path=config)
    assert _body_size_mb(site) == 7 + nginx.MULTIPART_SLACK_MB


def test_every_backend_is_an_upstream_with_passive_health_checks():
    site = render_site(SiteOptions(backends=BACKENDS))
    servers = re.findall(r"^\s*server (\S+) max_fails=3 fail_timeout=10s;", site, re.MULTILINE)
    assert servers == BACKENDS
    assert "hash $sticky_key consistent;" in site
    assert "{{" not in site


def test_every_location_that_sets_headers_repeats_the_security_headers():
    # add_header in a location replaces the server's: each must carry them all.
    site = render_site(SiteOptions(backends=BACKENDS))
    blocks = re.split(r"\n    location ", site)
    for block in [blocks[0], *[b for b in blocks[1:] if "add_header" in b]]:
        # The map component's block carries its own policy (and the rest alike).
        map_component = block.startswith(f"^~ {nginx.MAP_COMPONENT_PATH}")
        headers = nginx.MAP_COMPONENT_HEADERS if map_component else nginx.SECURITY_HEADERS
        for name, value in headers.items():
            assert f'add_header {name} "{value}" always;' in block, (name, block[:60])


def test_metrics_are_not_served():
    site = render_site(SiteOptions(backends=BACKENDS))
    assert re.search(r"location = /_stcore/metrics \{\s*return 404;\s*\}", site)


def test_csp_allows_nothing_from_outside_but_the_opt_in_tile_server():
    outside = [
        source
        for sources in nginx.CSP_DIRECTIVES.values()
        for source in sources
        if source.startswith(("http:", "https:", "ws:", "wss:", "*"))
    ]
    assert outside == ["https://tile.openstreetmap.org"]
    assert "'unsafe-eval'" not in nginx.CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'self'" in nginx.CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    "options",
    [
        SiteOptions(backends=["127.0.0.1:8501; include /etc/passwd"]),
        SiteOptions(backends=BACKENDS, server_name="x }"),
        SiteOptions(backends=BACKENDS, listen="80 default_server; return 200"),
        SiteOptions(backends=BACKENDS, app_static_dir=Path("/srv/my static")),
    ],
)
def test_values_that_would_break_out_of_their_directive_are_refused(options):
    with pytest.raises(ValueError, match="cannot go into the nginx configuration"):
        render_site(options)


def test_a_site_needs_a_backend():
    with pytest.raises(ValueError, match="at least one app process"):
        render_site(SiteOptions(backends=[]))


def test_production_render_with_tls_marks_the_cookie_secure(tmp_path: Path):
    from deploy.__main__ import main

    out = tmp_path / "site.conf"
    main(
        [
            "render-nginx",
            "--backends",
            *BACKENDS,
            "--listen",
            "443 ssl",
            "--server-name",
            "clusters.example.org",
            "--secure-cookie",
            "--output",
            str(out),
        ]
    )
    site = out.read_text()
    assert "listen 443 ssl;" in site
    assert "SameSite=Lax; Secure" in site
    assert "server_name clusters.example.org;" in site


def test_only_the_map_component_may_evaluate_script_text():
    """streamlit-folium swaps a selection's layers in with eval(): its documents,
    and only they, allow it; the app's pages keep the strict policy."""
    assert "'unsafe-eval'" in nginx.MAP_COMPONENT_POLICY
    assert "'unsafe-eval'" not in nginx.CONTENT_SECURITY_POLICY
    site = nginx.render_site(
        nginx.SiteOptions(backends=["127.0.0.1:8501"], listen="8080", server_name="_")
    )
    block = site[site.index(f"location ^~ {nginx.MAP_COMPONENT_PATH}") :]
    block = block[: block.index("}")]
    assert nginx.MAP_COMPONENT_POLICY in block
    assert site.count("'unsafe-eval'") == 1


def test_nginx_closes_idle_app_connections_before_the_app_does():
    # A request sent on a connection the app is closing comes back reset; nginx
    # must let idle connections go first. The app's keep-alive is uvicorn's, as
    # Streamlit configures it.
    import inspect

    import uvicorn
    from streamlit.web.server.starlette import starlette_server

    assert "timeout_keep_alive" not in starlette_server._get_uvicorn_config_kwargs()
    app_keepalive = inspect.signature(uvicorn.Config).parameters["timeout_keep_alive"].default
    assert app_keepalive == nginx.APP_KEEPALIVE_S
    site = render_site(SiteOptions(backends=["127.0.0.1:8601"]))
    upstream = re.search(r"upstream \w+ \{(.*?)\n\}", site, re.S).group(1)
    idle = int(re.search(r"keepalive_timeout (\d+)s;", upstream).group(1))
    assert idle < nginx.APP_KEEPALIVE_S - 1
    assert re.search(r"max_fails=(\d+)", upstream).group(1) == str(nginx.MAX_FAILS)
    assert nginx.MAX_FAILS > 1
