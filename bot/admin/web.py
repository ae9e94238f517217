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

from bot.admin import audiences, auth, common, menus
from bot.line.profiles import NoProfiles, ProfileLookup
from bot.line.replier import make_configuration
from bot.store import tagging as store
from bot.tagging import MATCH_LABELS, MATCH_TYPES, Matcher, Rule, RuleError, validate_rule, validate_tag
from bot.tagging.csvio import CsvImportError, decode, rules_from_csv
from bot.tagging.labels import short_id, tag_label
from bot.tagging.lint import Finding, lint
from bot.tagging.rules import match_form

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates", static_folder="static",
               static_url_path="/static")
PUBLIC = {"admin.login", "admin.static"}
RULES_SHOWN = 500
MEMBERS_PER_PAGE = 100
NAMES_PER_VIEW = 20  # LINE profile lookups one page view may make
NAME_TIMEOUT = 2.0
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
            "local_time": common.local_time, "logged_in": auth.logged_in, "match_form": match_form,
            "tag_label": tag_label, "short_id": short_id}


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
    wait = throttle.blocked(client)
    if wait:
        return render_template("admin/login.html", next=target, enabled=True,
                               error=auth.wait_message(wait)), 429, {"Retry-After": str(wait)}
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
    try:
        with common.transaction() as session:
            row = store.create_rule(session, rule, common.now())
            rule_id, warnings = row.id, store.rule_warnings(session, row)
    except RuleError as exc:  # an identical rule exists
        return render_template("admin/rule_form.html", rule=None, form=form, error=exc), 400
    flash(f"已新增規則 #{rule_id}（rule created）")
    _flash_warnings(warnings)
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
    try:
        with common.transaction() as session:
            current = store.get_rule(session, rule_id) or abort(404)
            warnings = store.rule_warnings(session, store.update_rule(session, current, rule, common.now()))
    except RuleError as exc:  # it would become identical to another rule
        return render_template("admin/rule_form.html", rule=row, form=form, error=exc), 400
    flash(f"已儲存規則 #{rule_id}（rule saved）")
    _flash_warnings(warnings)
    return redirect(url_for("admin.rules"))


def _flash_warnings(warnings: list[Finding]) -> None:
    """Show overlaps with other rules after a save: the rule is kept, the merchant decides."""
    for finding in warnings:
        flash(f"⚠ 注意：{finding.message}", "warn")


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
    """One tag: who carries it, since when, and by which rule; its LINE audience and rich menu."""
    tag = _tag_or_404(tag)
    page = request.args.get("page", 1, type=int) or 1
    return _tag_view(tag, max(1, min(page, MAX_PAGE)))


MAX_PAGE = 1_000_000  # far past any tag's last page; larger numbers would overflow the database's OFFSET


