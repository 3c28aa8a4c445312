//! The whole-process comparison point for `tomtat score`: the same JSONL file scored with the
//! `rougers` crate (Unicode tokenizer; rouge1, rouge2, rougeL; one thread), printing the mean
//! F of each metric as JSON. Used by the README's performance section:
//! `cargo run --profile anchor --example rougers_score -- pairs.jsonl`.

use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: rougers_score PAIRS.jsonl")?;
    let scorer = rougers::RougeScorer::with_tokenizer(
        vec![
            rougers::RougeType::N(1),
            rougers::RougeType::N(2),
            rougers::RougeType::L,
        ],
        rougers::Tokenizer::unicode(),
    )?;
    let reader = std::io::BufReader::new(std::fs::File::open(&path)?);
    let (mut sums, mut n) = ([0.0f64; 3], 0usize);
    for line in reader.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line)?;
        let (Some(r), Some(c)) = (v["reference"].as_str(), v["candidate"].as_str()) else {
            return Err(format!("line {}: needs reference and candidate", n + 1).into());
        };
        let scores = scorer.score(r, c);
        for (k, t) in [
            rougers::RougeType::N(1),
            rougers::RougeType::N(2),
            rougers::RougeType::L,
        ]
        .into_iter()
        .enumerate()
        {
            sums[k] += scores.get(t).map_or(0.0, |s| s.fmeasure);
        }
        n += 1;
    }
    let mean = |k: usize| sums[k] / n.max(1) as f64;
    println!(
        "{}",
        serde_json::json!({"count": n, "rouge1": mean(0), "rouge2": mean(1), "rougeL": mean(2)})
    );
    Ok(())
}
