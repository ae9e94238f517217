"""The rich menu: its definition (menu.json), its picture (menu.png) and the commands that deploy it.

    python -m bot richmenu validate            # check menu.json + menu.png against LINE's limits, offline
    python -m bot richmenu deploy              # create, upload the picture, make it the default; prints the id
    python -m bot richmenu deploy --delete-others   # ... then delete every other rich menu of the channel
    python -m bot richmenu list                # the channel's menus, the default one marked

deploy and list read LINE_CHANNEL_ACCESS_TOKEN (and LINE_API_BASE_URL for a local stand-in). Every call is
a free rich menu endpoint; none sends a message.

After changing menu.json's labels or areas, redraw the picture by hand and commit it (the bot never needs
Pillow at run time):

    pip install -e '.[richmenu]'               # Pillow; plus a Noto Sans CJK Bold font (Debian: fonts-noto-cjk)
    python -m bot.richmenu.draw                # writes bot/richmenu/menu.png from bot/richmenu/menu.json

LINE cannot replace a menu's picture in place: deploy again to publish a changed menu.
"""
