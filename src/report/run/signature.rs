//! The signature: every option that changes a number, as `key:value` fields joined by `|`
//! (like sacreBLEU's), so two numbers can be compared only when their signatures agree.

use crate::options::{RunConfig, SentenceUnits};
use crate::report::Bootstrap;
use crate::text::{Profile, ToneStyle, Units};
use std::fmt;

/// The bootstrap of every report: Poisson(1) weights keyed by (seed, resample, example key),
/// fixed-point sums ([`crate::stats::Sums`]). A new method gets a new name.
pub const BOOTSTRAP_METHOD: &str = "poisson-v1";

/// The language detector behind langmatch ([`crate::text::language::read_language`]); a
/// change to it gets a new name.
pub const LANGUAGE_DETECTOR: &str = "tomtat-v1";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    fields: Vec<(String, String)>,
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

impl Signature {
    /// `references_per_example` is the number of references of every example, or `None`
    /// when it varies.
    pub fn new(
        config: &RunConfig,
        references_per_example: Option<usize>,
        bootstrap: Option<Bootstrap>,
    ) -> Signature {
        let tok = &config.tokenizer;
        let opts = tok.options();
        let vi = tok.profile() == Profile::ViV1;
        let mut f: Vec<(&'static str, String)> = vec![("profile", tok.profile().to_string())];
        let norm = match tok.profile() {
            Profile::ViV1 | Profile::EnV1 => "nfc",
            Profile::UnicodeV1 => "nfkc",
            Profile::RougeScore | Profile::XlSum => "none",
        };
        if tok.profile() == Profile::XlSum {
            f.push((
                "xlsum-lang",
                opts.xlsum_lang.clone().unwrap_or_else(|| "none".into()),
            ));
        }
        f.push(("norm", norm.into()));
        f.push((
            "tone",
            if vi {
                match opts.tone_style {
                    ToneStyle::Old => "old",
                    ToneStyle::New => "new",
                    ToneStyle::Keep => "keep",
                }
            } else {
                "n/a"
            }
            .into(),
        ));
        f.push(("case", "lower".into()));
        f.push(("fold", yes_no(opts.fold_diacritics)));
        f.push((
            "units",
            match opts.units {
                _ if !vi => "n/a",
                Units::Syllables => "syllables",
                Units::Words => "words",
            }
            .into(),
        ));
        f.push((
            "stem",
            match (opts.stem, opts.stemmer) {
                (false, _) => "no",
                (true, crate::text::Stemmer::Porter) => "yes",
                (true, crate::text::Stemmer::Rouge155) => "rouge155",
            }
            .into(),
        ));
        let lex = |l: &Option<crate::text::Lexicon>| {
            l.as_ref()
                .map_or("none".to_string(), |l| l.digest().to_string())
        };
        f.push(("stopwords", lex(&opts.stopwords)));
        f.push(("aliases", lex(&opts.aliases)));
        f.push((
            "sent",
            match config.sentences {
                SentenceUnits::Lines => "lines",
                // v2: `_`-joined initials (`Hoàng_Ngọc_C.`) end no sentence.
                SentenceUnits::Split => "split-v2",
            }
            .into(),
        ));
        let metrics: Vec<String> = config.score.metrics.iter().map(|m| m.to_string()).collect();
        f.push(("metrics", metrics.join("+")));
        f.push(("refs", config.score.refs.name().into()));
        f.push((
            "nrefs",
            references_per_example.map_or("var".to_string(), |n| n.to_string()),
        ));
        f.push(("alpha", config.score.alpha.to_string()));
        f.push(("perl", yes_no(config.score.perl_compat)));
        if let Some(limit) = config.limit {
            f.push(("limit", limit.name()));
        }
        if config
            .score
            .metrics
            .contains(&crate::metrics::Metric::LangMatch)
        {
            f.push(("langdet", LANGUAGE_DETECTOR.into()));
            if let Some(lang) = &config.score.target_lang {
                f.push(("target-lang", lang.clone()));
            }
        }
        if config
            .score
            .metrics
            .contains(&crate::metrics::Metric::CopySource)
        {
            f.push(("copyrun", crate::metrics::COPY_RUN.to_string()));
        }
        // sacreBLEU's chrF signature in tomtat's form: character order 6, β 2, case kept
        // (mixed), whitespace left out, effective order (no eps smoothing); the word order is
        // the metric's name (chrF: 0, chrF++: 2); chrfnorm says whether the texts were
        // normalized first.
        if let Some(normalize) = config.score.metrics.iter().find_map(|m| match m {
            crate::metrics::Metric::Chrf { normalize, .. } => Some(*normalize),
            _ => None,
        }) {
            f.push(("chrf", CHRF_SIGNATURE.into()));
            f.push(("chrfnorm", if normalize { "vi" } else { "no" }.into()));
        }
        match bootstrap.filter(|b| b.resamples > 0) {
            Some(b) => {
                f.push(("boot", b.resamples.to_string()));
                f.push(("conf", b.confidence.to_string()));
                f.push(("seed", b.seed.to_string()));
                f.push(("bmethod", BOOTSTRAP_METHOD.into()));
            }
            None => f.push(("boot", "0".into())),
        }
        f.push(("version", env!("CARGO_PKG_VERSION").into()));
        Signature {
            fields: f.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        }
    }

    /// A signature from saved fields (run files), in their order.
    pub fn from_fields(fields: &serde_json::Map<String, serde_json::Value>) -> Signature {
        Signature {
            fields: fields
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect(),
        }
    }

    /// Replaces the value of an existing field (e.g. one profile per language).
    pub fn set(&mut self, key: &str, value: String) {
        if let Some(field) = self.fields.iter_mut().find(|(k, _)| k == key) {
            field.1 = value;
        }
    }

    /// Each field as its own JSON key.
    pub fn fields_json(&self) -> serde_json::Map<String, serde_json::Value> {
        self.fields
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect()
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (k, v)) in self.fields.iter().enumerate() {
            if i > 0 {
                f.write_str("|")?;
            }
            write!(f, "{k}:{v}")?;
        }
        Ok(())
    }
}

