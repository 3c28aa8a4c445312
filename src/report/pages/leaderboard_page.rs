//! The HTML page of `tomtat leaderboard`: the sortable systems table per board, a matrix of
//! pairwise Δ coloured by significance per metric, and the example explorer of any two
//! systems the reader picks (from two menus, or by clicking a cell of the matrix).
//!
//! The page's contract for tests and tools: the systems table is `#board` with one
//! `tr[data-system]` per system; a matrix cell is `td[data-a][data-b]` (system indices, Δ =
//! row − column; a and b are run indices, the column the base) with class `better`, `worse` or `same`; the explorer is the one every page
//! has ([`crate::report::explorer`]), filled with the chosen pair as a comparison.

use crate::report::explorer::{Column, RowTexts, tokenizers_by_language};
use crate::report::pages::html::{escape_html, page};
use crate::report::text::leaderboard_text::{header, rank_range, summary_line};
use crate::report::views::leaderboard::{Board, Leaderboard};
use crate::report::{RunFile, explorer};
use serde_json::{Value, json};

const SCRIPT: &str = include_str!("leaderboard.js");
const STYLE: &str = "table.board th[data-col]{cursor:pointer;background:#f4f4f4}\
table.board th[aria-sort=ascending]::after{content:\" ▲\"}\
table.board th[aria-sort=descending]::after{content:\" ▼\"}\
table.matrix td[data-a]{cursor:pointer}table.matrix td.better{background:#bbf7d0}\
table.matrix td.worse{background:#fecaca}table.matrix td.same{background:#f1f5f9;color:#555}\
table.matrix td.self{background:#fff}small{color:#555}\
table.board td:nth-child(4){text-align:left}";

/// The page of `board`, made from `runs` (in the order the board names them).
pub fn leaderboard_html(board: &Leaderboard, runs: &[RunFile]) -> String {
    let mut body = format!(
        "<style>{STYLE}</style>\n<p>{}.</p>\n",
        escape_html(&summary_line(board))
    );
    let mut blocks = vec![&board.all];
    blocks.extend(&board.languages);
    for (i, b) in blocks.iter().enumerate() {
        if let Some(lang) = &b.lang {
            body.push_str(&format!(
                "<h2>{} ({})</h2>\n",
                escape_html(lang),
                crate::report::count_of(b.count, "example")
            ));
        }
        body.push_str(&systems_table(board, b, i == 0));
    }
    if board.baseline.is_none() {
        body.push_str(&format!(
            "<p>Clusters: {}.</p>\n",
            escape_html(board.cluster_rule)
        ));
    }
    body.push_str("<h2>Pairwise Δ</h2>\n<p>Each cell is the row's mean minus the column's \
                   (F ×100 for computed metrics): green where the row is significantly better, \
                   red where it is significantly worse (Holm-adjusted randomization p below the \
                   level), grey otherwise. Click a cell to explore the two systems' examples.</p>\n");
    for (k, metric) in board.metrics.iter().enumerate() {
        let matrix = matrix(board, &board.all, metric);
        if k == 0 {
            body.push_str(&format!("<h3>{}</h3>\n{matrix}", escape_html(metric)));
        } else {
            body.push_str(&format!(
                "<details><summary>{}</summary>\n{matrix}</details>\n",
                escape_html(metric)
            ));
        }
    }
    body.push_str(&format!(
        "<p>Signature: <code>{}</code></p>\n",
        escape_html(&board.signature)
    ));
    for n in &board.notes {
        body.push_str(&format!("<p>{}</p>\n", escape_html(n)));
    }
    body.push_str(&explorer_section(board, runs));
    page("tomtat leaderboard", &body)
}

fn systems_table(l: &Leaderboard, b: &Board, main: bool) -> String {
    let id = if main { " id=\"board\"" } else { "" };
    let mut out = format!("<table class=\"board\"{id}><thead><tr>");
    for (i, h) in header(l).iter().enumerate() {
        out.push_str(&format!(
            "<th data-col=\"{i}\" aria-sort=\"none\">{}</th>",
            escape_html(h)
        ));
    }
    out.push_str("</tr></thead><tbody>\n");
    for s in &b.systems {
        out.push_str(&format!(
            "<tr data-system=\"{}\" data-run=\"{}\"><td data-sort=\"{}\">{}</td><td>{}</td><td data-sort=\"{}\">{}</td><td>{}</td>",
            escape_html(&s.name),
            s.run,
            s.rank,
            s.rank,
            escape_html(&rank_range(s)),
            s.cluster.unwrap_or(0),
            s.cluster.map_or("–".into(), |c| c.to_string()),
            escape_html(&s.name)
        ));
        for (m, f) in &s.metrics {
            let (k, d) = (
                crate::report::shown_factor(m),
                crate::report::shown_decimals(m),
            );
            let ci = match (f.low, f.high) {
                (Some(lo), Some(hi)) => format!(" <small>[{:.d$}, {:.d$}]</small>", lo * k, hi * k),
                _ => String::new(),
            };
            out.push_str(&format!(
                "<td data-sort=\"{}\">{:.d$}{ci}</td>",
                f.mean,
                f.mean * k
            ));
        }
        out.push_str(&format!(
            "<td data-sort=\"{}\">{}/{}/{}</td></tr>\n",
            s.wins, s.wins, s.ties, s.losses
        ));
    }
    out.push_str("</tbody></table>\n");
    out
}

