/* A toolkit's "Compare saved answers" page, the page's part: the person opens two files of saved answers (both at
   once, or one then the other); they are read and checked by tkAnswersFiles, put in the order they were saved and
   compared by tkAnswersCompare; this file shows the result (a summary table per section, then each section's
   questions and actions) and says in words what happened. A file that cannot be used changes nothing shown.
   Nothing is sent anywhere. */
(function () {
  "use strict";

  var COMPARE = window.tkAnswersCompare;
  var SHARED = window.tkAnswersFiles;
  var RAG_WORDS = { red: "Red", amber: "Amber", green: "Green" };
  var PROGRESS_WORDS = { "not-started": "Not started", "in-progress": "In progress", done: "Done" };
  var OTHER_CHANGES = ["changed", "unanswered", "reworded", "removed"];

  var all = SHARED.all;
  var element = SHARED.element;
  var cell = SHARED.cell;
  var table = SHARED.table;

  /* An answer in words: "Yes", "Figure: 42", a response, or "Not answered". */
  function answerWords(state) {
    if (state.status === "unanswered" && !state.value && !state.response) { return "Not answered"; }
    return [state.value, state.response].filter(Boolean).join(": ");
  }

  /* An action's state in one plan, in words. */
  function actionWords(state) {
    if (!state.present) { return "Not in the plan"; }
    if (state.dropped) { return "Dropped"; }
    return [PROGRESS_WORDS[state.progress], state.owner ? "owner " + state.owner : "",
      state.due ? "due " + state.due : "", state.rag ? RAG_WORDS[state.rag] : ""].filter(Boolean).join(", ");
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many || one + "s");
  }

  function Compare(root) {
    this.root = root;
    this.toolkit = root.getAttribute("data-toolkit");
    this.toolkitVersion = root.getAttribute("data-toolkit-version");
    this.sections = SHARED.readQuestions(root);
    this.held = [];
    this.message = root.querySelector(".tk-assessment__message");
    this.fileInput = root.querySelector("input[type=file]");
    this.filesBox = root.querySelector("[data-tk-files]");
    this.result = root.querySelector("[data-tk-result]");
    this.showUnchanged = root.querySelector("[data-tk-show-unchanged]");
    var self = this;
    var actions = {
      open: function () { self.fileInput.click(); },
      clear: function () { self.clear(); },
      print: function () { window.print(); }
    };
    all(root, "button[data-tk-action]").forEach(function (button) {
      var name = button.getAttribute("data-tk-action");
      if (Object.prototype.hasOwnProperty.call(actions, name)) { button.addEventListener("click", actions[name]); }
    });
    this.fileInput.addEventListener("change", function () { self.open(); });
    this.showUnchanged.addEventListener("change", function () { self.filter(); });
  }

  Compare.prototype.say = function (words, problem) {
    this.message.textContent = words;
    this.message.classList.toggle("tk-assessment__message--problem", Boolean(problem));
  };

  Compare.prototype.showButtons = function (shown) {
    this.root.querySelector('[data-tk-action="clear"]').hidden = !shown;
    this.root.querySelector('[data-tk-action="print"]').hidden = !this.compared;
  };

  /* Opens the chosen files; compares once two are held. */
  Compare.prototype.open = function () {
    var self = this;
    var chosen = this.fileInput.files;
    SHARED.openAll(chosen, this.toolkit, function (read) {
      self.fileInput.value = "";
      if (read.problem) { self.say(read.problem + ". Nothing was changed.", true); return; }
      var opened = read.opened;
      if (!opened.length) { return; }
      if (opened.length > 2) {
        self.say("You chose " + opened.length + " files: choose two to compare (to combine several people's " +
          "answers, use the page that combines a team's answers). Nothing was changed.", true);
        return;
      }
      var pair = opened.length === 2 ? opened : pairWith(self.held, opened[0]);
      if (pair.length < 2) {
        self.held = pair;
        self.compared = null;
        self.result.hidden = true;
        self.showFiles();
        self.showButtons(true);
        self.say("Opened the file " + opened[0].name + ". Now open the file to compare it with.");
        return;
      }
      var ordered = COMPARE.order(pair[0], pair[1]);
      if (ordered.problem) { self.say("These files cannot be compared: " + ordered.problem + ". Nothing was changed.", true); return; }
      self.held = [ordered.earlier, ordered.later];
      self.compared = COMPARE.compare(self.sections, ordered);
      self.render();
    });
  };

  /* The pair to compare when one file is opened: with the one held, if one is; else it alone. */
  function pairWith(held, opened) {
    return held.length === 1 ? [held[0], opened] : [opened];
  }

  Compare.prototype.clear = function () {
    this.held = [];
    this.compared = null;
    this.result.hidden = true;
    this.filesBox.textContent = "";
    this.showButtons(false);
    this.root.querySelector('[data-tk-action="open"]').focus();
    this.say("The files were closed. Open two files of saved answers to compare them.");
  };

  /* Which file is which: the earlier and the later, when each was saved and by whom. */
  Compare.prototype.showFiles = function () {
    var self = this;
    this.filesBox.textContent = "";
    if (!this.held.length) { return; }
    var list = element("ul", "tk-compare__file-list");
    this.held.forEach(function (f, i) {
      var item = element("li");
      item.setAttribute("data-file", self.held.length === 2 ? (i === 0 ? "earlier" : "later") : "open");
      var label = self.held.length === 2 ? (i === 0 ? "Earlier: " : "Later: ") : "Open: ";
      item.appendChild(element("strong", "", label));
      var saved = COMPARE.savedTime(f);
      item.appendChild(document.createTextNode("the file " + f.name + ", saved " + SHARED.when(saved.time) +
        (saved.fromFile ? " (the date of the file itself: it does not record when it was saved)" : "") +
        (f.record.respondent ? " by " + f.record.respondent : "") +
        (f.record.version === 1 ? "; one section's answers" : "") +
        (f.record.toolkitVersion && f.record.toolkitVersion !== self.toolkitVersion ?
          "; answered against an earlier version of the questions" : "") + "."));
      list.appendChild(item);
    });
    var heading = element("h2", "", this.held.length === 2 ? "The files compared" : "The file open");
    heading.id = "files-compared";
    this.filesBox.appendChild(heading);
    this.filesBox.appendChild(list);
  };

  /* The summary table: a row per section, its standing then and now and how many of each change. */
  Compare.prototype.renderSummary = function () {
    var box = this.root.querySelector("[data-tk-summary]");
    box.textContent = "";
    var t = this.compared.totals;
    box.appendChild(element("p", "tk-compare__totals", [
      plural(t.answers["no-to-yes"], "answer") + " now Yes (were No)",
      plural(t.answers["yes-to-no"], "answer") + " now No (were Yes)",
      plural(t.answers.answered, "question") + " newly answered",
      plural(OTHER_CHANGES.reduce(function (n, k) { return n + t.answers[k]; }, 0), "other change"),
      plural(t.actions.completed, "action") + " completed",
      plural(t.actions["new"], "new action"),
      plural(t.actions.dropped + t.actions.removed, "action") + " dropped or no longer in the plan"
    ].join("; ") + "."));
    var node = table("Changes by section, from the earlier file to the later", ["Section", "Yes (earlier to later)",
      "No (earlier to later)", "Now Yes (was No)", "Now No (was Yes)", "Newly answered", "Other changes to answers",
      "Actions completed", "New actions", "Actions dropped"], "tk-compare-summary");
    var body = node.querySelector("tbody");
    this.compared.sections.forEach(function (s) {
      var c = s.counts;
      var row = document.createElement("tr");
      row.setAttribute("data-section", s.section);
      row.appendChild(cell("th", sectionTitle(s)));
      [["yes", c.earlier.yes + " to " + c.later.yes, "Yes (earlier to later)"],
        ["no", c.earlier.no + " to " + c.later.no, "No (earlier to later)"],
        ["no-to-yes", c.answers["no-to-yes"], "Now Yes (was No)"],
        ["yes-to-no", c.answers["yes-to-no"], "Now No (was Yes)"],
        ["answered", c.answers.answered, "Newly answered"],
        ["other", OTHER_CHANGES.reduce(function (n, k) { return n + c.answers[k]; }, 0), "Other changes to answers"],
        ["completed", c.actions.completed, "Actions completed"],
        ["new", c.actions["new"], "New actions"],
        ["dropped", c.actions.dropped + c.actions.removed, "Actions dropped"]].forEach(function (x) {
        var td = cell("td", String(x[1]), x[2]);
        td.setAttribute("data-count", x[0]);
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    box.appendChild(node);
  };

  function sectionTitle(s) {
    if (!s.section) { return "Your own actions"; }
    return s.onSite ? s.title : s.title + " (no longer on this site)";
  }

  /* What a row's change means, beyond its kind: which file answered other words. */
  function rewordedNote(row) {
    if (row.change === "removed") { return "The site no longer asks this question, so its answers are not compared."; }
    if (row.change !== "reworded") { return ""; }
    return (row.stale === "both" ? "Both answers were" : row.stale === "earlier" ? "The earlier answer was" :
      "The later answer was") + " given to other words of this question than the site's, so they are not compared.";
  }

  function changeCell(words, kind, note) {
    var td = cell("td", "", "What changed");
    td.className = "tk-change tk-change--" + kind;
    td.appendChild(element("strong", "", words));
    if (note) { td.appendChild(element("span", "tk-change__note", " " + note)); }
    return td;
  }

  /* One section: its counts in words, its questions, then its actions. */
  Compare.prototype.renderSection = function (s) {
    var box = element("section", "tk-compare-section");
    box.setAttribute("data-section", s.section);
    var heading = element("h2", "", sectionTitle(s));
    heading.id = "changes-" + (s.section || "own-actions");
    box.appendChild(heading);
    var said = [];
    Object.keys(COMPARE.ANSWER_CHANGES).forEach(function (k) {
      if (k !== "same" && s.counts.answers[k]) { said.push(COMPARE.ANSWER_CHANGES[k] + ": " + s.counts.answers[k]); }
    });
    Object.keys(COMPARE.ACTION_CHANGES).forEach(function (k) {
      if (k !== "same" && s.counts.actions[k]) {
        said.push("Actions " + COMPARE.ACTION_CHANGES[k].toLowerCase() + ": " + s.counts.actions[k]);
      }
    });
    box.appendChild(element("p", "tk-section-counts", said.length ? said.join(". ") + "." : "Nothing changed."));
    if (s.rows.length) {
      var answers = table("Answers in " + sectionTitle(s), ["Question", "Earlier", "Later", "What changed"]);
      var body = answers.querySelector("tbody");
      s.rows.forEach(function (r) {
        var row = document.createElement("tr");
        row.setAttribute("data-question", r.id);
        row.setAttribute("data-change", r.change);
        row.appendChild(cell("th", r.onSite ? r.number + ". " + r.text :
          "Question \u201c" + r.id + "\u201d (no longer on this site)"));
        row.appendChild(cell("td", answerWords(r.earlier), "Earlier"));
        row.appendChild(cell("td", answerWords(r.later), "Later"));
        row.appendChild(changeCell(COMPARE.ANSWER_CHANGES[r.change], r.change, rewordedNote(r)));
        body.appendChild(row);
      });
      box.appendChild(answers);
    }
    if (s.actions.length) {
      var plan = table("Actions from " + sectionTitle(s), ["Action", "Earlier", "Later", "What changed"]);
      var rows = plan.querySelector("tbody");
      s.actions.forEach(function (a) {
        var row = document.createElement("tr");
        row.setAttribute("data-action", a.key);
        row.setAttribute("data-change", a.change);
        row.appendChild(cell("th", a.text || "(no words)"));
        row.appendChild(cell("td", actionWords(a.earlier), "Earlier"));
        row.appendChild(cell("td", actionWords(a.later), "Later"));
        row.appendChild(changeCell(COMPARE.ACTION_CHANGES[a.change], a.change, a.stale === "removed" ?
          "Its question is no longer on this site." : a.stale === "reworded" ?
            "Its question has been reworded since: check it still applies." : ""));
        rows.appendChild(row);
      });
      box.appendChild(plan);
    }
    box.appendChild(element("p", "tk-compare__nothing", "Nothing changed in this section."));
    return box;
  };

  /* Shows only the rows that changed, unless the person asks for all; a table left empty is hidden, with a line
     saying so. */
  Compare.prototype.filter = function () {
    var only = !this.showUnchanged.checked;
    all(this.result, ".tk-compare-section").forEach(function (box) {
      var shown = 0;
      all(box, "tbody tr").forEach(function (row) {
        row.hidden = only && row.getAttribute("data-change") === "same";
        if (!row.hidden) { shown += 1; }
      });
      all(box, "table").forEach(function (t) {
        t.hidden = all(t, "tbody tr").every(function (row) { return row.hidden; });
      });
      box.querySelector(".tk-compare__nothing").hidden = shown > 0;
    });
  };

  Compare.prototype.render = function () {
    var self = this;
    this.showFiles();
    this.renderSummary();
    var box = this.root.querySelector("[data-tk-sections]");
    box.textContent = "";
    this.compared.sections.forEach(function (s) { box.appendChild(self.renderSection(s)); });
    this.result.hidden = false;
    this.filter();
    this.showButtons(true);
    var e = this.compared.earlier;
    var l = this.compared.later;
    this.say("Compared the earlier file " + e.name + " (saved " + SHARED.when(e.time) + ") with the later file " +
      l.name + " (saved " + SHARED.when(l.time) + ").");
    var heading = document.getElementById("summary-of-changes");
    heading.tabIndex = -1;
    heading.focus();
  };

  function init() {
    all(document, "[data-tk-compare]").forEach(function (root) {
      if (!root.getAttribute("data-tk-ready")) {
        root.setAttribute("data-tk-ready", "true");
        new Compare(root); // eslint-disable-line no-new
      }
    });
  }

  window.tkOnEachPage(init);
})();
