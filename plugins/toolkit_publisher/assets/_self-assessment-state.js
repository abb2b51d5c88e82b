/* The self-assessment's answers as data: which questions a section has, what is answered, what would be
   saved, and how many are answered. Pure: no page, no storage, no files; every function returns a new
   frozen state and changes nothing it is given, so each step can be tested on its own.

   A question is {id, kind: "yes-no" | "figure" | "text", number, text, version}; what the page shows for
   it is {yn?, figure, response}, holding only the fields its kind has (a yes-no question has no figure).
   Loaded before self-assessment.js, which uses it (page_assets.py lists each script after those it uses). */
(function () {
  "use strict";

  var EMPTY = Object.freeze({ figure: "", response: "" });

  /* What the page shows for a question: only the fields its kind has, as text. */
  function shown(question, entry) {
    var result = { figure: "", response: "" };
    if (question.kind === "yes-no" && (entry.yn === "Y" || entry.yn === "N")) { result.yn = entry.yn; }
    if (question.kind === "figure" && entry.figure) { result.figure = String(entry.figure); }
    if (entry.response) { result.response = String(entry.response); }
    return Object.freeze(result);
  }

  /* A state: the questions in order, each question by id, and what each shows by id. The Maps are never
     changed once made (a Map cannot be frozen, so no function here writes to one it did not create). */
  function make(questions, index, shownById) {
    return Object.freeze({ questions: questions, index: index, shown: shownById });
  }

  /* A section's questions with nothing answered. */
  function create(questions) {
    var list = Object.freeze(questions.map(function (q) {
      return Object.freeze({ id: q.id, kind: q.kind, number: q.number, text: q.text, version: q.version });
    }));
    var index = new Map();
    var byId = new Map();
    list.forEach(function (q) {
      index.set(q.id, q);
      byId.set(q.id, EMPTY);
    });
    return make(list, index, byId);
  }

  /* What the page shows for one question ({figure: "", response: ""} when nothing). */
  function entry(state, id) {
    return state.shown.get(id) || EMPTY;
  }

  /* After the person changes a question's controls: `entry` is what those controls now show. A question
     the section does not have changes nothing. */
  function withAnswer(state, id, value) {
    var q = state.index.get(id);
    if (!q) { return state; }
    var next = new Map(state.shown);
    next.set(id, shown(q, value));
    return make(state.questions, state.index, next);
  }

  /* Saved answers (a Map already checked by tkSavedAnswers.parse) on screen. One whose question was removed
     or reworded (another version) is skipped, never misapplied. With `replace`, questions without a usable
     answer are emptied; without it, they keep what they showed. Returns {state, applied, skipped}. */
  function withSaved(state, answers, replace) {
    var next = new Map(state.shown);
    var applied = 0;
    var skipped = 0;
    answers.forEach(function (saved, id) {
      var q = state.index.get(id);
      if (!q || saved.version !== q.version) {
        skipped += 1;
        return;
      }
      next.set(id, shown(q, saved));
      applied += 1;
    });
    if (replace) {
      state.questions.forEach(function (q) {
        var saved = answers.get(q.id);
        if (!saved || saved.version !== q.version) { next.set(q.id, EMPTY); }
      });
    }
    return { state: make(state.questions, state.index, next), applied: applied, skipped: skipped };
  }

  /* Every answer emptied, as "Clear all answers" does. */
  function cleared(state) {
    return withSaved(state, new Map(), true).state;
  }

  /* The answers to save, keyed by question id (ids come from the questions, never from saved data): only
     questions with something answered, each {version, yn?, figure?, response?}; text that is only white
     space is not an answer. A null-prototype object, in the saved-answers format. */
  function collect(state) {
    var answers = Object.create(null);
    state.questions.forEach(function (q) {
      var shownNow = entry(state, q.id);
      var saved = { version: q.version };
      if (shownNow.yn) { saved.yn = shownNow.yn; }
      if (shownNow.figure.trim()) { saved.figure = shownNow.figure; }
      if (shownNow.response.trim()) { saved.response = shownNow.response; }
      if (saved.yn || saved.figure || saved.response) { answers[q.id] = saved; }
    });
    return answers;
  }

  /* How many questions are answered, by what their kind asks for: a yes-no question by its Y or N, a
     figure question by its figure, a text question by its response. */
  function progress(state) {
    var answers = collect(state);
    var answered = state.questions.filter(function (q) {
      var a = answers[q.id];
      if (!a) { return false; }
      if (q.kind === "yes-no") { return Boolean(a.yn); }
      if (q.kind === "figure") { return Boolean(a.figure); }
      return Boolean(a.response);
    }).length;
    return { answered: answered, total: state.questions.length };
  }

  window.tkAssessmentState = Object.freeze({
    create: create,
    entry: entry,
    withAnswer: withAnswer,
    withSaved: withSaved,
    cleared: cleared,
    collect: collect,
    progress: progress
  });
})();
