"""Admin web pages under /admin: rules, the test box, replays, tags, followers, CSV in and out."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.exceptions import HTTPException

from bot.admin import auth, common
from bot.store import tagging as store
from bot.tagging import MATCH_LABELS, MATCH_TYPES, Matcher, Rule, RuleError, validate_rule, validate_tag
from bot.tagging.csvio import CsvImportError, decode, rules_from_csv
from bot.tagging.lint import lint
from bot.tagging.rules import match_form

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates", static_folder="static",
               static_url_path="/static")
PUBLIC = {"admin.login", "admin.static"}
RULES_SHOWN = 500
MEMBERS_PER_PAGE = 100
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


# --- guard, headers, errors ---------------------------------------------------------------------------------


@bp.record_once
def _cookie_defaults(state: Any) -> None:
    """The admin's session cookie is not sent on cross-site requests (unless the app chose otherwise)."""
    state.app.config["SESSION_COOKIE_SAMESITE"] = state.app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"


@bp.before_request
def guard() -> Any:
    """Send strangers to the login page, and check the CSRF token on every POST (the login's too)."""
    if request.endpoint not in PUBLIC and not auth.logged_in():
        return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
    if request.method == "POST":
        auth.check_csrf()
    return None


@bp.after_request
def headers(response: Response) -> Response:
    """No caching, no framing, scripts and styles only from us."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    return response


@bp.errorhandler(HTTPException)
def page_error(exc: HTTPException) -> tuple[str, int]:
    """Errors on admin pages are pages, not JSON."""
    return render_template("admin/error.html", code=exc.code, name=exc.name, message=exc.description), exc.code or 500


@bp.context_processor
def helpers() -> dict[str, Any]:
    """Names every admin template can use."""
    return {"csrf_token": auth.csrf_token, "match_labels": MATCH_LABELS, "match_types": MATCH_TYPES,
            "local_time": common.local_time, "logged_in": auth.logged_in, "match_form": match_form}


# --- login ------------------------------------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The password form; a good password starts a signed session."""
    target = auth.safe_next(request.values.get("next"))
    if request.method == "GET":
        if auth.logged_in():
            return redirect(target or url_for("admin.rules"))
        return render_template("admin/login.html", next=target, enabled=auth.password_set())
    throttle = current_app.extensions.setdefault("admin_login_throttle", auth.Throttle())
    client = request.remote_addr or "?"
    if not auth.password_set():
        return render_template("admin/login.html", next=target, enabled=False), 503
    if throttle.blocked(client):
        return render_template("admin/login.html", next=target, enabled=True,
                               error="嘗試次數過多，請 5 分鐘後再試（too many attempts; wait 5 minutes）"), 429
    if not auth.password_ok(request.form.get("password", "")):
        throttle.fail(client)
        return render_template("admin/login.html", next=target, enabled=True,
                               error="密碼錯誤（wrong password）"), 401
    throttle.clear(client)
    auth.log_in()
    return redirect(target or url_for("admin.rules"))


@bp.post("/logout")
def logout() -> Any:
    """End the session."""
    auth.log_out()
    flash("已登出（logged out）")
    return redirect(url_for("admin.login"))


@bp.get("/")
def home() -> Any:
    """The admin starts at the rule list."""
    return redirect(url_for("admin.rules"))


# --- rules ------------------------------------------------------------------------------------------------


@bp.get("/rules")
def rules() -> str:
    """The rule list with hit counts, warnings, filters and CSV import/export."""
    query = request.args.get("q", "").strip()
    with common.reading() as session:
        rows = store.list_rules(session)
        version = store.current_version(session)
    findings = lint([store.to_rule(r) for r in rows])
    shown = [r for r in rows if _matches_query(r, query)]
    return render_template("admin/rules.html", rules=shown[:RULES_SHOWN], total=len(rows), shown=len(shown),
                           limit=RULES_SHOWN, query=query, findings=findings, version=version,
                           warned={f.rule_id for f in findings})


def _matches_query(row: store.TagRule, query: str) -> bool:
    """Whether a rule matches the list's search box (pattern, tag or note)."""
    needle = query.casefold()
    return not needle or any(needle in (v or "").casefold() for v in (row.pattern, row.tag, row.note))


