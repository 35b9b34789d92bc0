// A dashboard or sign-in page that never received its state after a page load is reloaded once.
// With several workers, Reflex's token claim in Redis is not atomic (reflex-dev/reflex#6877,
// #6881): when a page load's new socket races the old one's disconnect, the page can stay on its
// empty defaults. A reload claims the token afresh; agents should never need the button.
(function () {
  "use strict";
  var WAIT_MS = 5000, KEY = "inbox-reloaded-for";

  function look() {
    var marker = document.getElementById("hydration-marker");
    if (!marker) return;  // not a dashboard page
    if (marker.getAttribute("data-hydrated") === "true") {
      sessionStorage.removeItem(KEY);
      return;
    }
    if (sessionStorage.getItem(KEY) === location.href) return;  // once per page: no reload loop
    sessionStorage.setItem(KEY, location.href);
    location.reload();
  }

  setTimeout(function () {
    look();
    window.inboxHydrationWatched = true;  // it has looked (tests wait for this, not a clock)
  }, WAIT_MS);
})();
