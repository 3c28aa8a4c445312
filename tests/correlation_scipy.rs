//! The correlation coefficients of `tomtat correlate` against scipy 1.17.1
//! (`scripts/gen_correlation_fixtures.py`): 120 generated pairs of vectors of 2–100 values,
//! continuous, rounded (ties) and on a 1–5 rating scale, and constant cases where scipy
//! returns NaN; every coefficient within 1e-12.

use serde_json::Value;
use tomtat::stats::correlation::{KendallVariant, kendall, pearson, spearman};

#[test]
fn pearson_spearman_and_kendall_b_and_c_equal_scipy() {
    let mut checked = 0;
    for line in include_str!("fixtures/correlation.jsonl").lines() {
        let row: Value = serde_json::from_str(line).expect("fixture");
        let vec = |k: &str| -> Vec<f64> {
            row[k]
                .as_array()
                .expect("array")
                .iter()
                .filter_map(Value::as_f64)
                .collect()
        };
        let (x, y) = (vec("x"), vec("y"));
        for (name, got) in [
            ("pearson", pearson(&x, &y)),
            ("spearman", spearman(&x, &y)),
            ("kendall_b", kendall(&x, &y, KendallVariant::B)),
            ("kendall_c", kendall(&x, &y, KendallVariant::C)),
        ] {
            let want = row[name].as_f64();
            match (got, want) {
                (Some(g), Some(w)) => assert!((g - w).abs() <= 1e-12, "{name}: {g} vs scipy {w}"),
                (None, None) => {}
                _ => panic!("{name}: {got:?} vs scipy {want:?} for {line}"),
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 480);
}