@bp.route("/rules/new", methods=["GET", "POST"])
def new_rule() -> Any:
    """Create a rule, or replay the draft first to see who it would tag."""
    if request.method == "GET":
        draft = {"pattern": request.args.get("pattern", ""), "match": "contains",
                 "tag": request.args.get("tag", ""), "priority": 0, "enabled": True, "note": ""}
        return render_template("admin/rule_form.html", rule=None, form=draft)
    form = _form()
    try:
        rule = validate_rule(form)
    except RuleError as exc:
        return render_template("admin/rule_form.html", rule=None, form=form, error=exc), 400
    if request.form.get("action") == "replay":
        return render_template("admin/rule_form.html", rule=None, form=form, report=_replay(rule))
    with common.transaction() as session:
        row = store.create_rule(session, rule, common.now())
        rule_id = row.id
    flash(f"已新增規則 #{rule_id}（rule created）")
    return redirect(url_for("admin.rules"))


@bp.route("/rules/<int:rule_id>", methods=["GET", "POST"])
def edit_rule(rule_id: int) -> Any:
    """Edit a rule, or replay the edited draft first."""
    with common.reading() as session:
        row = store.get_rule(session, rule_id) or abort(404, f"找不到規則 #{rule_id}（rule not found）")
    if request.method == "GET":
        return render_template("admin/rule_form.html", rule=row, form=store.to_rule(row).as_dict())
    form = _form()
    try:
        rule = validate_rule(form)
    except RuleError as exc:
        return render_template("admin/rule_form.html", rule=row, form=form, error=exc), 400
    if request.form.get("action") == "replay":
        return render_template("admin/rule_form.html", rule=row, form=form, report=_replay(rule))
    with common.transaction() as session:
        current = store.get_rule(session, rule_id) or abort(404)
        store.update_rule(session, current, rule, common.now())
    flash(f"已儲存規則 #{rule_id}（rule saved）")
    return redirect(url_for("admin.rules"))


def _form() -> dict[str, Any]:
    """The rule fields from the posted form (an unticked checkbox means disabled)."""
    priority = request.form.get("priority", "").strip() or "0"
    return {"pattern": request.form.get("pattern", ""), "match": request.form.get("match", "contains"),
            "tag": request.form.get("tag", ""), "priority": priority, "enabled": "enabled" in request.form,
            "note": request.form.get("note", "")}


def _replay(rule: Rule) -> store.ReplayReport:
    """Replay one draft over the stored messages."""
    with common.reading() as session:
        return store.replay(session, [rule], common.now(), common.settings().message_retention_days)


@bp.post("/rules/<int:rule_id>/toggle")
def toggle_rule(rule_id: int) -> Any:
    """Enable or disable a rule."""
    with common.transaction() as session:
        row = store.get_rule(session, rule_id) or abort(404, f"找不到規則 #{rule_id}（rule not found）")
        rule = store.to_rule(row)
        store.update_rule(session, row, Rule(**{**rule.as_dict(), "enabled": not rule.enabled}), common.now())
        state = "啟用 enabled" if not rule.enabled else "停用 disabled"
    flash(f"規則 #{rule_id} 已{state}")
    return redirect(url_for("admin.rules", q=request.form.get("q") or None))


@bp.post("/rules/<int:rule_id>/delete")
def delete_rule(rule_id: int) -> Any:
    """Delete a rule; followers keep the tags it set."""
    with common.transaction() as session:
        row = store.get_rule(session, rule_id) or abort(404, f"找不到規則 #{rule_id}（rule not found）")
        store.delete_rule(session, row, common.now())
    flash(f"已刪除規則 #{rule_id}，已貼上的標籤保留（rule deleted; tags stay）")
    return redirect(url_for("admin.rules"))


@bp.get("/rules/export.csv")
def export_rules() -> Response:
    """Every rule as a CSV file Excel opens correctly."""
    return common.rules_csv_response()


