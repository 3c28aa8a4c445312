//! Inline SVG charts for the HTML reports: histograms, scatter plots, sorted deltas and
//! Newsroom's coverage–density view. Every axis is labelled and has "nice" ticks (steps of 1,
//! 2, 2.5 or 5 × 10^k, whole numbers where values are counts) with gridlines; bars and points
//! carry their values as hover titles. No script: a page stays one self-contained file.

use crate::report::pages::html::escape_html;

const W: f64 = 520.0;
const H: f64 = 270.0;
/// Left margin (room for tick labels), bottom margin, top margin.
const LEFT: f64 = 74.0;
const BOTTOM: f64 = 46.0;
const TOP: f64 = 14.0;
const RIGHT: f64 = 12.0;

/// One axis: its range, rounded out to whole ticks, and the ticks to label.
#[derive(Debug, Clone, PartialEq)]
struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
    decimals: usize,
    /// Ticks labelled by `2^tick` (a log₂ axis): the coverage–density view.
    log2: bool,
    /// Ticks labelled by name (tick `i` is `names[i]`): a categorical axis.
    names: Vec<String>,
}

impl Axis {
    /// About five ticks covering `lo..hi`; with `whole`, steps are whole numbers (counts).
    fn nice(lo: f64, hi: f64, whole: bool) -> Axis {
        let (lo, hi) = if !lo.is_finite() || !hi.is_finite() {
            (0.0, 1.0)
        } else if hi - lo < 1e-12 {
            (lo - 0.5, hi + 0.5)
        } else {
            (lo, hi)
        };
        let raw = (hi - lo) / 4.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * magnitude);
        let step = if whole { step.max(1.0).ceil() } else { step };
        let first = (lo / step).floor();
        // At least three labelled ticks, even for a count axis that ends at 1.
        let last = (hi / step).ceil().max(first + 2.0);
        let ticks: Vec<f64> = (0..=(last - first) as i64)
            .map(|k| (first + k as f64) * step)
            .collect();
        // As many decimals as the step needs (0.25 → 2, 2.5 → 1, 20 → 0).
        let decimals = (0..6)
            .find(|&d| {
                let scaled = step * 10f64.powi(d);
                (scaled - scaled.round()).abs() < 1e-9
            })
            .unwrap_or(6) as usize;
        Axis {
            lo: first * step,
            hi: last * step,
            ticks,
            decimals,
            log2: false,
            names: Vec::new(),
        }
    }

    /// An axis with fixed ends and ticks (the same on every page, so pages compare by eye).
    fn fixed(lo: f64, hi: f64, ticks: Vec<f64>, decimals: usize, log2: bool) -> Axis {
        Axis {
            lo,
            hi,
            ticks,
            decimals,
            log2,
            names: Vec::new(),
        }
    }

    /// One tick per name, top to bottom on a vertical axis (names are escaped when drawn).
    fn categories(names: &[String]) -> Axis {
        let n = names.len().max(1) as f64;
        Axis {
            lo: n - 0.5,
            hi: -0.5,
            ticks: (0..names.len()).map(|i| i as f64).collect(),
            decimals: 0,
            log2: false,
            names: names.to_vec(),
        }
    }

    /// The axis of `values` (finite ones), widened to take in `also`.
    fn of(values: &[f64], also: &[f64], whole: bool) -> Axis {
        let finite = values.iter().chain(also).copied().filter(|v| v.is_finite());
        let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        Axis::nice(lo, hi, whole)
    }

    /// Where `v` falls between `from` (at `lo`) and `to` (at `hi`), clamped to the axis.
    fn at(&self, v: f64, from: f64, to: f64) -> f64 {
        let t = ((v - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        from + t * (to - from)
    }

    fn label(&self, v: f64) -> String {
        if !self.names.is_empty() {
            let name = self
                .names
                .get(v.round() as usize)
                .map_or("", |n| n.as_str());
            return escape_html(name);
        }
        if self.log2 {
            let x = 2f64.powf(v);
            return if x >= 1.0 {
                format!("{x:.0}")
            } else {
                format!("{x}")
            };
        }
        format!("{v:.*}", self.decimals)
    }
}

fn x_pixel(x: &Axis, v: f64) -> f64 {
    x.at(v, LEFT, W - RIGHT)
}

fn y_pixel(y: &Axis, v: f64) -> f64 {
    y.at(v, H - BOTTOM, TOP)
}

/// The chart around `body`: gridlines and labelled ticks on both axes, axis titles, caption.
fn frame(title: &str, x_label: &str, y_label: &str, body: &str, x: &Axis, y: &Axis) -> String {
    let mut grid = String::new();
    for &t in &x.ticks {
        let px = x_pixel(x, t);
        grid.push_str(&format!(
            "<line x1=\"{px:.1}\" y1=\"{TOP}\" x2=\"{px:.1}\" y2=\"{b}\" stroke=\"#e4e4e4\"/>\
<text class=\"tick-x\" x=\"{px:.1}\" y=\"{l}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            x.label(t),
            b = H - BOTTOM,
            l = H - BOTTOM + 15.0
        ));
    }
    for &t in &y.ticks {
        let py = y_pixel(y, t);
        grid.push_str(&format!(
            "<line x1=\"{LEFT}\" y1=\"{py:.1}\" x2=\"{r}\" y2=\"{py:.1}\" stroke=\"#e4e4e4\"/>\
<text class=\"tick-y\" x=\"{tx}\" y=\"{ty:.1}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
            y.label(t),
            r = W - RIGHT,
            tx = LEFT - 5.0,
            ty = py + 4.0
        ));
    }
    format!(
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{t}\">\
<rect x=\"0\" y=\"0\" width=\"{W}\" height=\"{H}\" fill=\"#fff\"/>{grid}\
<line x1=\"{LEFT}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#333\"/><line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{b}\" stroke=\"#333\"/>\
{body}\
<text x=\"{cx}\" y=\"{xl}\" font-size=\"12\" text-anchor=\"middle\">{xlab}</text>\
<text x=\"13\" y=\"{cy}\" font-size=\"12\" transform=\"rotate(-90 13 {cy})\" text-anchor=\"middle\">{ylab}</text>\
</svg><figcaption>{t}</figcaption></figure>\n",
        t = escape_html(title),
        b = H - BOTTOM,
        r = W - RIGHT,
        xl = H - 10.0,
        cx = (W + LEFT) / 2.0,
        cy = (H - BOTTOM + TOP) / 2.0,
        xlab = escape_html(x_label),
        ylab = escape_html(y_label),
    )
}

/// A histogram of `values` in about `bins` bins whose edges fall on the axis's ticks.
pub fn histogram_svg(title: &str, x_label: &str, values: &[f64], bins: usize) -> String {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let x = Axis::of(&finite, &[], false);
    let bins = bins.max(1);
    let width = (x.hi - x.lo) / bins as f64;
    let mut counts = vec![0usize; bins];
    for v in &finite {
        let k = ((v - x.lo) / width).floor().max(0.0) as usize;
        counts[k.min(bins - 1)] += 1;
    }
    let most = counts.iter().copied().max().unwrap_or(0) as f64;
    let y = Axis::nice(0.0, most.max(1.0), true);
    let mut body = String::new();
    for (k, c) in counts.iter().enumerate() {
        let (a, b) = (x.lo + k as f64 * width, x.lo + (k + 1) as f64 * width);
        let (px, pr) = (x_pixel(&x, a), x_pixel(&x, b));
        let top = y_pixel(&y, *c as f64);
        body.push_str(&format!(
            "<rect class=\"bar\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#4a7ab5\"><title>{} to {}: {c}</title></rect>",
            px + 0.5,
            (pr - px - 1.0).max(1.0),
            (H - BOTTOM - top).max(0.0),
            x.label(a),
            x.label(b)
        ));
    }
    frame(title, x_label, "count", &body, &x, &y)
}

/// Colours of the series of one chart, in order (colour-blind safe, Okabe–Ito).
const PALETTE: [&str; 6] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
];

