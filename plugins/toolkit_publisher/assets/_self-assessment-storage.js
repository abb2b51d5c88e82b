/* Answers kept in this browser's localStorage, only once the person has chosen to keep them there. No
   page, no messages: every function says what happened (true, false or null) and never throws, whether
   storage is turned off, refuses access, or is full. What is read back passes through tkSavedAnswers.parse
   (_saved-answers.js), as an opened file does; a toolkit's action plan (kept by its "Your answers" page) is a
   version 2 record read through tkToolkitAnswers.parse (_toolkit-answers.js). Loaded before self-assessment.js and
   check-answers.js, which use it, and after those two (page_assets.py lists each script after those it uses). */
(function () {
  "use strict";

  var CONSENT_KEY = "tk-save-answers";
  var ANSWERS_PREFIX = "tk-answers:";
  var PLAN_PREFIX = "tk-plan:";
  var SAVED = window.tkSavedAnswers;
  var TOOLKIT = window.tkToolkitAnswers;

  /* This browser's storage, or null when it is turned off or this page may not use it (reading it throws
     then, in some browsers even looking it up). */
  function store() {
    try {
      var s = window.localStorage;
      s.getItem(CONSENT_KEY);
      return s;
    } catch (e) {
      return null;
    }
  }

  /* Whether this browser lets the page keep anything at all. */
  function available() {
    return store() !== null;
  }

  /* Whether the person has chosen to keep their answers on this device. */
  function consented() {
    var s = store();
    try {
      return Boolean(s && s.getItem(CONSENT_KEY) === "yes");
    } catch (e) {
      return false;
    }
  }

  /* Stops keeping answers: every section's stored answers, every toolkit's action plan and the choice itself
     are removed. True when all are gone, false when storage refused (what it still holds it keeps). */
  function optOut() {
    var s = store();
    if (!s) { return false; }
    try {
      Object.keys(s).filter(function (k) { return k.indexOf(ANSWERS_PREFIX) === 0 || k.indexOf(PLAN_PREFIX) === 0; })
        .forEach(function (k) { s.removeItem(k); });
      s.removeItem(CONSENT_KEY);
      return true;
    } catch (e) {
      return false;
    }
  }

  /* One checklist section's stored answers. */
  function forSection(toolkit, section) {
    var key = ANSWERS_PREFIX + toolkit + ":" + section;

    /* The stored answers: {answers: Map} (empty when none, or storage cannot be read) or {problem} when
       what is stored is not saved answers for this section. */
    function read() {
      var s = store();
      var text = null;
      try {
        text = s ? s.getItem(key) : null;
      } catch (e) {
        text = null;
      }
      if (text === null) { return { answers: new Map() }; }
      return SAVED.parse(text, { toolkit: toolkit, section: section, headerRequired: false });
    }

    /* Keeps `answers` (a collected answers object) if the person chose to: true when kept, false when
       storage refused (full, or turned off since the page loaded; what was kept before stays), and null
       when the person has not chosen to keep answers, so nothing was to be kept. */
    function save(answers) {
      if (!consented()) { return null; }
      try {
        store().setItem(key, JSON.stringify(SAVED.record(toolkit, section, answers)));
        return true;
      } catch (e) {
        return false; // QuotaExceededError, or storage turned off since the page loaded
      }
    }

    /* The person chose to keep answers: records the choice and keeps `answers` now. True when both were
       kept; false when storage refused either, and then the choice is not recorded, so nothing claims to
       be kept that is not. */
    function optIn(answers) {
      var s = store();
      if (!s) { return false; }
      var kept;
      try {
        s.setItem(CONSENT_KEY, "yes");
        kept = save(answers);
      } catch (e) {
        kept = false;
      }
      if (kept) { return true; }
      try { s.removeItem(CONSENT_KEY); } catch (e) { /* nothing more to undo */ }
      return false;
    }

    /* Removes this section's stored answers (the choice to keep answers stays). False when storage refused. */
    function remove() {
      var s = store();
      if (!s) { return false; }
      try {
        s.removeItem(key);
        return true;
      } catch (e) {
        return false;
      }
    }

    return Object.freeze({ key: key, read: read, save: save, optIn: optIn, remove: remove });
  }

  /* The person chose to keep answers, from a page that holds no one section's (a toolkit's "Your answers"):
     records the choice only. True when recorded, false when storage refused. */
  function optInOnly() {
    var s = store();
    if (!s) { return false; }
    try {
      s.setItem(CONSENT_KEY, "yes");
      return true;
    } catch (e) {
      return false;
    }
  }

  /* One toolkit's action plan (and the name its saver gave), kept as a version 2 record with no sections. */
  function forToolkit(toolkit) {
    var key = PLAN_PREFIX + toolkit;

    /* The stored plan: {record} (null when none is stored or storage cannot be read) or {problem}. */
    function read() {
      var s = store();
      var text = null;
      try {
        text = s ? s.getItem(key) : null;
      } catch (e) {
        text = null;
      }
      if (text === null) { return { record: null }; }
      return TOOLKIT.parse(text, { toolkit: toolkit });
    }

    /* Keeps the plan if the person chose to keep answers: true, false (storage refused) or null (not chosen).
       `parts` as tkToolkitAnswers.record takes them, without sections. */
    function save(parts) {
      if (!consented()) { return null; }
      try {
        store().setItem(key, JSON.stringify(TOOLKIT.record(parts)));
        return true;
      } catch (e) {
        return false;
      }
    }

    return Object.freeze({ key: key, read: read, save: save });
  }

  window.tkAssessmentStorage = Object.freeze({
    forToolkit: forToolkit,
    optInOnly: optInOnly,
    available: available,
    consented: consented,
    optOut: optOut,
    forSection: forSection
  });
})();
