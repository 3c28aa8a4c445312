//! Scores a user brings (`--score-field`, `extra_scores=`): a BERTScore, an LLM judge's grade,
//! a human rating. tomtat computes nothing for them; each becomes a metric of the run whose
//! precision, recall and F are the supplied value, summed and resampled like any other.

use crate::error::Error;
use std::fmt;

/// Most bytes of a supplied score's name.
pub const MAX_NAME: usize = 32;

/// Largest magnitude a supplied score may have (2^30): within it every value is held exactly
/// to 2^-32 ([`crate::stats::Scale::Open`]).
pub const MAX_MAGNITUDE: f64 = 1_073_741_824.0;

/// The name of a supplied score: 1 to [`MAX_NAME`] ASCII letters, digits, `_`, `-` or `.`,
/// held inline so that [`super::Metric`] stays `Copy`. The characters keep it readable in
/// a signature (`metrics:rouge1+extra:judge`) and in every report format.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ScoreName {
    len: u8,
    bytes: [u8; MAX_NAME],
}

impl ScoreName {
    /// The name, or an error saying what a name may hold.
    pub fn new(name: &str) -> Result<ScoreName, Error> {
        let ok = !name.is_empty()
            && name.len() <= MAX_NAME
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
        if !ok {
            return Err(Error::Options(format!(
                "score field name '{}' must be 1 to {MAX_NAME} ASCII letters, digits, '_', '-' \
                 or '.'",
                name.escape_debug()
            )));
        }
        let mut bytes = [0u8; MAX_NAME];
        bytes[..name.len()].copy_from_slice(name.as_bytes());
        Ok(ScoreName {
            len: name.len() as u8,
            bytes,
        })
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl fmt::Debug for ScoreName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

impl fmt::Display for ScoreName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Checks one supplied value: finite and within [`MAX_MAGNITUDE`]. The error says why, for
/// the caller to prefix with the row and field.
pub fn check_value(v: f64) -> Result<f64, String> {
    if v.is_nan() {
        return Err("is NaN, not a number".into());
    }
    if v.is_infinite() {
        return Err(format!("is {v}, not a finite number"));
    }
    if v.abs() > MAX_MAGNITUDE {
        return Err(format!(
            "is {v}: supplied scores must lie within ±{MAX_MAGNITUDE} (2^30)"
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_and_kept_inline() {
        assert_eq!(
            ScoreName::new("judge_v2.1")
                .map(|n| n.to_string())
                .ok()
                .as_deref(),
            Some("judge_v2.1")
        );
        for bad in ["", "a b", "x:y", "a+b", "é", &"n".repeat(MAX_NAME + 1)] {
            assert!(ScoreName::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn values_must_be_finite_and_bounded() {
        assert_eq!(check_value(-3.5), Ok(-3.5));
        assert!(check_value(f64::NAN).is_err());
        assert!(check_value(f64::INFINITY).is_err());
        assert!(check_value(2e9).is_err());
        assert!(check_value(MAX_MAGNITUDE).is_ok());
    }
}
