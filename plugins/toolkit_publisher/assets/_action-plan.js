/* The action plan as data: which actions the answers propose, how a saved plan carries over to the answers now
   shown, and each edit a person makes. Pure: no page, no storage, no files; every function returns a new frozen
   plan and changes nothing it is given, so each step can be tested on its own.

   The questions are [{section, title, questions: [{id, number, text, kind, version, prompts: [text],
   resources: [{title, href}]}]}]; an action has the fields of the saved-answers format's (version 2,
   _toolkit-answers.js). A question answered No, and when the person chooses, one not answered, proposes one
   action per prompt for next steps, with the id "p-SECTION-QUESTION-VERSION-PROMPT" (so the actions of a reworded
   question are new ones). A saved action whose question has since been reworded or removed is kept if the person
   recorded anything on it, and said to be so (`staleness`), never matched to the new words.
   Loaded before check-answers.js, which uses it (page_assets.py lists each script after those it uses). */
(function () {
  "use strict";

  var PROGRESS = ["not-started", "in-progress", "done"];

  /* How a question stands: "yes", "no", "response" (a question with no Y/N answered by its figure or response)
     or "unanswered". An answer is {yn?, figure, response}, already checked as being to this version. */
  function status(question, answer) {
    if (!answer) { return "unanswered"; }
    if (question.kind === "yes-no") {
      return answer.yn === "Y" ? "yes" : answer.yn === "N" ? "no" : "unanswered";
    }
    var given = question.kind === "figure" ? answer.figure : answer.response;
    return given && String(given).trim() ? "response" : "unanswered";
  }

  function freeze(action) {
    var copy = Object.create(null);
    Object.keys(action).forEach(function (name) { copy[name] = action[name]; });
    return Object.freeze(copy);
  }

  function make(includeUnanswered, actions) {
    return Object.freeze({ includeUnanswered: Boolean(includeUnanswered), actions: Object.freeze(actions.map(freeze)) });
  }

  /* The id of the action a question's prompt proposes. */
  function proposedId(section, question, version, prompt) {
    return "p-" + section + "-" + question + "-" + version + "-" + prompt;
  }

  /* The actions the answers propose, in the questions' order: `statusOf(section, questionId)` says how each
     stands. */
  function proposals(sections, statusOf, includeUnanswered) {
    var found = [];
    sections.forEach(function (s) {
      s.questions.forEach(function (q) {
        var stands = statusOf(s.section, q.id);
        if (stands !== "no" && !(includeUnanswered && stands === "unanswered")) { return; }
        q.prompts.forEach(function (prompt, i) {
          found.push({ id: proposedId(s.section, q.id, q.version, i), source: "proposed", section: s.section, question: q.id,
            questionVersion: q.version, prompt: i, text: prompt, owner: "", due: "", rag: "",
            progress: "not-started", dropped: false });
        });
      });
    });
    return found;
  }

  /* Whether the person has recorded anything on an action (so it is kept once its question no longer proposes it). */
  function edited(action) {
    return Boolean(action.owner || action.due || action.rag || action.dropped ||
      (action.progress && action.progress !== "not-started"));
  }

  /* Where a question is, by section and id: {section, question} or undefined. */
  function find(sections, sectionId, questionId) {
    for (var i = 0; i < sections.length; i += 1) {
      if (sections[i].section === sectionId) {
        for (var j = 0; j < sections[i].questions.length; j += 1) {
          if (sections[i].questions[j].id === questionId) {
            return { section: sections[i], question: sections[i].questions[j] };
          }
        }
      }
    }
    return undefined;
  }

  /* Why a proposed action's question no longer matches it: "removed" (no such question or prompt now),
     "reworded" (the question's version differs), or "" when it still matches. Own actions are never stale. */
  function staleness(sections, action) {
    if (action.source !== "proposed") { return ""; }
    var found = find(sections, action.section, action.question);
    if (!found || action.prompt >= found.question.prompts.length) { return "removed"; }
    return found.question.version === action.questionVersion ? "" : "reworded";
  }

  /* The plan for the answers now shown: the proposals, each keeping what the person recorded on it in `previous`
     (a plan); then earlier proposed actions no longer proposed (answered otherwise since, or their question
     reworded or removed), kept if the person recorded anything on them; then the person's own actions, in order. */
  function build(sections, statusOf, previous) {
    var include = previous.includeUnanswered;
    var earlier = Object.create(null);
    previous.actions.forEach(function (a) { earlier[a.id] = a; });
    var used = Object.create(null);
    var actions = proposals(sections, statusOf, include).map(function (p) {
      var before = earlier[p.id];
      if (before && before.source === "proposed" && before.questionVersion === p.questionVersion) {
        used[p.id] = true;
        return Object.assign({}, before, { text: p.text });
      }
      return p;
    });
    var leftOver = previous.actions.filter(function (a) { return !used[a.id] && a.source === "proposed"; });
    leftOver.forEach(function (a) {
      if (edited(a)) { actions.push(a); }
    });
    previous.actions.forEach(function (a) { if (a.source === "own") { actions.push(a); } });
    return make(include, unique(actions));
  }

  /* The actions with each id once (the first kept): a file's own action, or an old proposed one whose question
     has been reworded, may carry the id of an action the answers propose now, and two actions with one id would
     share their page's fields and be edited, dropped and saved as one. */
  function unique(actions) {
    var taken = Object.create(null);
    return actions.filter(function (a) {
      if (taken[a.id]) { return false; }
      taken[a.id] = true;
      return true;
    });
  }

  /* A plan with `changes` made to one action's fields (owner, due, rag, progress, text, dropped). */
  function edit(plan, id, changes) {
    return make(plan.includeUnanswered, plan.actions.map(function (a) {
      return a.id === id ? Object.assign({}, a, changes) : a;
    }));
  }

  /* A plan with one more action of the person's own, at the end; returns {plan, id}. */
  function addOwn(plan, text) {
    var taken = Object.create(null);
    var highest = 0;
    plan.actions.forEach(function (a) {
      taken[a.id] = true;
      // Only numbers a number can count on from: a file may hold "own-" and 196 digits, whose successor
      // JavaScript spells "1e+196", so two added actions would share an id that no saved file accepts.
      var n = /^own-(\d{1,9})$/.exec(a.id);
      if (n) { highest = Math.max(highest, Number(n[1])); }
    });
    var n = highest + 1;
    while (taken["own-" + n]) { n += 1; }
    var id = "own-" + n;
    var action = { id: id, source: "own", text: text || "", owner: "", due: "", rag: "", progress: "not-started",
      dropped: false };
    return { plan: make(plan.includeUnanswered, plan.actions.concat([action])), id: id };
  }

  /* A plan without one of the person's own actions (a proposed one is dropped instead, so it is not proposed
     again). */
  function remove(plan, id) {
    return make(plan.includeUnanswered, plan.actions.filter(function (a) { return a.id !== id || a.source !== "own"; }));
  }

  /* The same actions, with unanswered questions proposing actions or not (`build` then makes the list). */
  function including(plan, includeUnanswered) {
    return make(includeUnanswered, plan.actions.slice());
  }

  /* How many actions are in the plan (not dropped), and how many of those are done. */
  function counts(plan) {
    var live = plan.actions.filter(function (a) { return !a.dropped; });
    return { actions: live.length, done: live.filter(function (a) { return a.progress === "done"; }).length,
      dropped: plan.actions.length - live.length };
  }

  window.tkActionPlan = Object.freeze({
    PROGRESS: Object.freeze(PROGRESS.slice()),
    status: status,
    proposedId: proposedId,
    build: build,
    staleness: staleness,
    find: find,
    edit: edit,
    addOwn: addOwn,
    remove: remove,
    including: including,
    counts: counts,
    empty: function () { return make(false, []); }
  });
})();
