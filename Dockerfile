# Production-like image: Debian 12, GDAL/GEOS/PROJ from Debian, Python deps pinned with hashes,
# front-end assets from package-lock.json, gunicorn serving, static files through WhiteNoise.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 DJANGO_SETTINGS_MODULE=config.settings

RUN apt-get update \
 && apt-get install -y --no-install-recommends libgdal32 libgeos-c1v5 libproj25 gdal-bin gettext nodejs npm curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir --require-hashes -r requirements.txt
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN DJANGO_SECRET_KEY=build python manage.py compilemessages -v 0 \
 && DJANGO_SECRET_KEY=build python manage.py collectstatic --noinput -v 0 \
 && useradd --system --home /app civic && mkdir -p /app/var/media && chown -R civic /app/var
USER civic
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD curl -fsS http://127.0.0.1:8000/healthz >/dev/null || exit 1
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--timeout", "120", "--logger-class", "config.gunicorn_log.RedactingLogger"]
