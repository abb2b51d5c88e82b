/* Progress over time as data: two files of one toolkit's saved answers (each as tkToolkitAnswers.parse reads
   it, version 1 or 2), put in the order they were saved, and what changed between them, per section and per
   question, and in the action plan. Pure: no page, no storage, no files; every function returns new frozen data
   and changes nothing it is given, so each step is tested on its own (tests/test_answers_compare_modules.py).

   The questions are those of the site as built, [{section, title, questions: [{id, number, text, kind,
   version, prompts}]}] (as tkActionPlan takes them). An answer is compared only with an answer to the same
   version of its question, and only when that is the site's version too: an answer to a question reworded
   since (its "version" differs from the other file's or the site's) is shown as "reworded", and one to a
   question the site no longer has as "removed", never silently matched. Loaded before answers-compare.js,
   which shows it (page_assets.py lists each script after those it uses). */
(function () {
  "use strict";

  /* Each kind of change to a question's answer, in words: the page shows them, never colour alone. */
  var ANSWER_CHANGES = Object.freeze({
    "no-to-yes": "Now Yes (was No)",
    "yes-to-no": "Now No (was Yes)",
    answered: "Newly answered",
    unanswered: "No longer answered",
    changed: "Answer changed",
    reworded: "Question reworded: not compared",
    removed: "Question no longer on this site",
    same: "No change"
  });
  /* Each kind of change to an action. */
  var ACTION_CHANGES = Object.freeze({
    completed: "Completed",
    reopened: "No longer done",
    progressed: "Progress changed",
    "new": "New action",
    dropped: "Dropped",
    removed: "No longer in the plan",
    changed: "Owner, date or status changed",
    reworded: "Question reworded: not compared",
    same: "No change"
  });
  var STATUSES = ["yes", "no", "response", "unanswered"];

  function freeze(record) {
    Object.keys(record).forEach(function (name) {
      var value = record[name];
      if (value && typeof value === "object" && !Object.isFrozen(value)) { freeze(value); }
    });
    return Object.freeze(record);
  }

  /* When a file was saved, as a time to order by: its own "saved" field, or (a version 1 file without one) the
     date the device gives the file, said to be so. `opened` = {name, modified (ms), record}. */
  function savedTime(opened) {
    var time = Date.parse(opened.record.saved || "");
    if (!isNaN(time)) { return { time: time, fromFile: false }; }
    return { time: typeof opened.modified === "number" ? opened.modified : 0, fromFile: true };
  }

  /* Two opened files in the order they were saved: {earlier, later} (each the opened file with `when` added),
     or {problem} when they cannot be told apart (the same save, or saved at the same moment). */
  function order(first, second) {
    var a = savedTime(first);
    var b = savedTime(second);
    if (a.time === b.time) {
      return { problem: first.record.saved && first.record.saved === second.record.saved ?
        "both files are the same save (saved at the same moment), so there is nothing to compare: open a file " +
        "saved at another time" : "both files were saved at the same moment, so neither is the earlier" };
    }
    var earlier = a.time < b.time ? { file: first, when: a } : { file: second, when: b };
    var later = a.time < b.time ? { file: second, when: b } : { file: first, when: a };
    return { earlier: withWhen(earlier.file, earlier.when), later: withWhen(later.file, later.when) };
  }

  function withWhen(opened, when) {
    return Object.freeze({ name: opened.name, modified: opened.modified, record: opened.record,
      time: when.time, timeFromFile: when.fromFile });
  }

  /* How an answer stands ("yes", "no", "response", "unanswered") and its words, by the question's kind, or by
     what the answer holds when the site no longer has the question. */
  function state(kind, answer) {
    if (!answer) { return { status: "unanswered", value: "", response: "", version: "" }; }
    var asked = kind || (answer.yn ? "yes-no" : answer.figure ? "figure" : "text");
    var value = asked === "yes-no" ? (answer.yn === "Y" ? "Yes" : answer.yn === "N" ? "No" : "") :
      asked === "figure" ? (answer.figure || "").trim() : "";
    var response = (answer.response || "").trim();
    var status = asked === "yes-no" ? (answer.yn === "Y" ? "yes" : answer.yn === "N" ? "no" : "unanswered") :
      (value || response ? "response" : "unanswered");
    return { status: status, value: value, response: response, version: answer.version };
  }

  /* What happened to a question's answer between two states of the same version. */
  function answerChange(before, after) {
    if (before.status === "no" && after.status === "yes") { return "no-to-yes"; }
    if (before.status === "yes" && after.status === "no") { return "yes-to-no"; }
    if (before.status === "unanswered" && after.status !== "unanswered") { return "answered"; }
    if (before.status !== "unanswered" && after.status === "unanswered") { return "unanswered"; }
    if (before.value !== after.value || before.response !== after.response) { return "changed"; }
    return "same";
  }

  function answersOf(record, section) {
    var found = record.sections.get(section);
    return found ? found.answers : new Map();
  }

  /* One question of the site, compared: a row {id, number, text, change, earlier, later, stale}; `stale` names
     which file's answer is to other words than the site's ("earlier", "later", "both" or ""). */
  function questionRow(question, earlierAnswer, laterAnswer) {
    var before = state(question.kind, earlierAnswer);
    var after = state(question.kind, laterAnswer);
    var earlierStale = Boolean(earlierAnswer) && earlierAnswer.version !== question.version;
    var laterStale = Boolean(laterAnswer) && laterAnswer.version !== question.version;
    var stale = earlierStale && laterStale ? "both" : earlierStale ? "earlier" : laterStale ? "later" : "";
    return { id: question.id, number: question.number, text: question.text, onSite: true,
      change: stale ? "reworded" : answerChange(before, after), stale: stale, earlier: before, later: after };
  }

  /* A question a file answers that the site's section no longer has. */
  function removedRow(id, earlierAnswer, laterAnswer) {
    return { id: id, number: "", text: "", onSite: false, change: "removed", stale: "",
      earlier: state("", earlierAnswer), later: state("", laterAnswer) };
  }

  function emptyCounts(kinds) {
    var counts = {};
    Object.keys(kinds).forEach(function (k) { counts[k] = 0; });
    return counts;
  }

  /* How many of a section's questions stand each way in one file, counting only answers to the site's words. */
  function standing(rows, which) {
    var counts = { yes: 0, no: 0, response: 0, unanswered: 0 };
    rows.forEach(function (row) {
      if (!row.onSite) { return; }
      var mine = row[which];
      var stale = row.stale === "both" || row.stale === which;
      counts[stale ? "unanswered" : mine.status] += 1;
    });
    return counts;
  }

  /* The key an action is matched by: a proposed one by its question and prompt, an own one by its id. */
  function actionKey(action) {
    return action.source === "proposed" ?
      "p:" + action.section + ":" + action.question + ":" + action.prompt : "o:" + action.id;
  }

  function findQuestion(sections, sectionId, questionId) {
    for (var i = 0; i < sections.length; i += 1) {
      if (sections[i].section !== sectionId) { continue; }
      for (var j = 0; j < sections[i].questions.length; j += 1) {
        if (sections[i].questions[j].id === questionId) { return sections[i].questions[j]; }
      }
    }
    return undefined;
  }

  /* Why a proposed action no longer matches the site: "removed", "reworded", or "". */
  function siteStaleness(sections, action) {
    if (!action || action.source !== "proposed") { return ""; }
    var question = findQuestion(sections, action.section, action.question);
    if (!question || action.prompt >= question.prompts.length) { return "removed"; }
    return question.version === action.questionVersion ? "" : "reworded";
  }

  function actionState(action) {
    if (!action) { return { present: false, dropped: false, progress: "", owner: "", due: "", rag: "", text: "" }; }
    return { present: true, dropped: action.dropped, progress: action.progress, owner: action.owner,
      due: action.due, rag: action.rag, text: action.text };
  }

  /* What happened to an action between the two plans. */
  function actionChange(before, after) {
    var wasLive = before.present && !before.dropped;
    var isLive = after.present && !after.dropped;
    if (!wasLive && isLive) { return "new"; }
    if (wasLive && !after.present) { return "removed"; }
    if (wasLive && !isLive) { return "dropped"; }
    if (!wasLive && !isLive) { return before.present || !after.present ? "same" : "dropped"; }
    if (before.progress !== "done" && after.progress === "done") { return "completed"; }
    if (before.progress === "done" && after.progress !== "done") { return "reopened"; }
    if (before.progress !== after.progress) { return "progressed"; }
    if (before.owner !== after.owner || before.due !== after.due || before.rag !== after.rag ||
        before.text !== after.text) { return "changed"; }
    return "same";
  }

  /* Every action of either plan, matched by key: [{key, section, question, prompt, source, text, change,
     stale, earlier, later}] in the later plan's order, then those only the earlier plan has. */
  function compareActions(sections, earlierPlan, laterPlan) {
    var before = new Map();
    earlierPlan.actions.forEach(function (a) { before.set(actionKey(a), a); });
    var seen = new Map();
    var rows = [];
    function row(e, l) {
      var any = l || e;
      var versionsDiffer = e && l && e.source === "proposed" && e.questionVersion !== l.questionVersion;
      var stale = siteStaleness(sections, l) || siteStaleness(sections, e);
      return { key: actionKey(any), section: any.section || "", question: any.question || "",
        prompt: typeof any.prompt === "number" ? any.prompt : -1, source: any.source, text: any.text,
        change: versionsDiffer || (stale && e && l) ? "reworded" : actionChange(actionState(e), actionState(l)),
        stale: versionsDiffer ? "reworded" : stale, earlier: actionState(e), later: actionState(l) };
    }
    laterPlan.actions.forEach(function (l) {
      var key = actionKey(l);
      seen.set(key, true);
      rows.push(row(before.get(key), l));
    });
    earlierPlan.actions.forEach(function (e) {
      if (!seen.has(actionKey(e))) { rows.push(row(e, undefined)); }
    });
    return rows;
  }

  /* The comparison of two files ordered by `order`: {earlier, later, sections: [{section, title, onSite,
     rows, actions, counts: {answers: {change: n}, actions: {change: n}, earlier: standing, later: standing}}],
     totals: the same counts over every section}. Sections are the site's, in order, then any a file has that
     the site no longer has; actions not tied to a question on the site go with their section, or, own
     actions with none, in a last group (section ""). */
  function compare(sections, ordered) {
    var earlier = ordered.earlier.record;
    var later = ordered.later.record;
    var result = [];
    var known = new Map();
    sections.forEach(function (s) {
      var before = answersOf(earlier, s.section);
      var after = answersOf(later, s.section);
      var ids = new Map();
      s.questions.forEach(function (q) { ids.set(q.id, true); });
      var rows = s.questions.map(function (q) { return questionRow(q, before.get(q.id), after.get(q.id)); });
      var gone = [];
      before.forEach(function (a, id) { if (!ids.has(id)) { gone.push(id); } });
      after.forEach(function (a, id) { if (!ids.has(id) && gone.indexOf(id) === -1) { gone.push(id); } });
      gone.forEach(function (id) { rows.push(removedRow(id, before.get(id), after.get(id))); });
      var entry = { section: s.section, title: s.title, onSite: true, rows: rows, actions: [] };
      known.set(s.section, entry);
      result.push(entry);
    });
    [earlier, later].forEach(function (record) {
      record.sections.forEach(function (saved, slug) {
        if (known.has(slug)) { return; }
        var before = answersOf(earlier, slug);
        var after = answersOf(later, slug);
        var ids = [];
        before.forEach(function (a, id) { ids.push(id); });
        after.forEach(function (a, id) { if (ids.indexOf(id) === -1) { ids.push(id); } });
        var entry = { section: slug, title: saved.sectionTitle || slug, onSite: false, actions: [],
          rows: ids.map(function (id) { return removedRow(id, before.get(id), after.get(id)); }) };
        known.set(slug, entry);
        result.push(entry);
      });
    });
    var ownGroup = { section: "", title: "", onSite: true, rows: [], actions: [] };
    compareActions(sections, earlier.plan, later.plan).forEach(function (a) {
      var home = a.section && known.get(a.section);
      if (!home && a.section) {
        home = { section: a.section, title: a.section, onSite: false, rows: [], actions: [] };
        known.set(a.section, home);
        result.push(home);
      }
      (home || ownGroup).actions.push(a);
    });
    if (ownGroup.actions.length) { result.push(ownGroup); }
    var totals = { answers: emptyCounts(ANSWER_CHANGES), actions: emptyCounts(ACTION_CHANGES),
      earlier: { yes: 0, no: 0, response: 0, unanswered: 0 }, later: { yes: 0, no: 0, response: 0, unanswered: 0 } };
    result.forEach(function (s) {
      s.counts = { answers: emptyCounts(ANSWER_CHANGES), actions: emptyCounts(ACTION_CHANGES),
        earlier: standing(s.rows, "earlier"), later: standing(s.rows, "later") };
      s.rows.forEach(function (r) { s.counts.answers[r.change] += 1; totals.answers[r.change] += 1; });
      s.actions.forEach(function (a) { s.counts.actions[a.change] += 1; totals.actions[a.change] += 1; });
      STATUSES.forEach(function (k) { totals.earlier[k] += s.counts.earlier[k]; totals.later[k] += s.counts.later[k]; });
    });
    return freeze({ earlier: ordered.earlier, later: ordered.later, sections: result, totals: totals });
  }

  window.tkAnswersCompare = Object.freeze({
    ANSWER_CHANGES: ANSWER_CHANGES,
    ACTION_CHANGES: ACTION_CHANGES,
    savedTime: savedTime,
    order: order,
    state: state,
    answerChange: answerChange,
    actionChange: actionChange,
    compare: compare
  });
})();
