/* Self-assessment on checklist pages: answer on screen, save on this device only if the person
   chooses to, save to or open from a file, export CSV, print with answers, clear.
   Progressive enhancement: without JavaScript the page is the plain printable checklist.
   Nothing is ever sent anywhere; there is no framework and nothing is fetched. Saved answers, from a file
   or from this device's storage, are read only through tkSavedAnswers.parse (_saved-answers.js). */
(function () {
  "use strict";

  var CONSENT_KEY = "tk-save-answers";
  var ANSWERS_PREFIX = "tk-answers:";
  var SAVED = window.tkSavedAnswers;
  var SAVE_FAILED = "Your latest answers could not be saved on this device: the browser's storage is full or " +
    "turned off. Save your answers to a file so they are not lost.";
  /* The spreadsheet-formula rule of downloads/reproducible.py (FORMULA_STARTS): both are tested against the
     cases in tests/spreadsheet_formula_cases.json, so change the three together. */
  var FORMULA_START = /^[=+\-@\t\r]/;

  function store() {
    try {
      var s = window.localStorage;
      s.getItem(CONSENT_KEY);
      return s;
    } catch (e) {
      return null;
    }
  }

  function consented() {
    var s = store();
    return Boolean(s && s.getItem(CONSENT_KEY) === "yes");
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "className") {
        node.className = attrs[name];
      } else {
        node.setAttribute(name, attrs[name]);
      }
    });
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function download(name, type, content) {
    var blob = new Blob([content], { type: type });
    var url = URL.createObjectURL(blob);
    var link = el("a", { href: url, download: name });
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function csvCell(value) {
    var text = String(value === undefined || value === null ? "" : value);
    if (FORMULA_START.test(text)) {
      text = "'" + text; // OWASP: a spreadsheet must not run it as a formula
    }
    return '"' + text.replace(/"/g, '""') + '"';
  }

  function answersCount(n) {
    return n + (n === 1 ? " answer" : " answers");
  }

  function Assessment(panel) {
    this.panel = panel;
    this.toolkit = panel.getAttribute("data-toolkit");
    this.section = panel.getAttribute("data-section");
    this.toolkitTitle = panel.getAttribute("data-toolkit-title");
    this.sectionTitle = panel.getAttribute("data-section-title");
    this.key = ANSWERS_PREFIX + this.toolkit + ":" + this.section;
    this.questions = [];
    var selector = 'table.tk-checklist[data-section="' + this.section + '"] tr[data-question]';
    Array.prototype.forEach.call(document.querySelectorAll(selector), this.enhanceRow.bind(this));
    this.buildPanel();
    this.saveFailing = false;
    if (consented()) {
      var stored = this.readStored();
      if (stored.problem) {
        this.say("The answers saved on this device could not be read, so they were not used: " + stored.problem +
          ". Your next answer replaces them.", true);
      } else {
        this.apply(stored.answers, false);
      }
    }
    this.update(false);
  }

  Assessment.prototype.enhanceRow = function (row) {
    var self = this;
    var id = row.getAttribute("data-question");
    var kind = row.getAttribute("data-answer");
    var number = row.querySelector(".tk-col-number").textContent.trim();
    var text = row.querySelector("th").textContent.trim();
    var base = "tk-" + this.section + "-" + id;
    var question = { id: id, kind: kind, number: number, text: text, version: row.getAttribute("data-version") };
    row.closest("table").classList.add("tk-interactive");

    if (kind === "yes-no") {
      var cell = row.querySelector(".tk-col-yn");
      var group = el("fieldset", { className: "tk-yn-options" });
      group.appendChild(el("legend", { className: "tk-visually-hidden" }, "Question " + number + ": yes or no"));
      question.radios = ["Y", "N"].map(function (value) {
        var label = el("label", { className: "tk-option" });
        var input = el("input", { type: "radio", name: base + "-yn", value: value, id: base + "-" + value });
        label.appendChild(input);
        label.appendChild(document.createTextNode(value === "Y" ? " Yes" : " No"));
        group.appendChild(label);
        input.addEventListener("change", function () { self.edited(); });
        return input;
      });
      cell.appendChild(group);
    }
    var response = row.querySelector(".tk-col-response");
    if (kind === "figure") {
      var figureId = base + "-figure";
      response.appendChild(el("label", { "for": figureId, className: "tk-field-label" }, "Figure"));
      question.figure = el("input", { type: "text", inputmode: "decimal", id: figureId, className: "tk-figure",
        autocomplete: "off", maxlength: String(SAVED.MAX_FIGURE) });
      question.figure.addEventListener("input", function () { self.edited(); });
      response.appendChild(question.figure);
    }
    var responseId = base + "-response";
    response.appendChild(el("label", { "for": responseId, className: "tk-visually-hidden" },
      "Response to question " + number));
    question.response = el("textarea", { id: responseId, rows: "3", className: "tk-response",
      maxlength: String(SAVED.MAX_RESPONSE) });
    question.response.addEventListener("input", function () { self.edited(); });
    response.appendChild(question.response);
    question.printed = el("div", { className: "tk-print-answer", "aria-hidden": "true" });
    response.appendChild(question.printed);
    this.questions.push(question);
  };

  Assessment.prototype.buildPanel = function () {
    var self = this;
    var panel = this.panel;
    var consentId = "tk-consent-" + this.section;
    panel.appendChild(el("h2", { id: "tk-answer-" + this.section, className: "tk-assessment__title" },
      "Answer on screen"));
    panel.appendChild(el("p", {}, "You can answer the questions below on screen. Your answers stay on this " +
      "device and are not sent anywhere. You can open a file of answers saved from this section, up to " +
      SAVED.MAX_FILE_SIZE_TEXT + " in size."));
    var consent = el("div", { className: "tk-consent" });
    this.consentBox = el("input", { type: "checkbox", id: consentId, "aria-describedby": consentId + "-hint" });
    this.consentBox.checked = consented();
    consent.appendChild(this.consentBox);
    consent.appendChild(el("label", { "for": consentId }, "Save my answers on this device"));
    consent.appendChild(el("p", { id: consentId + "-hint", className: "tk-hint" }, "Your answers are kept in " +
      "this browser so you can come back to them, until you clear them or untick this box. If you leave it " +
      "unticked, nothing is stored and your answers are lost when you leave the page."));
    panel.appendChild(consent);
    this.consentBox.addEventListener("change", function () { self.setConsent(self.consentBox.checked); });

    this.progress = el("p", { className: "tk-progress", role: "status" });
    panel.appendChild(this.progress);

    var actions = el("div", { className: "tk-assessment__actions" });
    function button(label, handler, extra) {
      var b = el("button", { type: "button", className: "md-button" + (extra || "") }, label);
      b.addEventListener("click", handler);
      actions.appendChild(b);
      return b;
    }
    button("Save answers to a file", function () { self.saveFile(); });
    this.fileInput = el("input", { type: "file", accept: ".json,application/json", className: "tk-visually-hidden",
      tabindex: "-1", "aria-hidden": "true" });
    this.fileInput.addEventListener("change", function () { self.openFile(); });
    actions.appendChild(this.fileInput);
    button("Open answers from a file", function () { self.fileInput.click(); });
    button("Export answers as CSV", function () { self.exportCsv(); });
    button("Print with answers", function () { window.print(); });
    button("Clear all answers", function () { self.clear(); }, " tk-button--warning");
    panel.appendChild(actions);
    this.message = el("p", { className: "tk-assessment__message", role: "status" });
    panel.appendChild(this.message);
    panel.hidden = false;
  };

  /* The answers on screen, keyed by question id (ids come from the page, never from saved data). */
  Assessment.prototype.collect = function () {
    var answers = Object.create(null);
    this.questions.forEach(function (q) {
      var entry = { version: q.version };
      var chosen = (q.radios || []).filter(function (r) { return r.checked; })[0];
      if (chosen) { entry.yn = chosen.value; }
      if (q.figure && q.figure.value.trim()) { entry.figure = q.figure.value; }
      if (q.response.value.trim()) { entry.response = q.response.value; }
      if (entry.yn || entry.figure || entry.response) { answers[q.id] = entry; }
    });
    return answers;
  };

  function show(q, entry) {
    (q.radios || []).forEach(function (r) { r.checked = r.value === entry.yn; });
    if (q.figure) { q.figure.value = entry.figure || ""; }
    q.response.value = entry.response || "";
  }

  /* Shows answers already checked by tkSavedAnswers.parse (a Map); one whose question was removed or
     reworded is skipped, never misapplied. With `replace`, questions without an answer are emptied. */
  Assessment.prototype.apply = function (answers, replace) {
    var applied = 0;
    var skipped = 0;
    var byId = new Map();
    this.questions.forEach(function (q) { byId.set(q.id, q); });
    answers.forEach(function (entry, id) {
      var q = byId.get(id);
      if (!q || entry.version !== q.version) {
        skipped += 1;
        return;
      }
      show(q, entry);
      applied += 1;
    });
    if (replace) {
      this.questions.forEach(function (q) {
        var entry = answers.get(q.id);
        if (!entry || entry.version !== q.version) { show(q, {}); }
      });
    }
    return { applied: applied, skipped: skipped };
  };

  /* This section's answers from storage: {answers: Map} (empty when none) or {problem}. */
  Assessment.prototype.readStored = function () {
    var s = store();
    var text = null;
    try {
      text = s ? s.getItem(this.key) : null;
    } catch (e) {
      text = null;
    }
    if (text === null) { return { answers: new Map() }; }
    return SAVED.parse(text, { toolkit: this.toolkit, section: this.section, headerRequired: false });
  };

  /* Refreshes the count and print view; when `changed`, saves if the person chose to. Returns true when
     saved, false when saving failed, and null when nothing was to be saved. */
  Assessment.prototype.update = function (changed) {
    var answers = this.collect();
    var answered = this.questions.filter(function (q) {
      var a = answers[q.id];
      if (!a) { return false; }
      if (q.kind === "yes-no") { return Boolean(a.yn); }
      if (q.kind === "figure") { return Boolean(a.figure); }
      return Boolean(a.response);
    }).length;
    this.progress.textContent = answered + " of " + this.questions.length + " answered";
    this.questions.forEach(function (q) {
      var a = answers[q.id] || {};
      q.printed.textContent = [a.figure ? "Figure: " + a.figure : "", a.response || ""].filter(Boolean).join("\n");
    });
    if (!changed || !consented()) { return null; }
    try {
      store().setItem(this.key, JSON.stringify(SAVED.record(this.toolkit, this.section, answers)));
      return true;
    } catch (e) {
      return false; // QuotaExceededError, or storage turned off since the page loaded
    }
  };

  /* After the person changes an answer: says so when saving starts or stops failing, not at every key. */
  Assessment.prototype.edited = function () {
    var saved = this.update(true);
    if (saved === false) {
      this.saveFailing = true;
      if (this.message.textContent !== SAVE_FAILED) { this.say(SAVE_FAILED, true); }
    } else if (saved === true && this.saveFailing) {
      this.saveFailing = false;
      this.say("Your answers are saved on this device again.");
    }
  };

  Assessment.prototype.setConsent = function (on) {
    var s = store();
    if (!s) {
      this.consentBox.checked = false;
      this.say("This browser does not allow saving. Save your answers to a file instead.");
      return;
    }
    if (on) {
      var saved;
      try {
        s.setItem(CONSENT_KEY, "yes");
        saved = this.update(true);
      } catch (e) {
        saved = false;
      }
      if (!saved) {
        try { s.removeItem(CONSENT_KEY); } catch (e) { /* nothing more to undo */ }
        this.consentBox.checked = false;
        this.say("Your answers could not be saved on this device: the browser's storage is full or turned off, " +
          "so nothing is saved here. Save your answers to a file instead.", true);
        return;
      }
      this.saveFailing = false;
      this.say("Your answers are now saved on this device as you type.");
    } else {
      Object.keys(s).filter(function (k) { return k.indexOf(ANSWERS_PREFIX) === 0; })
        .forEach(function (k) { s.removeItem(k); });
      s.removeItem(CONSENT_KEY);
      this.say("Your answers are no longer saved on this device, and saved answers were removed.");
    }
  };

  /* Shows a message in the panel's status area; a `problem` is styled as one. */
  Assessment.prototype.say = function (text, problem) {
    this.message.textContent = text;
    this.message.classList.toggle("tk-assessment__message--problem", Boolean(problem));
  };

  Assessment.prototype.saveFile = function () {
    var data = SAVED.record(this.toolkit, this.section, this.collect(),
      { toolkit: this.toolkitTitle, section: this.sectionTitle });
    download(this.section + "-answers.json", "application/json", JSON.stringify(data, null, 2));
    this.say("Your answers were saved to the file " + this.section + "-answers.json.");
  };

  /* Opens a file of saved answers: refused by its size before reading, then checked whole before anything
     on screen or in storage changes. */
  Assessment.prototype.openFile = function () {
    var self = this;
    var file = this.fileInput.files && this.fileInput.files[0];
    this.fileInput.value = "";
    if (!file) { return; }
    function refuse(problem) {
      self.say("That file could not be opened: " + problem + ". Nothing was changed.", true);
    }
    if (file.size > SAVED.MAX_FILE_BYTES) {
      refuse("it is " + (file.size / (1024 * 1024)).toFixed(1) + " MB, larger than the " + SAVED.MAX_FILE_SIZE_TEXT +
        " limit for a file of saved answers");
      return;
    }
    var reader = new FileReader();
    reader.onerror = function () { refuse("the browser could not read it"); };
    reader.onload = function () {
      var result = SAVED.parse(reader.result, { toolkit: self.toolkit, section: self.section, headerRequired: true });
      if (result.problem) {
        refuse(result.problem);
        return;
      }
      var counts = self.apply(result.answers, true);
      var saved = self.update(true);
      self.saveFailing = saved === false;
      self.say("Opened " + answersCount(counts.applied) + "." + (counts.skipped ? " " + answersCount(counts.skipped) +
        (counts.skipped === 1 ? " was" : " were") + " for questions that have since changed or been removed, so " +
        (counts.skipped === 1 ? "it was" : "they were") + " left out." : "") +
        (saved === false ? " " + SAVE_FAILED : ""), saved === false);
    };
    reader.readAsText(file);
  };

  Assessment.prototype.exportCsv = function () {
    var answers = this.collect();
    var date = new Date().toISOString().slice(0, 10);
    var self = this;
    var lines = [["Question number", "Question", "Answer", "Response", "Section", "Toolkit", "Date"]];
    this.questions.forEach(function (q) {
      var a = answers[q.id] || {};
      var answer = a.yn === "Y" ? "Yes" : a.yn === "N" ? "No" : (a.figure || "");
      lines.push([q.number, q.text, answer, a.response || "", self.sectionTitle, self.toolkitTitle, date]);
    });
    var csv = "\ufeff" + lines.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
    download(this.section + "-answers.csv", "text/csv;charset=utf-8", csv);
    this.say("Your answers were exported to the file " + this.section + "-answers.csv.");
  };

  Assessment.prototype.clear = function () {
    if (!window.confirm("Clear all your answers to this section? This cannot be undone.")) {
      return;
    }
    this.apply(new Map(), true);
    var s = store();
    if (s) { s.removeItem(this.key); }
    this.update(false);
    this.say("All answers to this section were cleared.");
  };

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-tk-assessment]"), function (panel) {
      if (!panel.getAttribute("data-tk-ready")) {
        panel.setAttribute("data-tk-ready", "true");
        new Assessment(panel); // eslint-disable-line no-new
      }
    });
  }

  window.tkOnEachPage(init);
})();
