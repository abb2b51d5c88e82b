/* Self-assessment on checklist pages, the page's part: answer on screen, save on this device only if the
   person chooses to, save to or open from a file, export CSV, print with answers, clear.
   Progressive enhancement: the page is built with the panel and each question's controls in place (so nothing
   moves when this runs), and without JavaScript a stylesheet inside <noscript> hides them: the page is then the
   plain printable checklist. This file is the view: it finds the panel and the controls, turns what the person
   does into steps of the answers' state (tkAssessmentState), and shows the result and what happened in words.
   Storage is tkAssessmentStorage, files tkAssessmentFiles; saved answers, from a file or from this device's
   storage, are read only through tkSavedAnswers.parse (_saved-answers.js). Those are loaded before this file
   (page_assets.py lists each script after those it uses). Nothing is ever sent anywhere; there is no framework
   and nothing is fetched. */
(function () {
  "use strict";

  var SAVED = window.tkSavedAnswers;
  var STATE = window.tkAssessmentState;
  var STORAGE = window.tkAssessmentStorage;
  var FILES = window.tkAssessmentFiles;
  var SAVE_FAILED = "Your latest answers could not be saved on this device: the browser's storage is full or " +
    "turned off. Save your answers to a file so they are not lost.";

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
    this.enhancePanel();
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

  /* A question's controls, as the page was built with them (ids tk-SECTION-QUESTION-Y, -N, -figure, -response):
     given their limits and their group's name here, since the saved-answers format sets both. */
  Assessment.prototype.enhanceRow = function (row) {
    var self = this;
    var id = row.getAttribute("data-question");
    var base = "tk-" + this.section + "-" + id;
    var question = { id: id, kind: row.getAttribute("data-answer"),
      number: row.querySelector(".tk-col-number").textContent.trim(),
      text: row.querySelector("th").textContent.trim(), version: row.getAttribute("data-version") };
    row.closest("table").classList.add("tk-interactive");

    function control(suffix, event, limit) {
      var node = document.getElementById(base + "-" + suffix);
      if (node) {
        if (limit) { node.setAttribute("maxlength", String(limit)); }
        node.addEventListener(event, function () { self.edited(question); });
      }
      return node;
    }
    if (question.kind === "yes-no") {
      question.radios = ["Y", "N"].map(function (value) {
        var radio = control(value, "change");
        radio.name = base + "-yn";
        return radio;
      });
    }
    if (question.kind === "figure") {
      question.figure = control("figure", "input", SAVED.MAX_FIGURE);
    }
    question.response = control("response", "input", SAVED.MAX_RESPONSE);
    question.printed = row.querySelector(".tk-print-answer");
    this.questions.push(question);
  };

  /* The panel above the questions, as the page was built with it: its actions get their handlers. */
  Assessment.prototype.enhancePanel = function () {
    var self = this;
    var panel = this.panel;
    this.consentBox = panel.querySelector(".tk-consent input[type=checkbox]");
    this.consentBox.checked = STORAGE.consented();
    this.consentBox.addEventListener("change", function () { self.setConsent(self.consentBox.checked); });
    this.progress = panel.querySelector(".tk-progress");
    this.message = panel.querySelector(".tk-assessment__message");
    this.fileInput = panel.querySelector("input[type=file]");
    this.fileInput.addEventListener("change", function () { self.openFile(); });
    var actions = {
      save: function () { self.saveFile(); },
      open: function () { self.fileInput.click(); },
      csv: function () { self.exportCsv(); },
      print: function () { window.print(); },
      clear: function () { self.clear(); }
    };
    Array.prototype.forEach.call(panel.querySelectorAll("button[data-tk-action]"), function (button) {
      var name = button.getAttribute("data-tk-action");
      if (Object.prototype.hasOwnProperty.call(actions, name)) { button.addEventListener("click", actions[name]); }
    });
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
