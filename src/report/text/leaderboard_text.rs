//! `tomtat leaderboard`'s text formats: the terminal table, Markdown for a paper or a CI job
//! summary, JSON (the contract in `docs/schemas.md`) and CSV (one row per system and board).

use crate::report::text::markdown::escape_md;
use crate::report::views::leaderboard::{Board, Figure, Leaderboard, PairRow, SystemRow};

/// Above this many pairs the table lists only neighbours in rank order.
const MOST_PAIRS_LISTED: usize = 10;

fn shown(metric: &str, x: f64) -> String {
    let (k, d) = (
        crate::report::shown_factor(metric),
        crate::report::shown_decimals(metric),
    );
    format!("{:.d$}", x * k)
}

fn signed(metric: &str, x: f64) -> String {
    let (k, d) = (
        crate::report::shown_factor(metric),
        crate::report::shown_decimals(metric),
    );
    format!("{:+.d$}", x * k)
}

/// `25.25 [20.10, 30.20]`, or the mean alone without an interval.
fn figure(metric: &str, f: &Figure) -> String {
    match (f.low, f.high) {
        (Some(l), Some(h)) => format!(
            "{} [{}, {}]",
            shown(metric, f.mean),
            shown(metric, l),
            shown(metric, h)
        ),
        _ => shown(metric, f.mean),
    }
}

/// `1–2`, `3`, or `–` against a baseline.
pub(crate) fn rank_range(s: &SystemRow) -> String {
    match s.rank_range {
        Some([a, b]) if a == b => a.to_string(),
        Some([a, b]) => format!("{a}–{b}"),
        None => "–".into(),
    }
}

fn cluster(s: &SystemRow) -> String {
    s.cluster.map_or("–".into(), |c| c.to_string())
}