def _tag_view(tag: str, page: int, error: str | None = None) -> str:
    """The tag page, with an error box when a LINE action just failed."""
    with common.reading() as session:
        total, members = store.tag_members(session, tag, MEMBERS_PER_PAGE, (page - 1) * MEMBERS_PER_PAGE)
        active, _ = store.tag_members(session, tag, 1, 0, include_blocked=False)
        rules_ = [r for r in store.list_rules(session) if r.tag == tag]
        audience = store.get_audience(session, tag)
        menu = store.tag_menu(session, tag)
    pages = max(1, -(-total // MEMBERS_PER_PAGE))
    names = _names([m.user_id for m in members])
    return render_template("admin/tag.html", tag=tag, total=total, active=active, members=members, page=page,
                           pages=pages, rules=rules_, names=names, audience=audience, menu=menu, error=error)


@bp.post("/tags/<path:tag>/audience")
def tag_audience(tag: str) -> Any:
    """Create or update the tag's LINE audience (free: nothing is sent to anyone)."""
    tag = _tag_or_404(tag)
    api = audiences.AudienceApi.from_settings(common.settings())
    try:
        upload = audiences.upload_tag(current_app.extensions["sessions"], api, tag, common.now(),
                                      fresh=request.form.get("fresh") == "1")
    except audiences.NothingToUpload:
        flash("這個標籤沒有可觸及（未封鎖）的追蹤者，無法建立受眾（no reachable followers）", "error")
        return redirect(url_for("admin.tag_page", tag=tag))
    except audiences.LineError as exc:
        return _tag_view(tag, 1, error=f"LINE 沒有接受受眾上傳，什麼都沒有記錄：{exc.message}"), 502
    done = "已建立" if upload.created else "已更新"
    flash(f"{done} LINE 受眾 {upload.audience_group_id}：上傳 {upload.uploaded} 位追蹤者"
          f"（audience {'created' if upload.created else 'updated'}）")
    return redirect(url_for("admin.tag_page", tag=tag))


@bp.post("/tags/<path:tag>/richmenu")
def tag_richmenu(tag: str) -> Any:
    """Set or remove the tag's rich menu; the tag's followers are linked (or unlinked) right away."""
    tag = _tag_or_404(tag)
    api, sessions = menus.menu_api(common.settings()), current_app.extensions["sessions"]
    try:
        if request.form.get("action") == "clear":
            count = menus.remove_tag_menu(sessions, api, tag, common.now())
            common.refresh_rule_cache()
            flash(f"已移除圖文選單，{count} 位追蹤者恢復預設選單（rich menu removed）")
            return redirect(url_for("admin.tag_page", tag=tag))
        menu = menus.valid_menu_id(request.form.get("rich_menu_id"))
        if menu is None:
            return _tag_view(tag, 1, error="圖文選單 ID 格式不對：應為 richmenu- 加 32 個英數字"
                                           "（a rich menu id looks like richmenu-0123…）"), 400
        count = menus.apply_tag_menu(sessions, api, tag, menu, common.now())
    except audiences.LineError as exc:
        return _tag_view(tag, 1, error=f"LINE 沒有接受，什麼都沒有改變：{exc.message}"), 502
    common.refresh_rule_cache()
    flash(f"已套用圖文選單，連結給 {count} 位追蹤者（rich menu linked）")
    return redirect(url_for("admin.tag_page", tag=tag))


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
    return render_template("admin/followers.html", recent=recent, names=_names([f.user_id for f in recent]))


@bp.get("/followers/<user_id>")
def follower(user_id: str) -> str:
    """A follower's tags and why they have each one."""
    with common.reading() as session:
        view = store.follower_view(session, user_id) or abort(404, "找不到這位追蹤者（follower not found）")
    return render_template("admin/follower.html", view=view, names=_names([view.user_id]))


# --- display names --------------------------------------------------------------------------------------


def _names(user_ids: list[str]) -> dict[str, str]:
    """Display names of the followers a page shows, after looking up at most 20 missing or day-old ones.

    The lookups happen here, in the admin, never in the webhook; one that fails (LINE slow or down) ends the
    round, and the follower is marked checked either way, so a page view never waits on more than one timeout
    in a row and never asks twice a day about the same follower.
    """
    now = common.now()
    with common.reading() as session:
        due = store.names_due(session, user_ids, now, NAMES_PER_VIEW)
    if due:
        lookup, found = _profiles(), {}
        for user_id in due:
            found[user_id] = lookup.display_name(user_id)
            if found[user_id] is None:
                break
        with common.transaction() as session:
            store.record_names(session, found, now)
    with common.reading() as session:
        return store.display_names(session, user_ids)


def _profiles() -> ProfileLookup | NoProfiles:
    """The admin's own profile lookup: a short timeout, no retries; none where the webhook has none (dev mode)."""
    found = current_app.extensions.get("admin_profiles")
    if found is None:
        if isinstance(current_app.extensions["webhook"].sender.profiles, NoProfiles):
            found = NoProfiles()
        else:
            settings = common.settings()
            configuration = make_configuration(settings.line_api_base_url, settings.line_channel_access_token)
            found = ProfileLookup(configuration, timeout=NAME_TIMEOUT)
        current_app.extensions["admin_profiles"] = found
    return found
