/* A toolkit's "Combine a team's answers" page, the page's part: the person opens several files of saved answers
   (at once or one by one); they are read and checked by tkAnswersFiles and combined by tkTeamView; this file shows
   the respondents, the combined table (a column each, and whether they agree, in words) and the combined action
   plan, and exports them as CSV. A file that cannot be used changes nothing shown. Nothing is sent anywhere. */
(function () {
  "use strict";

  var TEAM = window.tkTeamView;
  var SHARED = window.tkAnswersFiles;
  var FILES = window.tkAssessmentFiles;

  var all = SHARED.all;
  var element = SHARED.element;
  var cell = SHARED.cell;
  var table = SHARED.table;

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function Team(root) {
    this.root = root;
    this.toolkit = root.getAttribute("data-toolkit");
    this.sections = SHARED.readQuestions(root);
    this.respondents = [];
    this.message = root.querySelector(".tk-assessment__message");
    this.fileInput = root.querySelector("input[type=file]");
    this.result = root.querySelector("[data-tk-result]");
    this.list = root.querySelector("[data-tk-respondents]");
    var self = this;
    var actions = {
      open: function () { self.fileInput.click(); },
      csv: function () { self.exportCsv("table"); },
      "plan-csv": function () { self.exportCsv("plan"); },
      print: function () { window.print(); },
      clear: function () { self.setRespondents([]); self.say("The files were closed."); self.focusOpen(); }
    };
    all(root, "button[data-tk-action]").forEach(function (button) {
      var name = button.getAttribute("data-tk-action");
      if (Object.prototype.hasOwnProperty.call(actions, name)) { button.addEventListener("click", actions[name]); }
    });
    this.fileInput.addEventListener("change", function () { self.open(); });
  }

  Team.prototype.say = function (words, problem) {
    this.message.textContent = words;
    this.message.classList.toggle("tk-assessment__message--problem", Boolean(problem));
  };

  Team.prototype.focusOpen = function () {
    this.root.querySelector('[data-tk-action="open"]').focus();
  };

  Team.prototype.open = function () {
    var self = this;
    SHARED.openAll(this.fileInput.files, this.toolkit, function (read) {
      self.fileInput.value = "";
      if (read.problem) { self.say(read.problem + ". Nothing was changed.", true); return; }
      if (!read.opened.length) { return; }
      var elsewhere = self.elsewhere(read.opened);
      if (elsewhere) {
        self.say("The file " + elsewhere.name + " could not be opened: it holds the answers to one checklist section, " +
          JSON.stringify(elsewhere.section) + ", which is not in this toolkit. Nothing was changed.", true);
        return;
      }
      var added = TEAM.add(self.respondents, read.opened);
      if (added.problem) { self.say("Those files were not added: " + added.problem + ". Nothing was changed.", true); return; }
      self.setRespondents(added.respondents);
      var count = added.respondents.length;
      self.say("Added " + read.opened.map(function (o) { return o.name; }).join(", ") + ". Showing the answers of " +
        count + (count === 1 ? " respondent: open another file to compare." : " respondents."));
    });
  };

  /* The first opened file that is one section's answers (version 1) to a section this toolkit does not have:
     {name, section}, or undefined. Its respondent would be a column of nothing but "Not answered". */
  Team.prototype.elsewhere = function (opened) {
    var sections = this.sections;
    for (var i = 0; i < opened.length; i += 1) {
      var record = opened[i].record;
      var section = record.version === 1 ? record.sections.keys().next().value : "";
      if (section && !sections.some(function (s) { return s.section === section; })) {
        return { name: opened[i].name, section: section };
      }
    }
    return undefined;
  };

  Team.prototype.setRespondents = function (respondents) {
    this.respondents = respondents;
    this.combined = TEAM.table(this.sections, respondents);
    this.plan = TEAM.plan(this.sections, respondents);
    this.render();
  };

  Team.prototype.remove = function (index) {
    var gone = this.respondents[index];
    this.setRespondents(this.respondents.filter(function (r, i) { return i !== index; }));
    this.say("Removed the answers of " + TEAM.heading(gone) + ".");
    var buttons = all(this.list, "button");
    if (buttons.length) { buttons[Math.min(index, buttons.length - 1)].focus(); } else { this.focusOpen(); }
  };

  /* The respondents, each with the file it is from and a button to take it out. */
  Team.prototype.renderRespondents = function () {
    var self = this;
    this.list.textContent = "";
    if (!this.respondents.length) { return; }
    var heading = element("h2", "", "Respondents");
    heading.id = "respondents";
    this.list.appendChild(heading);
    var list = element("ol", "tk-team__respondents");
    this.respondents.forEach(function (r, i) {
      var item = element("li");
      item.setAttribute("data-respondent", String(i));
      item.appendChild(element("strong", "", TEAM.heading(r)));
      var saved = Date.parse(r.saved || "");
      item.appendChild(document.createTextNode(": the file " + r.fileName +
        (isNaN(saved) ? "" : ", saved " + SHARED.when(saved)) +
        (r.fromFileName ? " (it names no respondent, so its file name is used)" : "") +
        (r.record.version === 1 ? "; one section's answers" : "") + ". "));
      var button = element("button", "md-button tk-screen-only", "Remove");
      button.type = "button";
      button.appendChild(element("span", "tk-visually-hidden", " the answers of " + TEAM.heading(r)));
      button.addEventListener("click", function () { self.remove(i); });
      item.appendChild(button);
      list.appendChild(item);
    });
    this.list.appendChild(list);
  };

  /* The counts of agreement, per section. */
  Team.prototype.renderSummary = function () {
    var box = this.root.querySelector("[data-tk-summary]");
    box.textContent = "";
    var t = this.combined.totals;
    /* "1 has", "2 have": each count with its verb agreeing. */
    function counted(count, one, many) { return count + " " + (count === 1 ? one : many); }
    box.appendChild(element("p", "tk-compare__totals", "The respondents agree on " + t.agree + " and differ on " +
      t.differ + " of the questions answered Yes or No or with a figure. " +
      counted(t.single, "has", "have") + " one answer only, " + counted(t.none, "has", "have") + " no answers, and " +
      counted(t.text, "is a written answer", "are written answers") + " to read."));
    var node = table("Agreement by section", ["Section", "Agree", "Differ", "One answer only", "No answers",
      "Written answers"], "tk-compare-summary");
    var body = node.querySelector("tbody");
    this.combined.sections.forEach(function (s) {
      var row = document.createElement("tr");
      row.setAttribute("data-section", s.section);
      row.appendChild(cell("th", s.title));
      [["agree", "Agree"], ["differ", "Differ"], ["single", "One answer only"], ["none", "No answers"],
        ["text", "Written answers"]].forEach(function (x) {
        var td = cell("td", String(s.counts[x[0]]), x[1]);
        td.setAttribute("data-count", x[0]);
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    box.appendChild(node);
  };

  /* Each section's table: a row per question, a column per respondent, and the agreement in words. */
  Team.prototype.renderSections = function () {
    var self = this;
    var box = this.root.querySelector("[data-tk-sections]");
    box.textContent = "";
    var names = this.respondents.map(TEAM.heading);
    this.combined.sections.forEach(function (s) {
      var section = element("section", "tk-compare-section");
      section.setAttribute("data-section", s.section);
      var heading = element("h3", "", s.title);
      heading.id = "team-" + s.section;
      section.appendChild(heading);
      var node = table("Answers in " + s.title + ", by respondent", ["Question"].concat(names, ["Agreement"]),
        "tk-team-table");
      var body = node.querySelector("tbody");
      s.rows.forEach(function (r) {
        var row = document.createElement("tr");
        row.setAttribute("data-question", r.id);
        row.setAttribute("data-agreement", r.agreement.kind);
        row.appendChild(cell("th", r.number + ". " + r.text));
        r.cells.forEach(function (c, i) {
          var td = cell("td", TEAM.cellWords(c), names[i]);
          if (c.status === "unanswered") { td.className = "tk-team__none"; }
          row.appendChild(td);
        });
        var agreement = cell("td", "", "Agreement");
        agreement.className = "tk-change tk-agreement--" + r.agreement.kind;
        agreement.appendChild(element("strong", "", r.words));
        row.appendChild(agreement);
        body.appendChild(row);
      });
      section.appendChild(node);
      box.appendChild(section);
    });
    return self;
  };

  /* The combined plan: each action once, with who has it, who owns it and how far it is, and who dropped it. */
  Team.prototype.renderPlan = function () {
    var self = this;
    var box = this.root.querySelector("[data-tk-plan]");
    box.textContent = "";
    var live = this.plan.filter(function (a) { return a.entries.some(function (e) { return !e.dropped; }); });
    box.appendChild(element("p", "tk-plan__count", this.plan.length ?
      this.plan.length + (this.plan.length === 1 ? " action" : " actions") + " from every plan, " + live.length +
      " in at least one respondent's plan (not dropped)." :
      "No respondent's plan has any actions."));
    if (!this.plan.length) { return; }
    var node = table("Combined action plan", ["Action", "From", "In the plan of", "Owners and progress",
      "Dropped by"], "tk-team-plan");
    var body = node.querySelector("tbody");
    this.plan.forEach(function (a) {
      var words = TEAM.planWords(a, self.respondents);
      var row = document.createElement("tr");
      row.setAttribute("data-action", a.key);
      row.appendChild(cell("th", a.text || "(no words)"));
      row.appendChild(cell("td", TEAM.originWords(a), "From"));
      row.appendChild(cell("td", words.proposedBy || "No one", "In the plan of"));
      row.appendChild(cell("td", words.owners, "Owners and progress"));
      row.appendChild(cell("td", words.droppedBy, "Dropped by"));
      body.appendChild(row);
    });
    box.appendChild(node);
  };

  Team.prototype.render = function () {
    var any = this.respondents.length > 0;
    this.renderRespondents();
    this.result.hidden = !any;
    ["csv", "plan-csv", "print", "clear"].forEach(function (name) {
      this.root.querySelector('[data-tk-action="' + name + '"]').hidden = !any;
    }, this);
    if (!any) { return; }
    this.renderSummary();
    this.renderSections();
    this.renderPlan();
  };

  Team.prototype.exportCsv = function (what) {
    var name = this.toolkit + "-" + (what === "plan" ? "team-action-plan" : "team-answers") + "-" + today() + ".csv";
    FILES.download(name, "text/csv;charset=utf-8", what === "plan" ? TEAM.planCsv(this.plan, this.respondents) :
      TEAM.tableCsv(this.combined, this.respondents));
    this.say((what === "plan" ? "The combined plan was" : "The combined table was") + " exported to the file " +
      name + ".");
  };

  function init() {
    all(document, "[data-tk-team]").forEach(function (root) {
      if (!root.getAttribute("data-tk-ready")) {
        root.setAttribute("data-tk-ready", "true");
        new Team(root); // eslint-disable-line no-new
      }
    });
  }

  window.tkOnEachPage(init);
})();
