//! tomtat: ROUGE-style summary evaluation that is correct for Vietnamese.
//!
//! Data flows one way: read → normalize/tokenize (once per text) → score → aggregate → report.
//! Library functions never print and never exit; they return [`Error`].

/// Defines `fn $name(args) -> ret` that runs `$portable` (an `#[inline(always)]` function of
/// the same arguments) compiled for AVX-512 (F, DQ, VL) or AVX2 when the CPU has them, checked
/// at run time, and as it is otherwise. The compiler vectorizes the same code for each, so the
/// results never depend on the instruction set.
macro_rules! vectorized {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty = $portable:ident) => {
        $(#[$meta])*
        $vis fn $name($($arg: $ty),*) -> $ret {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f,avx512dq,avx512vl")]
                fn avx512($($arg: $ty),*) -> $ret {
                    $portable($($arg),*)
                }
                #[target_feature(enable = "avx2")]
                fn avx2($($arg: $ty),*) -> $ret {
                    $portable($($arg),*)
                }
                if std::is_x86_feature_detected!("avx512f")
                    && std::is_x86_feature_detected!("avx512dq")
                    && std::is_x86_feature_detected!("avx512vl")
                {
                    // SAFETY: the CPU has AVX-512 F, DQ and VL, checked just above.
                    return unsafe { avx512($($arg),*) };
                }
                if std::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU has AVX2, checked just above.
                    return unsafe { avx2($($arg),*) };
                }
            }
            $portable($($arg),*)
        }
    };
}

pub mod baseline;
pub mod curate;
pub mod data;
pub mod error;
pub mod files;
pub mod metrics;
pub mod options;
pub mod report;
pub mod run;
pub mod stats;
pub mod text;

pub use error::Error;
pub use text::{Profile, Tokenizer, TokenizerOptions, ToneStyle, Units};

#[cfg(feature = "python")]
mod python;