@bp.post("/rules/import")
def import_rules() -> Any:
    """Add (or replace all) rules from an uploaded CSV; nothing changes if any row is wrong."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("請選擇 CSV 檔案（choose a CSV file）", "error")
        return redirect(url_for("admin.rules"))
    try:
        parsed = rules_from_csv(decode(upload.read()))
    except CsvImportError as exc:
        return render_template("admin/import_errors.html", problems=exc.problems), 400
    with common.transaction() as session:
        report = store.import_rules(session, parsed, common.now(), replace_all=request.form.get("mode") == "replace")
    flash(f"匯入完成：新增 {report.created} 條，略過重複 {report.skipped} 條，刪除舊規則 {report.deleted} 條"
          f"（imported {report.created}, skipped {report.skipped}, deleted {report.deleted}）")
    return redirect(url_for("admin.rules"))


# --- the test box ---------------------------------------------------------------------------------------


@bp.route("/test", methods=["GET", "POST"])
def test_box() -> Any:
    """Which rules fire on this text, and which tags they set."""
    text = request.form.get("text", "") if request.method == "POST" else ""
    result = disabled = None
    if text.strip():
        cache = common.rule_cache()
        with common.reading() as session:
            result = cache.matcher(session, force=True).match(text[: common.MAX_TEST_TEXT])
            disabled = _disabled_hits(session, text)
    return render_template("admin/test.html", text=text, result=result, disabled=disabled or [])


def _disabled_hits(session: Any, text: str) -> list[Rule]:
    """Disabled rules that would fire on the text, so admins see why a tag is missing."""
    rows = [store.to_rule(r) for r in store.list_rules(session) if not r.enabled]
    if not rows:
        return []
    return list(Matcher([Rule(**{**r.as_dict(), "enabled": True}) for r in rows]).match(text).rules)


# --- tags -------------------------------------------------------------------------------------------------


@bp.get("/tags")
def tags() -> str:
    """Every tag with its follower counts."""
    with common.reading() as session:
        summaries = store.tag_summaries(session)
    return render_template("admin/tags.html", tags=summaries)


@bp.get("/tags/<path:tag>/export.csv")
def export_tag(tag: str) -> Response:
    """The tag's user ids, one per line, ready for a LINE audience upload (blocked followers left out)."""
    tag = _tag_or_404(tag)
    return common.audience_csv(tag, include_blocked=request.args.get("include_blocked") == "1")


@bp.get("/tags/<path:tag>")
def tag_page(tag: str) -> str:
    """One tag: who carries it, since when, and by which rule."""
    tag = _tag_or_404(tag)
    page = max(1, request.args.get("page", 1, type=int) or 1)
    with common.reading() as session:
        total, members = store.tag_members(session, tag, MEMBERS_PER_PAGE, (page - 1) * MEMBERS_PER_PAGE)
        active, _ = store.tag_members(session, tag, 1, 0, include_blocked=False)
        rules_ = [r for r in store.list_rules(session) if r.tag == tag]
    pages = max(1, -(-total // MEMBERS_PER_PAGE))
    return render_template("admin/tag.html", tag=tag, total=total, active=active, members=members, page=page,
                           pages=pages, rules=rules_)


def _tag_or_404(tag: str) -> str:
    """A valid tag that exists, else 404."""
    try:
        tag = validate_tag(tag)
    except RuleError:
        abort(404, "找不到這個標籤（tag not found）")
    with common.reading() as session:
        if not store.tag_exists(session, tag):
            abort(404, f"找不到標籤「{tag}」（tag not found）")
    return tag


# --- followers --------------------------------------------------------------------------------------------


@bp.get("/followers")
def followers() -> Any:
    """Look a follower up by user id, or pick one of the recently tagged."""
    user_id = request.args.get("user_id", "").strip()
    if user_id:
        return redirect(url_for("admin.follower", user_id=user_id))
    with common.reading() as session:
        recent = store.recently_tagged(session, 50)
    return render_template("admin/followers.html", recent=recent)


@bp.get("/followers/<user_id>")
def follower(user_id: str) -> str:
    """A follower's tags and why they have each one."""
    with common.reading() as session:
        view = store.follower_view(session, user_id) or abort(404, "找不到這位追蹤者（follower not found）")
    return render_template("admin/follower.html", view=view)
