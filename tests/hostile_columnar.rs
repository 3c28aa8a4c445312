//! Reliability of Parquet and Arrow IPC input against hostile files (issue 22): a corrupt
//! file is one line and exit 2, never a panic; a dictionary bomb stays small in memory; a cell
//! obeys the line limit; a killed run leaves no temporary file.
#![cfg(feature = "columnar")]

mod common;

use arrow_array::{ArrayRef, RecordBatch, StringArray};
use common::tomtat;
use std::path::Path;
use std::sync::Arc;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/columnar")
        .join(name)
}

/// Runs tomtat in `dir` with `args`, which must fail as a user error: exit 2, one line on
/// stderr, no panic message. Returns that line (with its newline).
fn error_in(dir: &Path, args: &[&str]) -> String {
    let out = tomtat().current_dir(dir).args(args).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

/// A batch of `id`, `candidate`, `reference` text columns.
fn batch(columns: &[(&str, Vec<String>)]) -> RecordBatch {
    let arrays: Vec<(&str, ArrayRef)> = columns
        .iter()
        .map(|(name, values)| {
            (
                *name,
                Arc::new(StringArray::from(values.clone())) as ArrayRef,
            )
        })
        .collect();
    RecordBatch::try_from_iter(arrays).expect("batch")
}

/// Writes a Zstd-compressed Parquet file whose dictionaries may be as large as they need.
fn write_parquet(path: &Path, batch: &RecordBatch) {
    use parquet::arrow::ArrowWriter;
    use parquet::basic::{Compression, ZstdLevel};
    use parquet::file::properties::WriterProperties;
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_dictionary_page_size_limit(1 << 26)
        .build();
    let file = std::fs::File::create(path).expect("fixture");
    let mut writer = ArrowWriter::try_new(file, batch.schema(), Some(props)).expect("writer");
    writer.write(batch).expect("write");
    writer.close().expect("close");
}

/// A small Parquet file holding one long text repeated in every row: `rows` × `text_bytes`
/// bytes of text once decoded.
fn dictionary_bomb(path: &Path, rows: usize, text_bytes: usize) {
    use arrow_array::{DictionaryArray, Int32Array, types::Int32Type};
    let text = "xin chào ".repeat(text_bytes / 10);
    let candidate = DictionaryArray::<Int32Type>::try_new(
        Int32Array::from(vec![0; rows]),
        Arc::new(StringArray::from(vec![text])),
    )
    .expect("dictionary");
    let ids: Vec<String> = (0..rows).map(|i| i.to_string()).collect();
    let batch = RecordBatch::try_from_iter([
        ("id", Arc::new(StringArray::from(ids)) as ArrayRef),
        ("candidate", Arc::new(candidate) as ArrayRef),
        (
            "reference",
            Arc::new(StringArray::from(vec!["xin chào các bạn"; rows])) as ArrayRef,
        ),
    ])
    .expect("batch");
    write_parquet(path, &batch);
}

#[test]
fn corrupt_buffer_offsets_in_an_arrow_file_are_an_error_not_a_panic() {
    // A single-byte mutation of a pyarrow file that made arrow-buffer panic on a slice offset.
    let stderr = error_in(
        &fixture(""),
        &["score", "--pairs", "corrupt.buffer-offset.arrow"],
    );
    assert!(
        stderr.starts_with(
            "tomtat: error: corrupt.buffer-offset.arrow: cannot read: the file is corrupt ("
        ),
        "{stderr}"
    );
}

#[test]
fn a_parquet_cell_above_the_line_limit_is_refused_with_its_row_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("long.parquet");
    write_parquet(
        &path,
        &batch(&[
            ("id", vec!["a".into(), "b".into()]),
            ("candidate", vec!["ngắn".into(), "x ".repeat(2000)]),
            ("reference", vec!["ngắn".into(), "x".into()]),
        ]),
    );
    assert_eq!(
        error_in(
            dir.path(),
            &["--max-line-bytes", "1K", "score", "--pairs", "long.parquet"]
        ),
        "tomtat: error: long.parquet:2: column 'candidate' holds 4000 bytes, more than the \
         limit of 1024 bytes for a line or cell; if that is intended, raise it with \
         --max-line-bytes\n"
    );
}

