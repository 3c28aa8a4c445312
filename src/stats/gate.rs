//! The one check of a regression gate's settings, shared by every entry point (`tomtat
//! compare`, the Python engine functions, the Spark and Ray adapters), so that no setting can
//! turn a real regression into "no regression".

use super::MAX_RESAMPLES;
use super::paired::MAX_TRIALS;

/// The settings of a paired comparison and its regression gate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GateSettings {
    /// Holm-adjusted p below which a drop is significant, in (0, 1].
    pub alpha: f64,
    /// Points (on the 0–100 scale) a drop must exceed, finite and ≥ 0.
    pub tolerance: f64,
    /// The same for supplied scores, in their own units (default 0: any significant drop).
    pub extra_tolerance: f64,
    pub trials: usize,
    pub resamples: usize,
}

/// A setting out of range; `name` is the setting (the caller spells it as its flag or
/// keyword).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{name} must be {expected}, got {got}")]
pub struct GateError {
    pub name: &'static str,
    pub expected: String,
    pub got: String,
}

impl GateSettings {
    /// Checks every setting.
    pub fn check(&self) -> Result<(), GateError> {
        self.check_threshold()?;
        check_counts(self.resamples, self.trials)
    }

    /// Checks `alpha` and `tolerance`.
    pub fn check_threshold(&self) -> Result<(), GateError> {
        if !(self.alpha > 0.0 && self.alpha <= 1.0) {
            return Err(GateError {
                name: "alpha",
                expected: "in (0, 1]".into(),
                got: self.alpha.to_string(),
            });
        }
        for (name, value) in [
            ("tolerance", self.tolerance),
            ("extra-tolerance", self.extra_tolerance),
        ] {
            if !(value >= 0.0 && value.is_finite()) {
                return Err(GateError {
                    name,
                    expected: "a finite number, 0 or more".into(),
                    got: value.to_string(),
                });
            }
        }
        Ok(())
    }
}

/// Checks the resample and trial counts of a paired comparison (at least one of each: with
/// none, no p-value could ever fall below alpha).
pub fn check_counts(resamples: usize, trials: usize) -> Result<(), GateError> {
    for (name, n, most) in [
        ("trials", trials, MAX_TRIALS),
        ("resamples", resamples, MAX_RESAMPLES),
    ] {
        if !(1..=most).contains(&n) {
            return Err(GateError {
                name,
                expected: format!("between 1 and {most}"),
                got: n.to_string(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(alpha: f64, tolerance: f64, trials: usize, resamples: usize) -> GateSettings {
        GateSettings {
            alpha,
            tolerance,
            extra_tolerance: 0.0,
            trials,
            resamples,
        }
    }

    #[test]
    fn every_setting_that_disables_the_gate_is_refused() {
        assert!(gate(0.05, 0.5, 1000, 1000).check().is_ok());
        for bad in [
            gate(f64::NAN, 0.5, 1000, 1000),
            gate(0.0, 0.5, 1000, 1000),
            gate(-1.0, 0.5, 1000, 1000),
            gate(1.5, 0.5, 1000, 1000),
            gate(0.05, f64::NAN, 1000, 1000),
            gate(0.05, f64::INFINITY, 1000, 1000),
            gate(0.05, -0.1, 1000, 1000),
            gate(0.05, 0.5, 0, 1000),
            gate(0.05, 0.5, 1000, 0),
            gate(0.05, 0.5, MAX_TRIALS + 1, 1000),
            GateSettings {
                extra_tolerance: f64::NAN,
                ..gate(0.05, 0.5, 1000, 1000)
            },
            GateSettings {
                extra_tolerance: -1.0,
                ..gate(0.05, 0.5, 1000, 1000)
            },
        ] {
            assert!(bad.check().is_err(), "{bad:?}");
        }
    }
}
