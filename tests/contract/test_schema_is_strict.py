"""The contract validator itself must catch what LINE would refuse."""

from tests.contract.schema import errors, reply_errors

BUBBLE = {"type": "bubble", "body": {"type": "box", "layout": "vertical",
                                     "contents": [{"type": "text", "text": "NT$1,400"}]}}


def test_valid_flex_passes() -> None:
    assert reply_errors([{"type": "flex", "altText": "NT$1,400", "contents": BUBBLE}]) == []


def test_misspelt_flex_key_is_caught() -> None:
    bad = {**BUBBLE, "body": {**BUBBLE["body"], "contents": [{"type": "text", "text": "x", "wieght": "bold"}]}}
    assert reply_errors([{"type": "flex", "altText": "x", "contents": bad}])


def test_unknown_component_type_is_caught() -> None:
    bad = {**BUBBLE, "body": {**BUBBLE["body"], "contents": [{"type": "label", "text": "x"}]}}
    assert reply_errors([{"type": "flex", "altText": "x", "contents": bad}])


def test_limits_not_in_the_spec_are_enforced() -> None:
    assert reply_errors([{"type": "text", "text": "x" * 5001}])
    assert reply_errors([{"type": "flex", "altText": "x" * 1501, "contents": BUBBLE}])
    items = [{"type": "action", "action": {"type": "message", "label": str(i), "text": str(i)}} for i in range(14)]
    assert reply_errors([{"type": "text", "text": "x", "quickReply": {"items": items}}])


def test_more_than_five_messages_is_caught() -> None:
    assert errors("ReplyMessageRequest", {"replyToken": "t", "messages": [{"type": "text", "text": "a"}] * 6})
