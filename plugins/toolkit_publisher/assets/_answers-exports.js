/* The "Your answers" page's exports: the answers and the action plan as CSV (for any spreadsheet; UTF-8 with a
   byte-order mark and CRLF line ends, as Excel opens it), and as a Word document made by the docx library
   (assets/toolkit/vendor/docx.js, copied into the site from the installed package by the build and loaded only
   when a person asks for a Word document: it is large, and most visits never export). Each file is made from a
   report (see check-answers.js, `report`) alone; formula-like CSV cells are neutralised by
   tkAssessmentFiles.csvCell, the site's one rule. Nothing is sent anywhere. Loaded before check-answers.js,
   which uses it, and after _self-assessment-files.js (page_assets.py lists each script after those it uses).

   A report is {toolkitTitle, toolkitVersion, date (YYYY-MM-DD), dateText, source, respondent, sections: [{title,
   counts: {yes, no, response, unanswered, total}, rows: [{number, text, answer, response, status}]}],
   actions: [{number, text, origin, owner, due, rag, progress, resources}], dropped: [the same]}. */
(function () {
  "use strict";

  var FILES = window.tkAssessmentFiles;
  var ANSWER_HEADINGS = ["Section", "Question number", "Question", "Answer", "Response", "Toolkit", "Version of the questions",
    "Date"];
  var PLAN_HEADINGS = ["Action number", "Action", "From", "Owner", "Due", "Status (RAG)", "Progress", "Resources",
    "Toolkit", "Date"];
  var DOCX_SCRIPT = "vendor/docx.js";

  function csv(rows) {
    return "\ufeff" + rows.map(function (row) { return row.map(FILES.csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  /* Every question of every section, answered or not, one row each. */
  function answersCsv(report) {
    var rows = [ANSWER_HEADINGS];
    report.sections.forEach(function (s) {
      s.rows.forEach(function (r) {
        rows.push([s.title, r.number, r.text, r.answer, r.response, report.toolkitTitle, report.toolkitVersion,
          report.date]);
      });
    });
    return csv(rows);
  }

  /* Every action in the plan (not those dropped), one row each. */
  function planCsv(report) {
    var rows = [PLAN_HEADINGS];
    report.actions.forEach(function (a) {
      rows.push([a.number, a.text, a.origin, a.owner, a.due, a.rag, a.progress, a.resources.join("; "),
        report.toolkitTitle, report.date]);
    });
    return csv(rows);
  }

  /* The file name of an export: the toolkit's id, what it holds, and the day. */
  function fileName(toolkit, what, date, extension) {
    return toolkit + "-" + what + "-" + date + "." + extension;
  }

  /* Where the docx library is: beside this file, in the site's assets. */
  var here = document.currentScript ? document.currentScript.src : "";
  function docxAddress() {
    return here.replace(/[^/]*$/, "") + DOCX_SCRIPT;
  }

  /* Loads the docx library once, then calls `done(library)` or `done(null)` if it could not be loaded. */
  var docxLoading = null;
  function withDocx(done) {
    if (window.docx) { done(window.docx); return; }
    if (!docxLoading) {
      docxLoading = [];
      var script = document.createElement("script");
      script.src = docxAddress();
      script.onload = function () { var waiting = docxLoading; docxLoading = null; waiting.forEach(function (f) { f(window.docx || null); }); };
      script.onerror = function () { var waiting = docxLoading; docxLoading = null; waiting.forEach(function (f) { f(null); }); };
      document.head.appendChild(script);
    }
    docxLoading.push(done);
  }

  /* Characters XML 1.0 cannot hold (control characters but tab and line ends, U+FFFE and U+FFFF, and halves
     of a surrogate pair left alone): a saved file or a paste may carry them, and one is enough to make the whole
     Word document unreadable, so each is shown as U+FFFD, the replacement character. */
  var NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/g;
  var LONE_LOW = /(^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

  function xmlText(value) {
    return String(value).replace(NOT_XML, "\uFFFD").replace(LONE_LOW, "$1\uFFFD").replace(LONE_LOW, "$1\uFFFD");
  }

  /* The Word document of a report, with the library `D`: title, version and date, the summary table, each
     section's answers, and the action plan as a table. */
  function wordDocument(D, report) {
    function para(text, options) {
      return new D.Paragraph(Object.assign({ children: [new D.TextRun(xmlText(text))] }, options || {}));
    }
    function heading(text, level) {
      return para(text, { heading: level });
    }
    function cell(text, header) {
      return new D.TableCell({ children: [new D.Paragraph({ children: [new D.TextRun({ text: xmlText(text), bold: Boolean(header) })] })] });
    }
    function table(headings, rows) {
      return new D.Table({
        width: { size: 100, type: D.WidthType.PERCENTAGE },
        rows: [new D.TableRow({ tableHeader: true, children: headings.map(function (h) { return cell(h, true); }) })]
          .concat(rows.map(function (row) { return new D.TableRow({ children: row.map(function (c) { return cell(c); }) }); }))
      });
    }
    var children = [
      heading(report.toolkitTitle + ": your answers and action plan", D.HeadingLevel.TITLE),
      para("Version of the questions: " + report.toolkitVersion),
      para("Date: " + report.dateText),
      para(report.source)
    ];
    if (report.respondent) { children.push(para("Answered by: " + report.respondent)); }
    children.push(heading("Readiness summary", D.HeadingLevel.HEADING_1));
    children.push(table(["Section", "Yes", "No", "Answered with a response", "Not answered", "Questions"],
      report.sections.map(function (s) {
        return [s.title, s.counts.yes, s.counts.no, s.counts.response, s.counts.unanswered, s.counts.total];
      })));
    report.sections.forEach(function (s) {
      children.push(heading(s.title, D.HeadingLevel.HEADING_1));
      children.push(table(["Number", "Question", "Answer", "Response"], s.rows.map(function (r) {
        return [r.number, r.text, r.answer, r.response];
      })));
    });
    children.push(heading("Action plan", D.HeadingLevel.HEADING_1));
    if (report.actions.length) {
      children.push(table(["Number", "Action", "From", "Owner", "Due", "Status (RAG)", "Progress"],
        report.actions.map(function (a) { return [a.number, a.text, a.origin, a.owner, a.due, a.rag, a.progress]; })));
    } else {
      children.push(para("The plan has no actions."));
    }
    return new D.Document({
      creator: "NHS workforce toolkits",
      title: xmlText(report.toolkitTitle + ": your answers and action plan"),
      sections: [{ properties: { page: { size: { width: 11906, height: 16838 } } }, children: children }]
    });
  }

  /* Makes the Word document of a report and calls `done({blob})`, or `done({problem})` when the library could
     not be loaded or the document could not be made. */
  function word(report, done) {
    withDocx(function (D) {
      if (!D) {
        done({ problem: "the part of this site that makes Word documents could not be loaded" });
        return;
      }
      var made;
      try {
        made = D.Packer.toBlob(wordDocument(D, report));
      } catch (e) {
        done({ problem: "the document could not be made" });
        return;
      }
      made.then(function (blob) { done({ blob: blob }); },
        function () { done({ problem: "the document could not be made" }); });
    });
  }

  window.tkAnswersExports = Object.freeze({
    answersCsv: answersCsv,
    planCsv: planCsv,
    fileName: fileName,
    word: word
  });
})();
