//! Fuzzing on stable Rust: proptest-generated inputs thrown at the normalization pipeline and
//! tokenizer of every profile, the JSON Lines and CSV readers (streamed with different chunk
//! sizes) and the LCS (length and the marked path), each for a time budget. A panic or a broken invariant fails the test
//! with proptest's minimized input.
//!
//! `TOMTAT_FUZZ_SECS` sets the budget per target (default 1 s, so `cargo test` stays quick);
//! long runs: `TOMTAT_FUZZ_SECS=600 cargo test --release --test fuzz -- --nocapture`. Each
//! target prints how many inputs it ran.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use std::io::Cursor;
use std::time::{Duration, Instant};
use tomtat::data::{PairReader, TableFormat};
use tomtat::metrics::lcs::{LcsScratch, lcs_len, lcs_len_quadratic, mark_lcs, mark_lcs_quadratic};
use tomtat::{Profile, Tokenizer, TokenizerOptions, ToneStyle, Units};
use unicode_normalization::UnicodeNormalization;

fn budget() -> Duration {
    let secs = std::env::var("TOMTAT_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or(1.0);
    Duration::from_secs_f64(secs)
}

/// Runs `check` on inputs from `strategy` until the budget is spent, in batches seeded by
/// the target name and the batch number (so a run is reproducible for a given budget).
fn fuzz<S: Strategy>(
    name: &str,
    strategy: S,
    check: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    const BATCH: u32 = 256;
    // The clock sets the fuzz budget only; nothing is asserted about time.
    let start = Instant::now();
    let deadline = start + budget();
    let mut executions = 0u64;
    let mut batch = 0u64;
    let name_seed: u64 = name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    while Instant::now() < deadline {
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&batch.to_le_bytes());
        seed[8..16].copy_from_slice(&name_seed.to_le_bytes());
        let config = Config {
            cases: BATCH,
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner =
            TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed));
        if let Err(e) = runner.run(&strategy, &check) {
            panic!("fuzz {name}, batch {batch}: {e}");
        }
        executions += u64::from(BATCH);
        batch += 1;
    }
    eprintln!(
        "fuzz {name}: {executions} inputs in {:.1} s, no failure",
        start.elapsed().as_secs_f64()
    );
}

/// Characters that stress the pipeline: Vietnamese letters in both tone placements and NFD,
/// combining marks, invisible and control characters, look-alikes, Greek sigma, CJK, digits
/// with separators, dots inside words, whitespace of every kind.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::sample::select(
            "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
                .chars()
                .collect::<Vec<_>>()
        ),
        2 => prop::sample::select(vec![
            '\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}', '\u{302}', '\u{306}', '\u{31b}',
            '\u{200b}', '\u{200d}', '\u{feff}', '\u{ad}', '\u{0}', '\u{7}', '\u{1f}', '\u{85}',
            '\u{a0}', '\u{2028}', '\u{3000}', '\t', '\r', '\n', ' ', '.', ',', '/', ':', '_', '-',
            '\'', '"', '\\', 'Ð', 'ð', 'Ɖ', 'а', 'о', 'е', 'С', 'Σ', 'ς', 'σ', 'İ', 'ǅ', 'ß',
            '中', '文', '😀', '\u{fffd}', '0', '1', '9',
        ]),
        1 => any::<char>(),
    ]
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_char(), 0..120).prop_map(|cs| cs.into_iter().collect())
}

fn tokenizers() -> Vec<Tokenizer> {
    let mut out = Vec::new();
    for (profile, tone, fold, units, stem) in [
        (
            Profile::ViV1,
            ToneStyle::New,
            false,
            Units::Syllables,
            false,
        ),
        (
            Profile::ViV1,
            ToneStyle::Old,
            false,
            Units::Syllables,
            false,
        ),
        (Profile::ViV1, ToneStyle::Keep, true, Units::Words, false),
        (Profile::EnV1, ToneStyle::New, false, Units::Syllables, true),
        (
            Profile::UnicodeV1,
            ToneStyle::New,
            false,
            Units::Syllables,
            false,
        ),
        (
            Profile::RougeScore,
            ToneStyle::New,
            false,
            Units::Syllables,
            true,
        ),
        (
            Profile::XlSum,
            ToneStyle::New,
            false,
            Units::Syllables,
            true,
        ),
    ] {
        let options = TokenizerOptions {
            tone_style: tone,
            fold_diacritics: fold,
            units,
            stem,
            stemmer: Default::default(),
            stop_before_stem: false,
            stopwords: None,
            aliases: None,
            xlsum_lang: None,
        };
        match Tokenizer::new(profile, options) {
            Ok(t) => out.push(t),
            Err(e) => panic!("{profile}: {e}"),
        }
    }
    out
}