/// Histograms of several series on one pair of axes, each bin as a share (%) of its series so
/// that sets of different sizes compare: per bin, one bar per series side by side, and a
/// legend naming the series (escaped). The side-by-side view of data sets.
pub fn histograms_svg(
    title: &str,
    x_label: &str,
    series: &[(String, Vec<f64>)],
    bins: usize,
) -> String {
    let finite: Vec<Vec<f64>> = series
        .iter()
        .map(|(_, v)| v.iter().copied().filter(|x| x.is_finite()).collect())
        .collect();
    let all: Vec<f64> = finite.iter().flatten().copied().collect();
    let x = Axis::of(&all, &[], false);
    let bins = bins.max(1);
    let width = (x.hi - x.lo) / bins as f64;
    let counts: Vec<Vec<usize>> = finite
        .iter()
        .map(|values| {
            let mut c = vec![0usize; bins];
            for v in values {
                let k = ((v - x.lo) / width).floor().max(0.0) as usize;
                c[k.min(bins - 1)] += 1;
            }
            c
        })
        .collect();
    let shares: Vec<Vec<f64>> = counts
        .iter()
        .map(|c| {
            let total = c.iter().sum::<usize>().max(1) as f64;
            c.iter().map(|n| 100.0 * *n as f64 / total).collect()
        })
        .collect();
    let most = shares.iter().flatten().copied().fold(0.0, f64::max);
    let y = Axis::nice(0.0, most.max(1.0), false);
    let k = series.len().max(1) as f64;
    let mut body = String::new();
    for (s, (((name, _), c), share)) in series.iter().zip(&counts).zip(&shares).enumerate() {
        let colour = PALETTE[s % PALETTE.len()];
        for (b, (n, pct)) in c.iter().zip(share).enumerate() {
            let (a, e) = (x.lo + b as f64 * width, x.lo + (b + 1) as f64 * width);
            let (px, pr) = (x_pixel(&x, a), x_pixel(&x, e));
            let bw = (pr - px - 1.0).max(1.0) / k;
            let top = y_pixel(&y, *pct);
            body.push_str(&format!(
                "<rect class=\"bar\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{colour}\"><title>{}: {} to {}: {n} ({pct:.1}%)</title></rect>",
                px + 0.5 + s as f64 * bw,
                (H - BOTTOM - top).max(0.0),
                escape_html(name),
                x.label(a),
                x.label(e)
            ));
        }
        // Long names (paths) keep their end, which tells them apart, in the legend's room.
        let chars: Vec<char> = name.chars().collect();
        let shown: String = if chars.len() > 24 {
            std::iter::once('…')
                .chain(chars[chars.len() - 23..].iter().copied())
                .collect()
        } else {
            name.clone()
        };
        body.push_str(&format!(
            "<rect x=\"{lx:.1}\" y=\"{ly:.1}\" width=\"10\" height=\"10\" fill=\"{colour}\"/>\
<text class=\"legend\" x=\"{tx:.1}\" y=\"{ty:.1}\" font-size=\"11\"><title>{}</title>{}</text>",
            escape_html(name),
            escape_html(&shown),
            lx = W - RIGHT - 150.0,
            ly = TOP + 4.0 + 15.0 * s as f64,
            tx = W - RIGHT - 136.0,
            ty = TOP + 13.0 + 15.0 * s as f64
        ));
    }
    frame(title, x_label, "share of each set (%)", &body, &x, &y)
}

