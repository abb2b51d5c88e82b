/* The readiness summary's chart: per section, one bar split into the shares of questions answered Yes, No, with
   a response (questions with no Y/N) and not answered, drawn as SVG. Each share has a pattern as well as a colour
   (solid, hatched, dotted, empty), so the bars read in forced colours (high contrast, where check-answers.css gives
   them system colours) and printed in black and white. The chart is hidden from assistive technology: the table
   beside it, which the page fills with the same figures, is its text equivalent. Loaded before check-answers.js,
   which uses it (page_assets.py lists each script after those it uses). */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var SHARES = [
    { key: "yes", label: "Yes" },
    { key: "no", label: "No" },
    { key: "response", label: "Answered with a response" },
    { key: "unanswered", label: "Not answered" }
  ];

  function svg(name, attributes) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, String(attributes[key])); });
    return node;
  }

  /* The patterns the shares are filled with, once per chart (ids made unique by `prefix`). */
  function patterns(prefix) {
    var defs = svg("defs");
    var hatch = svg("pattern", { id: prefix + "-no", width: 2, height: 2, patternUnits: "userSpaceOnUse",
      patternTransform: "rotate(45)" });
    hatch.appendChild(svg("rect", { width: 2, height: 2, "class": "tk-chart__ground tk-chart__ground--no" }));
    hatch.appendChild(svg("rect", { width: 0.8, height: 2, "class": "tk-chart__ink tk-chart__ink--no" }));
    var dots = svg("pattern", { id: prefix + "-response", width: 2, height: 2, patternUnits: "userSpaceOnUse" });
    dots.appendChild(svg("rect", { width: 2, height: 2, "class": "tk-chart__ground tk-chart__ground--response" }));
    dots.appendChild(svg("circle", { cx: 1, cy: 1, r: 0.45, "class": "tk-chart__ink tk-chart__ink--response" }));
    defs.appendChild(hatch);
    defs.appendChild(dots);
    return defs;
  }

  function fill(prefix, key) {
    return key === "no" || key === "response" ? "url(#" + prefix + "-" + key + ")" : "";
  }

  /* One share's swatch or bar part: a rectangle filled by its class (solid, empty) or its pattern. */
  function part(prefix, key, x, width, height) {
    var rect = svg("rect", { x: x, y: 0, width: width, height: height, "class": "tk-chart__share tk-chart__share--" + key });
    if (fill(prefix, key)) { rect.setAttribute("fill", fill(prefix, key)); }
    return rect;
  }

  /* A bar of 100 units split into the row's shares, drawn to the width of the page. */
  function bar(prefix, row) {
    var node = svg("svg", { viewBox: "0 0 100 8", preserveAspectRatio: "none", "class": "tk-chart__bar",
      focusable: "false" });
    node.appendChild(patterns(prefix));
    var x = 0;
    SHARES.forEach(function (share) {
      var width = row.total ? 100 * row[share.key] / row.total : 0;
      if (width > 0) { node.appendChild(part(prefix, share.key, x, width, 8)); }
      x += width;
    });
    node.appendChild(svg("rect", { x: 0, y: 0, width: 100, height: 8, "class": "tk-chart__outline",
      "vector-effect": "non-scaling-stroke" }));
    return node;
  }

  function legend(prefix) {
    var list = document.createElement("ul");
    list.className = "tk-chart__legend";
    SHARES.forEach(function (share) {
      var item = document.createElement("li");
      var swatch = svg("svg", { viewBox: "0 0 8 8", width: 16, height: 16, "class": "tk-chart__swatch",
        focusable: "false" });
      swatch.appendChild(patterns(prefix + "-key-" + share.key));
      swatch.appendChild(part(prefix + "-key-" + share.key, share.key, 0, 8, 8));
      swatch.appendChild(svg("rect", { x: 0, y: 0, width: 8, height: 8, "class": "tk-chart__outline" }));
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(" " + share.label));
      list.appendChild(item);
    });
    return list;
  }

  /* Draws the chart into `container` (emptied first): a legend, then each row's title and bar. `rows` are
     [{title, yes, no, response, unanswered, total}]. */
  function draw(container, rows) {
    while (container.firstChild) { container.removeChild(container.firstChild); }
    var prefix = "tk-chart-" + (container.id || "summary");
    container.appendChild(legend(prefix));
    rows.forEach(function (row, i) {
      var title = document.createElement("p");
      title.className = "tk-chart__title";
      title.textContent = row.title;
      container.appendChild(title);
      container.appendChild(bar(prefix + "-" + i, row));
    });
  }

  window.tkReadinessChart = Object.freeze({ SHARES: Object.freeze(SHARES.map(Object.freeze)), draw: draw });
})();
