/* The saved-answers format, read as data and never as code. An opened file and this device's storage
   both pass through `parse`: the JSON is checked field by field against the format below and copied
   into a Map of null-prototype entries, so no key (such as "__proto__" or "constructor") can reach an
   ordinary object, and a record is either wholly valid or not used at all.

     { "format": "nhs-workforce-toolkit-answers", "version": 1,
       "toolkit": slug, "section": slug, "toolkitTitle": text, "sectionTitle": text, "saved": text,
       "answers": { question id (slug): { "version": text, "yn": "Y" | "N", "figure": text,
                                          "response": text } } }

   Only "answers" and each answer's "version" are required in storage (records saved before the header
   was added lack it); a file needs format, version, toolkit and section too. Loaded before
   the self-assessment's scripts, which use it (page_assets.py lists each script after those it uses). */
(function () {
  "use strict";

  var FORMAT = "nhs-workforce-toolkit-answers";
  var VERSION = 1;
  var MAX_FILE_BYTES = 1024 * 1024;
  var MAX_FILE_SIZE_TEXT = "1 MB";
  var MAX_RESPONSE = 10000;
  var MAX_FIGURE = 100;
  var MAX_SHORT_TEXT = 1000;
  var MAX_ID = 80;
  var SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var TOP_FIELDS = ["format", "version", "toolkit", "section", "toolkitTitle", "sectionTitle", "saved", "answers"];
  var ANSWER_FIELDS = ["version", "yn", "figure", "response"];

  /* Thrown only while a file is read (here and, through `reading`, in _toolkit-answers.js), to stop at the first
     problem; `parse` turns it into a message. */
  function Invalid(problem) {
    this.problem = problem;
  }

  function fail(problem) {
    throw new Invalid(problem);
  }

  /* Own fields only: an inherited one (such as "constructor") is never read as if the file had it. */
  function own(object, name) {
    return Object.prototype.hasOwnProperty.call(object, name);
  }

  function isRecord(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  /* A value from the file, quoted for a message: shortened, with control characters escaped. */
  function quote(value) {
    var text = String(value);
    return JSON.stringify(text.length > 40 ? text.slice(0, 40) + "…" : text);
  }

  /* What a value is, in words, for "… where text belongs, not a list". */
  function kind(value) {
    if (value === null) { return "null"; }
    if (Array.isArray(value)) { return "a list"; }
    if (typeof value === "object") { return "a set of fields"; }
    if (typeof value === "string") { return "text"; }
    if (typeof value === "boolean") { return value ? "true" : "false"; }
    return "a number";
  }

  /* The format is closed: an unknown field, even a harmless one, means the file is not what it claims. */
  function onlyFields(record, allowed, where) {
    Object.keys(record).forEach(function (name) {
      if (allowed.indexOf(name) === -1) {
        fail(where + " has a field " + quote(name) + " that saved answers never have");
      }
    });
  }

  /* An optional text field: undefined when absent, else a string within its length limit. */
  function text(record, name, limit, where) {
    if (!own(record, name)) { return undefined; }
    var value = record[name];
    if (typeof value !== "string") {
      fail(where + " has " + kind(value) + " where the text of " + quote(name) + " belongs");
    }
    if (value.length > limit) {
      fail(where + " has a " + quote(name) + " longer than " + limit.toLocaleString("en-GB") + " characters");
    }
    return value;
  }

  /* Format and version must be present in a file; toolkit and section, when given, must be this page's. */
  function checkHeader(data, expected) {
    var where = "it";
    var format = text(data, "format", MAX_SHORT_TEXT, where);
    if (format !== undefined || expected.headerRequired) {
      if (format !== FORMAT) { fail("it is not a file of answers saved from this site"); }
      if (!own(data, "version")) { fail("it does not say which version of the format it uses"); }
    }
    if (own(data, "version") && data.version !== VERSION) {
      fail(typeof data.version === "number" && data.version > VERSION ?
        "it was saved by a newer version of this site than this page can read" :
        "its " + quote("version") + " is " + kind(data.version) + " where the number " + VERSION + " belongs");
    }
    ["toolkit", "section"].forEach(function (name) {
      var value = text(data, name, MAX_ID, where);
      if (value === undefined && expected.headerRequired) { fail("it does not say which checklist section it is for"); }
      if (value !== undefined && value !== expected[name]) {
        fail("it holds answers to a different checklist section");
      }
    });
    text(data, "toolkitTitle", MAX_SHORT_TEXT, where);
    text(data, "sectionTitle", MAX_SHORT_TEXT, where);
    text(data, "saved", MAX_SHORT_TEXT, where);
  }

  function readAnswer(entry, id) {
    var where = "the answer to question " + quote(id);
    if (!isRecord(entry)) { fail(where + " is " + kind(entry) + " where a set of fields belongs"); }
    onlyFields(entry, ANSWER_FIELDS, where);
    var answer = Object.create(null);
    answer.version = text(entry, "version", MAX_ID, where);
    if (answer.version === undefined) { fail(where + " does not say which version of the question it answers"); }
    if (own(entry, "yn")) {
      if (entry.yn !== "Y" && entry.yn !== "N") {
        fail(where + " has " + (typeof entry.yn === "string" ? quote(entry.yn) : kind(entry.yn)) +
          " where \"Y\" or \"N\" belongs");
      }
      answer.yn = entry.yn;
    }
    answer.figure = text(entry, "figure", MAX_FIGURE, where) || "";
    answer.response = text(entry, "response", MAX_RESPONSE, where) || "";
    return Object.freeze(answer);
  }

  function readAnswers(data) {
    if (!own(data, "answers") || data.answers === undefined) { fail("it has no " + quote("answers")); }
    var answers = data.answers;
    if (!isRecord(answers)) {
      fail("its " + quote("answers") + " is " + kind(answers) + " where a set of answers belongs");
    }
    var result = new Map();
    Object.keys(answers).forEach(function (id) {
      if (id.length > MAX_ID || !SLUG.test(id)) {
        fail("it has an answer under " + quote(id) + ", which is not a question id");
      }
      result.set(id, readAnswer(answers[id], id));
    });
    return result;
  }

  /* A set of answers already read from JSON (as a v2 file's sections hold them): {answers: Map} or {problem}.
     The same rules as a v1 file's "answers", so the two formats can never disagree about an answer. */
  function parseAnswers(value) {
    try {
      return { answers: readAnswers({ answers: value }) };
    } catch (e) {
      if (e instanceof Invalid) { return { problem: e.problem }; }
      throw e;
    }
  }

  /* A file's text as JSON, its size checked first: {data} or {problem} (words as `parse` gives them). */
  function decode(source) {
    if (typeof source !== "string") { return { problem: "it is not text" }; }
    if (source.length > MAX_FILE_BYTES) { return { problem: "it is larger than " + MAX_FILE_SIZE_TEXT }; }
    try {
      return { data: JSON.parse(source) };
    } catch (e) {
      return { problem: "it is not a file of saved answers (it is not valid JSON)" };
    }
  }

  /* Parses saved answers. `expected` = {toolkit, section, headerRequired}. Returns {answers: Map of question
     id to a frozen null-prototype {version, yn?, figure, response}} or {problem: words finishing the
     sentence "That file could not be opened: …"}. Never throws for any input text. */
  function parse(source, expected) {
    var decoded = decode(source);
    if (decoded.problem !== undefined) { return decoded; }
    var data = decoded.data;
    try {
      if (!isRecord(data)) { fail("it is not a file of saved answers (it is " + kind(data) + ")"); }
      checkHeader(data, expected);
      onlyFields(data, TOP_FIELDS, "it");
      return { answers: readAnswers(data) };
    } catch (e) {
      if (e instanceof Invalid) { return { problem: e.problem }; }
      throw e;
    }
  }

  /* The record to save to a file or to storage: the same format that `parse` reads. */
  function record(toolkit, section, answers, titles) {
    var data = { format: FORMAT, version: VERSION, toolkit: toolkit, section: section };
    if (titles) {
      data.toolkitTitle = titles.toolkit;
      data.sectionTitle = titles.section;
    }
    data.saved = new Date().toISOString();
    data.answers = answers;
    return data;
  }

  window.tkSavedAnswers = Object.freeze({
    MAX_FILE_BYTES: MAX_FILE_BYTES,
    MAX_FILE_SIZE_TEXT: MAX_FILE_SIZE_TEXT,
    MAX_RESPONSE: MAX_RESPONSE,
    MAX_FIGURE: MAX_FIGURE,
    SLUG: SLUG,
    parse: parse,
    parseAnswers: parseAnswers,
    record: record,
    /* How a file is read, for _toolkit-answers.js (version 2): the same words and checks for both versions. */
    reading: Object.freeze({
      decode: decode,
      Invalid: Invalid,
      fail: fail,
      own: own,
      isRecord: isRecord,
      quote: quote,
      kind: kind,
      onlyFields: onlyFields,
      text: text
    })
  });
})();
