// The calculator's behaviour: link each slider to its number box, ask the server for the figures when an input
// changes, and swap in the result (words, figures and chart) it sends back. No pricing arithmetic lives here.
// Inside LINE (a LIFF id configured and the SDK loaded) it can also send or share the estimate.
// Its words come translated from the server, in the body's data-msg-* attributes; none are written here.
"use strict";

(function () {
  document.documentElement.classList.replace("no-js", "js");

  const body = document.body;
  const form = document.getElementById("calc-form");
  const slot = document.getElementById("result-slot");
  const errorBox = document.getElementById("form-error");
  const fields = ["friends", "sends", "period", "share"];
  const words = body.dataset;  // msgBadInput, msgOffline, msgNotSent, msgSent, msgShared
  const DELAY_MS = 200;
  let timer = null;
  let asked = 0;

  // ------------------------------------------------------------------ sliders ↔ number boxes

  function stopsOf(range) {
    const raw = range.dataset.stops;
    return raw ? raw.split(",").map(Number) : null;
  }

  // A slider's position for a number: the stop at or below it (friends), or the number itself, kept in range.
  function placeSlider(range, value) {
    const stops = stopsOf(range);
    if (stops) {
      let index = 0;
      stops.forEach(function (stop, i) { if (stop <= value) { index = i; } });
      range.value = String(index);
    } else {
      range.value = String(Math.min(Number(range.max), Math.max(Number(range.min), value)));
    }
    range.setAttribute("aria-valuetext", document.getElementById(range.dataset.for).value || "");
  }

  function linkSlider(range) {
    const box = document.getElementById(range.dataset.for);
    const stops = stopsOf(range);
    if (stops) { range.max = String(stops.length - 1); }
    const start = Number(box.value);
    if (box.value !== "" && Number.isFinite(start)) { placeSlider(range, start); }
    range.addEventListener("input", function () {
      box.value = String(stops ? stops[Number(range.value)] : range.value);
      range.setAttribute("aria-valuetext", box.value);
      schedule();
    });
    box.addEventListener("input", function () {
      const value = Number(box.value);
      if (box.value !== "" && Number.isFinite(value)) { placeSlider(range, value); }
    });
  }

  document.querySelectorAll("input.range[data-for]").forEach(linkSlider);

  // ------------------------------------------------------------------ asking the server

  function query() {
    const params = new URLSearchParams();
    fields.forEach(function (name) { params.set(name, form.elements[name].value.trim()); });
    if (form.elements.lang) { params.set("lang", form.elements.lang.value); }  // a language chosen by link stays
    return params;
  }

  function showError(field, message) {
    fields.forEach(function (name) { form.elements[name].removeAttribute("aria-invalid"); });
    if (field && form.elements[field]) { form.elements[field].setAttribute("aria-invalid", "true"); }
    errorBox.textContent = message || "";
    errorBox.hidden = !message;
    slot.hidden = Boolean(message);  // figures for other inputs would mislead
  }

  function update() {
    const params = query();
    const mine = ++asked;
    fetch(body.dataset.api + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (answer) {
        if (mine !== asked) { return; }  // a newer question is on its way
        if (!answer.ok) {
          showError(answer.data.field, answer.data.message || words.msgBadInput);
          return;
        }
        showError(null, "");
        slot.innerHTML = answer.data.html;
        slot.dataset.shareText = answer.data.share_text;
        document.getElementById("live").textContent = answer.data.summary;  // one sentence, not the whole result
        history.replaceState(null, "", body.dataset.page + "?" + params.toString());
      })
      .catch(function () {
        if (mine === asked) { showError(null, words.msgOffline); }
      });
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(update, DELAY_MS);
  }

  fields.forEach(function (name) {
    form.elements[name].addEventListener("input", schedule);
    form.elements[name].addEventListener("change", schedule);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    update();
  });

  // ------------------------------------------------------------------ inside LINE (LIFF)

  const liffId = body.dataset.liffId;
  const actions = document.getElementById("liff-actions");
  const sendButton = document.getElementById("liff-send");
  const shareButton = document.getElementById("liff-share");
  const status = document.getElementById("liff-status");

  function message() {
    return [{ type: "text", text: slot.dataset.shareText || "" }];
  }

  function report(promise, done) {
    status.textContent = "";
    promise.then(function (result) {
      status.textContent = result === undefined || result ? done : "";
    }).catch(function () {
      status.textContent = words.msgNotSent;
    });
  }

  if (liffId && window.liff) {
    window.liff.init({ liffId: liffId }).then(function () {
      if (!window.liff.isInClient()) { return; }  // outside LINE the buttons stay hidden
      actions.hidden = false;
      sendButton.hidden = false;
      shareButton.hidden = !window.liff.isApiAvailable("shareTargetPicker");
    }).catch(function () { /* not in LINE or LIFF unavailable: the page works without it */ });
    sendButton.addEventListener("click", function () {
      report(window.liff.sendMessages(message()), words.msgSent);
    });
    shareButton.addEventListener("click", function () {
      report(window.liff.shareTargetPicker(message()), words.msgShared);
    });
  }
})();