/// A scatter plot of `(x, y)` points, each with its values as a hover title.
pub fn scatter_svg(title: &str, x_label: &str, y_label: &str, points: &[(f64, f64)]) -> String {
    let xs: Vec<f64> = points.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = points.iter().map(|p| p.1).collect();
    let (x, y) = (Axis::of(&xs, &[], false), Axis::of(&ys, &[], false));
    let body: String = points
        .iter()
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .map(|(a, b)| {
            format!(
                "<circle class=\"point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#c0392b\" fill-opacity=\"0.6\"><title>{a:.4}, {b:.4}</title></circle>",
                x_pixel(&x, *a),
                y_pixel(&y, *b)
            )
        })
        .collect();
    frame(title, x_label, y_label, &body, &x, &y)
}

/// Values sorted ascending, drawn as a line with a zero rule (per-example deltas).
pub fn sorted_svg(title: &str, y_label: &str, values: &[f64]) -> String {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let x = Axis::nice(0.0, v.len().max(1) as f64, true);
    let y = Axis::of(&v, &[0.0], false);
    let pts: Vec<String> = v
        .iter()
        .enumerate()
        .map(|(i, val)| {
            format!(
                "{:.1},{:.1}",
                x_pixel(&x, (i + 1) as f64),
                y_pixel(&y, *val)
            )
        })
        .collect();
    let body = format!(
        "<line x1=\"{LEFT}\" y1=\"{z:.1}\" x2=\"{r}\" y2=\"{z:.1}\" stroke=\"#777\" stroke-dasharray=\"4 3\"/>\
<polyline class=\"deltas\" fill=\"none\" stroke=\"#2c7a3f\" stroke-width=\"2\" points=\"{}\"/>",
        pts.join(" "),
        z = y_pixel(&y, 0.0),
        r = W - RIGHT
    );
    frame(title, "examples, sorted by Δ", y_label, &body, &x, &y)
}

/// One row of [`intervals_svg`]: a name, a mean and its interval (low, high) when there is one.
pub type IntervalRow = (String, f64, Option<(f64, f64)>);

