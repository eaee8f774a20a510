"""The runbook's files (deploy/) agree with each other and with the app."""

import re
import runpy
from pathlib import Path

from plans.importing.container import MAX_BYTES

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
NGINX = (DEPLOY / "nginx.conf").read_text()
UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def nginx_value(directive, text=NGINX):
    found = re.findall(rf"^\s*{directive}\s+([^;]+);", text, re.MULTILINE)
    assert len(found) == 1, f"{directive}: {found}"
    return found[0].strip()


def gunicorn_settings(monkeypatch):
    for name in ("GUNICORN_WORKERS", "GUNICORN_THREADS", "GUNICORN_TIMEOUT", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_the_proxy_drops_an_idle_connection_before_gunicorn_closes_it(monkeypatch):
    # Otherwise a POST sent on a connection gunicorn has just closed is answered 502.
    upstream = re.search(r"upstream regionplan \{(.*?)\n\}", NGINX, re.DOTALL).group(1)
    assert int(nginx_value("keepalive", upstream)) > 0
    proxy_seconds = int(nginx_value("keepalive_timeout", upstream).removesuffix("s"))
    assert proxy_seconds < gunicorn_settings(monkeypatch)["keepalive"]


def test_the_proxy_lets_an_import_a_little_too_large_reach_the_app():
    # The app tells the secretariat the file is too large, in their language; nginx's 413
    # page would not.
    number, unit = re.fullmatch(r"(\d+)([kmg]?)", nginx_value("client_max_body_size")).groups()
    assert int(number) * UNITS[unit] > MAX_BYTES


def test_the_proxy_waits_for_gunicorn_longer_than_gunicorn_lets_a_request_run(monkeypatch):
    # A request gunicorn still works on is not cut off by the proxy first.
    read_timeout = int(nginx_value("proxy_read_timeout").removesuffix("s"))
    assert read_timeout > gunicorn_settings(monkeypatch)["timeout"]
