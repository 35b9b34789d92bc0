// Announces new notifications: an in-page toast, a short sound, the browser's notification
// (only once the agent allowed it from the notification settings), and the count in the title.
(function () {
  "use strict";
  var lastCount = null;
  var baseTitle = null;

  function feed() { return document.getElementById("notify-feed"); }

  function toast(text) {
    var box = document.createElement("div");
    box.setAttribute("role", "status");
    box.className = "inbox-notify-toast";
    box.textContent = text;
    box.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:1000;background:#5b5bd6;color:#fff;" +
      "padding:10px 14px;border-radius:8px;font:14px system-ui;box-shadow:0 4px 16px rgba(0,0,0,.2)";
    document.body.appendChild(box);
    setTimeout(function () { box.remove(); }, 6000);
  }

  function beep() {
    try {
      var audio = new (window.AudioContext || window.webkitAudioContext)();
      var tone = audio.createOscillator(), gain = audio.createGain();
      tone.frequency.value = 880; gain.gain.value = 0.05;
      tone.connect(gain); gain.connect(audio.destination);
      tone.start(); tone.stop(audio.currentTime + 0.15);
    } catch (e) { /* no audio here: the toast still shows */ }
  }

  function announce(el, count) {
    if (baseTitle === null) baseTitle = document.title.replace(/^\(\d+\) /, "");
    document.title = count > 0 ? "(" + count + ") " + baseTitle : baseTitle;
    if (lastCount !== null && count > lastCount) {
      var text = el.getAttribute("data-latest") || "New notification";
      toast(text);
      if (el.getAttribute("data-sound") === "true") beep();
      if (el.getAttribute("data-browser") === "true" && window.Notification && Notification.permission === "granted") {
        new Notification("Inbox", { body: text });
      }
    }
    lastCount = count;
    document.documentElement.setAttribute("data-notify-ready", "true");  // the baseline is taken
  }

  setInterval(function () {  // reads the element Reflex keeps up to date; no server polling
    var el = feed();
    // Until the server's count arrives the page shows 0: taking that as the baseline would
    // announce every unread notification again on each page load.
    if (!el || el.getAttribute("data-loaded") !== "true") return;
    var count = parseInt(el.getAttribute("data-count") || "0", 10);
    if (count !== lastCount) announce(el, count);
  }, 500);

  window.inboxAskNotificationPermission = function () {
    if (window.Notification && Notification.permission === "default") Notification.requestPermission();
  };
})();
