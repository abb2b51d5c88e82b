/* Self-assessment on checklist pages, the page's part: answer on screen, save on this device only if the
   person chooses to, save to or open from a file, export CSV, print with answers, clear.
   Progressive enhancement: without JavaScript the page is the plain printable checklist.
   This file is the view: it builds the controls and the panel, turns what the person does into steps of
   the answers' state (tkAssessmentState), and shows the result and what happened in words. Storage is
   tkAssessmentStorage, files tkAssessmentFiles; saved answers, from a file or from this device's storage,
   are read only through tkSavedAnswers.parse (_saved-answers.js). Those are loaded before this file (the
   plugin adds scripts in name order). Nothing is ever sent anywhere; there is no framework and nothing is
   fetched. */
(function () {
  "use strict";

  var SAVED = window.tkSavedAnswers;
  var STATE = window.tkAssessmentState;
  var STORAGE = window.tkAssessmentStorage;
  var FILES = window.tkAssessmentFiles;
  var SAVE_FAILED = "Your latest answers could not be saved on this device: the browser's storage is full or " +
    "turned off. Save your answers to a file so they are not lost.";

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

  function answersCount(n) {
    return n + (n === 1 ? " answer" : " answers");
  }

  function Assessment(panel) {
    this.panel = panel;
    this.toolkit = panel.getAttribute("data-toolkit");
    this.section = panel.getAttribute("data-section");
    this.toolkitTitle = panel.getAttribute("data-toolkit-title");
    this.sectionTitle = panel.getAttribute("data-section-title");
    this.storage = STORAGE.forSection(this.toolkit, this.section);
    this.questions = [];
    var selector = 'table.tk-checklist[data-section="' + this.section + '"] tr[data-question]';
    Array.prototype.forEach.call(document.querySelectorAll(selector), this.enhanceRow.bind(this));
    this.state = STATE.create(this.questions);
    this.buildPanel();
    this.saveFailing = false;
    if (STORAGE.consented()) {
      var stored = this.storage.read();
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
        input.addEventListener("change", function () { self.edited(question); });
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
      question.figure.addEventListener("input", function () { self.edited(question); });
      response.appendChild(question.figure);
    }
    var responseId = base + "-response";
    response.appendChild(el("label", { "for": responseId, className: "tk-visually-hidden" },
      "Response to question " + number));
    question.response = el("textarea", { id: responseId, rows: "3", className: "tk-response",
      maxlength: String(SAVED.MAX_RESPONSE) });
    question.response.addEventListener("input", function () { self.edited(question); });
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
    this.consentBox.checked = STORAGE.consented();
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

  /* What a question's controls show now, as the state holds it. */
  function read(q) {
    var chosen = (q.radios || []).filter(function (r) { return r.checked; })[0];
    return { yn: chosen ? chosen.value : undefined, figure: q.figure ? q.figure.value : "", response: q.response.value };
  }

  /* Sets a question's controls to what the state holds for it. */
  function show(q, entry) {
    (q.radios || []).forEach(function (r) { r.checked = r.value === entry.yn; });
    if (q.figure) { q.figure.value = entry.figure; }
    q.response.value = entry.response;
  }

  /* Shows answers already checked by tkSavedAnswers.parse (a Map); one whose question was removed or
     reworded is skipped, never misapplied. With `replace`, questions without an answer are emptied. */
  Assessment.prototype.apply = function (answers, replace) {
    var result = STATE.withSaved(this.state, answers, replace);
    var state = this.state = result.state;
    this.questions.forEach(function (q) { show(q, STATE.entry(state, q.id)); });
    return { applied: result.applied, skipped: result.skipped };
  };

  /* Refreshes the count and print view; when `changed`, saves if the person chose to. Returns true when
     saved, false when saving failed, and null when nothing was to be saved. */
  Assessment.prototype.update = function (changed) {
    var answers = STATE.collect(this.state);
    var progress = STATE.progress(this.state);
    this.progress.textContent = progress.answered + " of " + progress.total + " answered";
    this.questions.forEach(function (q) {
      var a = answers[q.id] || {};
      q.printed.textContent = [a.figure ? "Figure: " + a.figure : "", a.response || ""].filter(Boolean).join("\n");
    });
    return changed ? this.storage.save(answers) : null;
  };

  /* After the person changes an answer: says so when saving starts or stops failing, not at every key. */
  Assessment.prototype.edited = function (q) {
    this.state = STATE.withAnswer(this.state, q.id, read(q));
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
    if (!STORAGE.available()) {
      this.consentBox.checked = false;
      this.say("This browser does not allow saving. Save your answers to a file instead.");
      return;
    }
    if (on) {
      if (!this.storage.optIn(STATE.collect(this.state))) {
        this.consentBox.checked = false;
        this.say("Your answers could not be saved on this device: the browser's storage is full or turned off, " +
          "so nothing is saved here. Save your answers to a file instead.", true);
        return;
      }
      this.saveFailing = false;
      this.say("Your answers are now saved on this device as you type.");
    } else {
      if (!STORAGE.optOut()) {
        this.consentBox.checked = STORAGE.consented();
        this.say("Your saved answers could not be removed from this device: the browser's storage refused. " +
          "Try again, or clear this site's data in the browser's settings.", true);
        return;
      }
      this.say("Your answers are no longer saved on this device, and saved answers were removed.");
    }
  };

  /* Shows a message in the panel's status area; a `problem` is styled as one. */
  Assessment.prototype.say = function (text, problem) {
    this.message.textContent = text;
    this.message.classList.toggle("tk-assessment__message--problem", Boolean(problem));
  };

  Assessment.prototype.saveFile = function () {
    var name = FILES.fileName(this.section, "json");
    FILES.download(name, "application/json", FILES.jsonText(this.toolkit, this.section, STATE.collect(this.state),
      { toolkit: this.toolkitTitle, section: this.sectionTitle }));
    this.say("Your answers were saved to the file " + name + ".");
  };

  /* Opens a file of saved answers: refused by its size before reading, then checked whole before anything
     on screen or in storage changes. */
  Assessment.prototype.openFile = function () {
    var self = this;
    var file = this.fileInput.files && this.fileInput.files[0];
    this.fileInput.value = "";
    if (!file) { return; }
    FILES.read(file, this.toolkit, this.section, function (result) {
      if (result.problem) {
        self.say("That file could not be opened: " + result.problem + ". Nothing was changed.", true);
        return;
      }
      var counts = self.apply(result.answers, true);
      var saved = self.update(true);
      self.saveFailing = saved === false;
      self.say("Opened " + answersCount(counts.applied) + "." + (counts.skipped ? " " + answersCount(counts.skipped) +
        (counts.skipped === 1 ? " was" : " were") + " for questions that have since changed or been removed, so " +
        (counts.skipped === 1 ? "it was" : "they were") + " left out." : "") +
        (saved === false ? " " + SAVE_FAILED : ""), saved === false);
    });
  };

  Assessment.prototype.exportCsv = function () {
    var name = FILES.fileName(this.section, "csv");
    var date = new Date().toISOString().slice(0, 10);
    FILES.download(name, "text/csv;charset=utf-8", FILES.csvText(this.questions, STATE.collect(this.state),
      { toolkit: this.toolkitTitle, section: this.sectionTitle }, date));
    this.say("Your answers were exported to the file " + name + ".");
  };

  Assessment.prototype.clear = function () {
    if (!window.confirm("Clear all your answers to this section? This cannot be undone.")) {
      return;
    }
    this.apply(new Map(), true);
    this.storage.remove();
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
