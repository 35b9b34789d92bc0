// The chat panel inside the iframe. It talks only to /api/widget/* with the visitor's signed
// token. The token lives in memory and in the host page's storage (kept by widget.js), so the
// panel works even where the browser denies storage to third-party frames.
(function () {
  "use strict";
  var fromHost = new URLSearchParams(location.hash.slice(1));
  var token = fromHost.get("t") || "";
  var identity = fromHost.get("u") ? { userId: fromHost.get("u"), userHash: fromHost.get("h") || "" } : null;
  var page = new URLSearchParams(location.search).get("page") || "";
  var lastId = 0, polling = false, pendingData = null, groupId = null;
  var live = { typing: "", loaded: false };  // typing, files, visitors online: see the end of the file

  function el(id) { return document.getElementById(id); }
  function showError(text) { el("error").textContent = text || ""; el("error").hidden = !text; }
  function showChat() { el("start").hidden = true; el("chat").hidden = false; }

  function render(message) {
    if (message.id <= lastId) return;
    var sent = el("log").querySelector('article.pending[data-id="' + Number(message.id) + '"]');
    if (sent) sent.remove();  // the stored message takes the place of the one shown as sending
    var article = document.createElement("article");
    article.className = message.mine ? "mine" : "theirs";
    var meta = document.createElement("div");
    meta.className = "meta";
    meta.textContent = message.author + " · " + message.time_label;
    var body = document.createElement("div");
    body.innerHTML = message.body_html;  // rendered from Markdown and sanitised by the server
    article.append(meta, body);
    renderFiles(article, message.attachments || []);
    if (live.loaded && !message.mine) askToOpen();  // an agent wrote: show it even if closed
    el("log").append(article);
    el("log").scrollTop = el("log").scrollHeight;
    lastId = message.id;
  }

  function call(path, options) {
    options = options || {};
    options.headers = { "Content-Type": "application/json" };
    if (token) options.headers.Authorization = "Bearer " + token;
    return fetch("/api/widget" + path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.ok) return data;
        var error = new Error(data.detail || tr("Something went wrong. Please try again."));
        error.status = response.status;
        throw error;
      });
    });
  }

  function fetchNew(wait) {
    var asked = token;  // an answer for a chat this panel has since left is dropped
    var query = "/updates?after=" + lastId + "&wait=" + wait + "&typing=" + encodeURIComponent(live.typing);
    return call(query).then(function (data) {
      if (asked !== token) return;
      if (data.token) { token = data.token; keepToken(); }  // renewed while the chat is in use
      data.messages.forEach(render);
      showTyping(data.typing || "");
      live.loaded = true;
    });
  }

  function poll() {
    if (polling || !token) return;
    polling = true;
    (function next() {
      if (!token) { polling = false; return; }
      var asked = token;
      fetchNew(25).then(next, function (error) {
        if (error.status === 401 && asked === token) forgetChat();  // expired, or deleted
        setTimeout(next, 3000);
      });
    })();
  }

  function pushVisitorData() {
    if (!token || !pendingData) return;
    var data = pendingData;
    pendingData = null;
    call("/visitor-data", { method: "POST", body: JSON.stringify(data) }).catch(function () { /* best effort */ });
  }

  window.addEventListener("message", function (event) {  // the JS API, relayed by widget.js
    if (event.source !== parent || !event.data) return;
    if (event.data.type === "inbox-chat-group") groupId = parseInt(event.data.group, 10) || null;
    if (event.data.type !== "inbox-chat-visitor-data") return;
    var data = event.data.data || {}, merged = pendingData || { attributes: {} };
    ["name", "email"].forEach(function (key) { if (data[key]) merged[key] = String(data[key]); });
    Object.keys(data.attributes || {}).forEach(function (key) { merged.attributes[key] = String(data.attributes[key]); });
    pendingData = merged;
    pushVisitorData();
  });

  function started(newToken) {
    token = newToken;
    pushVisitorData();
    keepToken();
    showChat();
    fetchNew(0).then(poll, poll);
    beat();  // Visitors online learns this visitor now chats
  }

  el("start").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = new FormData(event.target);
    var details = { name: form.get("name") || "", email: form.get("email") || "", page: page,
                    language: navigator.language || "", group_id: chosenGroup(form) };
    if (identity) { details.user_id = identity.userId; details.user_hash = identity.userHash; }
    call("/start", { method: "POST", body: JSON.stringify(details) })
      .then(function (data) { showError(""); started(data.token); }, function (error) { showError(error.message); });
  });

  // --- Sending: every text gets a key of its own when it is submitted, and the texts go out
  // one after another in the order written. A retry (network gone, server busy) resends the same
  // text with the same key, so the server stores it once; the box is free for the next text.
  var outbox = [], sending = false;

  function newKey() { return crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random(); }

  function pendingArticle(text) {  // shown at once, replaced by the stored message
    var article = document.createElement("article"), meta = document.createElement("div"), body = document.createElement("div");
    article.className = "mine pending";
    meta.className = "meta";
    meta.textContent = tr("Sending…");
    body.textContent = text;
    article.append(meta, body);
    el("log").append(article);
    el("log").scrollTop = el("log").scrollHeight;
    return article;
  }

  function flush() {
    if (sending || !outbox.length || !token) return;
    sending = true;
    var next = outbox[0];
    call("/messages", { method: "POST", body: JSON.stringify({ body: next.body, key: next.key }) }).then(function (data) {
      outbox.shift(); sending = false; showError("");
      if (data.id <= lastId) next.article.remove(); else next.article.dataset.id = String(data.id);  // see render
      fetchNew(0).then(flush, flush);
    }, function (error) {
      sending = false;
      if (error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429) {
        outbox.shift(); next.article.remove();  // refused for good: the text goes back to the box
        var box = el("compose").elements.body;
        if (!box.value) box.value = next.body;
        showError(error.message);
        return flush();
      }
      next.article.querySelector(".meta").textContent = tr("Not sent yet, trying again…");
      setTimeout(flush, error.status === 429 ? 10000 : 3000);
    });
  }

  el("compose").addEventListener("submit", function (event) {
    event.preventDefault();
    var box = event.target.elements.body, text = box.value;
    if (!text.trim()) return;
    typingSentAt = 0;  // the server ends the typing line when the message arrives
    outbox.push({ body: text, key: newKey(), article: pendingArticle(text) });
    box.value = "";
    flush();
  });

  el("compose").elements.body.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); el("compose").requestSubmit(); }
  });

  function checkStatus() {  // again every 30 s: the notice follows agents coming and going
    fetch("/api/widget/status").then(function (r) { return r.json(); }).then(function (data) {
      el("offline").hidden = !!data.online;
    }, function () { /* the chat still works; only the notice is missing */ });
  }
  checkStatus();
  setInterval(checkStatus, 30000);

  // --- Live extras: typing both ways, files, heartbeats for Visitors online, proactive chats ---
  var visitorId = new URLSearchParams(location.hash.slice(1)).get("v") || "";
  var pageTitle = new URLSearchParams(location.search).get("title") || "";
  var MAX_FILE_BYTES = 10 * 1024 * 1024, TOO_LARGE = "Each file can be at most 10 MB.";
  var typingSentAt = 0;

  function showTyping(text) { live.typing = text; el("typing").textContent = text; el("typing").hidden = !text; }

  function askToOpen() { try { parent.postMessage({ type: "inbox-chat-open" }, "*"); } catch (e) { /* no parent */ } }

  function renderFiles(article, files) {
    files.forEach(function (file) {
      var link = document.createElement("a");
      link.href = file.url;
      link.target = "_blank";
      link.rel = "noopener";
      if (file.is_image) {
        var image = document.createElement("img");
        image.src = file.url;
        image.alt = file.filename;
        image.className = "preview";
        link.append(image);
      } else {
        link.textContent = "\uD83D\uDCCE " + file.filename;
        link.setAttribute("download", file.filename);
      }
      var line = document.createElement("div");
      line.className = "file";
      line.append(link);
      article.append(line);
    });
  }

  function typingNow() {  // at most every two seconds; the server forgets it after five
    if (!token || Date.now() - typingSentAt < 2000) return;
    typingSentAt = Date.now();
    call("/typing", { method: "POST", body: JSON.stringify({ typing: true }) }).catch(function () { /* cosmetic */ });
  }

  function typingStopped() {
    if (!token || !typingSentAt) return;
    typingSentAt = 0;
    call("/typing", { method: "POST", body: JSON.stringify({ typing: false }) }).catch(function () { /* cosmetic */ });
  }

  el("compose").elements.body.addEventListener("input", function (event) {
    if (event.target.value.trim()) typingNow(); else typingStopped();
  });

  // Files: each chosen file gets a row with its progress and a Remove button; they go out one
  // after another (XMLHttpRequest: fetch reports no upload progress), so a file still waiting,
  // or on its way, can be taken back before it is sent.
  function failure(file, status, detail) {
    if (status === 413 || file.size > MAX_FILE_BYTES) return tr(TOO_LARGE);
    return detail || tr("The file could not be sent. Please try again.");
  }

  function upload(item) {
    return new Promise(function (resolve, reject) {
      var xhr = item.xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/widget/attachments");
      xhr.setRequestHeader("Authorization", "Bearer " + token);
      xhr.setRequestHeader("X-Filename", encodeURIComponent(item.file.name));
      xhr.setRequestHeader("X-Idempotency-Key", newKey());
      xhr.upload.onprogress = function (event) {
        if (!event.lengthComputable) return;
        item.bar.value = Math.round(100 * event.loaded / event.total);
        if (event.loaded >= event.total) handedOver(item);
      };
      xhr.upload.onload = function () { handedOver(item); };
      xhr.onload = function () {
        if (xhr.status >= 200 && xhr.status < 300) return resolve();
        var detail = "";
        try { detail = JSON.parse(xhr.responseText).detail; } catch (e) { /* not JSON */ }
        reject(new Error(failure(item.file, xhr.status, detail)));
      };
      xhr.onerror = function () { reject(new Error(failure(item.file, 0, ""))); };
      xhr.onabort = function () { resolve(); };  // removed by the visitor: nothing to report
      xhr.send(item.file);
    });
  }

  // Every byte handed to the connection: stopping it now would not keep the file from arriving
  // (the system still sends what it holds), so it can no longer be taken back.
  function handedOver(item) {
    if (item.remove.hidden) return;
    if (document.activeElement === item.remove) el("compose").elements.body.focus();
    item.remove.hidden = true;
  }

  function uploadRow(file) {
    var item = { file: file, xhr: null, removed: false }, row = document.createElement("li");
    var name = document.createElement("span"), remove = document.createElement("button");
    item.bar = document.createElement("progress");
    name.textContent = file.name;
    item.bar.max = 100; item.bar.value = 0;
    item.bar.setAttribute("aria-label", "Sending " + file.name);
    remove.type = "button"; remove.textContent = "\u2715";
    remove.setAttribute("aria-label", "Remove " + file.name);
    remove.addEventListener("click", function () {
      item.removed = true;
      if (item.xhr) item.xhr.abort();
      row.remove();
      el("compose").elements.body.focus();
    });
    row.append(name, item.bar, remove);
    item.remove = remove;
    el("uploads").append(row);
    item.row = row;
    return item;
  }

  var uploading = Promise.resolve();
  el("attach").addEventListener("click", function () { el("file").click(); });
  el("file").addEventListener("change", function (event) {
    var files = Array.prototype.slice.call(event.target.files || []);
    event.target.value = "";
    showError("");
    var tooLarge = files.filter(function (file) { return file.size > MAX_FILE_BYTES; });
    if (tooLarge.length) showError(tr(TOO_LARGE));
    files.filter(function (file) { return file.size <= MAX_FILE_BYTES; }).map(uploadRow).forEach(function (item) {
      uploading = uploading.then(function () {
        if (item.removed) return;
        return upload(item).then(function () { item.row.remove(); return fetchNew(0); },
          function (error) { item.row.remove(); showError(error.message); });
      }).catch(function () { /* the next poll brings the message */ });
    });
  });

  function beat() {
    var seen = { visitor: visitorId, url: page, title: pageTitle, language: navigator.language || "" };
    call("/heartbeat", { method: "POST", body: JSON.stringify(seen) }).then(function (data) {
      if (data.visitor && data.visitor !== visitorId) {
        visitorId = data.visitor;
        try { parent.postMessage({ type: "inbox-chat-visitor", visitor: visitorId }, "*"); } catch (e) { /* no parent */ }
      }
      waitForInvitation();
    }, function () { /* the next beat tries again */ });
  }

  var inviting = false;
  function waitForInvitation() {  // a visitor without a chat: an agent may start one
    if (inviting || token || !visitorId) return;
    inviting = true;
    (function next() {
      if (token) { inviting = false; return; }
      fetch("/api/widget/invitation?wait=25&visitor=" + encodeURIComponent(visitorId))
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (data.token && !token) { started(data.token); askToOpen(); inviting = false; } else next();
        }, function () { setTimeout(next, 5000); });
    })();
  }

  window.addEventListener("message", function (event) {  // InboxChat.pageView, relayed by widget.js
    if (event.source !== parent || !event.data || event.data.type !== "inbox-chat-page") return;
    page = String(event.data.url || page);
    pageTitle = String(event.data.title || pageTitle);
    beat();
  });

  beat();
  setInterval(beat, 20000);


  // ---- Words in the visitor's language (api/widget_texts.py) --------------------------------
  // Written in English here and in widget-frame.html; the config brings the visitor's words.
  var texts = {};
  function tr(text) { return texts[text] || text; }
  function applyTexts(config) {
    texts = config.texts || {};
    document.documentElement.lang = config.language || "en";
    document.querySelectorAll("[data-t]").forEach(function (node) { node.textContent = tr(node.dataset.t); });
    document.querySelectorAll("[data-t-label]").forEach(function (node) {
      var text = tr(node.dataset.tLabel);
      node.setAttribute("aria-label", text);
      if (node.hasAttribute("placeholder")) node.setAttribute("placeholder", text);
      if (node.hasAttribute("title")) node.setAttribute("title", text);
    });
  }

  // ---- Site config and identity (Settings → Chat widget) ----------------------------------

  function keepToken() {  // widget.js keeps it in the host page's storage, with whose it is
    var user = identity ? identity.userId : "";
    try { parent.postMessage({ type: "inbox-chat-token", token: token, user: user }, "*"); } catch (e) { /* no parent */ }
  }

  function chosenGroup(form) {  // the visitor's pick when the form offers groups, else the site's
    return parseInt(form.get("group"), 10) || groupId;
  }

  function applyConfig(config) {
    applyTexts(config);
    ["name", "email"].forEach(function (key) {
      var mode = config[key] || "optional", input = el("start").elements[key];
      el(key + "-field").hidden = mode === "off";
      input.required = mode === "required";
      input.disabled = mode === "off";
    });
    var select = el("start").elements.group;
    (config.groups || []).forEach(function (group) {
      var option = document.createElement("option");
      option.value = String(group.id);
      option.textContent = group.name;
      select.append(option);
    });
    el("group-field").hidden = !(config.groups || []).length;
    applyLook(config.look || {});
  }

  function applyLook(look) {  // the admin's look: text only (never HTML); widget.js gets its part
    var root = document.documentElement;
    if (/^#[0-9a-f]{6}$/.test(look.accent)) root.style.setProperty("--accent", look.accent);
    if (/^#[0-9a-f]{6}$/.test(look.on_accent)) root.style.setProperty("--on-accent", look.on_accent);
    root.dataset.appearance = look.appearance || "light";
    el("greeting").textContent = look.greeting || "";
    el("greeting").hidden = !look.greeting;
    var host = { type: "inbox-chat-look", accent: look.accent, onAccent: look.on_accent, corner: look.corner,
                 openLabel: tr("Open chat") };
    try { parent.postMessage(host, "*"); } catch (e) { /* no parent */ }
  }

  function forgetChat() {  // a token that belongs to someone else: back to the form
    token = ""; lastId = 0; outbox.length = 0;
    el("log").textContent = "";
    el("start").hidden = false; el("chat").hidden = true;
    keepToken();
  }

  function identify(who) {
    var before = identity;
    identity = who && who.userId ? { userId: String(who.userId), userHash: String(who.userHash || "") } : null;
    if (!identity) { if (before) forgetChat(); return; }  // signed out: their chat stays theirs
    return call("/identify", { method: "POST", body: JSON.stringify({ user_id: identity.userId, user_hash: identity.userHash }) })
      .then(function (data) {
        showError("");
        if (data.token) { if (data.token !== token) { forgetChat(); } started(data.token); } else { forgetChat(); }
      }, function (error) { forgetChat(); showError(error.message); });
  }

  window.addEventListener("message", function (event) {  // InboxChat.identify({userId, userHash})
    if (event.source === parent && event.data && event.data.type === "inbox-chat-identify") identify(event.data.user);
  });

  // Keyboard: opened, the panel puts focus where the visitor types (the chat's message box, or
  // the form's first field); Escape closes it and widget.js gives focus back to the launcher.
  function focusFirstField() {
    var target = !el("chat").hidden ? el("compose").elements.body :
      Array.prototype.find.call(el("start").querySelectorAll("input, select, button"), function (field) {
        return !field.closest("[hidden]") && field.type !== "hidden";
      });
    if (target) target.focus();
  }
  window.addEventListener("message", function (event) {
    if (event.source === parent && event.data && event.data.type === "inbox-chat-focus") focusFirstField();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    try { parent.postMessage({ type: "inbox-chat-close" }, "*"); } catch (e) { /* no parent */ }
  });

  window.addEventListener("pagehide", function () {  // gone: replies go to email from now on
    if (token && navigator.sendBeacon) {
      navigator.sendBeacon("/api/widget/leave", new Blob([JSON.stringify({ token: token })], { type: "application/json" }));
    }
  });

  var asked = new URLSearchParams(location.hash.slice(1)).get("lang") || navigator.language || "";
  fetch("/api/widget/config?lang=" + encodeURIComponent(asked)).then(function (r) { return r.json(); }).then(applyConfig, function () { /* defaults */ });

  if (identity) identify(identity); else if (token) started(token);
})();
