/* The self-assessment's files: answers saved to a JSON file and opened again, and exported as CSV for a
   spreadsheet. No page: the text of each file is made by a function of the answers alone, a file to open
   is read through tkToolkitAnswers.parse (_toolkit-answers.js, which reads a section's file with
   tkSavedAnswers.parse) and nothing else, so a section opens its answers from a whole toolkit's file too, and the only browser parts
   are handing a file to the person (`download`) and reading the one they chose (`read`). Nothing is sent
   anywhere. Loaded before self-assessment.js, which uses it, and after
   _saved-answers.js and _toolkit-answers.js (page_assets.py lists each script after those it uses). */
(function () {
  "use strict";

  var SAVED = window.tkSavedAnswers;
  var TOOLKIT = window.tkToolkitAnswers;
  /* The spreadsheet-formula rule of downloads/reproducible.py (FORMULA_STARTS): both are tested against the
     cases in tests/spreadsheet_formula_cases.json, so change the three together. */
  var FORMULA_START = /^[=+\-@\t\r]/;
  var CSV_HEADINGS = ["Question number", "Question", "Answer", "Response", "Section", "Toolkit", "Date"];

  /* One CSV cell, quoted. A value a spreadsheet would run as a formula gets a leading apostrophe (OWASP's
     advice), so it is shown as the text it is. The one place this rule is applied in the browser. */
  function csvCell(value) {
    var text = String(value === undefined || value === null ? "" : value);
    if (FORMULA_START.test(text)) {
      text = "'" + text; // OWASP: a spreadsheet must not run it as a formula
    }
    return '"' + text.replace(/"/g, '""') + '"';
  }

  /* The file name for a section's answers ("json" or "csv"). */
  function fileName(section, extension) {
    return section + "-answers." + extension;
  }

  /* The CSV export: a heading row, then one row per question in order (answered or not), as UTF-8 text
     with a byte-order mark (so Excel shows £ and curly quotes) and CRLF line ends. `questions` are
     {id, number, text}; `answers` a collected answers object; `titles` {toolkit, section}; `date` the
     day, YYYY-MM-DD. */
  function csvText(questions, answers, titles, date) {
    var lines = [CSV_HEADINGS];
    questions.forEach(function (q) {
      var a = answers[q.id] || {};
      var answer = a.yn === "Y" ? "Yes" : a.yn === "N" ? "No" : (a.figure || "");
      lines.push([q.number, q.text, answer, a.response || "", titles.section, titles.toolkit, date]);
    });
    return "\ufeff" + lines.map(function (row) { return row.map(csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  /* A file of saved answers: the saved-answers format with the titles, indented for a person to read. */
  function jsonText(toolkit, section, answers, titles) {
    return JSON.stringify(SAVED.record(toolkit, section, answers, titles), null, 2);
  }

  /* The text of an opened file, checked as a file of this toolkit's answers (a section's, version 1, or the
     whole toolkit's, version 2) holding this section's: {answers: Map} or {problem} (words finishing "That
     file could not be opened: …"). Never throws. */
  function parse(text, toolkit, section) {
    var opened = TOOLKIT.parse(text, { toolkit: toolkit });
    if (opened.problem) { return opened; }
    if (!opened.record.sections.has(section)) {
      return { problem: opened.record.version === 1 ? "it holds answers to a different checklist section" :
        "it holds no answers to this checklist section" };
    }
    return { answers: TOOLKIT.sectionAnswers(opened.record, section) };
  }

  /* Reads a file the person chose and calls `done` once with what `parse` gives. A file over the limit is
     refused by its size before any of it is read. */
  function read(file, toolkit, section, done) {
    readText(file, function (result) {
      done(result.problem ? result : parse(result.text, toolkit, section));
    });
  }

  /* Reads the text of a file the person chose and calls `done` once with {text} or {problem}; a file over the
     limit for saved answers is refused by its size before any of it is read. */
  function readText(file, done) {
    if (file.size > SAVED.MAX_FILE_BYTES) {
      done({ problem: "it is " + (file.size / (1024 * 1024)).toFixed(1) + " MB, larger than the " +
        SAVED.MAX_FILE_SIZE_TEXT + " limit for a file of saved answers" });
      return;
    }
    var reader = new FileReader();
    reader.onerror = function () { done({ problem: "the browser could not read it" }); };
    reader.onload = function () { done({ text: reader.result }); };
    reader.readAsText(file);
  }

  /* Hands the person a file made here, as the browser's own download; nothing leaves the device. */
  function download(name, type, content) {
    var blob = new Blob([content], { type: type });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.setAttribute("href", url);
    link.setAttribute("download", name);
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  window.tkAssessmentFiles = Object.freeze({
    csvCell: csvCell,
    csvText: csvText,
    jsonText: jsonText,
    fileName: fileName,
    parse: parse,
    read: read,
    readText: readText,
    download: download
  });
})();
