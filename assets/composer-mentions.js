// @mentions in a comment: typing `@` and letters lists the matching agents under the box.
// The list of agents comes with the page (data-agents on #composer-mention-slot, from
// ComposerState): no request per keystroke. The box keeps the focus and points at the
// highlighted option with aria-activedescendant; arrows move, Enter or Tab insert the
// handle the mention rule reads back as that agent, Escape closes; the mouse works too.
(function () {
  "use strict";
  var LIST_ID = "composer-mentions";
  var MAX_SHOWN = 8;
  // As services/composer/mentions.py reads a mention: `@` not after a letter, digit or `@`.
  var TYPED = /(?:^|[^\p{L}\p{N}_@])@([\p{L}\p{N}_.-]{0,60})$/u;
  var open = null;  // {list, options, active, start, end} while the list shows

  function box() { return document.getElementById("composer-body"); }

  function agents() {
    var slot = document.getElementById("composer-mention-slot");
    try { return JSON.parse((slot && slot.getAttribute("data-agents")) || "[]"); } catch (e) { return []; }
  }

  function inCommentMode() {
    var form = document.getElementById("composer-form");
    return !!form && form.getAttribute("data-mode") === "comment";
  }

  function matching(query) {
    var q = query.toLowerCase();
    return agents().filter(function (agent) {
      var words = agent.name.toLowerCase().split(/\s+/);
      return agent.handle.toLowerCase().indexOf(q) === 0 || words.some(function (w) { return w.indexOf(q) === 0; });
    }).slice(0, MAX_SHOWN);
  }

  function close() {
    var el = box();
    if (el) { el.removeAttribute("aria-activedescendant"); el.removeAttribute("aria-controls"); }
    if (open) open.list.remove();
    open = null;
  }

  function highlight(index) {
    if (!open) return;
    open.active = (index + open.options.length) % open.options.length;
    open.options.forEach(function (option, i) {
      var on = i === open.active;
      option.setAttribute("aria-selected", on ? "true" : "false");
      option.style.background = on ? "var(--accent-4)" : "";
      if (on) option.scrollIntoView({ block: "nearest" });
    });
    box().setAttribute("aria-activedescendant", open.options[open.active].id);
  }

  function pick(index) {
    var el = box(), chosen = open && open.agents[index];
    if (!el || !chosen) return;
    var text = "@" + chosen.handle + " ", start = open.start, end = open.end;
    close();
    el.value = el.value.slice(0, start) + text + el.value.slice(end);
    el.setSelectionRange(start + text.length, start + text.length);
    el.dispatchEvent(new Event("input", { bubbles: true }));  // the draft is saved as after typing
    el.focus();
  }

  function option(agent, index) {
    var item = document.createElement("li");
    item.id = LIST_ID + "-" + index;
    item.setAttribute("role", "option");
    item.style.cssText = "padding:0.25em 0.6em;border-radius:4px;cursor:pointer;display:flex;gap:0.6em";
    var name = document.createElement("span");
    name.textContent = agent.name;
    var handle = document.createElement("span");
    handle.textContent = "@" + agent.handle;
    handle.style.color = "var(--gray-11)";
    handle.setAttribute("aria-hidden", "true");
    item.append(name, handle);
    item.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the focus
    item.addEventListener("mousemove", function () { if (open && open.active !== index) highlight(index); });
    item.addEventListener("click", function () { pick(index); });
    return item;
  }

  function show(found, start, end) {
    var slot = document.getElementById("composer-mention-slot");
    if (!slot) return;
    close();
    var list = document.createElement("ul");
    list.id = LIST_ID;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Mention an agent");
    list.style.cssText = "position:absolute;left:0;bottom:0;z-index:20;margin:0;padding:4px;list-style:none;" +
      "min-width:14em;max-height:14em;overflow:auto;background:var(--color-panel-solid);" +
      "border:1px solid var(--gray-6);border-radius:6px;box-shadow:0 4px 16px rgba(0,0,0,0.15);font-size:14px";
    var options = found.map(option);
    list.append.apply(list, options);
    slot.appendChild(list);
    open = { list: list, options: options, agents: found, active: 0, start: start, end: end };
    box().setAttribute("aria-controls", LIST_ID);
    highlight(0);
  }

  function update() {
    var el = box();
    if (!el || !inCommentMode() || el.selectionStart !== el.selectionEnd) { close(); return; }
    var typed = TYPED.exec(el.value.slice(0, el.selectionStart));
    var found = typed ? matching(typed[1]) : [];
    if (!found.length) { close(); return; }
    show(found, el.selectionStart - typed[1].length - 1, el.selectionStart);
  }

  var KEYS = {
    ArrowDown: function () { highlight(open.active + 1); },
    ArrowUp: function () { highlight(open.active - 1); },
    Enter: function () { pick(open.active); },
    Tab: function () { pick(open.active); },
    Escape: close,
  };

  // On the window, capturing: before React's handlers, so Enter picks instead of sending.
  window.addEventListener("keydown", function (event) {
    if (!open || event.isComposing || !event.target || event.target.id !== "composer-body") return;
    var act = KEYS[event.key];
    if (!act || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    act();
  }, true);
  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === "composer-body") update();
  });
  document.addEventListener("click", function (event) {
    if (event.target && event.target.id === "composer-body") update();  // the caret moved
  });
  document.addEventListener("focusout", function (event) {
    if (event.target && event.target.id === "composer-body") close();
  });
  // The agents arrive a moment after Comment is chosen, and Reply closes the list: look again.
  new MutationObserver(function () {
    if (document.activeElement === box()) update(); else close();
  }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["data-agents", "data-mode"] });
})();
