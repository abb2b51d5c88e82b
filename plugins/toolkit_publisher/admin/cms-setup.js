/* The content editor's own set-up, after Decap CMS (decap-cms.js): previews styled with the site's own stylesheets,
   for a question set, a case study and a page; and saves that never write an emptied field as "" (the models refuse
   blank text, and a field left out means the same as one never given). Plain ES5, no inline script (the page's
   policy allows none), no framework beyond the React that Decap CMS itself exposes (window.h, window.createClass). */
(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  if (!CMS || !h || !createClass) {
    return;
  }
  var setup = document.getElementById("tk-cms-setup");
  var styles = (setup && setup.getAttribute("data-preview-styles") || "").split(" ");

  /** The site's stylesheets in the preview pane, so an entry looks as it will on its page. */
  styles.forEach(function (href) {
    if (href) {
      CMS.registerPreviewStyle(href);
    }
  });

  /** A value with every emptied text ("") left out of its mappings, at any depth; lists keep their items. */
  function withoutEmptied(value) {
    if (value && typeof value.keySeq === "function") {
      return value.filter(function (item) { return item !== ""; }).map(withoutEmptied);
    }
    if (value && typeof value.toArray === "function" && typeof value.map === "function") {
      return value.map(withoutEmptied);
    }
    return value;
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      return withoutEmptied(event.entry.get("data"));
    }
  });

  /** The value at a path of the entry's data, as plain data. */
  function get(entry, path) {
    var value = entry.getIn(["data"].concat(path));
    return value && typeof value.toJS === "function" ? value.toJS() : value;
  }

  /** The site's page furniture around a preview: Material's content area. */
  function page(children) {
    return h("div", {className: "md-main"},
      h("div", {className: "md-content"}, h("article", {className: "md-content__inner md-typeset"}, children)));
  }

  function questionRows(questions, start) {
    return (questions || []).map(function (question, index) {
      var prompts = question.prompts || [];
      return h("tr", {key: question.id || index},
        h("td", {className: "tk-col-number"}, String(start + index)),
        h("th", {scope: "row", className: "tk-col-question"}, question.text),
        h("td", {className: "tk-col-yn"}, question.answer === "text" || question.answer === "figure" ? "–" : "Y / N"),
        h("td", {className: "tk-col-response"}, ""),
        h("td", {className: "tk-col-prompts"},
          question.prompts_intro ? h("p", {}, question.prompts_intro) : null,
          prompts.length ? h("ul", {}, prompts.map(function (prompt, at) { return h("li", {key: at}, prompt); })) : null));
    });
  }

  function checklistTable(title, questions, start) {
    return h("table", {className: "tk-checklist tk-stack"},
      h("thead", {}, h("tr", {},
        ["Number", "Question", "Y/N", "Response", "Prompts"].map(function (words) {
          return h("th", {scope: "col", key: words}, words);
        }))),
      h("tbody", {}, questionRows(questions, start)));
  }

  var QuestionSetPreview = createClass({
    render: function () {
      var entry = this.props.entry;
      var groups = get(entry, ["groups"]);
      var sections = groups || [{questions: get(entry, ["questions"]) || []}];
      var number = 1;
      return page([
        h("h1", {key: "title"}, get(entry, ["title"])),
        h("p", {key: "audience"}, get(entry, ["audience"])),
        h("div", {key: "intro"}, this.props.widgetFor("intro")),
        sections.map(function (group, index) {
          var start = number;
          number += (group.questions || []).length;
          return h("section", {key: index},
            group.title ? h("h2", {}, group.title) : null,
            checklistTable(group.title, group.questions, start));
        })
      ]);
    }
  });

  var CaseStudyPreview = createClass({
    render: function () {
      var entry = this.props.entry;
      var list = function (path) { return (get(entry, path) || []).join("; "); };
      return page([
        h("h1", {key: "title"}, get(entry, ["title"])),
        h("p", {key: "summary"}, get(entry, ["summary"])),
        h("dl", {key: "facts", className: "tk-facts"},
          h("dt", {}, "Organisations"), h("dd", {}, list(["organisations"])),
          h("dt", {}, "Themes"), h("dd", {}, list(["themes"])),
          h("dt", {}, "Source"), h("dd", {className: "tk-citation"}, get(entry, ["source"]))),
        h("h2", {key: "did"}, "What they did"),
        h("div", {key: "what"}, this.props.widgetFor("what_they_did")),
        h("h2", {key: "outcome-heading"}, "Outcome"),
        h("div", {key: "outcome"}, this.props.widgetFor("outcome"))
      ]);
    }
  });

  var PagePreview = createClass({
    render: function () {
      var entry = this.props.entry;
      var milestones = get(entry, ["milestones"]) || [];
      return page([
        h("h1", {key: "title"}, get(entry, ["title"])),
        h("div", {key: "body"}, this.props.widgetFor("body")),
        milestones.length ? h("h2", {key: "milestones-heading"}, get(entry, ["milestones_heading"]) || "Milestones") : null,
        milestones.length ? h("ol", {key: "milestones"}, milestones.map(function (milestone, index) {
          return h("li", {key: index}, h("strong", {}, milestone.title), milestone.date ? " (" + milestone.date + ")" : "",
            milestone.description ? h("p", {}, milestone.description) : null);
        })) : null
      ]);
    }
  });

  CMS.registerPreviewTemplate("question_sets", QuestionSetPreview);
  CMS.registerPreviewTemplate("case_studies", CaseStudyPreview);
  CMS.registerPreviewTemplate("pages", PagePreview);

  window.tkCms = Object.freeze({withoutEmptied: withoutEmptied});
}());
