"""The rich menu: its definition (menu.json), its picture (menu.png) and the commands that deploy it.

    python -m bot richmenu validate            # check menu.json + menu.png against LINE's limits, offline
    python -m bot richmenu deploy              # make it the default, creating it only if it changed; prints the id
    python -m bot richmenu list                # the channel's menus, ours and the default marked
    python -m bot richmenu delete ID...        # delete these menus of ours (another tool's id is refused)
    python -m bot richmenu delete --all        # delete every menu of ours, never another tool's

Every tap but one is a postback (`v=1&a=…`, read by bot.taps) with a displayText for the chat; the calculator
area opens a page whose address menu.json leaves as {CALCULATOR_URL}: deploy fills it from LIFF_ID
(https://liff.line.me/<LIFF_ID>) or else PUBLIC_BASE_URL (<PUBLIC_BASE_URL>/calculator), and refuses without
either. deploy, list and delete read LINE_CHANNEL_ACCESS_TOKEN (and LINE_API_BASE_URL for a local stand-in).
Every call is a free rich menu endpoint; none sends a message.

Our menus are named `LINE OA 費用小幫手 #<fingerprint>` (sha256 of menu and picture), so deploy is
idempotent and only ever deletes menus whose name starts with `LINE OA 費用小幫手`.

After changing menu.json's labels or areas, redraw the picture by hand and commit it (the bot never needs
Pillow at run time):

    pip install -e '.[richmenu]'               # Pillow; plus a Noto Sans CJK Bold font (Debian: fonts-noto-cjk)
    python -m bot.richmenu.draw                # writes bot/richmenu/menu.png from bot/richmenu/menu.json

LINE cannot replace a menu's picture in place: deploy again to publish a changed menu.
"""
