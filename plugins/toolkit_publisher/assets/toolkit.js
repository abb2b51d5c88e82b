/* On every page. Material marks its search as a dialog but gives it no name; screen readers announce the name.
   The search is part of the theme's header, which stays when Material's instant navigation swaps a page, so
   naming it once is enough. No framework, nothing fetched. */
(function () {
  "use strict";

  var dialog = document.querySelector(".md-search[role='dialog']");
  if (dialog && !dialog.hasAttribute("aria-label")) {
    dialog.setAttribute("aria-label", "Search");
  }
})();