/// The systems table's column names, shared by the text formats and the page.
pub(crate) fn header(l: &Leaderboard) -> Vec<String> {
    let mut h: Vec<String> = ["rank", "range", "cluster", "system"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    h.extend(l.metrics.iter().cloned());
    h.push("W/T/L".into());
    h
}

fn system_cells(l: &Leaderboard, s: &SystemRow) -> Vec<String> {
    let mut row = vec![
        s.rank.to_string(),
        rank_range(s),
        cluster(s),
        s.name.clone(),
    ];
    row.extend(s.metrics.iter().map(|(m, f)| figure(m, f)));
    row.push(format!("{}/{}/{}", s.wins, s.ties, s.losses));
    debug_assert_eq!(row.len(), header(l).len());
    row
}

/// What a board's figures mean, in one line.
pub(crate) fn summary_line(l: &Leaderboard) -> String {
    let pairs = l.all.pairs.len() / l.metrics.len().max(1);
    let shape = match &l.baseline {
        Some(b) => format!("every system against the baseline {b}"),
        None => "every pair".into(),
    };
    format!(
        "{} · {} · ranked by {}{} · {shape}: paired bootstrap and approximate randomization, \
         Holm across {} per metric, level {}",
        crate::report::count_of(l.all.systems.len(), "system"),
        crate::report::count_of(l.all.count, "example"),
        l.ranked_by,
        if crate::report::is_supplied(&l.ranked_by) {
            ""
        } else {
            " (F ×100)"
        },
        crate::report::count_of(pairs, "pair"),
        l.level
    )
}

fn board_title(b: &Board) -> Option<String> {
    b.lang
        .as_ref()
        .map(|lang| format!("{lang} ({})", crate::report::count_of(b.count, "example")))
}

/// The terminal table: the systems, then the pairs of the ranking metric.
pub fn render_leaderboard_table(l: &Leaderboard) -> String {
    let safe = |s: &str| crate::report::terminal_safe(s).into_owned();
    let mut out = format!("tomtat {} · {}\n\n", l.version, safe(&summary_line(l)));
    let mut blocks = vec![&l.all];
    blocks.extend(&l.languages);
    for b in blocks {
        if let Some(title) = board_title(b) {
            out.push_str(&format!("\n{}\n", safe(&title)));
        }
        let mut rows = vec![header(l)];
        rows.extend(b.systems.iter().map(|s| system_cells(l, s)));
        out.push_str(&crate::report::text::table::aligned(&rows, false));
    }
    let ranked: Vec<&PairRow> = l
        .all
        .pairs
        .iter()
        .filter(|p| p.metric == l.ranked_by)
        .collect();
    // Many systems: the pairs of neighbours in rank order, which decide the clusters.
    let position = |name: &str| l.all.systems.iter().position(|s| s.name == name);
    let neighbours = ranked.len() > MOST_PAIRS_LISTED;
    let listed: Vec<&PairRow> = ranked
        .into_iter()
        .filter(|p| {
            !neighbours
                || matches!((position(&p.a), position(&p.b)), (Some(x), Some(y)) if x.abs_diff(y) == 1)
        })
        .collect();
    out.push_str(&format!(
        "\n{} on {} (Δ = b − a{}):\n",
        if neighbours {
            "neighbours' pairs"
        } else {
            "pairs"
        },
        safe(&l.ranked_by),
        if neighbours {
            "; every pair: --format json"
        } else {
            ""
        }
    ));
    let mut rows = vec![
        ["a", "b", "Δ", "p boot", "p AR", "p Holm", ""]
            .map(String::from)
            .to_vec(),
    ];
    for p in listed {
        rows.push(vec![
            p.a.clone(),
            p.b.clone(),
            signed(&p.metric, p.delta),
            format!("{:.4}", p.p_bootstrap),
            format!("{:.4}", p.p_randomization),
            format!("{:.4}", p.p_holm),
            if p.p_holm < l.level {
                "significant".into()
            } else {
                String::new()
            },
        ]);
    }
    out.push_str(&crate::report::text::table::aligned(&rows, false));
    if l.baseline.is_none() {
        out.push_str(&format!("\nclusters: {}\n", l.cluster_rule));
    }
    for n in &l.notes {
        out.push_str(&format!("note: {}\n", safe(n)));
    }
    out.push_str(&format!("signature: {}\n", safe(&l.signature)));
    out
}

/// Markdown: the systems' table per board and the ranking metric's Δ matrix, folded.
pub fn render_leaderboard_markdown(l: &Leaderboard) -> String {
    let mut out = format!(
        "### tomtat leaderboard\n\n{}\n",
        escape_md(&summary_line(l))
    );
    let mut blocks = vec![&l.all];
    blocks.extend(&l.languages);
    for b in blocks {
        if let Some(title) = board_title(b) {
            out.push_str(&format!("\n#### {}\n", escape_md(&title)));
        }
        let head = header(l);
        out.push_str(&format!(
            "\n| {} |\n",
            head.iter()
                .map(|h| escape_md(h))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
        for s in &b.systems {
            let cells: Vec<String> = system_cells(l, s).iter().map(|c| escape_md(c)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    }
    out.push_str(&format!(
        "\n<details><summary>Pairs on {} (Δ = b − a, Holm-adjusted p)</summary>\n\n\
         | a | b | Δ | p Holm |\n|---|---|---|---|\n",
        escape_md(&l.ranked_by)
    ));
    for p in l.all.pairs.iter().filter(|p| p.metric == l.ranked_by) {
        let mark = if p.p_holm < l.level { " **" } else { "" };
        out.push_str(&format!(
            "| {} | {} | {}{mark}{} | {:.4} |\n",
            escape_md(&p.a),
            escape_md(&p.b),
            mark.trim(),
            signed(&p.metric, p.delta),
            p.p_holm
        ));
    }
    out.push_str("\n</details>\n");
    if l.baseline.is_none() {
        out.push_str(&format!("\nClusters: {}.\n", escape_md(l.cluster_rule)));
    }
    out.push_str(&format!(
        "\nSignature: `{}`\n",
        crate::report::terminal_safe(&l.signature.replace('`', "'"))
    ));
    out
}

/// The JSON contract (`docs/schemas.md`).
pub fn render_leaderboard_json(l: &Leaderboard) -> String {
    let mut s = serde_json::to_string_pretty(l).unwrap_or_default();
    s.push('\n');
    s
}

/// CSV: one row per system of every board (`lang` empty for the board of all examples), the
/// mean and interval of each metric on the 0–1 scale (supplied scores as given).
pub fn render_leaderboard_csv(l: &Leaderboard) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut head: Vec<String> = [
        "lang",
        "system",
        "rank",
        "rank_low",
        "rank_high",
        "cluster",
        "wins",
        "ties",
        "losses",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for m in &l.metrics {
        head.extend([format!("{m}_mean"), format!("{m}_low"), format!("{m}_high")]);
    }
    let _ = w.write_record(&head);
    let opt = |x: Option<usize>| x.map(|v| v.to_string()).unwrap_or_default();
    let num = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    let mut blocks = vec![&l.all];
    blocks.extend(&l.languages);
    for b in blocks {
        for s in &b.systems {
            let mut row = vec![
                csv_text(b.lang.as_deref().unwrap_or("")),
                csv_text(&s.name),
                s.rank.to_string(),
                opt(s.rank_range.map(|r| r[0])),
                opt(s.rank_range.map(|r| r[1])),
                opt(s.cluster),
                s.wins.to_string(),
                s.ties.to_string(),
                s.losses.to_string(),
            ];
            for (_, f) in &s.metrics {
                row.extend([f.mean.to_string(), num(f.low), num(f.high)]);
            }
            let _ = w.write_record(&row);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A name as a CSV cell a spreadsheet shows as text: controls made visible, and a leading
/// `=`, `+`, `-` or `@` (a formula) quoted with `'`.
fn csv_text(s: &str) -> String {
    let safe = crate::report::terminal_safe(s).into_owned();
    if safe.starts_with(['=', '+', '-', '@']) {
        format!("'{safe}")
    } else {
        safe
    }
}
