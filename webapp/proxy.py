"""Forwarded headers honoured only from the reverse proxy's own address (`verbatim serve --proxy ADDR`).

Works the same under any WSGI server: a request from the proxy has its X-Forwarded-For/Proto/Host/
Prefix applied (one hop, werkzeug's ProxyFix); a request from anyone else has them removed, so a
client talking to the port directly cannot choose the scheme, host or address the app sees.
"""
from __future__ import annotations

from collections.abc import Iterable

from werkzeug.middleware.proxy_fix import ProxyFix


PROXIED = "verbatim.proxied"  # set in the WSGI environ of a request that came through the proxy


class TrustedProxy:
    def __init__(self, app, proxies: Iterable[str]) -> None:
        self.app = app
        self.fixed = ProxyFix(app, x_for=1, x_proto=1, x_host=1, x_port=1, x_prefix=1)
        self.proxies = frozenset(proxies)

    def __call__(self, environ, start_response):
        if environ.get("REMOTE_ADDR") in self.proxies:
            environ[PROXIED] = True
            return self.fixed(environ, start_response)
        for key in [k for k in environ if k.startswith("HTTP_X_FORWARDED_") or k == "HTTP_FORWARDED"]:
            del environ[key]
        return self.app(environ, start_response)


def proxy_addresses(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """The proxy addresses of a PROXY setting: a comma-separated string or a list."""
    if not value:
        return ()
    items = value.split(",") if isinstance(value, str) else value
    return tuple(a.strip() for a in items if a.strip())
