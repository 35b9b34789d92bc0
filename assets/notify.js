// Announces new notifications, each as the agent's switches say (profile): a toast (the app's
// own, Sonner), a short sound, the browser's notification (once the agent allowed it), and
// the count in the title.
(function () {
  "use strict";
  var lastCount = null;
  var baseTitle = null;

  function feed() { return document.getElementById("notify-feed"); }

  function toast() {  // the app's own toasts (Sonner), through a hidden button of the rail
    var trigger = document.getElementById("notify-toast");
    if (trigger) trigger.click();
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
    var counted = count > 0 && el.getAttribute("data-title") === "true";
    document.title = counted ? "(" + count + ") " + baseTitle : baseTitle;
    if (lastCount !== null && count > lastCount) {
      var text = el.getAttribute("data-latest") || "New notification";
      if (el.getAttribute("data-toast") === "true") toast();
      if (el.getAttribute("data-sound") === "true") beep();
      if (el.getAttribute("data-browser") === "true" && window.Notification && Notification.permission === "granted") {
        new Notification("Inbox", { body: text });
      }
    }
    lastCount = count;
    document.documentElement.setAttribute("data-notify-ready", "true");  // the baseline is taken
    document.documentElement.setAttribute("data-notify-seen", String(count));  // for tests
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
