"use strict";
// tomtat's example explorer. Input text reaches the page only through text nodes and
// attribute values (textContent, setAttribute, option.value), never as markup.
(async function () {
  const root = document.getElementById("explorer");
  const status = document.getElementById("x-status");
  const KINDS = [
    ["m1", "shared unigram (ROUGE-1)"],
    ["m2", "shared bigram (ROUGE-2)"],
    ["lcs", "on the longest common subsequence (ROUGE-L)"],
    ["novel", "not in the article"],
    ["gain", "matched by the new candidate only"],
    ["loss", "matched by the base candidate only"],
  ];
  const PAGE = 50;
  const el = (tag, props, ...children) => {
    const e = document.createElement(tag);
    Object.assign(e, props || {});
    for (const c of children) e.append(c);
    return e;
  };

  // The data: a header, then blocks of rows, each gzip-compressed JSON in base64 on a line.
  const unpack = async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  };
  // A text is a string, or an array of parts: strings, and numbers that stand for the string
  // part with that number, every string part of the page counted from 0 in page order (rows in
  // order; in a row c, c2, the c of each of s (a leaderboard's systems), then each of r).
  const expand = (rows) => {
    const parts = [];
    const whole = (t) => {
      if (typeof t === "string") {
        parts.push(t);
        return t;
      }
      return t.map((p) => (typeof p === "number" ? parts[p] : (parts.push(p), p))).join("");
    };
    for (const r of rows) {
      if (r.c !== undefined) r.c = whole(r.c);
      if (r.c2 !== undefined) r.c2 = whole(r.c2);
      for (const s of r.s || []) if (s.c !== undefined) s.c = whole(s.c);
      if (r.r) r.r = r.r.map(whole);
    }
    return rows;
  };
  const load = async (id) => {
    const lines = document.getElementById(id).textContent.trim().split("\n");
    const [data, ...blocks] = await Promise.all(lines.map(unpack));
    data.rows = expand(blocks.flat());
    return data;
  };
  // Other pages (the leaderboard) build their data and show it here.
  window.tomtatLoad = load;
  window.tomtatExplorer = build;
  if (document.getElementById("tomtat-data")) build(await load("tomtat-data"));

  // Shows `data` (a header with its rows) in the explorer, replacing what it showed.
  function build(data) {
    const compare = data.mode === "compare";
    const stats = data.mode === "stats";
    const noun = stats ? ["reference", "references"] : ["example", "examples"];
    const metrics = data.metrics;
    const rows = data.rows;
    rows.forEach((r, i) => {
      r.order = i;
      r.text = [r.id, r.c || "", r.c2 || "", ...(r.r || [])].join("\n").toLowerCase();
    });

    const state = { metric: 0, key: compare ? "delta" : "order", dir: 1, page: 0, lang: "", worse: false, q: "", open: null };
    if (compare) state.dir = metrics[0].lower ? -1 : 1;

    // Controls.
    const metricSelect = el("select", { id: "x-metric" });
    metrics.forEach((m, i) => metricSelect.append(el("option", { value: String(i), textContent: m.name })));
    const langs = [...new Set(rows.map((r) => r.lang).filter((l) => l))].sort();
    const langSelect = el("select", { id: "x-lang" }, el("option", { value: "", textContent: "all" }));
    langs.forEach((l) => langSelect.append(el("option", { value: l, textContent: l })));
    const search = el("input", { id: "x-search", type: "search", title: "id or words in the texts" });
    const worse = el("input", { id: "x-worse", type: "checkbox" });
    const count = el("span", { id: "x-count" });
    const prev = el("button", { id: "x-prev", type: "button", textContent: "‹ previous" });
    const next = el("button", { id: "x-next", type: "button", textContent: "next ›" });
    const pageLabel = el("span", { id: "x-page" });
    const controls = el("div", { className: "controls" });
    if (!stats) controls.append(el("label", {}, "metric ", metricSelect));
    if (langs.length > 1) controls.append(el("label", {}, "language ", langSelect));
    if (compare) controls.append(el("label", {}, worse, " worse in this metric only (regressions)"));
    controls.append(el("label", {}, "search ids and texts ", search), count, prev, pageLabel, next);

    // The legend: one checkbox per kind of mark the data has.
    const present = new Set();
    for (const r of rows) {
      for (const list of [r.cm || "", r.cm2 || "", ...(r.rm || [])]) {
        for (let i = 0; i < list.length; i += 1) {
          const k = list.charCodeAt(i) - 48;
          KINDS.forEach(([name], bit) => { if (k & (1 << bit)) present.add(name); });
        }
      }
    }
    const legend = el("div", { className: "legend", id: "x-legend" }, "Marks: ");
    const boxes = {};
    for (const [k, label] of KINDS) {
      if (!present.has(k)) continue;
      const box = el("input", { type: "checkbox", checked: root.classList.contains("show-" + k) });
      box.dataset.kind = k;
      box.addEventListener("change", () => root.classList.toggle("show-" + k, box.checked));
      boxes[k] = box;
      legend.append(el("label", {}, box, " ", el("span", { className: "key " + k, textContent: label })));
    }

    const table = el("table", { id: "x-table" });
    const thead = el("thead");
    const tbody = el("tbody");
    table.append(thead, tbody);
    // The opened example shows in a row of its own right below the example's row.
    const detail = el("div", { id: "x-detail" });
    const detailCell = el("td", {}, detail);
    const detailRow = el("tr", { className: "x-detail-row" }, detailCell);
    const notes = el("div", {});
    for (const n of data.notes || []) notes.append(el("p", { textContent: n }));
    const body = el("div", { id: "x-body" }, controls, legend, table, notes);
    (document.getElementById("x-body") || status).replaceWith(body);

    const m = () => metrics[state.metric];
    const fmt = (v, mt) => (v === null || v === undefined ? "–" : (v * mt.factor).toFixed(mt.decimals));
    const delta = (r) => r.v[state.metric] - r.b[state.metric];
    // Worse means lower, or higher for a lower-is-better metric.
    const isWorse = (r) => (m().lower ? delta(r) > 0 : delta(r) < 0);
    const value = (r, key) => {
      if (key === "order") return r.order;
      if (key === "id") return r.id;
      if (key === "lang") return r.lang || "";
      if (key === "base") return r.b[state.metric];
      if (key === "new") return r.v[state.metric];
      if (key === "delta") return delta(r);
      const v = r.v[Number(key)];
      return v === null ? -Infinity : v;
    };
    const columns = () => {
      const cols = [["id", "id"]];
      if (langs.length) cols.push(["lang", "language"]);
      if (compare) {
        const unit = m().factor === 100 ? " F ×100" : "";
        cols.push(["base", "base " + m().name + unit], ["new", "new " + m().name + unit], ["delta", "Δ " + m().name]);
      } else {
        metrics.forEach((mt, i) => cols.push([String(i), mt.name + (mt.factor === 100 ? " F ×100" : "")]));
      }
      return cols;
    };

    let shown = rows;
    function refresh() {
      const q = state.q.toLowerCase();
      shown = rows.filter((r) =>
        (!state.lang || r.lang === state.lang) &&
        (!state.worse || isWorse(r)) &&
        (!q || r.text.includes(q)));
      const key = state.key;
      shown.sort((a, b) => {
        const x = value(a, key), y = value(b, key);
        return (x < y ? -1 : x > y ? 1 : 0) * state.dir || a.order - b.order;
      });
      const pages = Math.max(1, Math.ceil(shown.length / PAGE));
      state.page = Math.min(state.page, pages - 1);
      draw(pages);
    }

    function draw(pages) {
      const cols = columns();
      thead.replaceChildren(el("tr", {}, ...cols.map(([key, label]) => {
        const th = el("th", { textContent: label });
        th.dataset.key = key;
        th.setAttribute("aria-sort", key === state.key ? (state.dir > 0 ? "ascending" : "descending") : "none");
        th.addEventListener("click", () => {
          state.dir = state.key === key ? -state.dir : 1;
          state.key = key;
          refresh();
        });
        return th;
      })));
      const start = state.page * PAGE;
      tbody.replaceChildren(...shown.slice(start, start + PAGE).map((r) => {
        const tr = el("tr", { tabIndex: 0 });
        tr.dataset.id = r.id;
        tr.row = r;
        if (r === state.open) tr.className = "open";
        for (const [key] of cols) {
          const v = value(r, key);
          const td = el("td");
          if (key === "id" || key === "lang" || key === "order") td.textContent = v;
          else if (key === "delta") {
            td.textContent = (v > 0 ? "+" : "") + fmt(v, m());
            if (v !== 0) td.className = isWorse(r) ? "worse" : "better";
          } else td.textContent = fmt(v === -Infinity ? null : v, key === "base" || key === "new" ? m() : metrics[Number(key)]);
          tr.append(td);
        }
        tr.addEventListener("click", () => open(r));
        tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(r); });
        return tr;
      }));
      detailCell.colSpan = cols.length;
      place();
      count.textContent = shown.length === rows.length
        ? rows.length + " " + noun[rows.length === 1 ? 0 : 1]
        : shown.length + " of " + rows.length + " " + noun[1];
      pageLabel.textContent = " page " + (state.page + 1) + " of " + pages + " ";
      prev.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
    }

    // A text with its marks: `kinds` holds one character per word ('0' + kinds), words being
    // the runs between white space as Rust's char::is_whitespace defines it.
    const SPACE = /([\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+)/;
    function marked(text, kinds) {
      const div = el("div", { className: "text" });
      let word = 0;
      text.split(SPACE).forEach((part, i) => {
        if (i % 2 === 1 || part === "") { div.append(part); return; }
        const k = word < kinds.length ? kinds.charCodeAt(word) - 48 : 0;
        word += 1;
        if (!k) { div.append(part); return; }
        const classes = KINDS.filter((_, bit) => k & (1 << bit)).map(([c]) => c);
        div.append(el("mark", { className: classes.join(" "), textContent: part }));
      });
      return div;
    }

    function panel(title, cls, text, flat) {
      const p = el("div", { className: cls }, el("h4", { textContent: title }));
      p.append(marked(text, flat || ""));
      return p;
    }

    // Puts the detail row below the opened example's row when it is on the page shown.
    function place() {
      const tr = [...tbody.children].find((t) => t.dataset.id !== undefined && t.row === state.open);
      if (tr) tr.after(detailRow);
      else detailRow.remove();
    }

    function open(r) {
      if (state.open === r && detailRow.isConnected) {
        state.open = null;
        detailRow.remove();
        for (const tr of tbody.children) tr.classList.remove("open");
        return;
      }
      state.open = r;
      detail.dataset.id = r.id;
      const scores = metrics.map((mt, i) => compare
        ? mt.name + " " + fmt(r.b[i], mt) + " → " + fmt(r.v[i], mt)
        : mt.name + " " + fmt(r.v[i], mt)).join(" · ");
      detail.replaceChildren(
        el("h3", { textContent: (stats ? "Reference " : "Example ") + r.id + (r.lang ? " (" + r.lang + ")" : "") }),
        el("p", { textContent: scores }));
      if (r.c === undefined) {
        detail.append(el("p", { textContent: "The run did not keep this example's texts (--no-texts)." }));
      } else {
        const texts = el("div", { className: "texts" });
        if (compare) {
          texts.append(panel("base candidate: " + data.base, "candidate base", r.c, r.cm));
          texts.append(panel("new candidate: " + data.new, "candidate new", r.c2, r.cm2));
        } else if (stats) {
          texts.append(panel("reference (marks: words its article lacks)", "reference", r.c, r.cm));
        } else {
          texts.append(panel("candidate", "candidate", r.c, r.cm));
        }
        r.r.forEach((t, i) => texts.append(panel(
          "reference" + (r.r.length > 1 ? " " + (i + 1) : "") + (compare ? " (marks: new candidate)" : ""),
          "reference", t, r.rm[i])));
        detail.append(texts);
      }
      for (const tr of tbody.children) tr.classList.toggle("open", tr.row === r);
      place();
      detail.scrollIntoView({ block: "nearest" });
    }

    // The marks that explain the selected metric are shown; the others can be switched on.
    function showFor(mt) {
      const name = mt.name;
      const kind = name === "rouge2" ? "m2" : /^rouge(L|Lsum|W)/.test(name) ? "lcs" : "m1";
      // Gains and losses are unigram matches: they go with m1.
      const on = (k) => k === kind || (kind === "m1" && (k === "gain" || k === "loss"));
      for (const k of ["m1", "m2", "lcs", "gain", "loss"]) {
        root.classList.toggle("show-" + k, on(k));
        if (boxes[k]) boxes[k].checked = on(k);
      }
    }

    metricSelect.addEventListener("change", () => {
      state.metric = Number(metricSelect.value);
      showFor(m());
      if (compare && state.key === "delta") state.dir = m().lower ? -1 : 1;
      refresh();
    });
    langSelect.addEventListener("change", () => { state.lang = langSelect.value; state.page = 0; refresh(); });
    worse.addEventListener("change", () => { state.worse = worse.checked; state.page = 0; refresh(); });
    search.addEventListener("input", () => { state.q = search.value; state.page = 0; refresh(); });
    prev.addEventListener("click", () => { state.page -= 1; refresh(); });
    next.addEventListener("click", () => { state.page += 1; refresh(); });
    showFor(m());
    refresh();
    root.dataset.ready = "true";
  }
})().catch((e) => {
  const status = document.getElementById("x-status");
  if (status) status.textContent = "The examples could not be shown: " + e;
});
