# The portal: Django served by gunicorn; the same image runs the Celery worker.
#   docker build -t portal .
#   docker run -e SECRET_KEY=... -e AUDIT_KEY=... -e DATABASE_URL=... -e REDIS_URL=... -p 8000:8000 portal
# DEBUG is off unless the environment sets it (portal/settings/base.py): the image needs both keys.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=portal.settings

# Pango for WeasyPrint's PDFs, a CJK font for the Chinese text in them,
# poppler-utils (pdftotext) for reading PDFs back. No browser: that is for tests.
# Unpinned on purpose: bookworm's current packages carry its security fixes.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk poppler-utils \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

COPY requirements.txt ./
RUN pip install -r requirements.txt

# Only what the portal runs; the work tree's .venv, db.sqlite3, media and tests stay out.
COPY manage.py ./
COPY portal/ portal/
COPY disclosures/ disclosures/
COPY reviews/ reviews/
COPY templates/ templates/
COPY static/ static/

# PYTHONDONTWRITEBYTECODE (above) and a read-only /app would have every process compile the
# portal's modules again: compiled once here instead (bench/command_start.py).
RUN python -m compileall -q manage.py portal disclosures reviews

# Static files are collected (hashed and compressed for WhiteNoise) into the
# image at build time; the key here is a throwaway that only lets settings load.
RUN DEBUG=0 SECRET_KEY=build-time-collectstatic-only-not-a-secret AUDIT_KEY=build-time-collectstatic-only-not-a-secret \
    python manage.py collectstatic --noinput

# The PDF's subset fonts (GB 2312 and the portal's texts) into /app/var/pdf-fonts.
RUN DEBUG=0 SECRET_KEY=build-time-fonts-only-not-a-secret AUDIT_KEY=build-time-fonts-only-not-a-secret-0000 \
    python manage.py build_pdf_fonts

RUN groupadd --system --gid 1000 portal \
    && useradd --system --uid 1000 --gid portal --home-dir /home/portal --create-home --shell /usr/sbin/nologin portal \
    && mkdir -p /app/media /app/var/audit-anchors \
    && chown portal:portal /app/media /app/var/audit-anchors
# Numeric, so a runtime can tell it is not root without reading /etc/passwd.
USER 1000:1000

EXPOSE 8000

CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
