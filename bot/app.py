"""create_app: the one place where the rooms are wired together."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify
from linebot.v3 import WebhookParser
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from bot import logs, metrics
from bot.admin import api as admin_api
from bot.admin import web as admin_web
from bot.admin.common import refuse_huge_ids
from bot.calculator.views import bp as calculator_bp
from bot.clock import Clock, SystemClock
from bot.conversation.events import TextIn
from bot.conversation.ports import MemoryStore, NullTagger
from bot.conversation.service import Conversation, Turn
from bot.line import webhook
from bot.line.profiles import NoProfiles, ProfileLookup
from bot.line.replier import (
    AsyncLineTransport,
    InlineSender,
    LineTransport,
    Policy,
    RecordingTransport,
    Sender,
    SenderPool,
    make_configuration,
)
from bot.settings import Settings
from bot.store import outbox
from bot.store.db import make_engine, make_session_factory, sqlite_file
from bot.store.repos import SqlConversationStore
from bot.store.tagging import SqlTaggerFactory

HSTS = "max-age=31536000; includeSubDomains"


def create_app(settings: Settings | None = None, clock: Clock | None = None, **overrides: Any) -> Flask:
    """Build the Flask app from settings (default: the environment) and one clock (default: the system's)."""
    settings = settings or Settings.from_env()
    clock = clock or SystemClock()
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(SECRET_KEY=settings.secret_key, MAX_CONTENT_LENGTH=settings.max_body_bytes)
    _configure_http(app, settings)
    app.extensions["settings"] = settings
    app.extensions["clock"] = clock
    logs.configure(json_lines=settings.json_logs)
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine)
    app.extensions["engine"] = engine
    app.extensions["sessions"] = sessions
    app.extensions["webhook"] = _webhook_deps(settings, sessions, clock, overrides)
    app.register_blueprint(webhook.bp)
    app.register_blueprint(admin_api.bp)
    app.register_blueprint(admin_web.bp)
    app.register_blueprint(calculator_bp)
    if settings.dev_mode:
        from bot.preview.views import bp as preview_bp

        app.register_blueprint(preview_bp)
    _register_health(app)
    _register_metrics(app)
    _register_errors(app)
    return app


def _webhook_deps(settings: Settings, sessions: Any, clock: Clock, overrides: dict[str, Any]) -> webhook.WebhookDeps:
    """The webhook's collaborators; tests and the dev mode may swap some."""
    configuration = make_configuration(settings.line_api_base_url, settings.line_channel_access_token)
    local = settings.dev_mode and settings.line_api_base_url == "https://api.line.me"
    ttl = timedelta(minutes=settings.conversation_ttl_minutes)
    transport = RecordingTransport() if local else LineTransport(configuration, settings.reply_senders)
    sender = Sender(sessions=sessions, transport=transport, clock=clock,
                    profiles=NoProfiles() if local else ProfileLookup(configuration),
                    policy=Policy(timeout=settings.reply_timeout_seconds,
                                  lease=timedelta(seconds=settings.reply_lease_seconds)))
    pooled = settings.reply_senders and not local
    driver = SenderPool(sender, AsyncLineTransport(configuration), settings.reply_senders) if pooled else \
        InlineSender(sender)
    deps = webhook.WebhookDeps(
        parser=WebhookParser(settings.line_channel_secret),
        sessions=sessions,
        conversation=Conversation(calculator=settings.calculator_base),
        sender=sender,
        driver=driver,
        store_for=lambda session: SqlConversationStore(session, ttl),
        tagger_for=SqlTaggerFactory.from_settings(settings),
        clock=clock,
    )
    for name, value in overrides.items():
        setattr(deps, name, value)
    return deps


def warm_up(app: Flask) -> None:
    """Answer a few questions in memory so catalogs, patterns and templates are loaded before workers fork."""
    conversation = app.extensions["webhook"].conversation
    at = app.extensions["clock"].now()
    for index, question in enumerate(WARM_UP):
        incoming = TextIn(event_id=f"warm-up-{index}", user_id=None, reply_token=None, at=at, text=question)
        conversation.handle(incoming, Turn(store=MemoryStore(), tagger=NullTagger(), now=at))


WARM_UP = ("好友2000人每月推播4次要多少錢", "中用量和高用量差在哪", "How much is the medium plan?", "9/29升級高用量",
           "你好")


def _register_health(app: Flask) -> None:
    """GET /healthz answers 200 only when the database takes a write (events acknowledged then are stored)."""

    @app.get("/healthz")
    def healthz() -> Any:
        problem = database_problem(app.extensions["engine"])
        if problem:
            return jsonify(status="error", database=problem), 503
        return jsonify(status="ok", database="ok")


def _register_metrics(app: Flask) -> None:
    """GET /metrics: Prometheus text, every worker's counters summed, plus the database's reply backlog."""

    @app.get("/metrics")
    def prometheus() -> Response:
        return Response(metrics.exposition(lambda: _pending_replies(app)), mimetype=None,
                        content_type=metrics.CONTENT_TYPE)


def _pending_replies(app: Flask) -> int | None:
    """Replies recorded and not yet final, or None when the database cannot say."""
    try:
        with app.extensions["sessions"]() as session:
            return outbox.depth(session)
    except SQLAlchemyError:
        return None


def database_problem(engine: Any) -> str | None:
    """Why the database cannot store an event now (None: it can): gone, read-only or unreachable.

    A write is tried inside a transaction that is always rolled back, so nothing is left behind.
    """
    path = sqlite_file(engine.url)  # a URI filename (mode=ro and all) names its file too
    if path and not Path(path).exists():
        return "missing"
    try:
        with engine.connect() as conn, conn.begin() as transaction:
            conn.execute(text("DELETE FROM processed_events WHERE webhook_event_id = :probe"),
                         {"probe": "healthz-probe"})
            transaction.rollback()
    except SQLAlchemyError as exc:
        return "read-only" if "readonly" in str(exc.orig).replace(" ", "").lower() else "unavailable"
    return None


def _configure_http(app: Flask, settings: Settings) -> None:
    """Proxy headers, cookie flags, HSTS, UTF-8 JSON and database-sized ids; TLS itself ends at the router."""
    if settings.trusted_proxies:
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    app.config.update(SESSION_COOKIE_SECURE=not settings.dev_mode, SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax")
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.mimetype = "application/json; charset=utf-8"  # type: ignore[attr-defined]
    app.url_value_preprocessor(refuse_huge_ids)
    if not settings.dev_mode:

        @app.after_request
        def strict_transport(response: Response) -> Response:
            """Browsers that reached us over HTTPS keep to HTTPS for a year (no redirect here: the router's job)."""
            response.headers.setdefault("Strict-Transport-Security", HSTS)
            return response


def _register_errors(app: Flask) -> None:
    """Errors answer in plain JSON, never with a stack trace, keeping headers such as Allow and Retry-After."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> Any:
        response = jsonify(error=exc.name, message=_describe(app, exc))
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response, exc.code or 500


def _describe(app: Flask, exc: HTTPException) -> str:
    """The error's message; a too-large body names the limit."""
    if exc.code == 413:
        return f"請求內容太大，最多 {app.config['MAX_CONTENT_LENGTH']} bytes（the body is too large）"
    return exc.description or exc.name
