/* Runs a script's set-up on every page. Loaded before the scripts that use it (page_assets.py).
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
