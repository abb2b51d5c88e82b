/* Runs a script's set-up on every page. Loaded before the other scripts (the plugin adds them in name order).
   Material's instant navigation swaps pages without a load event; document$ tells us when. */
(function () {
  "use strict";

  window.tkOnEachPage = function (init) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(init);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  };
})();
