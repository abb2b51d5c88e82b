/* The toolkit-wide saved-answers format (version 2): every section's answers and the action plan of one
   toolkit, in one file. Read as data and never as code, as _saved-answers.js reads a section's (version 1):
   the JSON is checked field by field against the closed format below, copied into Maps and null-prototype
   records, frozen, and used wholly or not at all. A version 1 file (one section, as section pages save it)
   opens too, as a record of that one section with an empty plan. The JSON Schema of both versions is
   schemas/answers/saved-answers.schema.json (tests check what this module writes against it).

     { "format": "nhs-workforce-toolkit-answers", "version": 2,
       "toolkit": slug, "toolkitTitle": text, "toolkitVersion": text, "saved": ISO 8601 date-time,
       "respondent": text (optional: whoever saved it, in the words they chose),
       "sections": { section slug: { "sectionTitle": text,
                                     "answers": { question id: { "version", "yn", "figure", "response" } } } },
       "plan": { "includeUnanswered": true | false,
                 "actions": [ { "id": text, "source": "proposed" | "own",
                                "section": slug, "question": slug, "questionVersion": text, "prompt": number,
                                "text": text, "owner": text, "due": "YYYY-MM-DD" | "",
                                "rag": "red" | "amber" | "green" | "", "progress": "not-started" |
                                "in-progress" | "done", "dropped": true | false } ] } }

   "toolkitVersion" is the build's version of the toolkit's questions (the day its content was last reviewed
   and a hash of every section's question ids and versions: see check_answers.py), so a file says what it was
   answered against. Each answer keeps its question's "version" (a hash of its wording), and a proposed
   action its question's and the index of its prompt, so a reworded or removed question is shown as such and
   never silently matched. Loaded after _saved-answers.js, which reads the answers themselves (page_assets.py
   lists each script after those it uses). */
