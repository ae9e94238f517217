# The bot as a small production image: the pinned runtime dependencies (requirements.txt) and the source,
# serving the Procfile's web process as a non-root user.
#
#   docker build -t line-oa-bot .
#   docker run -p 8000:8000 --env-file .env line-oa-bot
#
# Before a new version starts serving, run the Procfile's release step (Alembic migrations) once, on the same
# database:
#   docker run --rm --env-file .env line-oa-bot python -m bot db upgrade
# Without DATABASE_URL the bot keeps SQLite in /app/instance, which dies with the container: point DATABASE_URL at
# PostgreSQL in production (or mount a volume on /app/instance).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000

WORKDIR /app

# Dependencies first, so that a change to the source reuses this layer.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

# The source runs from /app with the repository's layout (bot/ reads locales/ and flex_templates/ beside it), so
# the project itself is not pip-installed. The message catalogs need no build step: bot/answers/i18n.py compiles
# locales/*/LC_MESSAGES/messages.po in memory at first use (.mo files are neither committed nor read).
# .dockerignore keeps out .venv, instance/, test-output/, .git, tests, caches and .env files.
COPY . .

# Code stays root-owned and read-only to the bot; only instance/ (the default SQLite folder) is writable.
RUN groupadd --gid 10001 bot \
    && useradd --uid 10001 --gid bot --create-home --shell /usr/sbin/nologin bot \
    && mkdir -p instance \
    && chown bot:bot instance
# Numeric, so that orchestrators (Kubernetes' runAsNonRoot) can tell it is not root.
USER 10001:10001

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', timeout=4)"

# The Procfile's web: line is the one place that says how the web process starts: run it as written, with the
# shell expanding $PORT and ${WEB_CONCURRENCY:-3} (eval), and exec so that gunicorn receives `docker stop`'s SIGTERM.
CMD ["sh", "-c", "web=$(sed -n 's/^web:[[:space:]]*//p' Procfile); [ -n \"$web\" ] || { echo 'Procfile has no web: line' >&2; exit 1; }; eval \"exec $web\""]
