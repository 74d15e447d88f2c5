/* The Regulars customer assistant widget: put
     <script src="https://YOUR-REGULARS/static/assistant-widget.js" data-key="wk_..." defer></script>
   on a page. No inline script, no inline style, nothing from a CDN: this file and
   assistant-widget.css come from the Regulars server, and every text is shown as text. */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me) { return; }
  var base = new URL(me.src).origin;
  var key = me.getAttribute("data-key") || "";
  var store = window.sessionStorage;
  var cid = store.getItem("regulars-chat-id");
  var shown = {};
  var polling = null;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  var css = el("link");
  css.rel = "stylesheet";
  css.href = base + "/static/assistant-widget.css";
  document.head.appendChild(css);

  var root = el("section", "regulars-chat");
  root.setAttribute("aria-label", "Chat with the shop");
  var toggle = el("button", "regulars-chat-toggle", "Chat with us");
  toggle.type = "button";
  var panel = el("div", "regulars-chat-panel");
  panel.hidden = true;
  var log = el("ol", "regulars-chat-log");
  log.setAttribute("aria-live", "polite");
  var form = el("form", "regulars-chat-form");
  var input = el("input", "regulars-chat-input");
  input.name = "message";
  input.maxLength = 500;
  input.autocomplete = "off";
  input.setAttribute("aria-label", "Your message");
  input.placeholder = "Ask about shipping, returns, your order...";
  var send = el("button", "regulars-chat-send", "Send");
  send.type = "submit";
  form.appendChild(input);
  form.appendChild(send);
  var rating = el("div", "regulars-chat-rate");
  rating.hidden = true;
  var ask = el("span", "regulars-chat-rate-ask", "How helpful was this chat?");
  rating.appendChild(ask);
  var stars = [];
  [1, 2, 3, 4, 5].forEach(function (n) {
    var b = el("button", "regulars-chat-star", String(n));
    b.type = "button";
    b.setAttribute("aria-label", "Rate this chat " + n + " of 5");
    b.setAttribute("aria-pressed", "false");
    b.addEventListener("click", function () { rate(n); });
    stars.push(b);
    rating.appendChild(b);
  });
  panel.appendChild(log);
  panel.appendChild(rating);
  panel.appendChild(form);
  root.appendChild(toggle);
  root.appendChild(panel);
  document.body.appendChild(root);

  function say(role, text, seq) {
    if (seq !== undefined) {
      if (shown[seq]) { return; }
      shown[seq] = true;
    }
    var item = el("li", "regulars-chat-msg regulars-chat-" + role, text);
    if (role === "assistant" || role === "staff") { rating.hidden = false; }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function call(method, path, body) {
    var init = { method: method, headers: { "X-Widget-Key": key } };
    if (body) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(base + path, init).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { throw new Error(data.detail || "The chat is not available right now."); }
        return data;
      });
    });
  }

  function rate(n) {
    if (!cid) { return; }
    call("POST", "/api/v1/chat/" + cid + "/rating", { csat: n }).then(function (r) {
      stars.forEach(function (b, i) { b.setAttribute("aria-pressed", String(i + 1 === r.csat)); });
      ask.textContent = "Thank you: you rated this chat " + r.csat + " of 5.";
    }).catch(function (err) { ask.textContent = err.message; });
  }

  function poll() {
    if (!cid) { return; }
    call("GET", "/api/v1/chat/" + cid + "?after=0").then(function (data) {
      data.messages.forEach(function (m) { say(m.role, m.text, m.seq); });
    }).catch(function () {});
  }

  function startPolling() {
    if (!polling) { polling = window.setInterval(poll, 2000); }
  }

  toggle.addEventListener("click", function () {
    panel.hidden = !panel.hidden;
    if (!panel.hidden) {
      if (cid) { poll(); startPolling(); }
      input.focus();
    }
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { return; }
    input.value = "";
    send.disabled = true;
    var body = { message: text };
    if (cid) { body.conversation_id = cid; }
    call("POST", "/api/v1/chat", body).then(function (r) {
      cid = r.conversation_id;
      store.setItem("regulars-chat-id", cid);
      say("customer", text, r.seq - 1);
      say("assistant", r.text, r.seq);
      rating.hidden = false;
      if (r.handover) { startPolling(); }
    }).catch(function (err) {
      say("customer", text);
      say("error", err.message);
    }).then(function () {
      send.disabled = false;
      input.focus();
    });
  });
})();