(function () {
  "use strict";

  var SAVED = window.tkSavedAnswers;
  var FORMAT = "nhs-workforce-toolkit-answers";
  var VERSION = 2;
  var SLUG = SAVED.SLUG;
  var MAX_ID = 80;
  var MAX_ACTION_ID = 200;
  var MAX_SHORT_TEXT = 1000;
  var MAX_NAME = 200;
  var MAX_ACTION_TEXT = 2000;
  var MAX_SECTIONS = 200;
  var MAX_ACTIONS = 2000;
  var MAX_PROMPT = 1000;
  var TOP_FIELDS = ["format", "version", "toolkit", "toolkitTitle", "toolkitVersion", "saved", "respondent",
    "sections", "plan"];
  var SECTION_FIELDS = ["sectionTitle", "answers"];
  var PLAN_FIELDS = ["includeUnanswered", "actions"];
  var ACTION_FIELDS = ["id", "source", "section", "question", "questionVersion", "prompt", "text", "owner", "due",
    "rag", "progress", "dropped"];
  var SOURCES = ["proposed", "own"];
  var RAGS = ["", "red", "amber", "green"];
  var PROGRESS = ["not-started", "in-progress", "done"];
  var ACTION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
  var DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

  /* The reading rules of saved answers, shared with _saved-answers.js (version 1) so both formats word their
     problems alike and stop at the first: an Invalid thrown by either is a problem in the file. */
  var READ = SAVED.reading;
  var Invalid = READ.Invalid;
  var fail = READ.fail;
  var own = READ.own;
  var isRecord = READ.isRecord;
  var quote = READ.quote;
  var kind = READ.kind;
  var onlyFields = READ.onlyFields;
  var text = READ.text;

  /* An optional field that must be one of a few words; `fallback` when absent. */
  function oneOf(record, name, allowed, fallback, where) {
    var value = text(record, name, MAX_ID, where);
    if (value === undefined) { return fallback; }
    if (allowed.indexOf(value) === -1) {
      fail(where + " has " + quote(value) + " where " + allowed.filter(Boolean).map(quote).join(", ") +
        " belongs");
    }
    return value;
  }

  /* A real day of the calendar, as YYYY-MM-DD (what a date field gives). */
  function isDay(value) {
    var parts = DAY.exec(value);
    if (!parts) { return false; }
    var day = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3]));
    return day.getUTCFullYear() === +parts[1] && day.getUTCMonth() === +parts[2] - 1 && day.getUTCDate() === +parts[3];
  }

  function readHeader(data, expected) {
    var where = "it";
    if (text(data, "format", MAX_SHORT_TEXT, where) !== FORMAT) { fail("it is not a file of answers saved from this site"); }
    if (!own(data, "version")) { fail("it does not say which version of the format it uses"); }
    var toolkit = text(data, "toolkit", MAX_ID, where);
    if (toolkit === undefined) { fail("it does not say which toolkit it is for"); }
    if (toolkit !== expected.toolkit) {
      var title = typeof data.toolkitTitle === "string" ? " (" + quote(data.toolkitTitle) + ")" : "";
      fail("it holds answers to another toolkit" + title + ", not this one");
    }
    var saved = text(data, "saved", MAX_ID, where);
    if (saved !== undefined && (!DATE_TIME.test(saved) || isNaN(Date.parse(saved)))) {
      fail("its " + quote("saved") + " is " + quote(saved) + " where a date and time belongs");
    }
    return {
      toolkit: toolkit,
      toolkitTitle: text(data, "toolkitTitle", MAX_SHORT_TEXT, where) || "",
      toolkitVersion: text(data, "toolkitVersion", MAX_ID, where) || "",
      saved: saved || "",
      respondent: text(data, "respondent", MAX_NAME, where) || ""
    };
  }

  function readSection(value, slug) {
    var where = "the section " + quote(slug);
    if (!isRecord(value)) { fail(where + " is " + kind(value) + " where a set of fields belongs"); }
    onlyFields(value, SECTION_FIELDS, where);
    var read = SAVED.parseAnswers(own(value, "answers") ? value.answers : undefined);
    if (read.problem) { fail("in " + where + ", " + read.problem); }
    return Object.freeze({ sectionTitle: text(value, "sectionTitle", MAX_SHORT_TEXT, where) || "",
      answers: read.answers });
  }

  function readSections(data) {
    if (!own(data, "sections")) { fail("it has no " + quote("sections")); }
    var sections = data.sections;
    if (!isRecord(sections)) {
      fail("its " + quote("sections") + " is " + kind(sections) + " where a set of sections belongs");
    }
    var names = Object.keys(sections);
    if (names.length > MAX_SECTIONS) { fail("it has more than " + MAX_SECTIONS + " sections"); }
    var result = new Map();
    names.forEach(function (slug) {
      if (slug.length > MAX_ID || !SLUG.test(slug)) {
        fail("it has a section under " + quote(slug) + ", which is not a section id");
      }
      result.set(slug, readSection(sections[slug], slug));
    });
    return result;
  }

  function readAction(entry, position, seen) {
    var where = "action " + (position + 1) + " of the plan";
    if (!isRecord(entry)) { fail(where + " is " + kind(entry) + " where a set of fields belongs"); }
    onlyFields(entry, ACTION_FIELDS, where);
    var action = Object.create(null);
    action.id = text(entry, "id", MAX_ACTION_ID, where);
    if (action.id === undefined || !ACTION_ID.test(action.id)) { fail(where + " has no usable " + quote("id")); }
    if (seen[action.id]) { fail(where + " has the same " + quote("id") + " as another action"); }
    seen[action.id] = true;
    action.source = oneOf(entry, "source", SOURCES, undefined, where);
    if (action.source === undefined) { fail(where + " does not say whether it was proposed or added"); }
    ["section", "question"].forEach(function (name) {
      var value = text(entry, name, MAX_ID, where);
      if (value !== undefined && !SLUG.test(value)) { fail(where + " has " + quote(value) + " as its " + name); }
      action[name] = value || "";
    });
    action.questionVersion = text(entry, "questionVersion", MAX_ID, where) || "";
    if (own(entry, "prompt")) {
      var prompt = entry.prompt;
      if (typeof prompt !== "number" || prompt % 1 !== 0 || prompt < 0 || prompt >= MAX_PROMPT) {
        fail(where + " has " + kind(prompt) + " where the number of a prompt belongs");
      }
      action.prompt = prompt;
    }
    if (action.source === "proposed" && (!action.section || !action.question || !action.questionVersion ||
        action.prompt === undefined)) {
      fail(where + " is proposed but does not say which question and prompt it comes from");
    }
    action.text = text(entry, "text", MAX_ACTION_TEXT, where) || "";
    action.owner = text(entry, "owner", MAX_NAME, where) || "";
    action.due = text(entry, "due", MAX_ID, where) || "";
    if (action.due && !isDay(action.due)) { fail(where + " has " + quote(action.due) + " where a due date belongs"); }
    action.rag = oneOf(entry, "rag", RAGS, "", where);
    action.progress = oneOf(entry, "progress", PROGRESS, "not-started", where);
    if (own(entry, "dropped") && typeof entry.dropped !== "boolean") {
      fail(where + " has " + kind(entry.dropped) + " where true or false belongs");
    }
    action.dropped = entry.dropped === true;
    return Object.freeze(action);
  }

  function readPlan(data) {
    if (!own(data, "plan")) { return emptyPlan(); }
    var plan = data.plan;
    if (!isRecord(plan)) { fail("its " + quote("plan") + " is " + kind(plan) + " where an action plan belongs"); }
    onlyFields(plan, PLAN_FIELDS, "its plan");
    if (own(plan, "includeUnanswered") && typeof plan.includeUnanswered !== "boolean") {
      fail("its plan has " + kind(plan.includeUnanswered) + " where true or false belongs");
    }
    var actions = own(plan, "actions") ? plan.actions : [];
    if (!Array.isArray(actions)) { fail("its plan's " + quote("actions") + " is " + kind(actions) + " where a list belongs"); }
    if (actions.length > MAX_ACTIONS) { fail("its plan has more than " + MAX_ACTIONS.toLocaleString("en-GB") + " actions"); }
    var seen = Object.create(null);
    return Object.freeze({ includeUnanswered: plan.includeUnanswered === true,
      actions: Object.freeze(actions.map(function (entry, i) { return readAction(entry, i, seen); })) });
  }

  /* A plan with no actions, unanswered questions left out: what a version 1 file and a new toolkit have. */
  function emptyPlan() {
    return Object.freeze({ includeUnanswered: false, actions: Object.freeze([]) });
  }

  /* A version 1 file: one section's answers, checked by _saved-answers.js itself. */
  function fromVersion1(source, data, expected) {
    var section = typeof data.section === "string" ? data.section : "";
    if (typeof data.toolkit === "string" && data.toolkit !== expected.toolkit) {
      fail("it holds answers to another toolkit, not this one");
    }
    var read = SAVED.parse(source, { toolkit: expected.toolkit, section: section, headerRequired: true });
    if (read.problem) { fail(read.problem); }
    if (!SLUG.test(section)) { fail("it does not say which checklist section it is for"); }
    var sections = new Map();
    sections.set(section, Object.freeze({ sectionTitle: data.sectionTitle || "", answers: read.answers }));
    return Object.freeze({ version: 1, toolkit: data.toolkit, toolkitTitle: data.toolkitTitle || "",
      toolkitVersion: "", saved: data.saved || "", respondent: "", sections: sections, plan: emptyPlan() });
  }

  /* Parses a file of saved answers of either version for the toolkit `expected.toolkit`. Returns {record}:
     a frozen {version (of the file), toolkit, toolkitTitle, toolkitVersion, saved, respondent, sections: Map
     of section slug to {sectionTitle, answers: Map of question id to {version, yn?, figure, response}}, plan:
     {includeUnanswered, actions: [frozen action]}}, with "" for text a file leaves out; or {problem}: words
     finishing "That file could not be opened: …". Never throws for any input text. */
  function parse(source, expected) {
    var decoded = READ.decode(source);
    if (decoded.problem !== undefined) { return decoded; }
    var data = decoded.data;
    try {
      if (!isRecord(data)) { fail("it is not a file of saved answers (it is " + kind(data) + ")"); }
      if (own(data, "version") && data.version === 1) { return { record: fromVersion1(source, data, expected) }; }
      if (own(data, "version") && data.version !== VERSION) {
        fail(typeof data.version === "number" && data.version > VERSION ?
          "it was saved by a newer version of this site than this page can read" :
          "its " + quote("version") + " is " + kind(data.version) + " where the number 1 or 2 belongs");
      }
      var header = readHeader(data, expected);
      onlyFields(data, TOP_FIELDS, "it");
      header.version = VERSION;
      header.sections = readSections(data);
      header.plan = readPlan(data);
      return { record: Object.freeze(header) };
    } catch (e) {
      if (e instanceof Invalid) { return { problem: e.problem }; }
      throw e;
    }
  }

  /* An action as the file holds it: only its own fields, each in the format's order. */
  function actionRecord(action) {
    var result = { id: action.id, source: action.source };
    if (action.section) { result.section = action.section; }
    if (action.question) { result.question = action.question; }
    if (action.questionVersion) { result.questionVersion = action.questionVersion; }
    if (typeof action.prompt === "number") { result.prompt = action.prompt; }
    result.text = action.text || "";
    result.owner = action.owner || "";
    result.due = action.due || "";
    result.rag = action.rag || "";
    result.progress = action.progress || "not-started";
    result.dropped = Boolean(action.dropped);
    return result;
  }

  /* The version 2 record to save, in the format `parse` reads. `parts` = {toolkit, toolkitTitle,
     toolkitVersion, respondent?, sections: [{section, sectionTitle, answers: a collected answers object}],
     plan?: {includeUnanswered, actions}}; `saved` (a Date) defaults to now. */
  function record(parts, saved) {
    var data = { format: FORMAT, version: VERSION, toolkit: parts.toolkit, toolkitTitle: parts.toolkitTitle || "",
      toolkitVersion: parts.toolkitVersion || "", saved: (saved || new Date()).toISOString() };
    if (parts.respondent) { data.respondent = parts.respondent; }
    data.sections = {};
    (parts.sections || []).forEach(function (s) {
      data.sections[s.section] = { sectionTitle: s.sectionTitle || "", answers: s.answers };
    });
    var plan = parts.plan || emptyPlan();
    data.plan = { includeUnanswered: Boolean(plan.includeUnanswered), actions: plan.actions.map(actionRecord) };
    return data;
  }

  /* The text of a file of a toolkit's answers: `record` indented for a person to read. */
  function fileText(parts, saved) {
    return JSON.stringify(record(parts, saved), null, 2);
  }

  /* The answers a record holds for one section (a Map, empty when none). */
  function sectionAnswers(parsed, section) {
    var found = parsed.sections.get(section);
    return found ? found.answers : new Map();
  }

  window.tkToolkitAnswers = Object.freeze({
    FORMAT: FORMAT,
    VERSION: VERSION,
    RAGS: Object.freeze(RAGS.slice()),
    PROGRESS: Object.freeze(PROGRESS.slice()),
    MAX_NAME: MAX_NAME,
    MAX_ACTION_TEXT: MAX_ACTION_TEXT,
    parse: parse,
    record: record,
    fileText: fileText,
    emptyPlan: emptyPlan,
    sectionAnswers: sectionAnswers,
    isDay: isDay
  });
})();
