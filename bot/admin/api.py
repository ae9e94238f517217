"""JSON API under /admin/api/: rules, tests, replays, tags and followers (Authorization: Bearer ADMIN_TOKEN)."""

from __future__ import annotations

import hmac
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request, url_for
from werkzeug.http import HTTP_STATUS_CODES

from bot.admin import audiences, auth, common, menus
from bot.store import tagging as store
from bot.tagging import Rule, RuleError, validate_rule, validate_tag
from bot.tagging.csvio import CsvImportError, decode, rules_from_csv
from bot.tagging.lint import lint

bp = Blueprint("admin_api", __name__, url_prefix="/admin/api")
PAGE_DEFAULT, PAGE_MAX = 500, 5000
MAX_DRAFTS = 50
TRUE_WORDS = ("1", "true", "yes")


def error(status: int, message: str, **extra: Any) -> tuple[Response, int]:
    """A JSON error in the app's shape: {"error", "message", ...}."""
    return jsonify(error=HTTP_STATUS_CODES.get(status, "Error"), message=message, **extra), status


@bp.before_request
def require_token() -> Any:
    """Refuse every call without the right Bearer token (compared in constant time); slow down token guessing."""
    token = common.settings().admin_token
    if not token:
        return error(503, "The admin API is disabled: ADMIN_TOKEN is not set on the server.")
    throttle, client = auth.Throttle("api"), request.remote_addr or "?"
    wait = throttle.blocked(client)
    if wait:
        response, status = error(429, auth.wait_message(wait), retry_after=wait)
        response.headers["Retry-After"] = str(wait)
        return response, status
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        throttle.fail(client)
        response, status = error(401, "Missing or wrong credentials: send 'Authorization: Bearer <ADMIN_TOKEN>'.")
        response.headers["WWW-Authenticate"] = 'Bearer realm="admin"'
        return response, status
    return None


@bp.after_request
def no_store(response: Response) -> Response:
    """Admin data is never cached by browsers or proxies."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(RuleError)
def invalid_rule(exc: RuleError) -> tuple[Response, int]:
    """A refused rule: 400 with the field and the reason."""
    return jsonify(exc.as_dict()), 400


def _body() -> dict[str, Any]:
    """The JSON object sent, or a 400 saying what is wrong with it."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise RuleError("body", "body_not_object", "請求內容必須是 JSON 物件（the request body must be a JSON object）")
    return data


# --- rules ----------------------------------------------------------------------------------------------


@bp.get("/rules")
def list_rules() -> Any:
    """Every rule in firing order, with the version stamp and lint warnings (?format=csv: the CSV export)."""
    if request.args.get("format") == "csv":
        return export_rules()
    with common.reading() as session:
        rows = store.list_rules(session)
        version = store.current_version(session)
    findings = lint([store.to_rule(r) for r in rows])
    return jsonify(rules=[common.rule_json(r) for r in rows], version=version,
                   warnings=[common.finding_json(f) for f in findings])


@bp.post("/rules")
def create_rule() -> Any:
    """Create a rule from {pattern, match, tag, priority, enabled, note}; 201 with the rule."""
    rule = validate_rule(_body())
    with common.transaction() as session:
        row = store.create_rule(session, rule, common.now())
        payload = common.rule_json(row) | _warnings(session, row)
    response = jsonify(payload)
    response.headers["Location"] = url_for("admin_api.get_rule", rule_id=payload["id"])
    return response, 201


@bp.get("/rules/<int:rule_id>")
def get_rule(rule_id: int) -> Any:
    """One rule."""
    with common.reading() as session:
        row = store.get_rule(session, rule_id)
        return jsonify(common.rule_json(row) | _warnings(session, row)) if row else error(
            404, f"rule {rule_id} not found")


@bp.patch("/rules/<int:rule_id>")
def patch_rule(rule_id: int) -> Any:
    """Change some fields of a rule; the whole rule is validated again."""
    body = _body()
    with common.transaction() as session:
        row = store.get_rule(session, rule_id)
        if row is None:
            return error(404, f"rule {rule_id} not found")
        rule = validate_rule(body, base=store.to_rule(row))
        row = store.update_rule(session, row, rule, common.now())
        return jsonify(common.rule_json(row) | _warnings(session, row))


def _warnings(session: Any, row: store.TagRule) -> dict[str, Any]:
    """{"warnings": [...]}: the rules this one duplicates, covers, is covered by or overlaps (saved all the same)."""
    return {"warnings": [common.finding_json(f) for f in store.rule_warnings(session, row)]}


@bp.delete("/rules/<int:rule_id>")
def delete_rule(rule_id: int) -> Any:
    """Delete a rule (tags it set stay on followers); 204."""
    with common.transaction() as session:
        row = store.get_rule(session, rule_id)
        if row is None:
            return error(404, f"rule {rule_id} not found")
        store.delete_rule(session, row, common.now())
    return "", 204