#[test]
fn a_reference_list_cell_above_the_line_limit_is_refused() {
    use arrow_array::builder::{ListBuilder, StringBuilder};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("refs.parquet");
    let mut refs = ListBuilder::new(StringBuilder::new());
    refs.values().append_value("ngắn");
    refs.values().append_value("y ".repeat(1000));
    refs.append(true);
    let batch = RecordBatch::try_from_iter([
        ("id", Arc::new(StringArray::from(vec!["a"])) as ArrayRef),
        (
            "candidate",
            Arc::new(StringArray::from(vec!["x"])) as ArrayRef,
        ),
        ("references", Arc::new(refs.finish()) as ArrayRef),
    ])
    .expect("batch");
    write_parquet(&path, &batch);
    let stderr = error_in(
        dir.path(),
        &["--max-line-bytes", "1K", "score", "--pairs", "refs.parquet"],
    );
    assert!(
        stderr.contains("refs.parquet:1: column 'references'[1] holds 2000 bytes"),
        "{stderr}"
    );
}

#[test]
fn a_dictionary_bomb_is_scored_in_bounded_memory() {
    // 4,096 rows × 1 MB of text from a file of a few kilobytes: every batch used to hold the
    // value once per row (gigabytes); now once per batch, and chunks are bounded in bytes.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bomb.parquet");
    dictionary_bomb(&path, 4096, 1 << 20);
    assert!(std::fs::metadata(&path).expect("written").len() < 64 << 10);
    let args = [
        "--max-line-bytes",
        "100K",
        "score",
        "--pairs",
        "bomb.parquet",
    ];
    assert!(error_in(dir.path(), &args).contains("bomb.parquet:1: column 'candidate'"));
    peak_memory_while_scoring(&path, dir.path());
}

/// Scores `bomb` with every output until its first chunk is scored (held there by
/// `TOMTAT_TEST_HOLD=score`, not caught by a clock), checks the peak memory, kills the process
/// with SIGKILL and checks that `dir` holds no temporary file.
#[cfg(target_os = "linux")]
fn peak_memory_while_scoring(bomb: &Path, dir: &Path) {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("tomtat"));
    cmd.current_dir(dir)
        .args(["score", "--format", "json", "--output", "report.json"])
        .args([
            "--per-example",
            "examples.jsonl",
            "--save",
            "run.json",
            "--pairs",
        ])
        .arg(bomb);
    let mut child = common::spawn_held(&mut cmd, "score").expect("the run reaches its first chunk");
    let peak_kb = common::peak_kb(child.id());
    let _ = child.kill();
    let _ = child.wait();
    assert!(peak_kb < 600 << 10, "peak memory {peak_kb} kB");
    let left: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "bomb.parquet")
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[cfg(not(target_os = "linux"))]
fn peak_memory_while_scoring(_bomb: &Path, _dir: &Path) {}

#[test]
fn a_column_named_twice_in_parquet_or_arrow_is_refused() {
    // The first `candidate` column used to win silently, scoring the wrong text.
    let dir = tempfile::tempdir().expect("temp dir");
    let batch = RecordBatch::try_from_iter([
        ("id", Arc::new(StringArray::from(vec!["a"])) as ArrayRef),
        (
            "candidate",
            Arc::new(StringArray::from(vec!["x y"])) as ArrayRef,
        ),
        (
            "reference",
            Arc::new(StringArray::from(vec!["x y"])) as ArrayRef,
        ),
        (
            "candidate",
            Arc::new(StringArray::from(vec!["q"])) as ArrayRef,
        ),
    ])
    .expect("batch");
    write_parquet(&dir.path().join("dup.parquet"), &batch);
    let file = std::fs::File::create(dir.path().join("dup.arrow")).expect("fixture");
    let mut writer =
        arrow_ipc::writer::FileWriter::try_new(file, batch.schema().as_ref()).expect("writer");
    writer.write(&batch).expect("write");
    writer.finish().expect("finish");
    for name in ["dup.parquet", "dup.arrow"] {
        assert_eq!(
            error_in(dir.path(), &["score", "--pairs", name]),
            format!(
                "tomtat: error: {name}: column 'candidate' appears twice in the schema (columns \
                 2 and 4); rename one, or name another with a --*-field option\n"
            )
        );
    }
}