/// Means with their confidence intervals, one row per name (a forest plot): a line from low
/// to high with a dot at the mean, its values as a hover title; with `zero`, a dashed rule at
/// 0 (differences). Rows without an interval show the mean alone.
pub fn intervals_svg(title: &str, x_label: &str, rows: &[IntervalRow], zero: bool) -> String {
    let values: Vec<f64> = rows
        .iter()
        .flat_map(|(_, m, ci)| [Some(*m), ci.map(|c| c.0), ci.map(|c| c.1)])
        .flatten()
        .collect();
    let x = Axis::of(&values, if zero { &[0.0] } else { &[] }, false);
    let names: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let y = Axis::categories(&names);
    let mut body = String::new();
    if zero {
        let z = x_pixel(&x, 0.0);
        body.push_str(&format!(
            "<line x1=\"{z:.1}\" y1=\"{TOP}\" x2=\"{z:.1}\" y2=\"{b}\" stroke=\"#777\" stroke-dasharray=\"4 3\"/>",
            b = H - BOTTOM
        ));
    }
    for (i, (name, mean, ci)) in rows.iter().enumerate() {
        let py = y_pixel(&y, i as f64);
        let colour = PALETTE[i % PALETTE.len()];
        let hover = match ci {
            Some((lo, hi)) => {
                body.push_str(&format!(
                    "<line class=\"interval\" x1=\"{:.1}\" y1=\"{py:.1}\" x2=\"{:.1}\" y2=\"{py:.1}\" stroke=\"{colour}\" stroke-width=\"3\"/>",
                    x_pixel(&x, *lo),
                    x_pixel(&x, *hi)
                ));
                format!(
                    "{}: {} [{}, {}]",
                    escape_html(name),
                    fmt2(*mean),
                    fmt2(*lo),
                    fmt2(*hi)
                )
            }
            None => format!("{}: {}", escape_html(name), fmt2(*mean)),
        };
        body.push_str(&format!(
            "<circle class=\"point\" cx=\"{:.1}\" cy=\"{py:.1}\" r=\"5\" fill=\"{colour}\"><title>{hover}</title></circle>",
            x_pixel(&x, *mean)
        ));
    }
    frame(title, x_label, "", &body, &x, &y)
}

fn fmt2(v: f64) -> String {
    format!("{v:.2}")
}

/// Cells of the coverage–density view on each axis.
const DENSITY_CELLS: usize = 25;
/// The density axis of the coverage–density view: log₂ from 1/4 to 256, the same on every page.
const LOG2_DENSITY: (f64, f64) = (-2.0, 8.0);