/// The Δ matrix of `metric` over the board's systems, in rank order.
fn matrix(l: &Leaderboard, b: &Board, metric: &str) -> String {
    let (k, d) = (
        crate::report::shown_factor(metric),
        crate::report::shown_decimals(metric),
    );
    let lower = crate::report::lower_is_better(metric);
    let mut out = String::from("<table class=\"matrix\"><thead><tr><th></th>");
    for s in &b.systems {
        out.push_str(&format!("<th>{}</th>", escape_html(&s.name)));
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in &b.systems {
        out.push_str(&format!("<tr><th>{}</th>", escape_html(&row.name)));
        for col in &b.systems {
            if row.name == col.name {
                out.push_str("<td class=\"self\"></td>");
                continue;
            }
            let pair = b.pairs.iter().find(|p| {
                p.metric == metric
                    && ((p.a == row.name && p.b == col.name)
                        || (p.a == col.name && p.b == row.name))
            });
            let (ri, ci) = (row.run, col.run);
            let Some(p) = pair else {
                out.push_str("<td class=\"untested\">·</td>");
                continue;
            };
            // Δ = row − column; the pair holds b − a.
            let delta = if p.b == row.name { p.delta } else { -p.delta };
            let class = if p.p_holm >= l.level || delta == 0.0 {
                "same"
            } else if (delta > 0.0) != lower {
                "better"
            } else {
                "worse"
            };
            out.push_str(&format!(
                "<td class=\"{class}\" data-a=\"{ci}\" data-b=\"{ri}\" title=\"p Holm {:.4} · p boot {:.4} · p AR {:.4}\">{:+.d$}</td>",
                p.p_holm,
                p.p_bootstrap,
                p.p_randomization,
                delta * k
            ));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
    out
}

/// The explorer, with every system's candidate and marks per example, and the menus that
/// pick the two systems it compares.
fn explorer_section(l: &Leaderboard, runs: &[RunFile]) -> String {
    use rayon::prelude::*;
    let systems: Vec<usize> = (0..runs.len()).collect();
    let ranked: Vec<usize> = l.all.systems.iter().map(|s| s.run).collect();
    let mut board_names = vec![String::new(); runs.len()];
    for s in &l.all.systems {
        board_names[s.run] = s.name.clone();
    }
    let first = &runs[0];
    let (tokenizers, mut notes) = tokenizers_by_language(
        &first.signature_fields,
        first.examples.iter().map(|e| &e.lang),
    );
    let columns: Vec<Column> = l.metrics.iter().map(|m| Column::metric(m)).collect();
    let cols: Vec<Vec<usize>> = runs
        .iter()
        .map(|r| {
            l.metrics
                .iter()
                .map(|m| r.metrics.iter().position(|x| x == m).unwrap_or(0))
                .collect()
        })
        .collect();
    let missing = std::sync::atomic::AtomicUsize::new(0);
    let mut rows: Vec<Value> = (0..first.examples.len())
        .into_par_iter()
        .map(|i| {
            let e = &first.examples[i];
            let mut refs: Option<Vec<String>> = None;
            let per_system: Vec<Value> = systems
                .iter()
                .map(|&s| {
                    let ex = &runs[s].examples[l.aligned[s][i]];
                    let v: Vec<f64> = cols[s].iter().map(|&c| ex.prf[c][2]).collect();
                    let mut o = json!({ "v": v });
                    match (&ex.texts, tokenizers.get(&e.lang)) {
                        (Some(t), Some(tok)) => {
                            let marked = RowTexts::scored(tok, &t.candidate, &t.references, None);
                            o["c"] = json!(t.candidate);
                            o["cm"] = json!(explorer::flat(&marked.marks.candidate));
                            o["rm"] = json!(
                                marked
                                    .marks
                                    .references
                                    .iter()
                                    .map(explorer::flat)
                                    .collect::<Vec<_>>()
                            );
                            refs.get_or_insert_with(|| t.references.clone());
                        }
                        _ => {
                            missing.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        }
                    }
                    o
                })
                .collect();
            let mut row = json!({ "id": e.id, "s": per_system });
            if let Some(lang) = &e.lang {
                row["lang"] = json!(lang);
            }
            if let Some(r) = refs {
                row["r"] = json!(r);
            }
            row
        })
        .collect();
    let missing = missing.into_inner();
    if missing > 0 {
        notes.push(format!(
            "{missing} system example(s) have no texts: a run saved with --no-texts keeps none."
        ));
    }
    let header = json!({
        "mode": "compare",
        "systems": board_names,
        "ranked": ranked,
        "metrics": columns,
        "notes": notes,
    });
    let mut repeats = super::repeats::Repeats::default();
    rows.iter_mut().for_each(|row| repeats.send_row(row));
    let data = explorer::packed(header, &rows);
    format!(
        "<h2>Two systems' examples</h2>\n<p class=\"pick\"><label>base <select id=\"pick-a\">\
</select></label> <label>new <select id=\"pick-b\"></select></label> \
<button type=\"button\" id=\"pick-show\">show their examples</button></p>\n\
<script type=\"application/octet-stream\" id=\"tomtat-board\">{data}</script>\n{}\
<script>{SCRIPT}</script>\n",
        explorer::empty_section()
    )
}