@bp.post("/rules/test")
def test_rules() -> Any:
    """Which enabled rules fire on {"text": ...}, and which tags they set."""
    text = _body().get("text")
    if not isinstance(text, str) or not text.strip():
        return error(400, "請輸入要測試的文字（'text' must be a non-empty string）", field="text")
    if len(text) > common.MAX_TEST_TEXT:
        return error(400, f"text is longer than {common.MAX_TEST_TEXT} characters", field="text")
    cache = common.rule_cache()
    with common.reading() as session:
        result = cache.matcher(session, force=True).match(text)
    return jsonify(common.trial_json(text, result, cache.version))


@bp.post("/rules/replay")
def replay_drafts() -> Any:
    """Replay draft rules ({"rules": [...]} or one rule's fields) over the stored messages."""
    body = _body()
    days = _days(body.pop("days", None))
    drafts = body.get("rules") if "rules" in body else [body]
    if not isinstance(drafts, list) or not drafts or len(drafts) > MAX_DRAFTS:
        return error(400, f"'rules' must be a list of 1 to {MAX_DRAFTS} rules", field="rules")
    rules = [validate_rule(d) if isinstance(d, dict) else _not_object() for d in drafts]
    return _replay(rules, days)


@bp.post("/rules/<int:rule_id>/replay")
def replay_rule(rule_id: int) -> Any:
    """Replay a saved rule (even a disabled one) over the stored messages."""
    body = request.get_json(silent=True) if request.data else None
    days = _days(body.get("days") if isinstance(body, dict) else None)
    with common.reading() as session:
        row = store.get_rule(session, rule_id)
        if row is None:
            return error(404, f"rule {rule_id} not found")
        rule = store.to_rule(row)
    return _replay([rule], days)


def _not_object() -> Rule:
    """Refuse a draft that is not an object."""
    raise RuleError("rules", "body_not_object", "每條規則都必須是 JSON 物件（each rule must be a JSON object）")


def _days(value: Any) -> int:
    """The replay window: the retention period unless a shorter whole number of days is asked for."""
    keep = common.settings().message_retention_days
    if value is None:
        return keep
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RuleError("days", "days_invalid", "days 必須是正整數（days must be a positive whole number）")
    return min(value, keep)


def _replay(rules: list[Rule], days: int) -> Any:
    """Run the replay and answer with its report."""
    with common.reading() as session:
        report = store.replay(session, rules, common.now(), days)
    return jsonify(report.as_dict() | {"rules": [r.as_dict() for r in rules]})


@bp.get("/rules/export")
def export_rules() -> Response:
    """Every rule as CSV (UTF-8 with BOM so Excel shows Chinese correctly)."""
    return common.rules_csv_response()


@bp.post("/rules/import")
def import_rules() -> Any:
    """Add rules from CSV (a 'file' upload or a text/csv body); ?mode=replace replaces every rule."""
    mode = request.args.get("mode", "append")
    if mode not in ("append", "replace"):
        return error(400, "mode must be 'append' or 'replace'", field="mode")
    upload = request.files.get("file")
    raw = upload.read() if upload else request.get_data()
    try:
        rules = rules_from_csv(decode(raw))
    except CsvImportError as exc:
        problems = [{"line": line, "message": message} for line, message in exc.problems]
        return error(400, f"CSV 有 {len(problems)} 個問題，沒有匯入任何規則（nothing imported）", problems=problems)
    with common.transaction() as session:
        report = store.import_rules(session, rules, common.now(), replace_all=mode == "replace")
    return jsonify(created=report.created, skipped=report.skipped, deleted=report.deleted)


# --- tags and followers -----------------------------------------------------------------------------------


@bp.get("/tags")
def list_tags() -> Any:
    """Every tag with its follower counts (all, active, blocked) and how many rules set it."""
    with common.reading() as session:
        summaries = store.tag_summaries(session)
    return jsonify(tags=[common.summary_json(s) for s in summaries])


@bp.get("/tags/<path:tag>/followers")
def tag_followers(tag: str) -> Any:
    """A tag's followers as JSON pages, or ?format=csv: user ids one per line for a LINE audience upload."""
    tag = validate_tag(tag)
    as_csv = request.args.get("format") == "csv"
    flag = request.args.get("include_blocked")
    include_blocked = flag.lower() in TRUE_WORDS if flag is not None else not as_csv
    with common.reading() as session:
        if not store.tag_exists(session, tag):
            return error(404, f"tag {tag!r} not found")
    if as_csv:
        return common.audience_csv(tag, include_blocked)
    limit, offset = _page()
    with common.reading() as session:
        total, members = store.tag_members(session, tag, limit, offset, include_blocked=include_blocked)
    return jsonify(tag=tag, total=total, limit=limit, offset=offset, include_blocked=include_blocked,
                   followers=[common.member_json(m) for m in members])


def _page() -> tuple[int, int]:
    """limit and offset from the query string, within bounds."""
    try:
        limit = int(request.args.get("limit", PAGE_DEFAULT))
        offset = int(request.args.get("offset", 0))
    except ValueError:
        raise RuleError("limit", "page_invalid", "limit and offset must be whole numbers") from None
    return max(1, min(limit, PAGE_MAX)), max(0, min(offset, common.MAX_ID))


