// Keyboard shortcuts of the dashboard (the "Keyboard shortcuts" dialog lists them):
// j / k or the arrow keys move between conversations in the message list, Enter opens one,
// x selects the focused one, r and c start a reply or a comment, / focuses the search, ? opens
// the list. They never fire while typing in a field or with a modifier key held.
(function () {
  "use strict";

  function typing(target) {
    if (!target || !target.closest) return false;
    return !!target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], [role='textbox']");
  }

  function cards() {
    var list = document.querySelector("[aria-label='Message list']");
    return list ? Array.prototype.slice.call(list.querySelectorAll("li a[href^='/inbox/']")) : [];
  }

  function moveInList(step) {
    var all = cards();
    if (!all.length) return false;
    var here = all.indexOf(document.activeElement && document.activeElement.closest("li a[href^='/inbox/']"));
    if (here < 0) here = all.findIndex(function (a) { return a.getAttribute("aria-current") === "page"; });
    var next = Math.max(0, Math.min(all.length - 1, here < 0 ? 0 : here + step));
    all[next].focus();
    all[next].scrollIntoView({ block: "nearest" });
    return true;
  }

  function inList(target) {
    return !!(target && target.closest && target.closest("[aria-label='Message list']"));
  }

  function startComposing(mode) {
    var tab = document.querySelector("[role='tab'][id$='-trigger-" + mode + "']") ||
      Array.prototype.find.call(document.querySelectorAll("[role='tab']"), function (t) {
        return t.textContent.trim().toLowerCase() === (mode === "reply" ? "reply" : "comment");
      });
    var box = document.getElementById("composer-body");
    if (!box) return false;
    if (tab && tab.getAttribute("aria-selected") !== "true") {
      tab.dispatchEvent(new PointerEvent("pointerdown", { bubbles: true, button: 0 }));
      tab.dispatchEvent(new MouseEvent("mousedown", { bubbles: true, button: 0 }));
      tab.click();
    }
    box.focus();
    return true;
  }

  function clickById(id) {
    var el = document.getElementById(id);
    if (!el) return false;
    el.click();
    return true;
  }

  function toggleSelection(target) {
    var item = target && target.closest && target.closest("li");
    var box = item && inList(item) ? item.querySelector("[role='checkbox']") : null;
    if (!box) return false;
    box.click();
    return true;
  }

  var KEYS = {
    j: function () { return moveInList(1); },
    k: function () { return moveInList(-1); },
    ArrowDown: function (event) { return inList(event.target) && moveInList(1); },
    ArrowUp: function (event) { return inList(event.target) && moveInList(-1); },
    x: function (event) { return toggleSelection(event.target); },
    r: function () { return startComposing("reply"); },
    c: function () { return startComposing("comment"); },
    "/": function () {
      var search = document.querySelector("input[aria-label='Search conversations']");
      if (!search) return false;
      search.focus();
      return true;
    },
    "?": function () { return clickById("shortcuts-button"); },
  };

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target) || document.querySelector("[role='dialog'], [role='alertdialog']")) return;
    var action = KEYS[event.key];
    if (action && action(event)) event.preventDefault();
  });
})();
