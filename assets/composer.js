// The composer's browser side: formatting, inserting text, and file uploads.
// Files never travel through the socket: they go to the checked upload route with the
// agent's token, and only their ids ride along with the form when the message is sent.
(function () {
  "use strict";
  var MAX_BYTES = 10 * 1024 * 1024;
  var TOO_BIG = "Each file can be at most 10 MB.";

  function box() { return document.getElementById("composer-body"); }
  function changed(el) { el.dispatchEvent(new Event("input", { bubbles: true })); el.focus(); }

  function splice(el, before, after, placeholder) {
    var start = el.selectionStart, end = el.selectionEnd;
    var chosen = el.value.slice(start, end) || placeholder;
    el.value = el.value.slice(0, start) + before + chosen + after + el.value.slice(end);
    el.setSelectionRange(start + before.length, start + before.length + chosen.length);
    changed(el);
  }

  function prefixLines(el, numbered) {
    var start = el.value.lastIndexOf("\n", el.selectionStart - 1) + 1, end = el.selectionEnd;
    var lines = (el.value.slice(start, end) || "item").split("\n");
    var text = lines.map(function (line, i) { return (numbered ? (i + 1) + ". " : "- ") + line; }).join("\n");
    el.value = el.value.slice(0, start) + text + el.value.slice(end);
    el.setSelectionRange(start, start + text.length);
    changed(el);
  }

  var FORMATS = {
    bold: function (el) { splice(el, "**", "**", "bold text"); },
    italic: function (el) { splice(el, "_", "_", "italic text"); },
    code: function (el) {
      var multi = el.value.slice(el.selectionStart, el.selectionEnd).indexOf("\n") >= 0;
      multi ? splice(el, "```\n", "\n```", "code") : splice(el, "`", "`", "code");
    },
    bullets: function (el) { prefixLines(el, false); },
    numbers: function (el) { prefixLines(el, true); },
    link: function (el) {
      var start = el.selectionStart, label = el.value.slice(start, el.selectionEnd) || "link text";
      var text = "[" + label + "](https://)";
      el.value = el.value.slice(0, start) + text + el.value.slice(el.selectionEnd);
      var url = start + label.length + 3;
      el.setSelectionRange(url, url + 8);
      changed(el);
    },
  };

  window.inboxFormat = function (kind) { var el = box(); if (el && FORMATS[kind]) FORMATS[kind](el); };
  window.inboxInsert = function (text) {
    var el = box(); if (!el) return;
    var start = el.selectionStart;
    el.value = el.value.slice(0, start) + text + el.value.slice(el.selectionEnd);
    el.setSelectionRange(start + text.length, start + text.length);
    changed(el);
  };
  window.inboxReplace = function (text) {
    var el = box(); if (!el || el.value === text) return;
    el.value = text; el.setSelectionRange(text.length, text.length); changed(el);
  };
  window.inboxUseTemplate = function (subject, body) {
    var field = document.getElementById("composer-subject");
    if (field && subject) field.value = subject;
    window.inboxReplace(body);
  };

  function showError(text) {
    var el = document.getElementById("composer-upload-error");
    if (el) { el.textContent = text; el.hidden = !text; }
  }

  function addChip(file) {
    var ids = document.getElementById("composer-attachment-ids");
    var list = document.getElementById("composer-files");
    if (!ids || !list) return;
    ids.value = ids.value ? ids.value + "," + file.id : String(file.id);
    var chip = document.createElement("li");
    chip.textContent = file.filename + " (" + Math.max(1, Math.round(file.size / 1024)) + " KB)";
    list.appendChild(chip);
  }

  function uploadOne(file, conversationId) {
    if (file.size > MAX_BYTES) { showError(file.name + ": " + TOO_BIG); return Promise.resolve(); }
    return fetch("/api/conversations/" + conversationId + "/attachments", {
      method: "POST",
      headers: {
        Authorization: "Bearer " + (localStorage.getItem("inbox_token") || ""),
        "X-Filename": encodeURIComponent(file.name),
      },
      body: file,
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok) addChip(data); else showError(file.name + ": " + (data.detail || "Upload failed."));
      });
    }).catch(function () { showError(file.name + ": the upload failed. Try again."); });
  }

  window.inboxUpload = function (files) {
    var form = document.getElementById("composer-form");
    if (!form || !files || !files.length) return;
    showError("");
    var conversationId = form.getAttribute("data-conversation");
    Array.prototype.reduce.call(files, function (chain, file) {
      return chain.then(function () { return uploadOne(file, conversationId); });
    }, Promise.resolve());
  };

  function clearFiles() {
    var ids = document.getElementById("composer-attachment-ids");
    var list = document.getElementById("composer-files");
    if (ids) ids.value = "";
    if (list) list.textContent = "";
    showError("");
  }

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
  document.addEventListener("reset", function (event) {
    if (event.target && event.target.id === "composer-form") clearFiles();
  }, true);
})();
