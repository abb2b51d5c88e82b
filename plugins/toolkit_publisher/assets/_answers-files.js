/* What the "Compare saved answers" and "Combine a team's answers" pages share: the site's questions as the page
   was built with them (_answers_questions.md.j2, hidden), the elements their results are drawn with, and several
   files the person chose, each read (refused by its size first) and checked whole by tkToolkitAnswers.parse.
   Nothing is sent anywhere. Loaded after _self-assessment-files.js and _toolkit-answers.js, which it uses, and
   before the two pages' scripts. */
(function () {
  "use strict";

  var TOOLKIT = window.tkToolkitAnswers;
  var FILES = window.tkAssessmentFiles;

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  /* An element with a class and text (never markup: what a file holds is only ever text). */
  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* A table cell; a row's heading is scoped to its row, and `label` names its column when the table stacks. */
  function cell(name, text, label) {
    var node = element(name, "", text);
    if (name === "th") { node.scope = "row"; }
    if (label) { node.setAttribute("data-label", label); }
    return node;
  }

  /* An empty table of the pages' results: its caption, its column headings and a body to fill. */
  function table(caption, headings, className) {
    var node = element("table", "tk-stack tk-compare-table" + (className ? " " + className : ""));
    node.appendChild(element("caption", "", caption));
    var head = document.createElement("thead");
    var row = document.createElement("tr");
    headings.forEach(function (h) {
      var th = element("th", "", h);
      th.scope = "col";
      row.appendChild(th);
    });
    head.appendChild(row);
    node.appendChild(head);
    node.appendChild(document.createElement("tbody"));
    return node;
  }

  /* The questions on the page: [{section, title, href, questions: [{id, number, text, kind, version, prompts}]}]. */
  function readQuestions(root) {
    return all(root, "[data-tk-questions] [data-section]").map(function (node) {
      return {
        section: node.getAttribute("data-section"),
        title: node.getAttribute("data-section-title"),
        href: node.getAttribute("data-href"),
        questions: all(node, "[data-question]").map(function (q) {
          return {
            id: q.getAttribute("data-question"),
            number: q.getAttribute("data-number"),
            kind: q.getAttribute("data-answer"),
            version: q.getAttribute("data-version"),
            text: q.querySelector("[data-tk-text]").textContent.trim(),
            prompts: all(q, "[data-prompt]").map(function (p) { return p.textContent; })
          };
        })
      };
    });
  }

  /* Reads every file chosen (a FileList) as this toolkit's saved answers, then calls `done` once with
     {opened: [{name, modified, text, record}]} in the order chosen, or {problem} naming the first file that
     could not be opened (words finishing "… could not be opened: …"). */
  function openAll(list, toolkit, done) {
    var files = Array.prototype.slice.call(list || []);
    var results = new Array(files.length);
    var waiting = files.length;
    var finished = false;
    if (!waiting) { done({ opened: [] }); return; }
    files.forEach(function (file, i) {
      FILES.readText(file, function (read) {
        if (finished) { return; }
        var parsed = read.problem ? read : TOOLKIT.parse(read.text, { toolkit: toolkit });
        if (parsed.problem) {
          finished = true;
          done({ problem: "The file " + file.name + " could not be opened: " + parsed.problem });
          return;
        }
        results[i] = Object.freeze({ name: file.name, modified: file.lastModified, text: read.text,
          record: parsed.record });
        waiting -= 1;
        if (!waiting) { finished = true; done({ opened: results }); }
      });
    });
  }

  /* A moment as people read it: "3 March 2027, 09:30" (the device's time zone). */
  function when(time) {
    var d = new Date(time);
    if (isNaN(d.getTime())) { return "an unknown time"; }
    return d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" }) + ", " +
      d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  }

  window.tkAnswersFiles = Object.freeze({
    all: all,
    element: element,
    cell: cell,
    table: table,
    readQuestions: readQuestions,
    openAll: openAll,
    when: when
  });
})();
