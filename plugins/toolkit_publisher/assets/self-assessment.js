/* Self-assessment on checklist pages: answer on screen, save on this device only if the person
   chooses to, save to or open from a file, export CSV, print with answers, clear.
   Progressive enhancement: without JavaScript the page is the plain printable checklist.
   Nothing is ever sent anywhere; there is no framework and nothing is fetched. */
(function () {
  "use strict";

  var CONSENT_KEY = "tk-save-answers";
  var ANSWERS_PREFIX = "tk-answers:";
  var FILE_FORMAT = "nhs-workforce-toolkit-answers";
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
    if (consented()) {
      this.apply(this.readStored(), false);
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
        input.addEventListener("change", function () { self.update(true); });
        return input;
      });
      cell.appendChild(group);
    }
    var response = row.querySelector(".tk-col-response");
    if (kind === "figure") {
      var figureId = base + "-figure";
      response.appendChild(el("label", { "for": figureId, className: "tk-field-label" }, "Figure"));
      question.figure = el("input", { type: "text", inputmode: "decimal", id: figureId, className: "tk-figure",
        autocomplete: "off" });
      question.figure.addEventListener("input", function () { self.update(true); });
      response.appendChild(question.figure);
    }
    var responseId = base + "-response";
    response.appendChild(el("label", { "for": responseId, className: "tk-visually-hidden" },
      "Response to question " + number));
    question.response = el("textarea", { id: responseId, rows: "3", className: "tk-response" });
    question.response.addEventListener("input", function () { self.update(true); });
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
      "device and are not sent anywhere."));
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

  Assessment.prototype.collect = function () {
    var answers = {};
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

  /* Applies saved answers; one whose question was removed or reworded is skipped, never misapplied. */
  Assessment.prototype.apply = function (answers, replace) {
    var applied = 0;
    var skipped = 0;
    var byId = {};
    this.questions.forEach(function (q) { byId[q.id] = q; });
    Object.keys(answers || {}).forEach(function (id) {
      var q = byId[id];
      var entry = answers[id] || {};
      if (!q || entry.version !== q.version) {
        skipped += 1;
        return;
      }
      (q.radios || []).forEach(function (r) { r.checked = r.value === entry.yn; });
      if (q.figure) { q.figure.value = entry.figure || ""; }
      q.response.value = entry.response || "";
      applied += 1;
    });
    if (replace) {
      this.questions.forEach(function (q) {
        if (!answers[q.id] || answers[q.id].version !== q.version) {
          (q.radios || []).forEach(function (r) { r.checked = false; });
          if (q.figure) { q.figure.value = ""; }
          q.response.value = "";
        }
      });
    }
    return { applied: applied, skipped: skipped };
  };

  Assessment.prototype.readStored = function () {
    var s = store();
    if (!s) { return {}; }
    try {
      var data = JSON.parse(s.getItem(this.key) || "{}");
      return data.answers || {};
    } catch (e) {
      return {};
    }
  };

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
    if (changed && consented()) {
      var s = store();
      if (s) {
        s.setItem(this.key, JSON.stringify({ saved: new Date().toISOString(), answers: answers }));
      }
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
      s.setItem(CONSENT_KEY, "yes");
      this.update(true);
      this.say("Your answers are now saved on this device as you type.");
    } else {
      Object.keys(s).filter(function (k) { return k.indexOf(ANSWERS_PREFIX) === 0; })
        .forEach(function (k) { s.removeItem(k); });
      s.removeItem(CONSENT_KEY);
      this.say("Your answers are no longer saved on this device, and saved answers were removed.");
    }
  };

  Assessment.prototype.say = function (text) {
    this.message.textContent = text;
  };

  Assessment.prototype.saveFile = function () {
    var data = { format: FILE_FORMAT, version: 1, toolkit: this.toolkit, section: this.section,
      toolkitTitle: this.toolkitTitle, sectionTitle: this.sectionTitle, saved: new Date().toISOString(),
      answers: this.collect() };
    download(this.section + "-answers.json", "application/json", JSON.stringify(data, null, 2));
    this.say("Your answers were saved to the file " + this.section + "-answers.json.");
  };

  Assessment.prototype.openFile = function () {
    var self = this;
    var file = this.fileInput.files && this.fileInput.files[0];
    if (!file) { return; }
    var reader = new FileReader();
    reader.onload = function () {
      var data;
      try {
        data = JSON.parse(reader.result);
      } catch (e) {
        self.say("That file could not be read: it is not a file of saved answers.");
        return;
      }
      if (!data || data.format !== FILE_FORMAT || data.section !== self.section || data.toolkit !== self.toolkit) {
        self.say("That file holds answers to a different checklist section, so nothing was changed.");
        return;
      }
      var result = self.apply(data.answers, true);
      self.update(true);
      self.say("Opened " + result.applied + " answers." + (result.skipped ? " " + result.skipped +
        " answers were for questions that have since changed or been removed, so they were left out." : ""));
    };
    reader.readAsText(file);
    this.fileInput.value = "";
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
    this.apply({}, true);
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