#[test]
fn fuzz_tokenizers_of_every_profile() {
    let tokenizers = tokenizers();
    fuzz("tokenizers", hostile_text(), |text| {
        for t in &tokenizers {
            let tokens = t.tokenize(&text);
            for token in &tokens {
                prop_assert!(!token.is_empty(), "{}: empty token", t.profile());
                prop_assert!(
                    !token.chars().any(char::is_whitespace),
                    "{}: whitespace in {token:?}",
                    t.profile()
                );
                if t.profile() == Profile::ViV1 {
                    prop_assert!(
                        token.nfc().eq(token.chars()),
                        "vi-v1 token {token:?} is not NFC"
                    );
                }
            }
            prop_assert_eq!(&tokens, &t.tokenize(&text), "deterministic");
        }
        let _ = tomtat::text::split_sentences(&text);
        let _ = tomtat::text::looks_vietnamese(&text);
        Ok(())
    });
}

/// A JSON Lines file: mostly well-formed rows with hostile texts, sometimes broken bytes.
fn jsonl_bytes() -> impl Strategy<Value = Vec<u8>> {
    let row = (
        prop_oneof![
            Just(serde_json::json!("a")),
            Just(serde_json::json!(3)),
            Just(serde_json::json!(null)),
            "[a-c]{0,2}".prop_map(serde_json::Value::from),
        ],
        hostile_text(),
        prop_oneof![
            hostile_text().prop_map(serde_json::Value::from),
            prop::collection::vec(hostile_text(), 0..3).prop_map(serde_json::Value::from),
            Just(serde_json::json!(7)),
        ],
    )
        .prop_map(|(id, candidate, refs)| {
            serde_json::json!({"id": id, "candidate": candidate, "references": refs}).to_string()
        });
    let line = prop_oneof![
        8 => row.prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..40),
        1 => Just(b"\xEF\xBB\xBF".to_vec()),
        1 => Just(b"\r".to_vec()),
    ];
    prop::collection::vec(line, 0..12).prop_map(|lines| lines.join(&b'\n'))
}

/// Reads everything with a chunk size; `Err` carries the message.
fn read_all(bytes: &[u8], format: TableFormat, chunk: usize) -> Result<usize, String> {
    let input = Box::new(Cursor::new(bytes.to_vec()));
    let mut reader = PairReader::from_reader(input, "fuzz", format, chunk, Default::default())
        .map_err(|e| e.to_string())?;
    let mut count = 0;
    while let Some(c) = reader.next_chunk().map_err(|e| e.to_string())? {
        for p in &c.pairs {
            assert!(!p.id.trim().is_empty() && !p.references.is_empty());
        }
        assert_eq!(c.pairs.len(), c.lines.len());
        count += c.pairs.len();
    }
    Ok(count)
}

#[test]
fn fuzz_jsonl_reader() {
    fuzz("jsonl-reader", jsonl_bytes(), |bytes| {
        let whole = read_all(&bytes, TableFormat::Jsonl, 1 << 20);
        prop_assert_eq!(&whole, &read_all(&bytes, TableFormat::Jsonl, 1), "chunking");
        prop_assert_eq!(&whole, &read_all(&bytes, TableFormat::Jsonl, 7), "chunking");
        let _ = tomtat::data::parse_pairs(&bytes, "fuzz", TableFormat::Jsonl);
        Ok(())
    });
}

fn csv_bytes() -> impl Strategy<Value = Vec<u8>> {
    let field = prop_oneof![
        hostile_text().prop_map(|t| format!("\"{}\"", t.replace('"', "\"\""))),
        "[a-z ]{0,5}",
        Just("\"unterminated".to_string()),
    ];
    let record = prop::collection::vec(field, 1..5).prop_map(|f| f.join(","));
    let line = prop_oneof![
        8 => record.prop_map(String::into_bytes),
        1 => prop::collection::vec(any::<u8>(), 0..30),
    ];
    (
        prop::sample::select(vec![
            "id,candidate,reference",
            "id,prediction,reference,reference2",
            "\u{feff}id,candidate,references",
            "candidate,reference",
        ]),
        prop::collection::vec(line, 0..10),
        prop::sample::select(vec!["\n", "\r\n"]),
    )
        .prop_map(|(header, lines, eol)| {
            let mut out = header.as_bytes().to_vec();
            for l in lines {
                out.extend_from_slice(eol.as_bytes());
                out.extend(l);
            }
            out
        })
}

#[test]
fn fuzz_csv_reader() {
    fuzz("csv-reader", csv_bytes(), |bytes| {
        let whole = read_all(&bytes, TableFormat::Csv, 1 << 20);
        prop_assert_eq!(&whole, &read_all(&bytes, TableFormat::Csv, 1), "chunking");
        let _ = tomtat::data::parse_pairs(&bytes, "fuzz", TableFormat::Csv);
        let _ = read_all(&bytes, TableFormat::Tsv, 3);
        Ok(())
    });
}

