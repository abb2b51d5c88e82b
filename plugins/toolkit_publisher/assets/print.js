/* The "Print" buttons of checklist pages. They are on the page as built, so nothing moves when this runs;
   without JavaScript a stylesheet inside <noscript> hides them (the browser's own Print still works). */
(function () {
  "use strict";

  function setUpPrint(button) {
    if (button.dataset.tkReady) {
      return;
    }
    button.addEventListener("click", function () {
      window.print();
    });
    button.dataset.tkReady = "true";
  }

  window.tkOnEachPage(function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-tk-print]"), setUpPrint);
  });
})();