/// chrF's fixed parameters, as sacreBLEU's signature names them (`nc:6|b:2|c:mixed|s:no|e:yes`).
pub const CHRF_SIGNATURE: &str = "sacrebleu2-nc6-b2-cmixed-sno-eyes";

/// Checks the fields a run file or a partial state repeats beside its signature: the metric
/// list (in order) and the bootstrap settings must be the signature's, or the numbers would
/// be labelled with settings they were not made with. The error names the disagreement.
pub(crate) fn agrees_with_signature(
    fields: &serde_json::Map<String, serde_json::Value>,
    metrics: &[String],
    bootstrap: &crate::report::Bootstrap,
) -> Result<(), String> {
    let field = |k: &str| fields.get(k).and_then(|v| v.as_str());
    let listed = metrics.join("+");
    if field("metrics") != Some(listed.as_str()) {
        return Err(format!(
            "the metrics ({listed}) are not the signature's ({})",
            field("metrics").unwrap_or("absent")
        ));
    }
    let boot = field("boot").unwrap_or("absent");
    let expected = if bootstrap.resamples == 0 {
        ("0".to_string(), None, None)
    } else {
        (
            bootstrap.resamples.to_string(),
            Some(bootstrap.confidence.to_string()),
            Some(bootstrap.seed.to_string()),
        )
    };
    let found = (
        boot.to_string(),
        (boot != "0").then(|| field("conf").unwrap_or("absent").to_string()),
        (boot != "0").then(|| field("seed").unwrap_or("absent").to_string()),
    );
    if expected != found {
        return Err(format!(
            "the bootstrap settings ({} resamples, confidence {}, seed {}) are not the \
             signature's (boot:{boot}, conf:{}, seed:{})",
            bootstrap.resamples,
            bootstrap.confidence,
            bootstrap.seed,
            field("conf").unwrap_or("absent"),
            field("seed").unwrap_or("absent")
        ));
    }
    Ok(())
}