#[test]
fn fuzz_lcs() {
    let seqs = (1u32..6).prop_flat_map(|alphabet| {
        (
            prop::collection::vec(0..alphabet, 0..300),
            prop::collection::vec(0..alphabet, 0..300),
        )
    });
    fuzz("lcs", seqs, |(a, b)| {
        let mut scratch = LcsScratch::default();
        let fast = lcs_len(&a, &b, &mut scratch);
        prop_assert_eq!(fast, lcs_len_quadratic(&a, &b));
        prop_assert_eq!(fast, lcs_len(&b, &a, &mut scratch), "symmetric");
        prop_assert!(fast <= a.len().min(b.len()));
        let (mut bits, mut table) = (vec![false; a.len()], vec![false; a.len()]);
        mark_lcs(&a, &b, &mut bits, &mut scratch);
        mark_lcs_quadratic(&a, &b, &mut table);
        prop_assert_eq!(&bits, &table, "the same LCS path");
        prop_assert_eq!(bits.iter().filter(|h| **h).count(), fast);
        Ok(())
    });
}

/// The columnar fixtures (pyarrow Parquet, Hugging Face and string-view Arrow IPC, a
/// multi-row-group Parquet): the seeds the columnar target mutates.
#[cfg(feature = "columnar")]
fn columnar_seeds() -> Vec<(Vec<u8>, TableFormat)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/columnar");
    [
        ("pairs.pyarrow.parquet", TableFormat::Parquet),
        ("pairs.large.parquet", TableFormat::Parquet),
        ("pairs.hf.arrow", TableFormat::Arrow),
        ("pairs.view.arrow", TableFormat::Arrow),
        ("pairs.lz4.feather", TableFormat::Arrow),
        ("pairs.zstd.feather", TableFormat::Arrow),
    ]
    .into_iter()
    .map(|(name, format)| (std::fs::read(dir.join(name)).unwrap_or_default(), format))
    .collect()
}

/// A mutation of a columnar file, as the reliability probe made them: a byte replaced, the
/// file cut short, or a 4- or 8-byte length or offset overwritten with an extreme value.
#[cfg(feature = "columnar")]
#[derive(Debug, Clone)]
enum Mutation {
    Byte(usize, u8),
    Truncate(usize),
    Huge(usize, Vec<u8>),
}

#[cfg(feature = "columnar")]
fn mutations() -> impl Strategy<Value = (usize, Vec<Mutation>)> {
    let one = prop_oneof![
        4 => (any::<usize>(), any::<u8>()).prop_map(|(p, b)| Mutation::Byte(p, b)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        2 => (
            any::<usize>(),
            prop::sample::select(vec![
                vec![0xff, 0xff, 0xff, 0x7f],
                vec![0x00, 0x00, 0x00, 0x80],
                vec![0xff; 4],
                vec![0xff; 8],
                vec![0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
                vec![0x00, 0x00, 0x00, 0x40],
                // 2^40 as a little-endian i64: an IPC buffer's stated uncompressed length.
                vec![0, 0, 0, 0, 0, 1, 0, 0],
            ])
        )
            .prop_map(|(p, v)| Mutation::Huge(p, v)),
    ];
    (0..6usize, prop::collection::vec(one, 1..4))
}

#[cfg(feature = "columnar")]
fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        if bytes.is_empty() {
            break;
        }
        let n = bytes.len();
        match m {
            Mutation::Byte(p, b) => bytes[p % n] = *b,
            Mutation::Truncate(p) => bytes.truncate(p % n),
            Mutation::Huge(p, v) => {
                let at = p % n;
                for (i, b) in v.iter().enumerate() {
                    if let Some(slot) = bytes.get_mut(at + i) {
                        *slot = *b;
                    }
                }
            }
        }
    }
    bytes
}

/// Mutated Parquet and Arrow IPC files (plain and LZ4/Zstd-compressed) are read to the end or
/// refused with an error; no decoder panic escapes, and no allocation is large enough to
/// abort the test process.
#[cfg(feature = "columnar")]
#[test]
fn fuzz_columnar_reader() {
    let seeds = columnar_seeds();
    assert!(seeds.iter().all(|(b, _)| !b.is_empty()), "fixtures missing");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("mutant");
    fuzz("columnar-reader", mutations(), |(seed, changes)| {
        let (bytes, format) = &seeds[seed];
        std::fs::write(&path, mutate(bytes.clone(), &changes)).expect("writable temp dir");
        let read = std::panic::catch_unwind(|| -> Result<usize, String> {
            let mut reader =
                PairReader::open(&path, *format, 1 << 16).map_err(|e| e.to_string())?;
            let mut count = 0;
            while let Some(c) = reader.next_chunk().map_err(|e| e.to_string())? {
                count += c.pairs.len();
            }
            Ok(count)
        });
        prop_assert!(read.is_ok(), "a panic escaped the reader");
        Ok(())
    });
}
