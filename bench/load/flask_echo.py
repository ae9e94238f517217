"""Yardstick: line-bot-sdk-python's examples/flask-echo (v3 API, WebhookHandler), served by gunicorn's sync workers.

As in the example, every event gets its own ApiClient and the reply is sent before the webhook answers.
Besides echoing text, it answers postbacks (their data) and follows, so every event in the load has a reply.
"""

import os
import sys

from flask import Flask, abort, request
from linebot.v3 import WebhookHandler
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import ApiClient, Configuration, MessagingApi, ReplyMessageRequest, TextMessage
from linebot.v3.webhooks import FollowEvent, MessageEvent, PostbackEvent, TextMessageContent

app = Flask(__name__)

channel_secret = os.getenv("LINE_CHANNEL_SECRET", None)
channel_access_token = os.getenv("LINE_CHANNEL_ACCESS_TOKEN", None)
if channel_secret is None:
    print("Specify LINE_CHANNEL_SECRET as environment variable.")
    sys.exit(1)
if channel_access_token is None:
    print("Specify LINE_CHANNEL_ACCESS_TOKEN as environment variable.")
    sys.exit(1)

handler = WebhookHandler(channel_secret)
configuration = Configuration(host=os.getenv("LINE_API_BASE_URL", "https://api.line.me"),
                              access_token=channel_access_token)


@app.route("/callback", methods=["POST"])
def callback() -> str:
    """Check the signature and hand the events to the handlers."""
    signature = request.headers["X-Line-Signature"]
    body = request.get_data(as_text=True)
    app.logger.info("Request body: " + body)
    try:
        handler.handle(body, signature)
    except InvalidSignatureError:
        app.logger.info("Invalid signature. Please check your channel access token/channel secret.")
        abort(400)
    return "OK"


def reply(reply_token: str, text: str) -> None:
    """Reply with one text message, the example's way."""
    with ApiClient(configuration) as api_client:
        line_bot_api = MessagingApi(api_client)
        line_bot_api.reply_message_with_http_info(
            ReplyMessageRequest(reply_token=reply_token, messages=[TextMessage(text=text)])
        )


@handler.add(MessageEvent, message=TextMessageContent)
def handle_message(event: MessageEvent) -> None:
    """Echo the text."""
    reply(event.reply_token, event.message.text)


@handler.add(PostbackEvent)
def handle_postback(event: PostbackEvent) -> None:
    """Echo the tap's data."""
    reply(event.reply_token, event.postback.data)


@handler.add(FollowEvent)
def handle_follow(event: FollowEvent) -> None:
    """Greet a new friend."""
    reply(event.reply_token, "Thanks for adding me as a friend!")
