//! The example explorer of `dataset stats` HTML: one row per reference with its figures, which
//! opens the reference with the words its article lacks marked.

use super::stats::{DatasetStats, profile_of};
use crate::data::dataset::Dataset;
use crate::report::explorer::{Column, Row, RowTexts};
use crate::text::Tokenizer;
use rayon::prelude::*;

/// The figures each row shows, in the order of [`reference_rows`]' values.
pub fn columns() -> Vec<Column> {
    vec![
        Column::figure("length (tokens)", 0),
        Column::figure("compression", 2),
        Column::figure("coverage", 2),
        Column::figure("density", 2),
        Column::figure("novel 1-grams (% of types)", 1),
        Column::figure("novel 2-grams (% of types)", 1),
    ]
}

/// One row per reference of `stats` (computed from `dataset`): its id is its file name, its
/// text marked with [`crate::metrics::marks::NOVEL`] where a word's tokens are not in the
/// target's articles (references in another language than the articles get no marks).
pub fn reference_rows(dataset: &Dataset, stats: &DatasetStats) -> Vec<Row> {
    stats
        .per_target
        .par_iter()
        .flat_map_iter(|t| {
            let articles = dataset.articles_of(&t.target);
            let article_lang = articles.first().map(|a| a.lang.clone());
            let article: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
            let article = article.join("\n");
            let refs = dataset.references_of_target(&t.target);
            t.references
                .iter()
                .zip(refs)
                .map(|(s, r)| {
                    let tokenizer = Tokenizer::with_defaults(profile_of(&r.lang));
                    let same = article_lang.as_deref() == Some(r.lang.as_str());
                    let texts =
                        RowTexts::scored(&tokenizer, &r.text, &[], same.then_some(&article[..]));
                    let pct = |v: Option<[f64; 4]>, n: usize| v.map(|v| v[n]);
                    Row {
                        id: s.file.clone(),
                        lang: Some(r.lang.clone()),
                        values: vec![
                            Some(s.tokens as f64),
                            Some(s.compression),
                            s.coverage,
                            s.density,
                            pct(s.novel_types_pct, 0),
                            pct(s.novel_types_pct, 1),
                        ],
                        base: None,
                        texts: Some(texts),
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
