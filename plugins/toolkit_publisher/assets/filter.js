/* Filters the case-study index by theme and organisation. The form is on the page as built, saying how many
   case studies it shows, so nothing moves when this runs; without JavaScript a stylesheet inside <noscript>
   hides it, and the full list, plus the list by theme, is shown. No framework, nothing fetched. */
(function () {
  "use strict";

  function setUpFilter(form) {
    var list = document.querySelector("[data-tk-filter-list]");
    var status = form.querySelector("[data-tk-filter-status]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-tk-filter-by]"));
    if (!list || form.dataset.tkReady) {
      return;
    }
    var items = Array.prototype.slice.call(list.children);

    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var visible = selects.every(function (select) {
          var wanted = select.value;
          var values = (item.getAttribute("data-" + select.dataset.tkFilterBy) || "").split(" ");
          return !wanted || values.indexOf(wanted) !== -1;
        });
        item.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      status.textContent = "Showing " + shown + " of " + items.length + " case studies.";
    }

    selects.forEach(function (select) {
      select.addEventListener("change", apply);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    apply(); // a browser may have kept the choices of an earlier visit (back and forward)
    form.dataset.tkReady = "true";
  }

  window.tkOnEachPage(function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-tk-filter]"), setUpFilter);
  });
})();
