/* Filters the case-study index by theme and organisation. Without JavaScript the form stays
   hidden and the full list, plus the list by theme, is shown. No framework, nothing fetched. */
(function () {
  "use strict";

  function setUpFilter(form) {
    var list = document.querySelector("[data-tk-filter-list]");
    var status = form.querySelector("[data-tk-filter-status]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-tk-filter-by]"));
    if (!list || form.dataset.tkReady) {
      return;
    }
    form.dataset.tkReady = "true";
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
    form.hidden = false;
    apply();
  }

  function setUpPrint(button) {
    if (button.dataset.tkReady) {
      return;
    }
    button.dataset.tkReady = "true";
    button.addEventListener("click", function () {
      window.print();
    });
    button.hidden = false;
    var actions = button.closest(".tk-print-actions");
    if (actions) {
      actions.hidden = false;
    }
  }

  function nameSearchDialog() {
    // Material marks its search as a dialog but gives it no name; screen readers announce the name.
    var dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) {
      dialog.setAttribute("aria-label", "Search");
    }
  }

  function init() {
    nameSearchDialog();
    Array.prototype.forEach.call(document.querySelectorAll("form[data-tk-filter]"), setUpFilter);
    Array.prototype.forEach.call(document.querySelectorAll("[data-tk-print]"), setUpPrint);
  }

  window.tkOnEachPage(init);
})();
