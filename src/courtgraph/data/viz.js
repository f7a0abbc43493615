/* courtgraph network view.
 *
 * Everything from a report (names, properties, sentences) is written with textContent or
 * given to vis-network as plain label strings, never parsed as HTML. The data arrives as
 * JSON in #cg-data; node positions are precomputed, so physics starts switched off.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("cg-data").textContent);
  var UI = {
    zh: {
      search: "搜索名称", find: "查找", neighbourhood: "显示邻域", reset: "重置", physics: "物理布局",
      legend: "图例", themes: "主题", hint: "点击或悬停节点查看详情与原文。", noMatch: "未找到",
      names: "名称", nameZh: "中文", nameEn: "英文", kind: "类别", sentences: "原文",
      noSentence: "图中未记录该节点的原文。", shown: "显示", nodesWord: "个节点", other: "English",
      full: "完整图谱", summary: "总览", courts: "法院", years: "年度", partnerKinds: "合作单位类别",
      bodies: "个合作单位", courtsWord: "个法院", expand: "展开", links: "链接", describe: "SPARQL 描述",
      prevReport: "上一份报告", nextReport: "下一份报告", report: "报告"
    },
    en: {
      search: "Search names", find: "Find", neighbourhood: "Show neighbourhood", reset: "Reset", physics: "Physics",
      legend: "Legend", themes: "Themes", hint: "Click or hover a node to see its details and source.",
      noMatch: "No match", names: "Names", nameZh: "Chinese", nameEn: "English", kind: "Kind",
      sentences: "Source sentences", noSentence: "The graph records no source sentence for this node.",
      shown: "Showing", nodesWord: "nodes", other: "中文", full: "Full graph", summary: "Overview",
      courts: "Courts", years: "Years", partnerKinds: "Partner kinds", bodies: "partner bodies",
      courtsWord: "courts", expand: "Expand", links: "Links", describe: "SPARQL description",
      prevReport: "Previous report", nextReport: "Next report", report: "Report"
    }
  };
  var GLYPHS = { star: "★", hexagon: "⬢", triangle: "▲", dot: "●", diamond: "◆", triangleDown: "▼", square: "■" };

  var lang = "zh";
  var byId = {};
  var classByKey = {};
  var classOn = {};
  var themeOn = {};
  var hidden = {};
  var focusSet = null;  // the ids kept by "show neighbourhood"
  var pinned = null;    // the clicked node, whose panel stays until another click
  var shownInPanel = null;
  var courtOn = {};
  var yearOn = {};
  var kindOn = {};
  /* "summary": courts and partner kinds (a corpus opens here); "graph": the network of nodes */
  var mode = data.opening;
  var expanded = {};    // kind aggregates clicked open in the summary
  var records = [];     // the vis node records now in the DataSet
  var recordById = {};
  var KIND_COLOR = "#229954";

  data.nodes.forEach(function (n) { byId[n.id] = n; });
  data.classes.forEach(function (c) { classByKey[c.key] = c; classOn[c.key] = c.opening; });
  data.themes.forEach(function (t) { themeOn[t.id] = true; });
  data.courts.forEach(function (c) { courtOn[c.id] = true; });
  data.years.forEach(function (y) { yearOn[y] = true; });
  data.kinds.forEach(function (k) { kindOn[k.key] = true; });
  var summary = data.summary;
  if (summary) {
    summary.kinds.forEach(function (k) {
      byId[k.id] = { id: k.id, kind: "aggregate", zh: k.zh, en: k.en, names: [k.zh, k.en], props: [], themes: [], r: [],
                     ok: k.code, sentences: [], agg: k };
    });
  }
  var visById = {};
  data.vis.nodes.forEach(function (v) { visById[v.id] = v; });

  var nodes = new vis.DataSet([]);
  var edges = new vis.DataSet([]);
  var container = document.getElementById("cg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.vis.options);
  var api = { network: network, nodes: nodes, edges: edges, ready: false, readyAt: null, mode: mode };
  window.courtgraph = api;
  window.network = network;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function t(key) { return UI[lang][key]; }
  function named(item) { return (lang === "en" && item.en) ? item.en : item.zh; }

  /* --- legend and filters ------------------------------------------------------------ */

  /* a list item holding a checked box that turns one filter on and off */
  function filterItem(list, key, value, checked, onChange, parts) {
    var li = el("li");
    li.dataset[key] = value;
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = checked;
    box.dataset[key] = value;
    box.addEventListener("change", function () { onChange(box.checked); applyVisibility(); });
    label.append.apply(label, [box].concat(parts));
    li.append(label);
    list.append(li);
  }

  var legend = document.getElementById("cg-legend");
  data.classes.forEach(function (c) {
    var glyph = el("span", GLYPHS[c.shape] || "●", "cg-glyph");
    glyph.style.color = c.color;
    filterItem(legend, "class", c.key, c.opening, function (on) { classOn[c.key] = on; },
      [glyph, el("span", c.zh, "cg-class-name"), el("span", c.count, "cg-n")]);
  });

  var themeList = document.getElementById("cg-themes");
  data.themes.forEach(function (theme) {
    filterItem(themeList, "theme", theme.id, true, function (on) { themeOn[theme.id] = on; },
      [el("span", theme.zh, "cg-theme-name")]);
  });

  var courtList = document.getElementById("cg-courts");
  data.courts.forEach(function (c) {
    filterItem(courtList, "court", c.id, true, function (on) { courtOn[c.id] = on; }, [el("span", c.zh, "cg-court-name")]);
  });
  var yearList = document.getElementById("cg-years");
  data.years.forEach(function (y) {
    filterItem(yearList, "year", y, true, function (on) { yearOn[y] = on; }, [el("span", y)]);
  });
  var kindList = document.getElementById("cg-kinds");
  data.kinds.forEach(function (k) {
    filterItem(kindList, "kind", k.key, true, function (on) { kindOn[k.key] = on; },
      [el("span", k.zh, "cg-kind-name"), el("span", k.count, "cg-n")]);
  });
  [["cg-courts-box", data.courts.length], ["cg-years-box", data.years.length], ["cg-kinds-box", data.kinds.length]]
    .forEach(function (pair) { document.getElementById(pair[0]).hidden = pair[1] < 1; });

  function reportOn(i) {
    var r = data.reports[i];
    return (!r.court || courtOn[r.court] !== false) && (!r.year || yearOn[r.year] !== false);
  }

  function isVisible(n) {
    if (n.kind !== "aggregate" && !classOn[n.kind]) { return false; }
    if (n.ok && kindOn[n.ok] === false) { return false; }
    if (n.themes.length && !n.themes.some(function (id) { return themeOn[id]; })) { return false; }
    if (n.r.length && !n.r.some(reportOn)) { return false; }
    return focusSet === null || focusSet.has(n.id);
  }

  /* fill the DataSet with the current mode's nodes and edges (a mode switch or an expansion) */
  function load() {
    var recs = [];
    var eds = [];
    if (mode === "summary") {
      summary.courts.forEach(function (c) {
        recs.push(Object.assign({}, visById[c.id], { x: c.x, y: c.y, size: c.size }));
      });
      summary.kinds.forEach(function (k) {
        if (expanded[k.id]) {
          summary.expand[k.id].nodes.forEach(function (o) { recs.push(Object.assign({}, visById[o.id], { x: o.x, y: o.y })); });
          summary.expand[k.id].edges.forEach(function (e, i) {
            eds.push({ id: "x" + k.code + ":" + i, from: e[0], to: e[1], relation: "partner", width: 1 + Math.log(e[2]), count: e[2] });
          });
        } else {
          recs.push({ id: k.id, label: k.zh, shape: "diamond", color: KIND_COLOR, size: k.size, x: k.x, y: k.y,
                      borderWidth: 3 });
        }
      });
      summary.edges.forEach(function (e, i) {
        if (!expanded[e[1]]) {
          eds.push({ id: "s" + i, from: e[0], to: e[1], relation: "partner", width: 1 + Math.log(e[2]), count: e[2],
                     // a count of one is the thin line itself, and past 200 edges (a large corpus)
                     // the width and the tooltip say it: a number on each would bury the names
                     label: e[2] > 1 && summary.edges.length <= 200 ? String(e[2]) : undefined,
                     arrows: { to: { enabled: false } } });
        }
      });
    } else {
      recs = data.vis.nodes;
      eds = data.vis.edges;
    }
    records = recs;
    recordById = {};
    recs.forEach(function (v) { recordById[v.id] = v; });
    hidden = {};
    edgeHidden = {};
    nodes.clear();
    edges.clear();
    nodes.add(recs.map(function (v) { return Object.assign({}, v, { label: named(byId[v.id]) }); }));
    edges.add(eds.map(function (e) {
      return Object.assign({}, e, { title: e.count ? e.count + " " + t("bodies") : data.relations[e.relation][lang] });
    }));
    api.mode = mode;
    document.getElementById("cg-summary").checked = mode === "summary";
  }

  function applyVisibility() {
    var changes = [];
    var shown = 0;
    records.forEach(function (v) {
      var hide = !isVisible(byId[v.id]);
      if (!hide) { shown += 1; }
      if (hidden[v.id] !== hide) { hidden[v.id] = hide; changes.push({ id: v.id, hidden: hide }); }
    });
    if (changes.length) { nodes.update(changes); }
    // the dashed stand-in edges (initiative → theme, theme → court) replace the paths through
    // work areas and reports while either of those layers is off
    var standIn = !(classOn.workarea && classOn.report);
    var edgeChanges = [];
    (mode === "graph" ? data.vis.edges : []).forEach(function (e) {
      if (e.opening && edgeHidden[e.id] !== !standIn) { edgeHidden[e.id] = !standIn; edgeChanges.push({ id: e.id, hidden: !standIn }); }
    });
    if (edgeChanges.length) { edges.update(edgeChanges); }
    document.getElementById("cg-full").checked = mode === "graph" && data.classes.every(function (c) { return classOn[c.key]; });
    document.getElementById("cg-count").textContent =
      t("shown") + " " + shown + " / " + records.length + " " + t("nodesWord");
    scheduleLabels();
  }

  /* --- labels: 13 px on screen at any zoom, larger nodes first, never overlapping ----- */

  var LABEL_PX = 13;
  var FONT_FACE = data.vis.options.nodes.font.face;
  var measure = document.createElement("canvas").getContext("2d");
  var edgeHidden = {};
  var labelTimer = null;
  api.labelled = [];

  function scheduleLabels() {
    if (labelTimer !== null) { clearTimeout(labelTimer); }
    labelTimer = setTimeout(function () { labelTimer = null; placeLabels(); }, 60);
  }

  /* Greedy: visible nodes from the largest down each claim the box their label would take
     on screen (measured with the page's font, with a margin); a label whose box meets one
     already claimed is drawn transparent. A grid of 64 px cells keeps this linear. */
  function placeLabels() {
    var scale = network.getScale();
    var size = LABEL_PX / scale;
    measure.font = LABEL_PX + "px " + FONT_FACE;
    var cells = {};
    var updates = [];
    var labelled = [];
    function cellKeys(b) {
      var keys = [];
      for (var cx = Math.floor(b.x0 / 64); cx <= Math.floor(b.x1 / 64); cx += 1) {
        for (var cy = Math.floor(b.y0 / 64); cy <= Math.floor(b.y1 / 64); cy += 1) { keys.push(cx + ":" + cy); }
      }
      return keys;
    }
    var visible = records.filter(function (v) { return !hidden[v.id]; });
    visible.sort(function (a, b) { return b.size - a.size || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0); });
    visible.forEach(function (v) {
      var p = network.canvasToDOM(network.getPosition(v.id));
      var text = named(byId[v.id]);
      var w = measure.measureText(text).width + 8;
      var top = p.y + v.size * scale;
      var b = { x0: p.x - w / 2, x1: p.x + w / 2, y0: top - 2, y1: top + LABEL_PX * 1.4 + 2 };
      var keys = cellKeys(b);
      var free = keys.every(function (k) {
        return !(cells[k] || []).some(function (o) { return b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1; });
      });
      if (free) {
        keys.forEach(function (k) { (cells[k] = cells[k] || []).push(b); });
        labelled.push(v.id);
      }
      updates.push({ id: v.id, font: { size: size, color: free ? "#222222" : "rgba(0,0,0,0)" } });
    });
    nodes.update(updates);
    api.labelled = labelled;
    if (mode === "summary") {  // the counts on the summary's edges stay readable at any zoom too
      edges.update(edges.get({ filter: function (e) { return !!e.label; } }).map(function (e) {
        return { id: e.id, font: { size: 12 / scale, color: "#555555", strokeWidth: 0 } };
      }));
    }
  }

  /* --- the side panel ---------------------------------------------------------------- */

  var panel = document.getElementById("cg-panel");

  function markedSentence(sentence) {
    var quote = el("blockquote");
    var at = 0;
    sentence.marks.slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (m) {
      if (m[0] < at) { return; }  // overlapping mentions: the first one wins
      quote.append(document.createTextNode(sentence.text.slice(at, m[0])));
      quote.append(el("mark", sentence.text.slice(m[0], m[1])));
      at = m[1];
    });
    quote.append(document.createTextNode(sentence.text.slice(at)));
    return quote;
  }

  function linkButton(text, cls, action) {
    var b = el("button", text, cls);
    b.type = "button";
    b.addEventListener("click", action);
    return b;
  }

  function reportLabel(r) { return (lang === "en" && r.courtEn ? r.courtEn : (r.courtZh || r.zh)) + " " + (r.year || ""); }

  /* links: the node's SPARQL description in the explorer page, and the previous and next
     report of the same court for each report the node belongs to */
  function panelLinks(n) {
    var box = el("div", null, "cg-links");
    if (data.endpoint) {
      var a = el("a", t("describe"), "cg-describe");
      a.href = new URL("?" + new URLSearchParams({ query: "DESCRIBE <" + n.id + ">" }).toString(), data.endpoint).href;
      a.target = "_blank";
      a.rel = "noopener";
      box.append(a);
    }
    n.r.slice(0, 3).forEach(function (i) {
      var r = data.reports[i];
      [[i - 1, "prevReport", "cg-prev"], [i + 1, "nextReport", "cg-next"]].forEach(function (step) {
        var other = data.reports[step[0]];
        if (other && other.court === r.court) {
          box.append(linkButton(t(step[1]) + ": " + reportLabel(other), step[2], function () { showReport(step[0]); }));
        }
      });
    });
    if (box.childNodes.length) { panel.append(el("h3", t("links")), box); }
  }

  /* another report of the court: its node when the page has it, else the graph filtered to it */
  function showReport(i) {
    var r = data.reports[i];
    if (byId[r.id]) { reveal(byId[r.id]); return; }
    if (mode !== "graph") { setMode("graph"); }
    data.courts.forEach(function (c) { courtOn[c.id] = c.id === r.court; });
    data.years.forEach(function (y) { yearOn[y] = y === r.year; });
    courtList.querySelectorAll("input").forEach(function (box) { box.checked = box.dataset.court === r.court; });
    yearList.querySelectorAll("input").forEach(function (box) { box.checked = box.dataset.year === r.year; });
    applyVisibility();
    network.fit({ nodes: records.filter(function (v) { return !hidden[v.id]; }).map(function (v) { return v.id; }), animation: false });
    placeLabels();
    shownInPanel = null;
    panel.replaceChildren();
    panel.dataset.node = r.id;
    var kind = el("span", t("report"), "cg-kind");
    kind.style.background = "#7f8c8d";
    panel.append(kind, el("h2", r.zh));
    panelLinks({ id: r.id, r: [i] });
  }

  function showAggregate(n) {
    var k = n.agg;
    var kind = el("span", t("partnerKinds"), "cg-kind");
    kind.style.background = KIND_COLOR;
    panel.append(kind, el("h2", named(n)));
    panel.append(el("p", k.bodies + " " + t("bodies") + " · " + k.courts + " " + t("courtsWord")));
    panel.append(linkButton(t("expand"), "cg-expand", function () { expand(n.id); }));
  }

  function showPanel(id) {
    var n = byId[id];
    if (!n) { return; }
    shownInPanel = id;
    panel.replaceChildren();
    panel.dataset.node = id;
    if (n.kind === "aggregate") { showAggregate(n); return; }
    var cls = classByKey[n.kind];
    var kind = el("span", named(cls), "cg-kind");
    kind.style.background = cls.color;
    panel.append(kind, el("h2", named(n)));
    var dl = el("dl");
    dl.append(el("dt", t("nameZh")), el("dd", n.zh));
    dl.append(el("dt", t("nameEn")), el("dd", n.en || "—"));
    n.props.forEach(function (p) {
      var label = data.properties[p[0]];
      dl.append(el("dt", label ? label[lang] : p[0]), el("dd", p[1], "cg-prop-" + p[0]));
    });
    panel.append(dl, el("h3", t("sentences")));
    if (n.sentences.length === 0) { panel.append(el("p", t("noSentence"), "cg-hint")); }
    n.sentences.forEach(function (s) { panel.append(markedSentence(s)); });
    panelLinks(n);
  }

  /* open a partner-kind aggregate into its bodies, each linked to the courts that name it */
  function expand(kindId) {
    if (mode !== "summary" || expanded[kindId]) { return; }
    expanded[kindId] = true;
    load();
    applyVisibility();
    placeLabels();  // at once: the new bodies must not show default-sized, overlapping names
  }

  function setMode(next) {
    if (next === mode || (next === "summary" && !summary)) { return; }
    mode = next;
    focusSet = null;
    load();
    applyVisibility();
    network.fit({ animation: false });
    placeLabels();
  }

  /* --- selection, search, neighbourhood, reset --------------------------------------- */

  var neighbourButton = document.getElementById("cg-neighbourhood");

  function pin(id) {
    pinned = id;
    neighbourButton.disabled = id === null;
    if (id !== null) { showPanel(id); }
  }

  network.on("click", function (params) {
    var id = params.nodes.length ? params.nodes[0] : null;
    if (id !== null && byId[id].kind === "aggregate") { expand(id); pin(null); return; }
    pin(id);
  });
  network.on("zoom", scheduleLabels);
  network.on("dragEnd", scheduleLabels);
  network.on("hoverNode", function (params) { if (pinned === null) { showPanel(params.node); } });

  neighbourButton.addEventListener("click", function () {
    if (pinned === null) { return; }
    focusSet = new Set([pinned].concat(network.getConnectedNodes(pinned)));
    applyVisibility();
    network.fit({ nodes: Array.from(focusSet).filter(function (id) { return !hidden[id]; }), animation: false });
  });

  function findNode(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return null; }
    function matches(test) {
      for (var i = 0; i < searchable.length; i += 1) {
        if (searchable[i].names.some(test)) { return searchable[i]; }
      }
      return null;
    }
    return matches(function (name) { return name.toLowerCase() === q; }) ||
      matches(function (name) { return name.toLowerCase().indexOf(q) >= 0; });
  }

  var names = document.getElementById("cg-names");
  var seen = new Set();
  data.nodes.forEach(function (n) {
    n.names.forEach(function (name) {
      if (!seen.has(name)) { seen.add(name); var o = el("option"); o.value = name; names.append(o); }
    });
  });
  var searchable = data.nodes.concat(summary ? summary.kinds.map(function (k) { return byId[k.id]; }) : []);

  document.getElementById("cg-search").addEventListener("submit", function (event) {
    event.preventDefault();
    var status = document.getElementById("cg-search-status");
    var n = findNode(document.getElementById("cg-search-input").value);
    status.textContent = n ? "" : t("noMatch");
    if (n) { reveal(n); }
  });

  /* a page that embeds this one points at a node by its IRI in the fragment: network#<IRI> */
  function revealFromHash() {
    var iri = decodeURIComponent(window.location.hash.slice(1));
    for (var i = 0; iri && i < data.nodes.length; i += 1) {
      if (data.nodes[i].id === iri) { reveal(data.nodes[i]); return; }
    }
  }
  window.addEventListener("hashchange", revealFromHash);

  function check(list, key, value) {
    list.querySelectorAll("input").forEach(function (box) { if (box.dataset[key] === value) { box.checked = true; } });
  }

  function reveal(n) {
    if (n.kind === "aggregate" && mode !== "summary") { setMode("summary"); }
    if (!recordById[n.id] && mode === "summary") {  // a body of a closed kind opens it; anything else: the graph
      var holder = n.ok && summary.expand["kind:" + n.ok];
      if (holder && holder.nodes.some(function (o) { return o.id === n.id; })) { expand("kind:" + n.ok); } else { setMode("graph"); }
    }
    if (!recordById[n.id]) { return; }
    if (hidden[n.id]) {  // a hit behind a filter: lift the filters that hide it
      focusSet = null;
      if (n.kind !== "aggregate") { classOn[n.kind] = true; legend.querySelector('input[data-class="' + n.kind + '"]').checked = true; }
      if (n.themes.length && !n.themes.some(function (id) { return themeOn[id]; })) {
        themeOn[n.themes[0]] = true;
        check(themeList, "theme", n.themes[0]);
      }
      if (n.ok) { kindOn[n.ok] = true; check(kindList, "kind", n.ok); }
      if (n.r.length && !n.r.some(reportOn)) {
        var r = data.reports[n.r[0]];
        if (r.court) { courtOn[r.court] = true; check(courtList, "court", r.court); }
        if (r.year) { yearOn[r.year] = true; check(yearList, "year", r.year); }
      }
      applyVisibility();
    }
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: 1.2, animation: false });
    pin(n.id);
    scheduleLabels();
  }

  /* the layer switch: every class on, or back to the opening view's classes */
  function setLayers(full) {
    data.classes.forEach(function (c) {
      classOn[c.key] = full || c.opening;
      legend.querySelector('input[data-class="' + c.key + '"]').checked = classOn[c.key];
    });
  }

  document.getElementById("cg-full").addEventListener("change", function (event) {
    setLayers(event.target.checked);
    if (event.target.checked && mode === "summary") { mode = "graph"; load(); }
    applyVisibility();
    network.fit({ animation: false });
    placeLabels();
  });

  document.getElementById("cg-summary").addEventListener("change", function (event) {
    setMode(event.target.checked ? "summary" : "graph");
  });
  document.getElementById("cg-summary-switch").hidden = !summary;

  document.getElementById("cg-reset").addEventListener("click", function () {
    focusSet = null;
    setLayers(false);
    [themeOn, courtOn, yearOn, kindOn].forEach(function (on) { Object.keys(on).forEach(function (k) { on[k] = true; }); });
    [themeList, courtList, yearList, kindList].forEach(function (list) {
      list.querySelectorAll("input[type=checkbox]").forEach(function (box) { box.checked = true; });
    });
    expanded = {};
    mode = data.opening;
    load();
    document.getElementById("cg-search-input").value = "";
    document.getElementById("cg-search-status").textContent = "";
    network.unselectAll();
    pin(null);
    applyVisibility();
    network.fit({ animation: false });
    placeLabels();
  });

  document.getElementById("cg-physics").addEventListener("change", function (event) {
    network.setOptions({ physics: { enabled: event.target.checked } });
  });

  /* --- language ---------------------------------------------------------------------- */

  function applyLanguage() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-i18n]").forEach(function (e) { e.textContent = t(e.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (e) {
      e.placeholder = t(e.dataset.i18nPlaceholder);
    });
    var button = document.getElementById("cg-lang");
    button.textContent = t("other");
    button.lang = lang === "zh" ? "en" : "zh";
    nodes.update(records.map(function (v) { return { id: v.id, label: named(byId[v.id]) }; }));
    edges.update(edges.get().map(function (e) {
      return { id: e.id, title: e.count ? e.count + " " + t("bodies") : data.relations[e.relation][lang] };
    }));
    courtList.querySelectorAll("li").forEach(function (li) {
      var c = data.courts.find(function (x) { return x.id === li.dataset.court; });
      li.querySelector(".cg-court-name").textContent = named(c);
    });
    kindList.querySelectorAll("li").forEach(function (li) {
      var k = data.kinds.find(function (x) { return x.key === li.dataset.kind; });
      li.querySelector(".cg-kind-name").textContent = named(k);
    });
    legend.querySelectorAll("li").forEach(function (li) {
      li.querySelector(".cg-class-name").textContent = named(classByKey[li.dataset.class]);
    });
    themeList.querySelectorAll("li").forEach(function (li) {
      var theme = data.themes.find(function (x) { return x.id === li.dataset.theme; });
      li.querySelector(".cg-theme-name").textContent = named(theme);
    });
    if (shownInPanel !== null) { showPanel(shownInPanel); }
    applyVisibility();
  }

  document.getElementById("cg-lang").addEventListener("click", function () {
    lang = lang === "zh" ? "en" : "zh";
    applyLanguage();
  });

  load();
  applyVisibility();
  network.fit({ animation: false });
  placeLabels();
  revealFromHash();
  network.once("afterDrawing", function () {
    api.ready = true;
    api.readyAt = performance.now();
    document.body.dataset.ready = "true";
  });
})();
