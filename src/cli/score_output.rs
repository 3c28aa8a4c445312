//! What a `tomtat score` run writes, in the order it happens: the output files opened before
//! any scoring (so one that cannot be written fails first), each chunk's per-example lines,
//! run file lines and explorer rows, and at the end the page and the all-or-nothing commit.

use super::score::FormatArg;
use anyhow::Result;
use tomtat::data::Pair;
use tomtat::files::AtomicWriter;
use tomtat::metrics::{ExampleScores, Metric};
use tomtat::report::{self, Report, RunExample, RunWriter};
use tomtat::run::RunConfig;

/// The files a run writes, each in its temporary file until [`Outputs::commit`].
pub(super) struct Outputs {
    pub(super) per_example: Option<AtomicWriter>,
    pub(super) save: Option<RunWriter>,
    pub(super) report: Option<AtomicWriter>,
}

impl Outputs {
    pub(super) fn open(args: &super::score::Args) -> Result<Outputs> {
        Ok(Outputs {
            per_example: args
                .per_example
                .as_deref()
                .map(AtomicWriter::create)
                .transpose()?,
            save: args.save.as_deref().map(RunWriter::create).transpose()?,
            report: args
                .output
                .as_deref()
                .map(AtomicWriter::create)
                .transpose()?,
        })
    }

    /// The lines each scored example adds to the per-example file and the run file,
    /// computed beside the scoring.
    pub(super) fn extra(
        &self,
        metrics: &[Metric],
        texts: bool,
    ) -> impl Fn(&Pair, &ExampleScores, &report::DigestBytes) -> Extra + Sync + use<> {
        let (want_examples, want_run) = (self.per_example.is_some(), self.save.is_some());
        let metrics = metrics.to_vec();
        move |pair, scored, digests| Extra {
            per_example: want_examples.then(|| {
                report::example_json(
                    &pair.id,
                    pair.lang.as_deref(),
                    &metrics,
                    &scored.scores,
                    scored.detected,
                    texts.then_some(pair),
                )
            }),
            run: want_run.then(|| {
                let e = RunExample::new(pair, scored, digests);
                if texts { e.with_texts(pair) } else { e }.to_json()
            }),
        }
    }

    /// Writes one chunk's lines, in input order.
    pub(super) fn write_chunk(&mut self, scored: &[(ExampleScores, Extra)]) -> Result<()> {
        for (_, extra) in scored {
            if let (Some(w), Some(text)) = (self.per_example.as_mut(), &extra.per_example) {
                w.write(text.as_bytes())?;
                w.write(b"\n")?;
            }
            if let (Some(w), Some(text)) = (self.save.as_mut(), &extra.run) {
                w.push(text)?;
            }
        }
        Ok(())
    }

    /// All or nothing: every output is complete in its temporary file before any is renamed.
    pub(super) fn commit(
        self,
        report: &Report,
        metrics: &[Metric],
        bootstrap: tomtat::report::Bootstrap,
        rendered: &str,
    ) -> Result<()> {
        let run_file = self
            .save
            .map(|w| w.complete(report, metrics, bootstrap))
            .transpose()?;
        let mut report_out = self.report;
        if let Some(w) = report_out.as_mut() {
            w.write(rendered.as_bytes())?;
        }
        for w in [run_file, self.per_example, report_out]
            .into_iter()
            .flatten()
        {
            w.commit()?;
        }
        Ok(())
    }
}

/// What the examples of one chunk add to the outputs, computed in parallel.
pub(super) struct Extra {
    per_example: Option<String>,
    run: Option<String>,
}

/// The HTML page's example explorer, filled chunk by chunk: one row per example, marked with
/// its language's tokenizer.
pub(super) struct Page {
    tokenizers: Vec<tomtat::text::Tokenizer>,
    limited: bool,
    /// Rows not yet packed: fewer than a block.
    rows: Vec<report::explorer::Row>,
    /// The explorer's blocks packed so far, in order, so that the texts of a large run are
    /// held compressed rather than whole.
    blocks: Vec<String>,
    /// Packs the blocks in page order, each sentence once.
    packer: report::explorer::Packer,
    texts: bool,
}

impl Page {
    /// The page of a run in `format`, or `None` for a text format.
    pub(super) fn for_format(
        format: FormatArg,
        configs: &[RunConfig],
        texts: bool,
    ) -> Option<Page> {
        format.exporter().is_none().then(|| Page {
            tokenizers: configs.iter().map(|c| c.tokenizer.clone()).collect(),
            limited: configs.iter().any(|c| c.limit.is_some()),
            rows: Vec::new(),
            blocks: Vec::new(),
            packer: Default::default(),
            texts,
        })
    }

    /// Adds the rows of a scored chunk (pair `i` scored with configuration `groups[i]`).
    pub(super) fn add(
        &mut self,
        pairs: &[Pair],
        groups: &[usize],
        scored: &[(ExampleScores, Extra)],
    ) {
        use rayon::prelude::*;
        let (tokenizers, texts) = (&self.tokenizers, self.texts);
        let made: Vec<report::explorer::Row> = pairs
            .par_iter()
            .zip(groups)
            .zip(scored)
            .map(|((pair, &g), (s, _))| explorer_row(pair, s, &tokenizers[g], texts))
            .collect();
        self.rows.extend(made);
        let full = self.rows.len() / report::explorer::BLOCK * report::explorer::BLOCK;
        if full > 0 {
            let packed = self.packer.blocks(&self.rows[..full]);
            self.blocks.extend(packed);
            self.rows.drain(..full);
        }
    }

    /// The whole page of `report`, with the per-example F of each metric for its plots.
    pub(super) fn render(
        &mut self,
        report: &Report,
        tally: &report::Tally,
        metrics: &[Metric],
    ) -> String {
        let per_metric: Vec<(String, Vec<f64>)> = metrics
            .iter()
            .enumerate()
            .map(|(m, name)| (name.to_string(), tally.fmeasures(m)))
            .collect();
        let mut notes = Vec::new();
        if !self.texts {
            notes.push("--no-texts: the page does not keep the examples' texts.".to_string());
        }
        if self.limited {
            notes.push(
                "The marks are on the whole texts; the scores on the texts cut to the run's \
                 length limit."
                    .to_string(),
            );
        }
        let explorer = report::explorer::Explorer {
            mode: "score",
            columns: metrics
                .iter()
                .map(|m| report::explorer::Column::metric(&m.to_string()))
                .collect(),
            rows: &[],
            labels: ("", ""),
            notes,
        };
        let last = self.packer.blocks(&self.rows);
        let html = explorer.html_of_blocks(self.blocks.iter().chain(&last));
        report::score_html(report, &per_metric, &html)
    }
}

/// The explorer's row of a scored pair (with its texts unless `texts` is off).
fn explorer_row(
    pair: &Pair,
    scored: &ExampleScores,
    tokenizer: &tomtat::text::Tokenizer,
    texts: bool,
) -> report::explorer::Row {
    report::explorer::Row {
        id: pair.id.clone(),
        lang: pair.lang.clone(),
        values: scored.scores.iter().map(|p| Some(p.fmeasure)).collect(),
        base: None,
        texts: texts.then(|| {
            report::explorer::RowTexts::scored(
                tokenizer,
                &pair.candidate,
                &pair.references,
                pair.source.as_deref(),
            )
        }),
    }
}
