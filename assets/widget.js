/* Inbox chat widget: <script async src="https://inbox.example.com/widget.js"></script>
   Adds the "Open chat" button and the chat panel (an iframe served by the inbox). No global CSS,
   one global object, window.InboxChat: open(), close(), hide(), show(),
   setVisitorData({name, email, attributes}), setGroup(id), pageView(url, title),
   identify({userId, userHash}) (also as data-user-id / data-user-hash on this script tag);
   data-lang="de" or "en" on the tag: the widget's language (else the visitor's browser's);
   userHash = hex HMAC-SHA256(site secret, userId), computed on the site's server. */
(function () {
  "use strict";
  if (window.InboxChat) return;
  var script = document.currentScript;
  var origin = new URL(script ? script.src : "/widget.js", location.href).origin;
  var KEY = "inbox_chat_token", USER_KEY = "inbox_chat_user", frame = null, button = null, loaded = false, queue = [];
  var user = script && script.dataset.userId ? { userId: script.dataset.userId, userHash: script.dataset.userHash || "" } : null;

  function read(key) { try { return localStorage.getItem(key) || ""; } catch (e) { return ""; } }

  function stored() {  // a signed-in user's chat is only reused while the page says it is them
    var owner = read(USER_KEY);
    return !owner || (user && user.userId === owner) ? read(KEY) : "";
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data || event.data.type !== "inbox-chat-token") return;
    try {
      localStorage.setItem(KEY, event.data.token);
      localStorage.setItem(USER_KEY, event.data.user || "");
    } catch (e) { /* the visitor stays for this page */ }
  });

  // Live extras: the signed anonymous visitor id (Visitors online), and an agent's proactive
  // chat or reply opening the panel.
  var VISITOR_KEY = "inbox_chat_visitor";
  function storedVisitor() { try { return localStorage.getItem(VISITOR_KEY) || ""; } catch (e) { return ""; } }
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || !event.data) return;
    if (event.data.type === "inbox-chat-open" && button) reveal(false);  // never takes the page's focus
    if (event.data.type === "inbox-chat-close" && button) { api.close(); button.focus(); }
    if (event.data.type === "inbox-chat-look") applyLook(event.data);
    if (event.data.type !== "inbox-chat-visitor") return;
    try { localStorage.setItem(VISITOR_KEY, String(event.data.visitor)); } catch (e) { /* a new id next time */ }
  });
  // The admin's look (Settings → Chat widget), sent by the panel once it read its config: the
  // launcher's colour and the corner of both. Only well-formed values reach the page's styles.
  var HEX = /^#[0-9a-f]{6}$/;
  function applyLook(look) {
    var left = look.corner === "left";
    [button, frame].forEach(function (node) {
      if (!node) return;
      node.style.left = left ? "20px" : "auto";
      node.style.right = left ? "auto" : "20px";
    });
    if (button && HEX.test(look.accent)) button.style.background = look.accent;
    if (button && HEX.test(look.onAccent)) button.style.color = look.onAccent;
    if (button && typeof look.openLabel === "string" && look.openLabel) button.setAttribute("aria-label", look.openLabel.slice(0, 80));
    if (frame) frame.style.background = "transparent";  // the panel paints its own, light or dark
    if (button) button.style.opacity = "1";
  }
  function liveParams() { return "&title=" + encodeURIComponent(document.title); }  // for Visitors online
  function startAt() {  // in the fragment: never sent to a server, not in Referer headers
    var hash = "#t=" + encodeURIComponent(stored());
    return user ? hash + "&u=" + encodeURIComponent(user.userId) + "&h=" + encodeURIComponent(user.userHash) : hash;
  }

  function panel() {
    if (frame) return frame;
    frame = document.createElement("iframe");
    frame.title = "Chat";
    frame.src = origin + "/widget-frame.html?page=" + encodeURIComponent(location.href) + liveParams() + startAt() +
      "&v=" + encodeURIComponent(storedVisitor()) +
      "&lang=" + encodeURIComponent((script && script.dataset.lang) || navigator.language || "");  // the widget's words
    frame.style.cssText = "position:fixed;right:20px;bottom:88px;width:360px;height:520px;max-height:80vh;border:0;" +
      "border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.2);z-index:2147483000;background:#fff;display:none";
    frame.addEventListener("load", function () { loaded = true; queue.splice(0).forEach(tell); });
    document.body.appendChild(frame);
    return frame;
  }

  function tell(message) {  // to the panel only, and only once it is there
    if (loaded) frame.contentWindow.postMessage(message, origin); else { panel(); queue.push(message); }
  }

  function reveal(withFocus) {  // the visitor opening it: focus goes where they type next
    panel().style.display = "block";
    button.setAttribute("aria-expanded", "true");
    if (!withFocus) return;
    frame.focus();
    tell({ type: "inbox-chat-focus" });  // the message box, or the form's first field
  }

  var api = {
    open: function () { reveal(true); },
    close: function () { if (frame) frame.style.display = "none"; button.setAttribute("aria-expanded", "false"); },
    hide: function () { api.close(); button.style.display = "none"; },
    show: function () { button.style.display = "block"; },
    setVisitorData: function (data) { tell({ type: "inbox-chat-visitor-data", data: data || {} }); },
    setGroup: function (id) { tell({ type: "inbox-chat-group", group: id }); },
    pageView: function (url, title) {
      var page = { last_page: String(url || location.href), last_page_title: String(title || document.title) };
      tell({ type: "inbox-chat-visitor-data", data: { attributes: page } });
      tell({ type: "inbox-chat-page", url: page.last_page, title: page.last_page_title });  // Visitors online
    },
    identify: function (who) {
      user = who && who.userId ? { userId: String(who.userId), userHash: String(who.userHash || "") } : null;
      if (frame) tell({ type: "inbox-chat-identify", user: user });  // else the panel starts with it
    },
  };

  function launcher() {
    button = document.createElement("button");
    button.type = "button";
    button.setAttribute("aria-label", "Open chat");
    button.setAttribute("aria-expanded", "false");
    button.textContent = "\uD83D\uDCAC";
    button.style.cssText = "position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;" +
      "background:#6e56cf;color:#fff;font-size:24px;cursor:pointer;z-index:2147483000;opacity:0;transition:opacity .2s";
    // Shown once the panel sent the site's look (colour, corner), or after 2 s without it.
    setTimeout(function () { button.style.opacity = "1"; }, 2000);
    button.addEventListener("click", function () { frame && frame.style.display === "block" ? api.close() : api.open(); });
    document.body.appendChild(button);
  }

  window.InboxChat = api;
  function launchWithPanel() { launcher(); panel(); }  // the hidden panel reports the visit at once
  if (document.body) launchWithPanel(); else document.addEventListener("DOMContentLoaded", launchWithPanel);
})();
