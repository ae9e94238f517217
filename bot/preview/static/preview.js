/*
 * Local chat preview: sends what a person types to the dev-mode API and renders the bot's real
 * reply (the same LINE message JSON the webhook sends) roughly as the LINE app shows it.
 *
 * Safety rule: every piece of text from a reply goes into the DOM through textContent, and styles
 * through the CSSOM after validation. Nothing from a reply is ever parsed as HTML, and only
 * http(s)/tel/mailto links are ever opened.
 */
(() => {
  "use strict";

  const root = document.querySelector("main.phone");
  const logEl = document.getElementById("log");
  const chipsEl = document.getElementById("quick-replies");
  const pickerEl = document.getElementById("picker");
  const form = document.getElementById("composer");
  const input = document.getElementById("input");
  const sendButton = document.getElementById("send");
  const restartButton = document.getElementById("restart");
  const SAY_URL = root.dataset.sayUrl;
  const POSTBACK_URL = root.dataset.postbackUrl;
  const MAX_TEXT = 2000;
  const TIMEOUT_MS = 30000;
  const USER_KEY = "linePricingBot.previewUserId";

  // LINE's keyword sizes, in CSS pixels.
  const TEXT_SIZES = { xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29, "3xl": 35, "4xl": 48, "5xl": 74 };
  const SPACES = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
  const IMAGE_SIZES = { xxs: 40, xs: 60, sm: 80, md: 100, lg: 120, xl: 140, xxl: 160, "3xl": 180, "4xl": 200, "5xl": 240 };
  const BORDER_WIDTHS = { none: 0, light: 0.5, normal: 1, medium: 2, "semi-bold": 3, bold: 4 };
  const BUBBLE_WIDTHS = { nano: 120, micro: 160, deca: 220, hecto: 241, kilo: 260, mega: 300, giga: 500 };
  const BLOCK_PADDING = { header: "20px", body: "20px", footer: "10px" };
  const JUSTIFY = {
    "flex-start": "flex-start", "flex-end": "flex-end", center: "center",
    "space-between": "space-between", "space-around": "space-around", "space-evenly": "space-evenly",
  };
  const ALIGN = { "flex-start": "flex-start", "flex-end": "flex-end", center: "center" };
  const GRAVITY = { top: "flex-start", center: "center", bottom: "flex-end" };
  const H_ALIGN = { start: "flex-start", center: "center", end: "flex-end" };
  const timeFormat = new Intl.DateTimeFormat("zh-TW", { hour: "numeric", minute: "2-digit" });

  let userId = loadUserId();
  let busy = false;

  // ---------------------------------------------------------------- small helpers

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function randomUserId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return "U" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function loadUserId() {
    try {
      const saved = localStorage.getItem(USER_KEY);
      if (saved && /^[A-Za-z0-9_-]{1,64}$/.test(saved)) return saved;
      const fresh = randomUserId();
      localStorage.setItem(USER_KEY, fresh);
      return fresh;
    } catch (e) {
      return randomUserId(); // storage disabled: one id for this page load
    }
  }

  function isColor(value) {
    return typeof value === "string" && /^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/.test(value);
  }

  /** A CSS length from a LINE keyword (via table), "12px" or "50%"; null when unusable. */
  function length(value, table, allowPercent = true) {
    if (typeof value !== "string") return null;
    if (table && Object.prototype.hasOwnProperty.call(table, value)) return table[value] + "px";
    if (/^\d+(?:\.\d+)?px$/.test(value)) return value;
    if (allowPercent && /^\d+(?:\.\d+)?%$/.test(value)) return value;
    return null;
  }

  function offset(value) {
    if (typeof value !== "string") return null;
    if (Object.prototype.hasOwnProperty.call(SPACES, value)) return SPACES[value] + "px";
    return /^-?\d+(?:\.\d+)?(?:px|%)$/.test(value) ? value : null;
  }

  function ratio(value) {
    const m = typeof value === "string" && /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(value);
    if (!m || Number(m[1]) <= 0 || Number(m[2]) <= 0) return null;
    return [Number(m[1]), Number(m[2])];
  }

  /** The URL if it is safe to load or open, else null (never javascript:, data:, ...). */
  function safeUrl(value, schemes = ["https:", "http:"]) {
    if (typeof value !== "string") return null;
    try {
      const url = new URL(value, window.location.href);
      return schemes.includes(url.protocol) ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function scrollToEnd() {
    logEl.scrollTop = logEl.scrollHeight;
  }

  function append(node) {
    logEl.appendChild(node);
    scrollToEnd();
    return node;
  }

  function note(text, className = "system-note") {
    return append(el("div", className, text));
  }

  function nowLabel() {
    return timeFormat.format(new Date());
  }

  // ---------------------------------------------------------------- chat rows

  function userRow(text) {
    const row = el("div", "row user");
    const meta = el("div", "meta");
    meta.appendChild(el("span", "read"));
    meta.appendChild(el("span", "time", nowLabel()));
    row.appendChild(meta);
    row.appendChild(el("div", "bubble user-bubble", text));
    return append(row);
  }

  function markRead() {
    logEl.querySelectorAll(".row.user .read:empty").forEach((node) => {
      node.textContent = "已讀";
    });
  }

  function botRow(content, sender, extraClass) {
    const row = el("div", "row bot" + (extraClass ? " " + extraClass : ""));
    const avatar = el("div", "avatar");
    const icon = sender && safeUrl(sender.iconUrl, ["https:"]);
    if (icon) {
      const img = el("img");
      img.alt = "";
      img.referrerPolicy = "no-referrer";
      img.src = icon;
      avatar.appendChild(img);
    } else {
      avatar.textContent = "費";
    }
    avatar.setAttribute("aria-hidden", "true");
    const stack = el("div", "stack");
    if (sender && typeof sender.name === "string" && sender.name) stack.appendChild(el("div", "sender", sender.name));
    const line = el("div", "line");
    line.appendChild(content);
    line.appendChild(el("span", "time", nowLabel()));
    stack.appendChild(line);
    row.appendChild(avatar);
    row.appendChild(stack);
    return { row, stack };
  }

  function showLoading() {
    const dots = el("div", "bubble bot-bubble typing");
    dots.setAttribute("aria-label", "回覆中…");
    for (let i = 0; i < 3; i += 1) dots.appendChild(el("span", "dot"));
    const { row } = botRow(dots, null, "loading");
    row.setAttribute("role", "status");
    return append(row);
  }

  function showError(message, retry) {
    const box = el("div", "error-note");
    box.setAttribute("role", "alert");
    box.appendChild(el("span", null, "無法取得回覆：" + message));
    if (retry) {
      const again = el("button", "retry", "重試");
      again.type = "button";
      again.addEventListener("click", () => {
        box.remove();
        retry();
      });
      box.appendChild(again);
    }
    return append(box);
  }

  // ---------------------------------------------------------------- messages

  function renderMessage(message) {
    const type = message && message.type;
    const sender = message && message.sender;
    if (type === "text" || type === "textV2") {
      const { row } = botRow(el("div", "bubble bot-bubble", message.text ?? ""), sender);
      row.dataset.type = "text";
      return row;
    }
    if (type === "flex") {
      const card = el("div", "flex-message");
      card.appendChild(renderContainer(message.contents));
      const { row, stack } = botRow(card, sender, "flex-row");
      row.dataset.type = "flex";
      const alt = el("div", "alt-text", "通知文字：" + (message.altText ?? ""));
      alt.title = "手機通知與聊天列表顯示的替代文字（altText）";
      stack.appendChild(alt);
      return row;
    }
    if (type === "image") {
      const frame = el("div", "bubble image-message");
      const src = safeUrl(message.previewImageUrl) || safeUrl(message.originalContentUrl);
      if (src) {
        const img = el("img");
        img.alt = "圖片";
        img.referrerPolicy = "no-referrer";
        img.src = src;
        frame.appendChild(img);
      } else {
        frame.appendChild(el("span", "fx-unknown", "[圖片]"));
      }
      const { row } = botRow(frame, sender);
      row.dataset.type = "image";
      return row;
    }
    const label = type === "sticker" ? "[貼圖]" : `[預覽不支援的訊息類型：${type}]`;
    const body = el("div", "bubble bot-bubble unsupported", message && message.altText ? `${label} ${message.altText}` : label);
    const { row } = botRow(body, sender);
    row.dataset.type = String(type);
    return row;
  }

  function renderReply(messages) {
    clearQuickReplies();
    if (!messages.length) {
      note("（機器人沒有回覆這則訊息）");
      return;
    }
    const reply = el("div", "reply");
    messages.forEach((message) => reply.appendChild(renderMessage(message)));
    append(reply);
    const last = messages[messages.length - 1];
    // LINE shows quick replies only for the last message of the chat.
    const items = last && last.quickReply && Array.isArray(last.quickReply.items) ? last.quickReply.items : [];
    if (items.length) showQuickReplies(items);
    revealReply(reply);
  }

  /** Scroll to the end, or, when the reply is taller than the view, to the question above it. */
  function revealReply(reply) {
    scrollToEnd();
    const question = reply.previousElementSibling;
    const anchor = question && question.classList.contains("row") && question.classList.contains("user") ? question : reply;
    const top = anchor.getBoundingClientRect().top - logEl.getBoundingClientRect().top;
    if (top < 0) logEl.scrollTop += top - 8;
  }

  // ---------------------------------------------------------------- quick replies

  function clearQuickReplies() {
    chipsEl.replaceChildren();
    chipsEl.hidden = true;
  }

  function showQuickReplies(items) {
    items.forEach((item) => {
      const action = item && item.action ? item.action : {};
      const chip = el("button", "chip");
      chip.type = "button";
      chip.dataset.actionType = String(action.type);
      const icon = safeUrl(item && item.imageUrl, ["https:"]);
      if (icon) {
        const img = el("img");
        img.alt = "";
        img.referrerPolicy = "no-referrer";
        img.src = icon;
        chip.appendChild(img);
      }
      chip.appendChild(el("span", null, action.label ?? ""));
      chip.addEventListener("click", () => {
        if (busy) return;
        clearQuickReplies();
        runAction(action);
      });
      chipsEl.appendChild(chip);
    });
    chipsEl.hidden = false;
  }

  // ---------------------------------------------------------------- actions

  function runAction(action) {
    if (!action || typeof action !== "object") return;
    switch (action.type) {
      case "message":
        if (typeof action.text === "string" && action.text) say(action.text);
        break;
      case "postback":
        postback(action.data, {}, action.displayText ?? action.text);
        if (action.inputOption === "openKeyboard" && typeof action.fillInText === "string") {
          input.value = action.fillInText;
          input.focus();
        }
        break;
      case "uri": {
        const url = safeUrl(action.uri, ["https:", "http:", "tel:", "mailto:"]);
        if (url) window.open(url, "_blank", "noopener,noreferrer");
        else note("預覽不開啟這個連結：" + String(action.uri));
        break;
      }
      case "datetimepicker":
        showPicker(action);
        break;
      case "clipboard":
        if (navigator.clipboard && typeof action.clipboardText === "string") {
          navigator.clipboard.writeText(action.clipboardText).then(
            () => note("已複製到剪貼簿"),
            () => note("無法複製到剪貼簿"),
          );
        }
        break;
      default:
        note(`預覽不支援「${action.label ?? action.type}」這個動作（${action.type}）。`);
    }
  }

  function showPicker(action) {
    const kinds = { date: "date", time: "time", datetime: "datetime-local" };
    const mode = Object.prototype.hasOwnProperty.call(kinds, action.mode) ? action.mode : "datetime";
    pickerEl.replaceChildren();
    const field = el("input");
    field.type = kinds[mode];
    for (const key of ["initial", "min", "max"]) {
      if (typeof action[key] === "string") field[key === "initial" ? "value" : key] = action[key];
    }
    const ok = el("button", "picker-ok", "送出");
    ok.type = "button";
    const cancel = el("button", "picker-cancel", "取消");
    cancel.type = "button";
    pickerEl.appendChild(el("span", "picker-label", action.label ?? "選擇日期時間"));
    pickerEl.append(field, ok, cancel);
    pickerEl.hidden = false;
    cancel.addEventListener("click", () => { pickerEl.hidden = true; });
    ok.addEventListener("click", () => {
      if (!field.value) return;
      pickerEl.hidden = true;
      postback(action.data, { [mode]: field.value }, null);
    });
  }

  // ---------------------------------------------------------------- network

  async function call(url, payload) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ ...payload, user: userId }),
        credentials: "same-origin",
        signal: controller.signal,
      });
    } catch (e) {
      throw new Error(e.name === "AbortError" ? "等候逾時，請再試一次。" : "連線失敗，請確認本機伺服器仍在執行。");
    } finally {
      clearTimeout(timer);
    }
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      data = null;
    }
    if (!response.ok) {
      const message = data && typeof data.message === "string" ? data.message : `伺服器回應 ${response.status}`;
      throw new Error(message);
    }
    if (!data || !Array.isArray(data.messages)) throw new Error("回覆的格式不正確。");
    return data.messages;
  }

  async function exchange(url, payload) {
    if (busy) return;
    busy = true;
    sendButton.disabled = true;
    root.classList.add("busy");
    const loading = showLoading();
    try {
      const messages = await call(url, payload);
      loading.remove();
      markRead();
      renderReply(messages);
    } catch (e) {
      loading.remove();
      showError(e.message, () => exchange(url, payload));
    } finally {
      busy = false;
      sendButton.disabled = false;
      root.classList.remove("busy");
    }
  }

  function say(text) {
    if (busy) return;
    if (text.length > MAX_TEXT) {
      showError(`訊息太長：最多 ${MAX_TEXT.toLocaleString("zh-TW")} 字。`, null);
      return;
    }
    clearQuickReplies();
    userRow(text);
    exchange(SAY_URL, { text });
  }

  function postback(data, params, displayText) {
    if (busy || typeof data !== "string") return;
    clearQuickReplies();
    if (typeof displayText === "string" && displayText) userRow(displayText);
    exchange(POSTBACK_URL, { data, params });
  }

  // ---------------------------------------------------------------- Flex renderer

  function placeholder(type) {
    const node = el("div", "fx-unknown", `[不支援的元件：${type === undefined ? "?" : String(type)}]`);
    node.dataset.unknown = String(type);
    return node;
  }

  function renderContainer(node) {
    if (node && node.type === "bubble") return renderBubble(node, false);
    if (node && node.type === "carousel") {
      const carousel = el("div", "fx-carousel");
      (Array.isArray(node.contents) ? node.contents : []).forEach((bubble) => {
        carousel.appendChild(bubble && bubble.type === "bubble" ? renderBubble(bubble, true) : placeholder(bubble && bubble.type));
      });
      return carousel;
    }
    return placeholder(node && node.type);
  }

  function renderBubble(node, inCarousel) {
    const bubble = el("div", "fx-bubble" + (inCarousel ? " in-carousel" : ""));
    const size = Object.prototype.hasOwnProperty.call(BUBBLE_WIDTHS, node.size) ? node.size : "mega";
    bubble.style.width = BUBBLE_WIDTHS[size] + "px";
    bubble.dataset.size = size;
    if (node.direction === "rtl") bubble.dir = "rtl";
    const styles = node.styles && typeof node.styles === "object" ? node.styles : {};
    let previous = false;
    for (const part of ["header", "hero", "body", "footer"]) {
      const content = node[part];
      if (!content) continue;
      const block = el("div", `fx-part fx-part-${part}`);
      const style = styles[part] && typeof styles[part] === "object" ? styles[part] : {};
      if (isColor(style.backgroundColor)) block.style.backgroundColor = style.backgroundColor;
      if (previous && style.separator === true) {
        block.style.borderTop = `1px solid ${isColor(style.separatorColor) ? style.separatorColor : "#E5E5E5"}`;
      }
      block.appendChild(renderComponent(content, { layout: "vertical", index: 0, spacing: null, root: true,
                                                   defaultPadding: BLOCK_PADDING[part] || null }));
      bubble.appendChild(block);
      previous = true;
    }
    if (node.action) makeTappable(bubble, node.action);
    return bubble;
  }

  function renderComponent(node, parent) {
    if (!node || typeof node !== "object") return placeholder(undefined);
    let out;
    switch (node.type) {
      case "box": out = renderBox(node, parent); break;
      case "text": out = renderText(node, parent); break;
      case "button": out = renderButton(node); break;
      case "image": out = renderImage(node); break;
      case "icon": out = renderIcon(node); break;
      case "separator": out = renderSeparator(node, parent); break;
      case "filler": out = el("div", "fx-filler"); break;
      case "spacer": out = renderSpacer(node, parent); break;
      case "video":
        out = node.altContent ? renderComponent(node.altContent, { ...parent, root: true }) : placeholder("video");
        out.classList.add("fx-video-alt");
        break;
      default: out = placeholder(node.type);
    }
    out.dataset.fx = String(node.type);
    if (!parent.root) placeItem(out, node, parent);
    if (node.action && node.type !== "button") makeTappable(out, node.action);
    return out;
  }

  /** flex, margin/spacing, gravity and position: how a component sits in its parent box. */
  function placeItem(elm, node, parent) {
    const vertical = parent.layout === "vertical";
    const fixed = ["separator", "icon", "spacer"].includes(node.type);
    const fallback = node.type === "filler" ? 1 : vertical ? 0 : 1;
    const flex = Number.isInteger(node.flex) && node.flex >= 0 ? node.flex : fallback;
    if (fixed) elm.style.flex = "0 0 auto";
    else if (flex > 0) elm.style.flex = vertical ? `${flex} 1 auto` : `${flex} 1 0px`;
    else elm.style.flex = vertical ? "0 0 auto" : "0 1 auto";
    let gap = null;
    if (node.margin !== undefined) gap = length(node.margin, SPACES, false);
    else if (parent.index > 0) gap = parent.spacing;
    if (gap) {
      if (vertical) elm.style.marginTop = gap;
      else elm.style.marginInlineStart = gap;
    }
    if (!vertical && Object.prototype.hasOwnProperty.call(GRAVITY, node.gravity) && parent.layout !== "baseline") {
      elm.style.alignSelf = GRAVITY[node.gravity];
    }
    const offsets = { offsetTop: "top", offsetBottom: "bottom", offsetStart: "insetInlineStart", offsetEnd: "insetInlineEnd" };
    if (node.position === "absolute") elm.style.position = "absolute";
    for (const [key, prop] of Object.entries(offsets)) {
      const value = offset(node[key]);
      if (value) elm.style[prop] = value;
    }
  }

  function renderBox(node, parent) {
    const layout = ["vertical", "horizontal", "baseline"].includes(node.layout) ? node.layout : "vertical";
    const box = el("div", `fx-box fx-${layout}`);
    const spacing = length(node.spacing, SPACES, false);
    const children = Array.isArray(node.contents) ? node.contents : [];
    children.forEach((child, index) => {
      box.appendChild(renderComponent(child, { layout, index, spacing, root: false }));
    });
    const all = length(node.paddingAll, SPACES) || parent.defaultPadding || null;
    if (all) box.style.padding = all;
    const sides = { paddingTop: "paddingTop", paddingBottom: "paddingBottom",
                    paddingStart: "paddingInlineStart", paddingEnd: "paddingInlineEnd" };
    for (const [key, prop] of Object.entries(sides)) {
      const value = length(node[key], SPACES);
      if (value) box.style[prop] = value;
    }
    if (isColor(node.backgroundColor)) box.style.backgroundColor = node.backgroundColor;
    const background = node.background;
    if (background && background.type === "linearGradient" && isColor(background.startColor) && isColor(background.endColor)) {
      const angle = typeof background.angle === "string" && /^-?\d+(?:\.\d+)?deg$/.test(background.angle) ? background.angle : "0deg";
      const stops = [background.startColor];
      if (isColor(background.centerColor)) {
        const at = typeof background.centerPosition === "string" && /^\d+(?:\.\d+)?%$/.test(background.centerPosition)
          ? background.centerPosition : "50%";
        stops.push(`${background.centerColor} ${at}`);
      }
      stops.push(background.endColor);
      // LINE's 0deg points up, as in CSS.
      box.style.backgroundImage = `linear-gradient(${angle}, ${stops.join(", ")})`;
    }
    const border = length(node.borderWidth, BORDER_WIDTHS, false);
    if (border || isColor(node.borderColor)) {
      box.style.borderStyle = "solid";
      box.style.borderWidth = border || "1px";
      box.style.borderColor = isColor(node.borderColor) ? node.borderColor : "#000000";
    }
    const radius = length(node.cornerRadius, SPACES, false);
    if (radius) {
      box.style.borderRadius = radius;
      box.style.overflow = "hidden";
    }
    for (const key of ["width", "height", "maxWidth", "maxHeight"]) {
      const value = length(node[key], null);
      if (value) box.style[key] = value;
    }
    if (Object.prototype.hasOwnProperty.call(JUSTIFY, node.justifyContent)) box.style.justifyContent = JUSTIFY[node.justifyContent];
    if (Object.prototype.hasOwnProperty.call(ALIGN, node.alignItems)) box.style.alignItems = ALIGN[node.alignItems];
    return box;
  }

  function styleText(elm, node) {
    const size = length(node.size, TEXT_SIZES, false);
    if (size) elm.style.fontSize = size;
    if (node.weight === "bold") elm.style.fontWeight = "700";
    if (node.weight === "regular") elm.style.fontWeight = "400";
    if (isColor(node.color)) elm.style.color = node.color;
    if (node.style === "italic") elm.style.fontStyle = "italic";
    if (["underline", "line-through", "none"].includes(node.decoration)) elm.style.textDecoration = node.decoration;
  }

  function renderText(node, parent) {
    const text = el("div", "fx-text");
    const spans = Array.isArray(node.contents) && node.contents.length ? node.contents : null;
    if (spans) {
      spans.forEach((span) => {
        if (span && span.type === "span") {
          const part = el("span", "fx-span", span.text ?? "");
          styleText(part, span);
          text.appendChild(part);
        } else {
          const unknown = placeholder(span && span.type);
          unknown.classList.add("inline");
          text.appendChild(unknown);
        }
      });
    } else {
      text.textContent = String(node.text ?? "");
    }
    styleText(text, node);
    if (["start", "end", "center"].includes(node.align)) text.style.textAlign = node.align;
    if (node.wrap === true) {
      text.classList.add("fx-wrap");
      if (Number.isInteger(node.maxLines) && node.maxLines > 0) {
        text.classList.add("fx-clamp");
        text.style.webkitLineClamp = String(node.maxLines);
      }
      const spacing = length(node.lineSpacing, null, false);
      if (spacing) text.style.lineHeight = `calc(1.4em + ${spacing})`;
    }
    if (parent.layout === "vertical" && Object.prototype.hasOwnProperty.call(GRAVITY, node.gravity)) {
      text.style.display = "flex";
      text.style.flexDirection = "column";
      text.style.justifyContent = GRAVITY[node.gravity];
    }
    return text;
  }

  function renderButton(node) {
    const style = ["primary", "secondary", "link"].includes(node.style) ? node.style : "link";
    const button = el("button", `fx-button fx-button-${style}${node.height === "sm" ? " fx-button-sm" : ""}`);
    button.type = "button";
    const action = node.action && typeof node.action === "object" ? node.action : {};
    button.textContent = String(action.label ?? "");
    button.dataset.actionType = String(action.type);
    if (isColor(node.color)) {
      if (style === "link") button.style.color = node.color;
      else button.style.backgroundColor = node.color;
    }
    if (node.action) button.addEventListener("click", () => { if (!busy) runAction(action); });
    else button.disabled = true;
    return button;
  }

  function imageSize(value, fallback) {
    if (value === "full") return "100%";
    return length(value, IMAGE_SIZES) || fallback;
  }

  function renderImage(node) {
    const outer = el("div", "fx-image");
    const frame = el("div", "fx-image-frame");
    frame.style.width = imageSize(node.size, IMAGE_SIZES.md + "px");
    const [w, h] = ratio(node.aspectRatio) || [1, 1];
    frame.style.aspectRatio = `${w} / ${h}`;
    if (isColor(node.backgroundColor)) frame.style.backgroundColor = node.backgroundColor;
    outer.style.justifyContent = H_ALIGN[node.align] || "center";
    if (Object.prototype.hasOwnProperty.call(GRAVITY, node.gravity)) outer.style.alignItems = GRAVITY[node.gravity];
    const src = safeUrl(node.url);
    if (src) {
      const img = el("img");
      img.alt = "";
      img.referrerPolicy = "no-referrer";
      img.decoding = "async";
      img.style.objectFit = node.aspectMode === "cover" ? "cover" : "contain";
      img.addEventListener("error", () => frame.classList.add("broken"));
      img.src = src;
      frame.appendChild(img);
    } else {
      frame.classList.add("broken");
    }
    outer.appendChild(frame);
    return outer;
  }

  function renderIcon(node) {
    const icon = el("span", "fx-icon");
    const size = parseFloat(length(node.size, TEXT_SIZES, false) || TEXT_SIZES.md + "px");
    const [w, h] = ratio(node.aspectRatio) || [1, 1];
    icon.style.height = size + "px";
    icon.style.width = (size * w) / h + "px";
    const src = safeUrl(node.url);
    if (src) {
      const img = el("img");
      img.alt = "";
      img.referrerPolicy = "no-referrer";
      img.src = src;
      icon.appendChild(img);
    }
    return icon;
  }

  function renderSeparator(node, parent) {
    const line = el("div", "fx-separator " + (parent.layout === "vertical" ? "fx-separator-h" : "fx-separator-v"));
    if (isColor(node.color)) line.style.backgroundColor = node.color;
    return line;
  }

  function renderSpacer(node, parent) {
    const spacer = el("div", "fx-spacer");
    const size = length(node.size, SPACES, false) || SPACES.md + "px";
    if (parent.layout === "vertical") spacer.style.height = size;
    else spacer.style.width = size;
    return spacer;
  }

  function makeTappable(elm, action) {
    if (!action || typeof action !== "object") return;
    elm.classList.add("fx-tappable");
    elm.setAttribute("role", "button");
    elm.tabIndex = 0;
    if (action.label) elm.setAttribute("aria-label", String(action.label));
    const run = (event) => {
      event.stopPropagation();
      if (!busy) runAction(action);
    };
    elm.addEventListener("click", run);
    elm.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        run(event);
      }
    });
  }

  // ---------------------------------------------------------------- composer

  function autosize() {
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight, 120) + "px";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim() || busy) return;
    input.value = "";
    autosize();
    say(text);
  });

  input.addEventListener("keydown", (event) => {
    // Enter sends; Shift+Enter is a new line; never send while an IME is composing (注音, 倉頡).
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener("input", autosize);

  restartButton.addEventListener("click", () => {
    userId = randomUserId();
    try {
      localStorage.setItem(USER_KEY, userId);
    } catch (e) {
      // storage disabled: the new id lasts for this page load
    }
    clearQuickReplies();
    pickerEl.hidden = true;
    logEl.querySelectorAll(".row, .reply, .error-note, .system-note:not(:first-child)").forEach((node) => node.remove());
    note("已換成新的使用者，對話重新開始。");
    input.focus();
  });

  // Test hook: render a fixed list of LINE messages as a bot reply, without the server.
  window.__previewRender = (messages) => {
    renderReply(Array.isArray(messages) ? messages : []);
    return logEl.querySelectorAll(".reply").length;
  };
  window.__previewUserId = () => userId;

  input.focus();
})();
