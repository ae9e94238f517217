"""Yardstick: line-bot-sdk-python's examples/fastapi-echo (AsyncApiClient, WebhookParser), served by uvicorn.

The API client is built once per worker at startup; the reply is awaited before the webhook answers.
Besides echoing text, it answers postbacks (their data) and follows, so every event in the load has a reply.
"""

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import AsyncApiClient, AsyncMessagingApi, Configuration, ReplyMessageRequest, TextMessage
from linebot.v3.webhook import WebhookParser
from linebot.v3.webhooks import FollowEvent, MessageEvent, PostbackEvent, TextMessageContent

channel_secret = os.getenv("LINE_CHANNEL_SECRET", None)
channel_access_token = os.getenv("LINE_CHANNEL_ACCESS_TOKEN", None)
if channel_secret is None:
    print("Specify LINE_CHANNEL_SECRET as environment variable.")
    sys.exit(1)
if channel_access_token is None:
    print("Specify LINE_CHANNEL_ACCESS_TOKEN as environment variable.")
    sys.exit(1)

configuration = Configuration(host=os.getenv("LINE_API_BASE_URL", "https://api.line.me"),
                              access_token=channel_access_token)
parser = WebhookParser(channel_secret)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """One API client per worker, opened at startup and closed at shutdown."""
    async_api_client = AsyncApiClient(configuration)
    app.state.line_bot_api = AsyncMessagingApi(async_api_client)
    yield
    await async_api_client.close()


app = FastAPI(lifespan=lifespan)


def answer(event: object) -> str | None:
    """The text to reply with: the echoed text, the tap's data or a greeting; None for anything else."""
    if isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
        return event.message.text
    if isinstance(event, PostbackEvent):
        return event.postback.data
    if isinstance(event, FollowEvent):
        return "Thanks for adding me as a friend!"
    return None


@app.post("/callback")
async def handle_callback(request: Request) -> str:
    """Check the signature, then reply to every event."""
    signature = request.headers["X-Line-Signature"]
    body = (await request.body()).decode()
    try:
        events = parser.parse(body, signature)
    except InvalidSignatureError:
        raise HTTPException(status_code=400, detail="Invalid signature") from None
    line_bot_api: AsyncMessagingApi = request.app.state.line_bot_api
    for event in events:
        text = answer(event)
        if text is None:
            continue
        await line_bot_api.reply_message(
            ReplyMessageRequest(reply_token=event.reply_token, messages=[TextMessage(text=text)])
        )
    return "OK"
