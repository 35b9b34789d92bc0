// The open conversation's thread (#thread-log): it opens at its newest message and stays at
// the bottom while the agent is there when messages arrive; scrolled to the top, it presses
// "Load earlier messages" (#thread-earlier) and keeps the message the agent was reading where
// it was, however much arrives above it.
(function () {
  "use strict";

  var log = null;
  var conversation = null;
  var pinned = true; // the agent is at the bottom: new messages keep them there
  var anchor = null; // while earlier messages load: the first message shown, and its place

  function messageTop(id) {
    var element = log.querySelector("[data-message='" + id + "']");
    return element ? element.getBoundingClientRect().top : null;
  }

  function atBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  }

  function onScroll() {
    pinned = atBottom();
    var button = document.getElementById("thread-earlier");
    var first = log.querySelector("[data-message]");
    if (log.scrollTop < 60 && button && first && !anchor) {
      var id = first.getAttribute("data-message");
      anchor = { id: id, top: messageTop(id), since: Date.now() };
      button.click();
    }
  }

  function keepAnchor() {
    var top = messageTop(anchor.id);
    if (top !== null && top !== anchor.top) {
      log.scrollTop += top - anchor.top; // the page arrived above: put the message back
      anchor = null;
    } else if (Date.now() - anchor.since > 10000) {
      anchor = null; // nothing came (no more, or a failure): scrolling up may try again
    }
  }

  function settle() {
    var found = document.getElementById("thread-log");
    if (found !== log) {
      if (log) log.removeEventListener("scroll", onScroll);
      log = found;
      anchor = null;
      if (log) log.addEventListener("scroll", onScroll, { passive: true });
    }
    if (!log) return;
    var section = log.closest("[data-conversation]");
    var current = section && section.getAttribute("data-conversation");
    if (current !== conversation) {
      conversation = current;
      pinned = true;
      anchor = null;
    }
    if (anchor) keepAnchor();
    else if (pinned) log.scrollTop = log.scrollHeight;
  }

  var queued = false;
  new MutationObserver(function () {
    if (queued) return;
    queued = true;
    requestAnimationFrame(function () {
      queued = false;
      settle();
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