@bp.get("/followers/<user_id>")
def follower(user_id: str) -> Any:
    """A follower's tags, each with the rule or event that set it and when, plus the audit trail."""
    with common.reading() as session:
        view = store.follower_view(session, user_id)
        if view is None:
            return error(404, f"follower {user_id!r} not found")
        return jsonify(common.follower_json(view))


@bp.post("/messages/prune")
def prune() -> Any:
    """Delete stored messages past the retention period now (writes also prune, every minute or so)."""
    with common.transaction() as session:
        deleted = store.prune_messages(session, common.now(), common.settings().message_retention_days)
    return jsonify(deleted=deleted)


# --- LINE audiences and rich menus for tags ---------------------------------------------------------------


def _sessions() -> Any:
    """The app's session factory (LINE calls run outside any transaction, so they get the factory)."""
    return current_app.extensions["sessions"]


def _known_tag(tag: str) -> str | None:
    """The tag if it is valid and in use (on a follower or in a rule), else None."""
    tag = validate_tag(tag)
    with common.reading() as session:
        return tag if store.tag_exists(session, tag) else None


@bp.post("/tags/<path:tag>/audience")
def upload_audience(tag: str) -> Any:
    """Create (or add to) the tag's LINE audience from its reachable followers; free, sends nothing.

    ?fresh=1 makes a new audience even if the tag has one (e.g. after LINE deleted the old one).
    """
    known = _known_tag(tag)
    if known is None:
        return error(404, f"tag {tag!r} not found")
    fresh = request.args.get("fresh", "").lower() in TRUE_WORDS
    try:
        upload = audiences.upload_tag(_sessions(), audiences.AudienceApi.from_settings(common.settings()),
                                      known, common.now(), fresh=fresh)
    except audiences.NothingToUpload:
        return error(400, "這個標籤沒有可觸及（未封鎖）的追蹤者，無法建立受眾（the tag has no reachable followers）")
    except audiences.LineError as exc:
        return error(502, f"LINE 沒有接受受眾上傳：{exc.message}", line_status=exc.status)
    return jsonify(audience=_stored_audience(known), created=upload.created, uploaded=upload.uploaded,
                   status=upload.status), 201 if upload.created else 200


@bp.get("/tags/<path:tag>/audience")
def audience_status(tag: str) -> Any:
    """The tag's audience record and LINE's current view of it (status, audienceCount)."""
    known = _known_tag(tag)
    if known is None:
        return error(404, f"tag {tag!r} not found")
    record, line = audiences.current(_sessions(), audiences.AudienceApi.from_settings(common.settings()),
                                     known)
    if record is None:
        return error(404, f"tag {known!r} has no LINE audience yet; POST to create one")
    return jsonify(audience=record, line=line)


def _stored_audience(tag: str) -> dict[str, Any] | None:
    """The stored audience record as JSON, without asking LINE."""
    with common.reading() as session:
        row = store.get_audience(session, tag)
        return audiences.record_json(row) if row else None


@bp.get("/tags/<path:tag>/richmenu")
def get_tag_menu(tag: str) -> Any:
    """The rich menu the tag links to its followers (null when none)."""
    known = _known_tag(tag)
    if known is None:
        return error(404, f"tag {tag!r} not found")
    with common.reading() as session:
        return jsonify(tag=known, richMenuId=store.tag_menu(session, known))


@bp.put("/tags/<path:tag>/richmenu")
def set_tag_menu(tag: str) -> Any:
    """Give the tag a rich menu {"richMenuId": "richmenu-…"}: linked now to its members, later to new ones."""
    known = _known_tag(tag)
    if known is None:
        return error(404, f"tag {tag!r} not found")
    body = _body()
    menu = menus.valid_menu_id(body.get("richMenuId", body.get("rich_menu_id")))
    if menu is None:
        return error(400, "richMenuId 必須是 LINE 的圖文選單 ID，例如 richmenu-0123…（32 個十六進位字元）",
                     field="richMenuId")
    try:
        linked = menus.apply_tag_menu(_sessions(), menus.menu_api(common.settings()), known, menu,
                                      common.now())
    except audiences.LineError as exc:
        return error(502, f"LINE 沒有接受圖文選單：{exc.message}", line_status=exc.status)
    common.refresh_rule_cache()
    return jsonify(tag=known, richMenuId=menu, linked=linked)


@bp.delete("/tags/<path:tag>/richmenu")
def delete_tag_menu(tag: str) -> Any:
    """Take the tag's rich menu away: its members get the default menu back."""
    known = _known_tag(tag)
    if known is None:
        return error(404, f"tag {tag!r} not found")
    try:
        unlinked = menus.remove_tag_menu(_sessions(), menus.menu_api(common.settings()), known,
                                            common.now())
    except audiences.LineError as exc:
        return error(502, f"LINE 沒有接受取消圖文選單：{exc.message}", line_status=exc.status)
    common.refresh_rule_cache()
    return jsonify(tag=known, richMenuId=None, unlinked=unlinked)