#[test]
fn feather_files_compressed_with_lz4_or_zstd_are_read() {
    // pandas `DataFrame.to_feather()` writes LZ4 by default; both codecs used to be refused
    // with a message naming a cargo feature.
    use arrow_ipc::CompressionType;
    use arrow_ipc::writer::{FileWriter, IpcWriteOptions};
    let dir = tempfile::tempdir().expect("temp dir");
    let batch = batch(&[
        ("id", vec!["a".into(), "b".into()]),
        ("candidate", vec!["xin chào".into(), "hà nội".into()]),
        (
            "reference",
            vec!["xin chào bạn".into(), "hà nội đẹp".into()],
        ),
    ]);
    let mut reports = Vec::new();
    for (name, codec) in [
        ("plain.feather", None),
        ("lz4.feather", Some(CompressionType::LZ4_FRAME)),
        ("zstd.feather", Some(CompressionType::ZSTD)),
    ] {
        let options = IpcWriteOptions::default()
            .try_with_compression(codec)
            .expect("codec");
        let file = std::fs::File::create(dir.path().join(name)).expect("fixture");
        let mut writer =
            FileWriter::try_new_with_options(file, batch.schema().as_ref(), options).expect("w");
        writer.write(&batch).expect("write");
        writer.finish().expect("finish");
        reports.push(common::stdout_of_success(
            tomtat()
                .current_dir(dir.path())
                .args(["score", "--format", "json", "--pairs", name]),
        ));
    }
    assert_eq!(reports[0], reports[1]);
    assert_eq!(reports[0], reports[2]);
}

#[test]
fn a_six_byte_arrow1_file_says_it_was_cut_short() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("six.arrow"), b"ARROW1").expect("fixture");
    assert_eq!(
        error_in(dir.path(), &["score", "--pairs", "six.arrow"]),
        "tomtat: error: six.arrow: cannot read: an Arrow IPC file cut short (6 bytes: it starts \
         with the ARROW1 magic but does not end with it)\n"
    );
}

#[test]
fn a_non_utf8_parquet_cell_names_its_column_and_row() {
    // Written by scripts/gen_columnar_fixtures.py: plain-encoded, row 3 holds the bytes FF FE.
    // The decoder's own message named neither the column nor the row.
    assert_eq!(
        error_in(
            &fixture(""),
            &["score", "--pairs", "non-utf8.plain.parquet"]
        ),
        "tomtat: error: non-utf8.plain.parquet:3: column 'candidate' is not valid UTF-8 (met \
         decoding this row; in a dictionary-encoded column, the bad value may be in a later \
         row)\n"
    );
}

#[test]
fn a_compressed_feather_buffer_claiming_a_terabyte_is_refused_before_allocation() {
    // One edited 8-byte length in an LZ4 Feather file: the IPC reader allocated the stated
    // 35 TB and the process aborted ("memory allocation failed", SIGABRT).
    assert_eq!(
        error_in(
            &fixture(""),
            &["score", "--pairs", "corrupt.lz4-length.feather"]
        ),
        "tomtat: error: corrupt.lz4-length.feather: cannot read: the file is corrupt (a buffer \
         of 40 compressed bytes claims 35184372088832 bytes once decompressed, more than it \
         could hold)\n"
    );
}
