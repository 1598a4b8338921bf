"""With DEBUG off, mail goes to the SMTP server EMAIL_URL names (else a relay on localhost:25):
a child process with production settings sends a real message to a real SMTP listener."""

import secrets
import socket
import subprocess
import sys
import threading


class SmtpSink:
    """The smallest SMTP server that accepts one message and keeps its text."""

    def __init__(self):
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        connection, _ = self.server.accept()
        with connection, connection.makefile("rb") as reader:
            send = lambda line: connection.sendall(line.encode() + b"\r\n")  # noqa: E731
            send("220 sink")
            while line := reader.readline():
                command = line.decode("latin-1").strip().upper()
                if command.startswith(("EHLO", "HELO")):
                    send("250 sink")
                elif command.startswith("DATA"):
                    send("354 go on")
                    lines = []
                    while (body := reader.readline()) not in (b".\r\n", b""):
                        lines.append(body)
                    self.received.append(b"".join(lines).decode("utf-8", "replace"))
                    send("250 queued")
                elif command.startswith("QUIT"):
                    send("221 bye")
                    return
                else:
                    send("250 ok")


def production_env(subprocess_env, **extra):
    settings = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(45),
        "AUDIT_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "portal.example.gov.cn",
        "DATABASE_URL": None,
        "REDIS_URL": None,
        "EMAIL_BACKEND": None,
        "EMAIL_URL": None,
    }
    return subprocess_env(**{**settings, **extra})


def shell(code, *, env, cwd):
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_email_url_sends_through_that_server(subprocess_env, project_root):
    sink = SmtpSink()
    env = production_env(subprocess_env, EMAIL_URL=f"smtp://127.0.0.1:{sink.port}")
    code = "from django.core.mail import send_mail; send_mail('重置密码', '请点击链接', None, ['kuaiji@example.gov.cn'])"
    result = shell(code, env=env, cwd=project_root)
    assert result.returncode == 0, result.stderr
    sink.thread.join(timeout=10)
    assert len(sink.received) == 1 and "kuaiji@example.gov.cn" in sink.received[0]


def test_without_email_url_production_mails_a_local_relay_and_never_the_console(subprocess_env, project_root):
    code = "from django.conf import settings; print(settings.MAILERS['default'])"
    result = shell(code, env=production_env(subprocess_env), cwd=project_root)
    assert result.returncode == 0, result.stderr
    assert "smtp.EmailBackend" in result.stdout and "'host': 'localhost'" in result.stdout
    password = "s3cret-mail-pass"
    env = production_env(subprocess_env, EMAIL_URL=f"smtp+tls://portal:{password}@mail.example.gov.cn:587")
    code = "from django.conf import settings; o = settings.MAILERS['default']['OPTIONS']; print(o['host'], o['port'], o['use_tls'])"
    result = shell(code, env=env, cwd=project_root)
    assert result.stdout.split() == ["mail.example.gov.cn", "587", "True"]


def test_development_prints_mail_to_the_console(subprocess_env, project_root):
    env = subprocess_env(DEBUG="1", EMAIL_URL=None, EMAIL_BACKEND=None)
    result = shell("from django.conf import settings; print(settings.MAILERS['default']['BACKEND'])", env=env, cwd=project_root)
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"
