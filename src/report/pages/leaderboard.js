"use strict";
// tomtat's leaderboard page: sortable tables, and the explorer of two systems the reader
// picks. Input text reaches the page only through text nodes and attribute values.
(async function () {
  // Sorting: a click on a header sorts its table by the cells' data-sort (numbers) or text.
  for (const table of document.querySelectorAll("table.board")) {
    for (const th of table.querySelectorAll("th[data-col]")) {
      th.addEventListener("click", () => {
        const col = Number(th.dataset.col);
        const dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        for (const other of table.querySelectorAll("th[data-col]")) other.setAttribute("aria-sort", "none");
        th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
        const body = table.tBodies[0];
        const key = (tr) => {
          const td = tr.children[col];
          const n = td.dataset.sort;
          return n === undefined ? td.textContent : Number(n);
        };
        const rows = [...body.rows].sort((a, b) => {
          const x = key(a), y = key(b);
          return (x < y ? -1 : x > y ? 1 : 0) * dir;
        });
        body.append(...rows);
      });
    }
  }

  const source = document.getElementById("tomtat-board");
  if (!source || !window.tomtatLoad) return;
  const data = await window.tomtatLoad("tomtat-board");
  const pickA = document.getElementById("pick-a");
  const pickB = document.getElementById("pick-b");
  for (const select of [pickA, pickB]) {
    for (const run of data.ranked) {
      const option = document.createElement("option");
      option.value = String(run);
      option.textContent = data.systems[run];
      select.append(option);
    }
  }
  // A reference word's marks against the new candidate, with gain (16) where only the new
  // candidate matches it as a unigram (1) and loss (32) where only the base one does: the
  // rule of marks::gains_and_losses, applied here because the pair is chosen on the page.
  const gains = (base, next) => {
    let out = "";
    for (let i = 0; i < Math.max(base.length, next.length); i += 1) {
      const b = i < base.length ? base.charCodeAt(i) - 48 : 0;
      let n = i < next.length ? next.charCodeAt(i) - 48 : 0;
      if (!(b & 1) && n & 1) n |= 16;
      else if (b & 1 && !(n & 1)) n |= 32;
      out += String.fromCharCode(48 + n);
    }
    return out;
  };
  function show(a, b) {
    pickA.value = String(a);
    pickB.value = String(b);
    const rows = data.rows.map((r) => {
      const [x, y] = [r.s[a], r.s[b]];
      const row = { id: r.id, v: y.v, b: x.v };
      if (r.lang) row.lang = r.lang;
      if (x.c !== undefined && y.c !== undefined && r.r) {
        Object.assign(row, { c: x.c, cm: x.cm, c2: y.c, cm2: y.cm, r: r.r });
        row.rm = r.r.map((_, i) => gains(x.rm[i] || "", y.rm[i] || ""));
      }
      return row;
    });
    window.tomtatExplorer({
      mode: "compare",
      metrics: data.metrics,
      base: data.systems[a],
      new: data.systems[b],
      notes: data.notes,
      rows,
    });
    document.getElementById("explorer").dataset.pair = a + "," + b;
  }
  document.getElementById("pick-show").addEventListener("click", () => {
    show(Number(pickA.value), Number(pickB.value));
    document.getElementById("explorer").scrollIntoView({ block: "start" });
  });
  for (const td of document.querySelectorAll("table.matrix td[data-a]")) {
    td.addEventListener("click", () => {
      show(Number(td.dataset.a), Number(td.dataset.b));
      document.getElementById("explorer").scrollIntoView({ block: "start" });
    });
  }
  // The two best systems to start with: the second as base, the best as new.
  if (data.ranked.length > 1) show(data.ranked[1], data.ranked[0]);
})().catch((e) => {
  const status = document.getElementById("x-status");
  if (status) status.textContent = "The examples could not be shown: " + e;
});
