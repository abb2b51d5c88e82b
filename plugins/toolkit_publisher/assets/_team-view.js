/* A team's combined view as data: several files of one toolkit's saved answers (colleagues, teams or sites, each
   as tkToolkitAnswers.parse reads it), one column per respondent; per question, each one's answer and whether
   they agree; and one action plan merged from every file's, saying who proposed, owns or dropped each action.
   Pure: no page, no storage, no files; each function returns new frozen data and changes nothing it is given
   (tests/test_answers_compare_modules.py). The CSV it makes uses the site's one rule for formula-like cells
   (tkAssessmentFiles.csvCell), so it is loaded after _self-assessment-files.js and before team-view.js.

   The questions are the site's, as tkAnswersCompare takes them. An answer to another version of its question
   than the site's is shown, marked as answering other words, and left out of the agreement. */
(function () {
  "use strict";

  var FILES = window.tkAssessmentFiles;
  var MAX_RESPONDENTS = 20;
  var AGREEMENT = Object.freeze({
    agree: "Agree",
    differ: "Differ",
    single: "One answer only",
    none: "No answers",
    text: "Written answers: read each"
  });
  var PROGRESS_WORDS = Object.freeze({ "not-started": "Not started", "in-progress": "In progress", done: "Done" });

  function freeze(record) {
    Object.keys(record).forEach(function (name) {
      var value = record[name];
      if (value && typeof value === "object" && !Object.isFrozen(value)) { freeze(value); }
    });
    return Object.freeze(record);
  }

  /* Who a file's answers are from: its "respondent", or its file name, said to be so. */
  function respondent(opened) {
    var named = (opened.record.respondent || "").trim();
    return Object.freeze({ name: named || opened.name, fromFileName: !named, fileName: opened.name,
      saved: opened.record.saved, record: opened.record, text: opened.text });
  }

  /* Two files that are one save: the same moment and the same respondent (or, with no moment, the same text). */
  function sameSave(a, b) {
    if (a.record.saved || b.record.saved) {
      return a.record.saved === b.record.saved && (a.record.respondent || "") === (b.record.respondent || "");
    }
    return a.text !== undefined && a.text === b.text;
  }

  /* The respondents once `opened` files ({name, text, record}) are added to those `current`: {respondents} or
     {problem} (nothing is added then). */
  function add(current, opened) {
    var all = current.slice();
    for (var i = 0; i < opened.length; i += 1) {
      var added = respondent(opened[i]);
      for (var j = 0; j < all.length; j += 1) {
        if (sameSave(all[j], added)) {
          return { problem: "the file " + added.fileName + " is the same save as " +
            (all[j].fileName === added.fileName ? "a file already open" : "the file " + all[j].fileName) +
            ", so it would count the same answers twice" };
        }
      }
      all.push(added);
    }
    if (all.length > MAX_RESPONDENTS) {
      return { problem: "that would be " + all.length + " files, more than the " + MAX_RESPONDENTS +
        " this page combines at once" };
    }
    return { respondents: Object.freeze(all) };
  }

  /* The words of one respondent's answer: {status, value, response, stale}. */
  function cell(question, answer) {
    if (!answer) { return { status: "unanswered", value: "", response: "", stale: false }; }
    var value = question.kind === "yes-no" ? (answer.yn === "Y" ? "Yes" : answer.yn === "N" ? "No" : "") :
      question.kind === "figure" ? (answer.figure || "").trim() : "";
    var response = (answer.response || "").trim();
    var status = question.kind === "yes-no" ? (answer.yn === "Y" ? "yes" : answer.yn === "N" ? "no" : "unanswered") :
      (value || response ? "response" : "unanswered");
    return { status: status, value: value, response: response, stale: answer.version !== question.version };
  }

  /* Whether the respondents agree on a question: {kind, tally: [{value, count}], answered, of}. Yes/No and
     figures are compared; written answers are for reading, not counting; answers to other words are left out. */
  function agreement(question, cells) {
    var tally = [];
    var answered = 0;
    cells.forEach(function (c) {
      if (c.stale || c.status === "unanswered") { return; }
      answered += 1;
      var value = question.kind === "text" ? "" : c.value;
      if (question.kind === "text") { return; }
      var found = tally.filter(function (t) { return t.value === value; })[0];
      if (found) { found.count += 1; } else { tally.push({ value: value, count: 1 }); }
    });
    var kind = answered === 0 ? "none" : question.kind === "text" ? "text" : answered === 1 ? "single" :
      tally.length === 1 ? "agree" : "differ";
    return { kind: kind, tally: tally, answered: answered, of: cells.length };
  }

  /* The agreement in words: "Agree: Yes", "Differ: Yes (2), No (1); 1 not answered". */
  function agreementWords(found) {
    var missing = found.of - found.answered;
    var rest = missing ? "; " + missing + " not answered" : "";
    if (found.kind === "agree") { return "Agree: " + found.tally[0].value + rest; }
    if (found.kind === "differ") {
      return "Differ: " + found.tally.map(function (t) { return t.value + " (" + t.count + ")"; }).join(", ") + rest;
    }
    if (found.kind === "text") { return AGREEMENT.text + "; " + found.answered + " of " + found.of + " answered"; }
    return AGREEMENT[found.kind] + (found.kind === "none" ? "" : rest);
  }

  /* The combined table: {sections: [{section, title, rows: [{id, number, text, kind, cells, agreement, words}],
     counts: {agree, differ, single, none, text}}], totals}. */
  function table(sections, respondents) {
    var totals = { agree: 0, differ: 0, single: 0, none: 0, text: 0 };
    var shaped = sections.map(function (s) {
      var counts = { agree: 0, differ: 0, single: 0, none: 0, text: 0 };
      var rows = s.questions.map(function (q) {
        var cells = respondents.map(function (r) {
          var saved = r.record.sections.get(s.section);
          return cell(q, saved ? saved.answers.get(q.id) : undefined);
        });
        var found = agreement(q, cells);
        counts[found.kind] += 1;
        totals[found.kind] += 1;
        return { id: q.id, number: q.number, text: q.text, kind: q.kind, cells: cells, agreement: found,
          words: agreementWords(found) };
      });
      return { section: s.section, title: s.title, rows: rows, counts: counts };
    });
    return freeze({ sections: shaped, totals: totals });
  }

  function normalised(text) {
    return String(text || "").replace(/\s+/g, " ").trim().toLowerCase();
  }

  function findQuestion(sections, sectionId, questionId) {
    for (var i = 0; i < sections.length; i += 1) {
      if (sections[i].section !== sectionId) { continue; }
      for (var j = 0; j < sections[i].questions.length; j += 1) {
        if (sections[i].questions[j].id === questionId) {
          return { section: sections[i], question: sections[i].questions[j] };
        }
      }
    }
    return undefined;
  }

  /* The combined action plan: every file's actions merged, a proposed one by its question, the version of that
     question and its prompt, an own one by its words (and question, if it names one). [{key, text, source,
     section, question, origin: {sectionTitle, number, text} | null, stale: "" | "reworded" | "removed",
     entries: [{respondent (index), owner, due, rag, progress, dropped}]}], in the site's order of questions,
     then the rest in the order first met. */
  function plan(sections, respondents) {
    var merged = new Map();
    respondents.forEach(function (r, index) {
      r.record.plan.actions.forEach(function (a) {
        var key = a.source === "proposed" ?
          "p:" + a.section + ":" + a.question + ":" + a.questionVersion + ":" + a.prompt :
          "o:" + (a.section || "") + ":" + (a.question || "") + ":" + normalised(a.text);
        var entry = merged.get(key);
        if (!entry) {
          var found = a.section ? findQuestion(sections, a.section, a.question) : undefined;
          var stale = "";
          if (a.source === "proposed") {
            stale = !found || a.prompt >= found.question.prompts.length ? "removed" :
              found.question.version === a.questionVersion ? "" : "reworded";
          }
          entry = { key: key, text: a.text, source: a.source, section: a.section || "", question: a.question || "",
            prompt: typeof a.prompt === "number" ? a.prompt : -1, stale: stale,
            origin: found ? { sectionTitle: found.section.title, number: found.question.number,
              text: found.question.text } : null, entries: [], first: merged.size };
          merged.set(key, entry);
        }
        entry.entries.push({ respondent: index, owner: a.owner, due: a.due, rag: a.rag, progress: a.progress,
          dropped: a.dropped });
      });
    });
    var position = new Map();
    var n = 0;
    sections.forEach(function (s) {
      s.questions.forEach(function (q) { position.set(s.section + ":" + q.id, n); n += 1; });
    });
    var list = [];
    merged.forEach(function (entry) { list.push(entry); });
    list.sort(function (a, b) {
      var pa = position.has(a.section + ":" + a.question) ? position.get(a.section + ":" + a.question) : n;
      var pb = position.has(b.section + ":" + b.question) ? position.get(b.section + ":" + b.question) : n;
      if (pa !== pb) { return pa - pb; }
      if (pa < n && a.source !== b.source) { return a.source === "proposed" ? -1 : 1; }
      if (pa < n && a.prompt !== b.prompt) { return a.prompt - b.prompt; }
      return a.first - b.first;
    });
    return freeze(list.map(function (entry) {
      var copy = {};
      Object.keys(entry).forEach(function (k) { if (k !== "first") { copy[k] = entry[k]; } });
      return copy;
    }));
  }

  /* Who has an action in their plan (not dropped), who owns it, and who dropped it, in words. */
  function planWords(action, respondents) {
    var live = action.entries.filter(function (e) { return !e.dropped; });
    var dropped = action.entries.filter(function (e) { return e.dropped; });
    function name(e) { return respondents[e.respondent].name; }
    return {
      proposedBy: live.map(name).join("; "),
      owners: live.map(function (e) {
        return name(e) + ": " + (e.owner || "no owner") + ", " + PROGRESS_WORDS[e.progress] +
          (e.due ? ", due " + e.due : "") + (e.rag ? ", " + e.rag.charAt(0).toUpperCase() + e.rag.slice(1) : "");
      }).join("; "),
      droppedBy: dropped.map(name).join("; ")
    };
  }

  /* A respondent's column heading: the name, and "(file name)" when the file names no respondent. */
  function heading(r) {
    return r.name + (r.fromFileName ? " (file name)" : "");
  }

  /* A respondent's answer in one cell's words. */
  function cellWords(c) {
    if (c.status === "unanswered") { return "Not answered"; }
    var words = [c.value, c.response].filter(Boolean).join(": ");
    return c.stale ? words + " (answered to earlier words of the question)" : words;
  }

  function csv(rows) {
    return "\ufeff" + rows.map(function (row) { return row.map(FILES.csvCell).join(","); }).join("\r\n") + "\r\n";
  }

  /* The combined table as CSV: a row per question, a column per respondent, and the agreement. */
  function tableCsv(combined, respondents) {
    var rows = [["Section", "Question number", "Question"].concat(respondents.map(heading), ["Agreement"])];
    combined.sections.forEach(function (s) {
      s.rows.forEach(function (r) {
        rows.push([s.title, r.number, r.text].concat(r.cells.map(cellWords), [r.words]));
      });
    });
    return csv(rows);
  }

  /* The combined plan as CSV: a row per merged action. */
  function planCsv(actions, respondents) {
    var rows = [["Action", "From", "Proposed by", "Owners and progress", "Dropped by"]];
    actions.forEach(function (a) {
      var words = planWords(a, respondents);
      rows.push([a.text, originWords(a), words.proposedBy, words.owners, words.droppedBy]);
    });
    return csv(rows);
  }

  /* Where a merged action comes from, in words. */
  function originWords(action) {
    var where = action.origin ? action.origin.sectionTitle + ", question " + action.origin.number :
      action.source === "own" ? "Added by a respondent" : "A question no longer on this site";
    if (action.source === "own" && action.origin) { where = "Added by a respondent, about " + where; }
    if (action.stale === "reworded") { where += " (the question has been reworded since)"; }
    return where;
  }

  window.tkTeamView = Object.freeze({
    MAX_RESPONDENTS: MAX_RESPONDENTS,
    AGREEMENT: AGREEMENT,
    respondent: respondent,
    sameSave: sameSave,
    add: add,
    table: table,
    plan: plan,
    planWords: planWords,
    heading: heading,
    cellWords: cellWords,
    originWords: originWords,
    tableCsv: tableCsv,
    planCsv: planCsv
  });
})();
