/* A toolkit's "Your answers" page, the page's part: every section's answers in the check-answers pattern, the
   readiness summary (table and chart), and the action plan; from this device's saved answers or from an opened
   file, saying which; saved to one file (the saved-answers format, version 2), exported and printed.
   The page is built with the questions, their prompts and resources, the summary table and the controls in place
   (check_answers.md.j2); this file is the view: it reads what the page holds, turns what the person does into
   steps of the plan's data (tkActionPlan), and shows the result and what happened in words. Saved answers are
   read only through tkToolkitAnswers.parse (files, and the stored plan) and tkSavedAnswers.parse (each section's
   stored answers, by tkAssessmentStorage); the chart is tkReadinessChart, the exports tkAnswersExports.
   Nothing is ever sent anywhere. */
(function () {
  "use strict";

  var TOOLKIT = window.tkToolkitAnswers;
  var STORAGE = window.tkAssessmentStorage;
  var FILES = window.tkAssessmentFiles;
  var PLAN = window.tkActionPlan;
  var CHART = window.tkReadinessChart;
  var EXPORTS = window.tkAnswersExports;
  var RAG_WORDS = { "": "Not set", red: "Red", amber: "Amber", green: "Green" };
  var PROGRESS_WORDS = { "not-started": "Not started", "in-progress": "In progress", done: "Done" };
  var STATUS_WORDS = { yes: "Yes", no: "No", response: "Answered", unanswered: "Not answered" };

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many || one + "s");
  }

  function today() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
  }

  function longDate(day) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(day || "");
    if (!parts) { return day || ""; }
    return new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3])).toLocaleDateString("en-GB",
      { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* The questions as the page was built with them: [{section, title, href, node, questions: [{id, number, text,
     kind, version, prompts, resources, row}]}]. */
  function readQuestions(root) {
    return all(root, ".tk-answers-section").map(function (node) {
      return {
        section: node.getAttribute("data-section"),
        title: node.getAttribute("data-section-title"),
        href: node.getAttribute("data-href"),
        node: node,
        questions: all(node, "[data-question]").map(function (row) {
          return {
            id: row.getAttribute("data-question"),
            number: row.getAttribute("data-number"),
            kind: row.getAttribute("data-answer"),
            version: row.getAttribute("data-version"),
            text: row.querySelector("[data-tk-text]").textContent.trim(),
            prompts: all(row, "[data-prompt]").map(function (p) { return p.textContent; }),
            resources: all(row, "[data-resource]").map(function (a) {
              return { title: a.textContent, href: a.getAttribute("href") };
            }),
            seeAlso: row.querySelector(".tk-see-also"),
            row: row
          };
        })
      };
    });
  }

  function CheckAnswers(root) {
    this.root = root;
    this.toolkit = root.getAttribute("data-toolkit");
    this.toolkitTitle = root.getAttribute("data-toolkit-title");
    this.toolkitVersion = root.getAttribute("data-toolkit-version");
    this.sections = readQuestions(root);
    this.planStore = STORAGE.forToolkit(this.toolkit);
    this.message = root.querySelector(".tk-assessment__message");
    this.sourceLine = root.querySelector("[data-tk-source]");
    this.respondentBox = root.querySelector("[data-tk-respondent]");
    this.includeBox = root.querySelector("[data-tk-include-unanswered]");
    this.actionList = root.querySelector("[data-tk-actions]");
    this.droppedList = root.querySelector("[data-tk-dropped]");
    this.consentBox = document.getElementById("tk-consent-answers");
    this.fileInput = root.querySelector("input[type=file]");
    this.enhance();
    this.showDevice(false);
  }

  CheckAnswers.prototype.enhance = function () {
    var self = this;
    var actions = {
      open: function () { self.fileInput.click(); },
      device: function () { self.showDevice(true); },
      save: function () { self.saveFile(); },
      word: function () { self.exportWord(); },
      csv: function () { self.exportCsv("answers"); },
      "plan-csv": function () { self.exportCsv("plan"); },
      print: function () { window.print(); },
      add: function () { self.addOwn(); }
    };
    all(this.root, "button[data-tk-action]").forEach(function (button) {
      var name = button.getAttribute("data-tk-action");
      if (Object.prototype.hasOwnProperty.call(actions, name)) { button.addEventListener("click", actions[name]); }
    });
    this.deviceButton = this.root.querySelector('button[data-tk-action="device"]');
    this.fileInput.addEventListener("change", function () { self.openFile(); });
    this.consentBox.addEventListener("change", function () { self.setConsent(self.consentBox.checked); });
    this.respondentBox.setAttribute("maxlength", String(TOOLKIT.MAX_NAME));
    this.respondentBox.addEventListener("input", function () { self.keepPlan(); });
    this.includeBox.addEventListener("change", function () {
      self.plan = PLAN.including(self.plan, self.includeBox.checked);
      self.rebuildPlan();
      self.keepPlan();
      self.say(self.includeBox.checked ? "Questions not yet answered now propose actions too." :
        "Only questions answered No propose actions now.");
    });
    window.addEventListener("beforeprint", function () { self.renderReportHeader(); });
  };

  /* Shows a message in the panel's status area; a `problem` is styled as one. */
  CheckAnswers.prototype.say = function (words, problem) {
    this.message.textContent = words;
    this.message.classList.toggle("tk-assessment__message--problem", Boolean(problem));
  };

  /* The answers saved on this device for every section, and the stored plan; `announce` says so. */
  CheckAnswers.prototype.showDevice = function (announce) {
    var self = this;
    var answers = new Map();
    var problems = [];
    var plan = PLAN.empty();
    var respondent = "";
    this.consentBox.checked = STORAGE.consented();
    if (STORAGE.consented()) {
      this.sections.forEach(function (s) {
        var stored = STORAGE.forSection(self.toolkit, s.section).read();
        if (stored.problem) { problems.push(s.title); } else { answers.set(s.section, stored.answers); }
      });
      var storedPlan = this.planStore.read();
      if (storedPlan.problem) { problems.push("the action plan"); }
      if (storedPlan.record) {
        plan = storedPlan.record.plan;
        respondent = storedPlan.record.respondent;
      }
    }
    this.mode = "device";
    this.fileName = "";
    this.meta = { saved: "", respondent: respondent };
    this.respondentBox.value = respondent;
    this.answers = answers;
    this.plan = plan;
    this.render();
    this.deviceButton.hidden = true;
    if (problems.length) {
      this.say("What is saved on this device for " + problems.join(", ") + " could not be read, so it is not shown.", true);
    } else if (announce) {
      this.say("Showing the answers saved on this device.");
    }
  };

  /* How many answers this device holds for the toolkit's sections. */
  CheckAnswers.prototype.answerCount = function () {
    var n = 0;
    this.answers.forEach(function (map) { n += map.size; });
    return n;
  };

  /* The line that says plainly where the answers shown come from. */
  CheckAnswers.prototype.sourceText = function () {
    if (this.mode === "file") {
      return "Showing the answers in the file " + this.fileName +
        (this.meta.saved ? ", saved on " + longDate(this.meta.saved) : "") +
        (this.meta.respondent ? " by " + this.meta.respondent : "") +
        ". Changes to the plan are not saved on this device: save them to a file.";
    }
    if (!STORAGE.consented()) {
      return "Showing no answers: answers are saved on this device only once you choose to (tick the box below, " +
        "or on any section's page). You can open a file of saved answers instead.";
    }
    return "Showing the answers saved on this device (" + plural(this.answerCount(), "answer") + ").";
  };

  /* The answer to a question that may be shown: one to the question's present version, or undefined. */
  CheckAnswers.prototype.answerTo = function (section, question) {
    var map = this.answers.get(section);
    var answer = map && map.get(question.id);
    return answer && answer.version === question.version ? answer : undefined;
  };

  CheckAnswers.prototype.statusOf = function (sectionId, questionId) {
    var found = PLAN.find(this.sections, sectionId, questionId);
    return found ? PLAN.status(found.question, this.answerTo(sectionId, found.question)) : "unanswered";
  };

  /* What the check-answers list shows for a question's answer, in words. */
  function answerWords(question, answer) {
    if (!answer) { return { answer: "", response: "" }; }
    var shown = question.kind === "yes-no" ? (answer.yn === "Y" ? "Yes" : answer.yn === "N" ? "No" : "") :
      question.kind === "figure" ? (answer.figure || "") : "";
    return { answer: shown, response: answer.response || "" };
  }

  /* Each section's answers, counts and the summary; then the plan. */
  CheckAnswers.prototype.render = function () {
    var self = this;
    var rows = [];
    var stale = 0;
    this.sections.forEach(function (s) {
      var counts = { yes: 0, no: 0, response: 0, unanswered: 0, total: s.questions.length };
      var saved = self.answers.get(s.section) || new Map();
      s.questions.forEach(function (q) {
        var answer = self.answerTo(s.section, q);
        var status = PLAN.status(q, answer);
        counts[status] += 1;
        var words = answerWords(q, answer);
        var value = q.row.querySelector("[data-tk-value]");
        value.textContent = "";
        if (!words.answer && !words.response) {
          value.appendChild(element("span", "tk-summary-list__none", "Not answered"));
        } else {
          if (words.answer) { value.appendChild(element("strong", "", (q.kind === "figure" ? "Figure: " : "") + words.answer)); }
          if (words.response) { value.appendChild(element("span", "tk-summary-list__response", words.response)); }
        }
        q.row.setAttribute("data-status", status);
      });
      saved.forEach(function (answer, id) {
        var q = s.questions.filter(function (x) { return x.id === id; })[0];
        if (!q || q.version !== answer.version) { stale += 1; }
      });
      s.node.querySelector("[data-tk-counts]").textContent = "Yes: " + counts.yes + ". No: " + counts.no +
        ". Answered with a response: " + counts.response + ". Not answered: " + counts.unanswered + " of " +
        plural(counts.total, "question") + ".";
      var summaryRow = self.root.querySelector('[data-tk-summary] tr[data-section="' + s.section + '"]');
      ["yes", "no", "response", "unanswered"].forEach(function (key) {
        summaryRow.querySelector('[data-count="' + key + '"]').textContent = String(counts[key]);
      });
      rows.push({ title: s.title, section: s.section, yes: counts.yes, no: counts.no, response: counts.response,
        unanswered: counts.unanswered, total: counts.total });
    });
    // Answers to a section this toolkit does not have (a file's, from elsewhere or from before the section was
    // removed) are not shown either, and are counted so, never said to be opened.
    this.answers.forEach(function (map, slug) {
      if (!self.sections.some(function (s) { return s.section === slug; })) { stale += map.size; }
    });
    this.counts = rows;
    this.stale = stale;
    CHART.draw(this.root.querySelector("[data-tk-chart]"), rows);
    this.sourceLine.textContent = this.sourceText() + (stale ? " " + plural(stale, "answer") + (stale === 1 ? " is" : " are") +
      " to questions changed or removed since, so " + (stale === 1 ? "it is" : "they are") + " not shown." : "");
    this.rebuildPlan();
    this.renderReportHeader();
  };

  /* The plan for the answers shown, kept in step with them, and drawn. */
  CheckAnswers.prototype.rebuildPlan = function () {
    var self = this;
    this.plan = PLAN.build(this.sections, function (s, q) { return self.statusOf(s, q); }, this.plan);
    this.includeBox.checked = this.plan.includeUnanswered;
    this.renderPlan();
  };

  /* Where an action comes from, in words: its section and question, or the person's own. */
  CheckAnswers.prototype.origin = function (action) {
    var found = action.section ? PLAN.find(this.sections, action.section, action.question) : undefined;
    if (!found) { return action.source === "own" ? "Your own action" : "A question since removed"; }
    return found.section.title + ", question " + found.question.number;
  };

  function field(labelText, id, control) {
    var wrap = element("div", "tk-field");
    var label = element("label", "tk-field-label", labelText);
    label.setAttribute("for", id);
    control.id = id;
    wrap.appendChild(label);
    wrap.appendChild(control);
    return wrap;
  }

  function select(options, value) {
    var node = document.createElement("select");
    Object.keys(options).forEach(function (key) {
      var option = element("option", "", options[key]);
      option.value = key;
      node.appendChild(option);
    });
    node.value = value;
    return node;
  }

  /* One action as a card: what it is, where from (linked to its question and its resources), and its fields. */
  CheckAnswers.prototype.actionCard = function (action, number) {
    var self = this;
    var item = element("li", "tk-action");
    item.setAttribute("data-action", action.id);
    var base = "tk-action-" + action.id;
    var heading = element("h3", "tk-action__title");
    heading.id = base + "-title";
    heading.tabIndex = -1;
    heading.textContent = "Action " + number + (action.text ? ": " + action.text : "");
    item.appendChild(heading);
    var found = action.section ? PLAN.find(this.sections, action.section, action.question) : undefined;
    var from = element("p", "tk-action__from");
    if (found) {
      from.appendChild(document.createTextNode(action.source === "own" ? "About " : "From "));
      var link = element("a", "", found.section.title + ", question " + found.question.number + ": " + found.question.text);
      link.href = found.section.href + "#" + found.question.id;
      from.appendChild(link);
    } else {
      from.textContent = action.source === "own" ? "Your own action." : "";
    }
    item.appendChild(from);
    var stale = PLAN.staleness(this.sections, action);
    if (stale) {
      item.appendChild(element("p", "tk-action__stale", stale === "removed" ?
        "The question this action came from has been removed since it was proposed." :
        "The question this action came from has been reworded since it was proposed: check it still applies."));
    }
    if (found && found.question.seeAlso && action.source === "proposed") {
      // The question's resources as its section's page lists them, marked as the editors' addition.
      var resources = found.question.seeAlso.cloneNode(true);
      resources.classList.add("tk-action__resources");
      item.appendChild(resources);
    }
    var fields = element("div", "tk-action__fields");
    if (action.source === "own") {
      var words = document.createElement("textarea");
      words.rows = 2;
      words.value = action.text;
      words.setAttribute("maxlength", String(TOOLKIT.MAX_ACTION_TEXT));
      words.addEventListener("input", function () {
        self.editAction(action.id, { text: words.value });
        heading.textContent = "Action " + number + (words.value ? ": " + words.value : "");
      });
      fields.appendChild(field("What is to be done", base + "-text", words));
    }
    var owner = document.createElement("input");
    owner.type = "text";
    owner.autocomplete = "off";
    owner.value = action.owner;
    owner.setAttribute("maxlength", String(TOOLKIT.MAX_NAME));
    owner.addEventListener("input", function () { self.editAction(action.id, { owner: owner.value }); });
    fields.appendChild(field("Owner", base + "-owner", owner));
    var due = document.createElement("input");
    due.type = "date";
    due.value = action.due;
    due.addEventListener("change", function () {
      if (!due.value || TOOLKIT.isDay(due.value)) { self.editAction(action.id, { due: due.value }); }
    });
    fields.appendChild(field("Due date", base + "-due", due));
    var rag = select(RAG_WORDS, action.rag);
    rag.addEventListener("change", function () { self.editAction(action.id, { rag: rag.value }); });
    fields.appendChild(field("Status (red, amber or green)", base + "-rag", rag));
    var progress = select(PROGRESS_WORDS, action.progress);
    progress.addEventListener("change", function () { self.editAction(action.id, { progress: progress.value }); });
    fields.appendChild(field("Progress", base + "-progress", progress));
    item.appendChild(fields);
    var button = element("button", "md-button tk-button--warning",
      action.source === "own" ? "Remove this action" : "Drop this action");
    button.type = "button";
    button.appendChild(element("span", "tk-visually-hidden", " (action " + number + ")"));
    button.addEventListener("click", function () {
      if (action.source === "own") { self.removeOwn(action.id, number); } else { self.setDropped(action.id, true, number); }
    });
    item.appendChild(button);
    return item;
  };

  /* The plan's cards, its dropped actions, its count and its print table, from the plan data. */
  CheckAnswers.prototype.renderPlan = function () {
    var self = this;
    var live = this.plan.actions.filter(function (a) { return !a.dropped; });
    var dropped = this.plan.actions.filter(function (a) { return a.dropped; });
    this.actionList.textContent = "";
    live.forEach(function (a, i) { self.actionList.appendChild(self.actionCard(a, i + 1)); });
    this.droppedList.textContent = "";
    dropped.forEach(function (a) {
      var item = element("li", "tk-dropped");
      item.setAttribute("data-action", a.id);
      item.appendChild(element("span", "", a.text + " (" + self.origin(a) + ") "));
      var restore = element("button", "md-button", "Restore");
      restore.type = "button";
      restore.appendChild(element("span", "tk-visually-hidden", " the action: " + a.text));
      restore.addEventListener("click", function () { self.setDropped(a.id, false); });
      item.appendChild(restore);
      self.droppedList.appendChild(item);
    });
    this.root.querySelector("[data-tk-dropped-section]").hidden = dropped.length === 0;
    this.renderPlanSummary();
  };

  /* The plan's count and its printed table: kept in step at every edit, without redrawing the cards (which would
     lose the person's place). */
  CheckAnswers.prototype.renderPlanSummary = function () {
    var counts = PLAN.counts(this.plan);
    this.root.querySelector("[data-tk-plan-count]").textContent = counts.actions ?
      plural(counts.actions, "action") + " in the plan, " + counts.done + " done" +
      (counts.dropped ? "; " + counts.dropped + " dropped" : "") + "." :
      "The plan has no actions yet: questions answered No propose them, and you can add your own.";
    var body = this.root.querySelector("[data-tk-plan-table] tbody");
    body.textContent = "";
    this.report().actions.forEach(function (a) {
      var row = document.createElement("tr");
      [a.number + ". " + a.text, a.origin, a.owner, a.due, a.rag, a.progress].forEach(function (value) {
        row.appendChild(element("td", "", value));
      });
      body.appendChild(row);
    });
    if (!body.firstChild) {
      var empty = document.createElement("tr");
      var cell = element("td", "", "No actions.");
      cell.colSpan = 6;
      empty.appendChild(cell);
      body.appendChild(empty);
    }
  };

  CheckAnswers.prototype.renderReportHeader = function () {
    var date = this.root.ownerDocument.querySelector("[data-tk-report-date]");
    var source = this.root.ownerDocument.querySelector("[data-tk-report-source]");
    if (date) { date.textContent = longDate(today()); }
    if (source) { source.textContent = this.sourceText().split(". Changes")[0].replace(/\.?$/, "."); }
  };

  /* After an edit to an action's fields: the data, the count and print table, and storage when kept. */
  CheckAnswers.prototype.editAction = function (id, changes) {
    this.plan = PLAN.edit(this.plan, id, changes);
    this.renderPlanSummary();
    this.keepPlan();
  };

  /* Focus after the list is redrawn: the card at `number` (or the one before, or the list's heading). */
  CheckAnswers.prototype.focusCard = function (number) {
    var cards = all(this.actionList, ".tk-action__title");
    var target = cards[Math.min(number, cards.length) - 1] || document.getElementById("action-plan");
    if (target) {
      if (!target.hasAttribute("tabindex")) { target.tabIndex = -1; }
      target.focus();
    }
  };

  CheckAnswers.prototype.setDropped = function (id, dropped, number) {
    this.plan = PLAN.edit(this.plan, id, { dropped: dropped });
    this.renderPlan();
    this.keepPlan();
    var action = this.plan.actions.filter(function (a) { return a.id === id; })[0];
    if (dropped) {
      this.focusCard(number);
      this.say("Dropped the action \u201c" + action.text + "\u201d. It is listed under Dropped actions, where you can restore it.");
    } else {
      var card = this.actionList.querySelector('[data-action="' + id + '"] .tk-action__title');
      if (card) { card.focus(); }
      this.say("Restored the action \u201c" + action.text + "\u201d.");
    }
  };

  CheckAnswers.prototype.addOwn = function () {
    var added = PLAN.addOwn(this.plan, "");
    this.plan = added.plan;
    this.renderPlan();
    this.keepPlan();
    var box = document.getElementById("tk-action-" + added.id + "-text");
    if (box) { box.focus(); }
    this.say("Added an action of your own at the end of the plan: say what is to be done.");
  };

  CheckAnswers.prototype.removeOwn = function (id, number) {
    this.plan = PLAN.remove(this.plan, id);
    this.renderPlan();
    this.keepPlan();
    this.focusCard(number);
    this.say("Removed your action.");
  };

  /* The plan (and the name given) kept on this device, when the answers shown are this device's and the person
     chose to keep them; a file's plan is saved only to a file. */
  CheckAnswers.prototype.keepPlan = function () {
    if (this.mode !== "device") { return null; }
    var kept = this.planStore.save({ toolkit: this.toolkit, toolkitTitle: this.toolkitTitle,
      toolkitVersion: this.toolkitVersion, respondent: this.respondentBox.value, sections: [], plan: this.plan });
    if (kept === false) {
      this.say("Your plan could not be saved on this device: the browser's storage is full or turned off. " +
        "Save it to a file so it is not lost.", true);
    }
    return kept;
  };

  CheckAnswers.prototype.setConsent = function (on) {
    if (!STORAGE.available()) {
      this.consentBox.checked = false;
      this.say("This browser does not allow saving. Save your answers and plan to a file instead.");
      return;
    }
    if (on) {
      if (!STORAGE.optInOnly() || this.keepPlan() === false) {
        STORAGE.optOut();
        this.consentBox.checked = false;
        this.say("Your answers could not be saved on this device: the browser's storage is full or turned off.", true);
        return;
      }
      this.say("Your answers and plan are now saved on this device as you change them.");
    } else {
      if (!STORAGE.optOut()) {
        this.consentBox.checked = STORAGE.consented();
        this.say("Your saved answers could not be removed from this device: the browser's storage refused.", true);
        return;
      }
      if (this.mode === "device") { this.showDevice(false); }
      this.say("Your answers and plan are no longer saved on this device, and what was saved was removed.");
    }
    this.sourceLine.textContent = this.sourceText();
  };

  /* A section's answers as the format saves them (a plain object), from those shown. */
  CheckAnswers.prototype.sectionAnswers = function (section) {
    var saved = Object.create(null);
    (this.answers.get(section) || new Map()).forEach(function (a, id) {
      var entry = { version: a.version };
      if (a.yn) { entry.yn = a.yn; }
      if (a.figure) { entry.figure = a.figure; }
      if (a.response) { entry.response = a.response; }
      saved[id] = entry;
    });
    return saved;
  };

  CheckAnswers.prototype.saveFile = function () {
    var self = this;
    var name = EXPORTS.fileName(this.toolkit, "answers", today(), "json");
    FILES.download(name, "application/json", TOOLKIT.fileText({ toolkit: this.toolkit, toolkitTitle: this.toolkitTitle,
      toolkitVersion: this.toolkitVersion, respondent: this.respondentBox.value.trim(), plan: this.plan,
      sections: this.sections.map(function (s) {
        return { section: s.section, sectionTitle: s.title, answers: self.sectionAnswers(s.section) };
      }) }));
    this.say("Your answers and action plan were saved to the file " + name + ".");
  };

  /* Opens a file of saved answers (either version): refused by its size before reading, checked whole, and
     shown only if it is this toolkit's; what this device keeps is never changed by it. */
  CheckAnswers.prototype.openFile = function () {
    var self = this;
    var file = this.fileInput.files && this.fileInput.files[0];
    this.fileInput.value = "";
    if (!file) { return; }
    FILES.readText(file, function (read) {
      var opened = read.problem ? read : TOOLKIT.parse(read.text, { toolkit: self.toolkit });
      if (opened.problem) {
        self.say("That file could not be opened: " + opened.problem + ". Nothing was changed.", true);
        return;
      }
      var record = opened.record;
      var section = record.version === 1 ? record.sections.keys().next().value : "";
      if (section && !self.sections.some(function (s) { return s.section === section; })) {
        self.say("That file could not be opened: it holds the answers to one checklist section, " +
          JSON.stringify(section) + ", which is not in this toolkit. Nothing was changed.", true);
        return;
      }
      var answers = new Map();
      record.sections.forEach(function (s, slug) { answers.set(slug, s.answers); });
      self.mode = "file";
      self.fileName = file.name;
      self.meta = { saved: record.saved, respondent: record.respondent };
      self.respondentBox.value = record.respondent;
      self.answers = answers;
      self.plan = record.plan;
      self.render();
      self.deviceButton.hidden = false;
      var count = 0;
      answers.forEach(function (m) { count += m.size; });
      self.say("Opened " + plural(count - self.stale, "answer") + " and " +
        plural(PLAN.counts(self.plan).actions, "action") + " from the file " + file.name + "." +
        (self.stale ? " " + plural(self.stale, "answer") + (self.stale === 1 ? " was" : " were") +
          " to questions changed or removed since, so " + (self.stale === 1 ? "it is" : "they are") + " not shown." : ""));
    });
  };

  /* What the exports and the print table show: the answers and plan in words. */
  CheckAnswers.prototype.report = function () {
    var self = this;
    var live = this.plan.actions.filter(function (a) { return !a.dropped; });
    function shaped(a, i) {
      var found = a.section ? PLAN.find(self.sections, a.section, a.question) : undefined;
      return { number: i + 1, text: a.text, origin: self.origin(a), owner: a.owner, due: a.due,
        rag: a.rag ? RAG_WORDS[a.rag] : "", progress: PROGRESS_WORDS[a.progress],
        resources: found && a.source === "proposed" ? found.question.resources.map(function (r) { return r.title; }) : [] };
    }
    return {
      toolkitTitle: this.toolkitTitle,
      toolkitVersion: this.toolkitVersion,
      date: today(),
      dateText: longDate(today()),
      source: this.sourceText().split(". Changes")[0].replace(/\.?$/, "."),
      respondent: this.respondentBox.value.trim(),
      sections: this.sections.map(function (s, i) {
        return { title: s.title, counts: self.counts ? self.counts[i] : null, rows: s.questions.map(function (q) {
          var answer = self.answerTo(s.section, q);
          var words = answerWords(q, answer);
          return { number: q.number, text: q.text, answer: words.answer, response: words.response,
            status: STATUS_WORDS[PLAN.status(q, answer)] };
        }) };
      }),
      actions: live.map(shaped),
      dropped: this.plan.actions.filter(function (a) { return a.dropped; }).map(shaped)
    };
  };

  CheckAnswers.prototype.exportCsv = function (what) {
    var report = this.report();
    var name = EXPORTS.fileName(this.toolkit, what === "plan" ? "action-plan" : "answers", report.date, "csv");
    FILES.download(name, "text/csv;charset=utf-8", what === "plan" ? EXPORTS.planCsv(report) : EXPORTS.answersCsv(report));
    this.say((what === "plan" ? "Your action plan was" : "Your answers were") + " exported to the file " + name + ".");
  };

  CheckAnswers.prototype.exportWord = function () {
    var self = this;
    var report = this.report();
    var name = EXPORTS.fileName(this.toolkit, "answers-and-plan", report.date, "docx");
    this.say("Making the Word document…");
    EXPORTS.word(report, function (made) {
      if (made.problem) {
        self.say("The Word document could not be made: " + made.problem + ". Export as CSV or print the report instead.", true);
        return;
      }
      FILES.download(name, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", made.blob);
      self.say("Your answers and action plan were exported to the Word document " + name + ".");
    });
  };

  function init() {
    all(document, "[data-tk-check-answers]").forEach(function (root) {
      if (!root.getAttribute("data-tk-ready")) {
        root.setAttribute("data-tk-ready", "true");
        new CheckAnswers(root); // eslint-disable-line no-new
      }
    });
  }

  window.tkOnEachPage(init);
})();
