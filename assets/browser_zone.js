// The browser's time zone, for agents whose profile says "Browser default": the server reads
// it from this cookie (AuthState.browser_zone). Loaded without defer, so it is set before the
// app connects and sends its first event.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    document.cookie =
      "inbox_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
  } catch (error) {
    // no Intl: times stay in UTC
  }
})();
