// The composer's browser side: formatting and inserting text (files: composer-files.js,
// @mentions: composer-mentions.js).
(function () {
  "use strict";

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
})();
