// The composer's files: each chosen, dropped or pasted file is uploaded at once, with its own
// progress bar and a Remove button; only the ids of the files still listed ride along with
// the form when the message is sent. Files never travel through the socket: they go to the
// checked upload route with the agent's token (XMLHttpRequest: fetch reports no upload
// progress), and a removed upload is deleted on the server, so it can never be sent.
(function () {
  "use strict";
  var MAX_BYTES = 10 * 1024 * 1024;
  var TOO_BIG = "Each file can be at most 10 MB.";
  var sendWhenUploaded = false;  // Send was pressed while a file was still on its way
  var entries = [];  // in the order chosen: the message lists them so
  var queue = Promise.resolve();  // one upload at a time keeps that order on the server

  function byId(id) { return document.getElementById(id); }
  function token() { return localStorage.getItem("inbox_token") || ""; }
  function route(entry) {
    return "/api/conversations/" + entry.conversationId + "/attachments" + (entry.id ? "/" + entry.id : "");
  }

  function showError(text) {
    var el = byId("composer-upload-error");
    if (el) { el.textContent = text; el.hidden = !text; }
  }

  function syncIds() {
    var ids = byId("composer-attachment-ids");
    if (ids) ids.value = entries.filter(function (e) { return e.id; }).map(function (e) { return e.id; }).join(",");
  }

  function sizeText(bytes) { return Math.max(1, Math.round(bytes / 1024)) + " KB"; }

  function chip(entry) {
    var item = document.createElement("li");
    item.style.cssText = "display:flex;align-items:center;gap:0.5em;list-style:none";
    var label = document.createElement("span");
    label.textContent = entry.name + " (" + sizeText(entry.file.size) + ")";
    entry.bar = document.createElement("progress");
    entry.bar.max = 100;
    entry.bar.value = 0;
    entry.bar.setAttribute("aria-label", "Upload of " + entry.name);
    entry.bar.style.cssText = "width:6em;height:0.5em;accent-color:var(--accent-9)";
    var remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "\u00d7";
    remove.setAttribute("aria-label", "Remove " + entry.name);
    remove.style.cssText = "border:none;background:none;cursor:pointer;color:inherit;font-size:14px;padding:0 0.3em";
    remove.addEventListener("click", function () { removeEntry(entry); });
    item.append(label, entry.bar, remove);
    entry.item = item;
    return item;
  }

  function forget(entry) {
    entries = entries.filter(function (e) { return e !== entry; });
    if (entry.item) entry.item.remove();
    syncIds();
    sendIfWaiting();
  }

  function failed(entry, text) {
    sendWhenUploaded = false;  // the person sees what went wrong before anything is sent
    showError(entry.name + ": " + text);
    forget(entry);
  }

  function deleteStored(entry) {  // the server forgets the upload and deletes the bytes
    var request = new XMLHttpRequest();
    request.open("DELETE", route(entry));
    request.setRequestHeader("Authorization", "Bearer " + token());
    request.send();
  }

  // An upload stopped mid-way never reaches the server whole, so nothing is kept. Once every
  // byte is handed to the connection, stopping it no longer does (the system still sends what
  // it holds): it is left to finish and then deleted.
  function discard(entry) {
    if (entry.removed) return;
    entry.removed = true;
    if (entry.xhr && !entry.handedOver) entry.xhr.abort();
    if (entry.id) deleteStored(entry);
    forget(entry);
  }

  function removeEntry(entry) {
    var next = entries[entries.indexOf(entry) + 1] || entries[entries.indexOf(entry) - 1];
    discard(entry);
    var focus = next && next.item ? next.item.querySelector("button") : byId("composer-body");
    if (focus) focus.focus();
  }

  // Files belong to the conversation they were chosen in: another one opened (or the composer
  // drawn anew) and they are discarded, never sent with a message elsewhere.
  function dropStale() {
    var form = byId("composer-form"), here = form && form.getAttribute("data-conversation");
    entries.slice().forEach(function (e) {
      if (e.conversationId !== here || !e.item.isConnected) discard(e);
    });
  }

  function finished(entry, request, resolve) {
    entry.xhr = null;
    var data = {};
    try { data = JSON.parse(request.responseText || "{}"); } catch (e) { data = {}; }
    if (request.status === 201) entry.id = data.id;
    if (entry.removed) {
      if (entry.id) deleteStored(entry);  // removed after it was handed over whole
    } else if (entry.id) {
      entry.bar.value = 100;
      syncIds();
      sendIfWaiting();
    } else {
      failed(entry, data.detail || "Upload failed.");
    }
    resolve();
  }

  function send(entry) {
    return new Promise(function (resolve) {
      if (entry.removed) { resolve(); return; }
      var request = new XMLHttpRequest();
      entry.xhr = request;
      request.open("POST", route(entry));
      request.setRequestHeader("Authorization", "Bearer " + token());
      request.setRequestHeader("X-Filename", encodeURIComponent(entry.name));
      request.upload.addEventListener("progress", function (event) {
        if (!event.lengthComputable) return;
        entry.bar.value = Math.floor((99 * event.loaded) / event.total);
        entry.handedOver = event.loaded >= event.total;
      });
      request.upload.addEventListener("load", function () { entry.handedOver = true; });
      request.addEventListener("load", function () { finished(entry, request, resolve); });
      request.addEventListener("error", function () {
        entry.xhr = null;
        if (!entry.removed) failed(entry, "the upload failed. Try again.");
        resolve();
      });
      request.addEventListener("abort", function () { entry.xhr = null; resolve(); });
      request.send(entry.file);
    });
  }

  function add(file, conversationId) {
    if (file.size > MAX_BYTES) { showError(file.name + ": " + TOO_BIG); return; }
    var list = byId("composer-files");
    if (!list) return;
    var entry = { file: file, name: file.name, conversationId: conversationId, id: null };
    entries.push(entry);
    list.appendChild(chip(entry));
    queue = queue.then(function () { return send(entry); });
  }

  window.inboxUpload = function (files) {
    var form = byId("composer-form");
    if (!form || !files || !files.length) return;
    showError("");
    dropStale();
    var conversationId = form.getAttribute("data-conversation");
    Array.prototype.forEach.call(files, function (file) { add(file, conversationId); });
  };

  function clearFiles() {
    entries = [];
    sendWhenUploaded = false;
    var list = byId("composer-files");
    if (list) list.textContent = "";
    syncIds();
    showError("");
  }

  function uploading() { dropStale(); return entries.some(function (e) { return !e.id; }); }

  function sendIfWaiting() {
    var form = byId("composer-form");
    if (!sendWhenUploaded || uploading() || !form) return;
    sendWhenUploaded = false;
    form.requestSubmit();
  }

  // Before Reflex's own handler (capture on the document): a message sent while a file is
  // still on its way would go without it, so it goes once the last one is stored.
  document.addEventListener("submit", function (event) {
    if (!event.target || event.target.id !== "composer-form" || !uploading()) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    sendWhenUploaded = true;
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "composer-file-input") {
      window.inboxUpload(event.target.files);
      event.target.value = "";
    }
  });
  document.addEventListener("paste", function (event) {
    if (event.target && event.target.id === "composer-body" && event.clipboardData.files.length) {
      event.preventDefault();
      window.inboxUpload(event.clipboardData.files);
    }
  });
  document.addEventListener("dragover", function (event) {
    if (event.target.closest && event.target.closest("#composer-form")) event.preventDefault();
  });
  document.addEventListener("drop", function (event) {
    if (event.target.closest && event.target.closest("#composer-form") && event.dataTransfer.files.length) {
      event.preventDefault();
      window.inboxUpload(event.dataTransfer.files);
    }
  });
  new MutationObserver(dropStale).observe(document.documentElement, {
    subtree: true, attributes: true, attributeFilter: ["data-conversation"],
  });
  document.addEventListener("reset", function (event) {
    if (event.target && event.target.id === "composer-form") clearFiles();
  }, true);
})();
