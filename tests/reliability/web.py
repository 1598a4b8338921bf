"""A browser-like HTTP client (cookies, CSRF, login form, multipart) and a gunicorn server.

Standard library only. Cookies are kept by hand so that the portal can run with DEBUG=0,
whose cookies are marked Secure, behind plain HTTP on loopback; redirects are not followed,
so a 302 after a POST is seen as the success it is.
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[2]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def location(self):
        return self.headers.get("location", "")


class Session:
    """One user's browser: its own cookies; every request on a fresh connection."""

    def __init__(self, base, *, timeout=120):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.timeout = timeout
        self.cookies = {}

    def request(self, method, path, *, fields=None, files=None):
        headers = {"Host": f"{self.host}:{self.port}"}
        body = None
        if files:
            body, content_type = _multipart(fields or {}, files)
            headers["Content-Type"] = content_type
        elif fields is not None:
            body = urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            content = raw.read()
            for header in raw.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    if morsel["max-age"] == "0":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, content)
        finally:
            connection.close()

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields=None, files=None):
        """POST with the CSRF token of the session's cookie (GET a page first to have one)."""
        fields = dict(fields or {})
        fields.setdefault("csrfmiddlewaretoken", self.cookies.get("csrftoken", ""))
        return self.request("POST", path, fields=fields, files=files)

    def login(self, username, password):
        page = self.get("/accounts/login/")
        token = CSRF_INPUT.search(page.text)
        if page.status != 200 or token is None:
            raise RuntimeError(f"login page answered {page.status}")
        answer = self.post("/accounts/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)})
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} failed: {answer.status}")


def _multipart(fields, files):
    boundary = uuid.uuid4().hex
    lines = []
    for name, value in fields.items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            lines.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode())
    for name, (filename, content, content_type) in files.items():
        safe = filename.replace('"', "%22").replace("\r", "").replace("\n", "")
        lines.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{safe}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    lines.append(f"--{boundary}--\r\n".encode())
    return b"".join(lines), f"multipart/form-data; boundary={boundary}"


# ---- the server --------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(**changes):
    """The environment of a production-like portal process (DEBUG=0) on loopback."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="0",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        # The caller's key when it has one (pytest.ini, the benches), so it can verify the chain.
        AUDIT_KEY=os.environ.get("AUDIT_KEY") or secrets.token_urlsafe(48),
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
    )
    env.update({k: v for k, v in changes.items() if v is not None})
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
    return env


class Server:
    """gunicorn serving the portal; its error log is kept to count server-side exceptions."""

    def __init__(self, *, env, workers=2, threads=1, log_path, timeout=60):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        command = [
            gunicorn, "portal.wsgi:application", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
            "--threads", str(threads), "--timeout", str(timeout), "--log-level", "warning",
        ]
        self._log = self.log_path.open("wb")
        # DEBUG=0 serves static files from the manifest: collect them first.
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with status {self.process.returncode}: {self.log_path.read_text()[-2000:]}")
            try:
                if Session(self.base, timeout=5).get("/accounts/login/").status == 200:
                    return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer in time")

    def logged_errors(self):
        """Server-side tracebacks and worker failures in the log so far."""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return [
            line
            for line in text.splitlines()
            if "Internal Server Error" in line or "Traceback" in line or "WORKER TIMEOUT" in line or "Worker exiting" in line
        ]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def __enter__(self):
        try:
            return self.wait_until_up()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()