/// Newsroom's coverage–density view (Grusky et al. 2018) on fixed axes, so that any two data
/// sets compare by eye: extractive fragment coverage from 0 to 1, and density on a log₂ scale
/// from ¼ to 256 (values outside are drawn at the edge). Summaries are counted in a grid of
/// cells, each shaded by its count (a hover title gives it), instead of overlapping dots.
pub fn coverage_density_svg(title: &str, points: &[(f64, f64)]) -> String {
    let x = Axis::fixed(0.0, 1.0, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0], 1, false);
    let y = Axis::fixed(
        LOG2_DENSITY.0,
        LOG2_DENSITY.1,
        vec![-2.0, 0.0, 2.0, 4.0, 6.0, 8.0],
        0,
        true,
    );
    let n = DENSITY_CELLS;
    let mut cells = vec![0usize; n * n];
    for &(c, d) in points
        .iter()
        .filter(|(c, d)| c.is_finite() && d.is_finite())
    {
        let ly = if d > 0.0 { d.log2() } else { LOG2_DENSITY.0 };
        let i = ((c.clamp(0.0, 1.0) * n as f64) as usize).min(n - 1);
        let t = (ly - LOG2_DENSITY.0) / (LOG2_DENSITY.1 - LOG2_DENSITY.0);
        let j = ((t.clamp(0.0, 1.0) * n as f64) as usize).min(n - 1);
        cells[j * n + i] += 1;
    }
    let most = cells.iter().copied().max().unwrap_or(0).max(1) as f64;
    let (cw, ch) = ((W - RIGHT - LEFT) / n as f64, (H - BOTTOM - TOP) / n as f64);
    let mut body = String::new();
    for (k, &count) in cells.iter().enumerate().filter(|(_, c)| **c > 0) {
        let (i, j) = (k % n, k / n);
        let opacity = 0.15 + 0.85 * (1.0 + count as f64).ln() / (1.0 + most).ln();
        let cov = (i as f64 / n as f64, (i + 1) as f64 / n as f64);
        let span = LOG2_DENSITY.1 - LOG2_DENSITY.0;
        let den = (
            2f64.powf(LOG2_DENSITY.0 + span * j as f64 / n as f64),
            2f64.powf(LOG2_DENSITY.0 + span * (j + 1) as f64 / n as f64),
        );
        body.push_str(&format!(
            "<rect class=\"cell\" x=\"{:.1}\" y=\"{:.1}\" width=\"{cw:.1}\" height=\"{ch:.1}\" fill=\"#c0392b\" fill-opacity=\"{opacity:.2}\"><title>coverage {:.2}–{:.2}, density {:.2}–{:.2}: {count}</title></rect>",
            LEFT + i as f64 * cw,
            H - BOTTOM - (j + 1) as f64 * ch,
            cov.0,
            cov.1,
            den.0,
            den.1
        ));
    }
    frame(
        title,
        "coverage (share of summary words in copied fragments)",
        "density (log scale)",
        &body,
        &x,
        &y,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axes_take_round_steps_and_cover_the_values() {
        let a = Axis::nice(0.13, 0.87, false);
        assert_eq!((a.lo, a.hi, a.ticks.len()), (0.0, 1.0, 6));
        assert_eq!(a.label(0.4), "0.4");
        let quarters = Axis::nice(0.0, 1.0, false);
        assert_eq!(quarters.label(0.25), "0.25");
        let counts = Axis::nice(0.0, 7.0, true);
        assert!(counts.ticks.iter().all(|t| t.fract() == 0.0) && counts.hi >= 7.0);
        assert!(counts.ticks.len() >= 3);
        let wide = Axis::nice(41.86, 55.96, false);
        assert!(
            wide.lo <= 41.86 && wide.hi >= 55.96 && wide.ticks.len() >= 3,
            "{wide:?}"
        );
        let flat = Axis::nice(3.0, 3.0, false);
        assert!(flat.ticks.len() >= 3);
    }

    #[test]
    fn every_chart_labels_three_ticks_or_more_on_each_axis() {
        for svg in [
            histogram_svg("h", "x", &[1.0, 2.0, 2.5, 9.0], 10),
            scatter_svg("s", "x", "y", &[(0.1, 5.0), (0.4, 7.0)]),
            sorted_svg("d", "Δ", &[-3.0, 0.5, 2.0]),
            coverage_density_svg("c", &[(0.98, 48.0), (1.0, 234.0), (0.5, 0.1)]),
            histogram_svg("empty", "x", &[], 10),
            histograms_svg(
                "two",
                "x",
                &[("a".into(), vec![1.0, 2.0]), ("<b>".into(), vec![3.0])],
                5,
            ),
        ] {
            assert!(svg.matches("class=\"tick-x\"").count() >= 3, "{svg}");
            assert!(svg.matches("class=\"tick-y\"").count() >= 3, "{svg}");
        }
    }

    #[test]
    fn intervals_are_drawn_as_lines_with_their_names_escaped() {
        let rows = vec![
            ("rouge1".to_string(), 50.0, Some((45.0, 55.0))),
            ("<b>x</b>".to_string(), -2.0, Some((-4.0, 1.0))),
            ("rougeL".to_string(), 30.0, None),
        ];
        let svg = intervals_svg("Δ", "ΔF ×100", &rows, true);
        assert_eq!(svg.matches("class=\"interval\"").count(), 2);
        assert_eq!(svg.matches("class=\"point\"").count(), 3);
        assert_eq!(svg.matches("class=\"tick-y\"").count(), 3);
        assert!(svg.matches("class=\"tick-x\"").count() >= 3);
        assert!(
            svg.contains("&lt;b&gt;x&lt;/b&gt;") && !svg.contains("<b>"),
            "{svg}"
        );
        assert!(svg.contains("<title>rouge1: 50.00 [45.00, 55.00]</title>"));
        assert!(svg.contains("stroke-dasharray"), "the zero rule");
    }

    #[test]
    fn the_coverage_density_view_has_fixed_axes_and_counts_cells() {
        let svg = coverage_density_svg("c", &[(0.99, 44.0), (0.99, 46.0), (1.0, 500.0)]);
        for label in [">0.0<", ">1.0<", ">0.25<", ">256<"] {
            assert!(svg.contains(label), "{label}: {svg}");
        }
        assert_eq!(svg.matches("class=\"cell\"").count(), 2);
        assert!(svg.contains(": 2</title>"));
    }
}
