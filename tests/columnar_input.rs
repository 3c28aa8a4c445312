//! Parquet and Arrow IPC input for `score --pairs`: the same rows give the same report and
//! per-example bytes as JSON Lines; `--*-field` names other columns (also in JSON Lines and
//! CSV); bad files and cells are errors naming the file, the row and the column.
#![cfg(feature = "columnar")]

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use assert_cmd::Command;
use std::path::Path;
use std::sync::Arc;

struct Example {
    id: String,
    candidate: String,
    references: Vec<String>,
}

/// Seeded Vietnamese/English examples with 1–3 references, some with line breaks.
fn examples(n: usize) -> Vec<Example> {
    let words = [
        "hòa", "bình", "hoà", "Ukraine", "Nga", "đàm", "phán", "tại", "Geneva", "không", "có",
        "đột", "phá", "the", "talks", "ended", "quân", "đội", "biên", "giới",
    ];
    let mut state = 12345u64;
    let mut next = move |m: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) % m as u64) as usize
    };
    let text = |next: &mut dyn FnMut(usize) -> usize| {
        let len = 1 + next(12);
        let mut out: Vec<&str> = (0..len).map(|_| words[next(words.len())]).collect();
        if next(4) == 0 {
            out.insert(len / 2, "\n");
        }
        out.join(" ")
    };
    (0..n)
        .map(|i| {
            let candidate = text(&mut next);
            let refs = 1 + next(3);
            Example {
                id: format!("ex-{i}"),
                candidate,
                references: (0..refs).map(|_| text(&mut next)).collect(),
            }
        })
        .collect()
}

fn write_jsonl(path: &Path, rows: &[Example], names: (&str, &str, &str)) {
    let lines: Vec<String> = rows
        .iter()
        .map(|e| {
            serde_json::json!({names.0: e.id, names.1: e.candidate, names.2: e.references})
                .to_string()
        })
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").expect("write jsonl");
}

fn batch(rows: &[Example]) -> RecordBatch {
    let ids: ArrayRef = Arc::new(StringArray::from_iter_values(rows.iter().map(|e| &e.id)));
    let candidates: ArrayRef = Arc::new(StringArray::from_iter_values(
        rows.iter().map(|e| &e.candidate),
    ));
    let mut refs = ListBuilder::new(StringBuilder::new());
    for e in rows {
        for r in &e.references {
            refs.values().append_value(r);
        }
        refs.append(true);
    }
    let refs: ArrayRef = Arc::new(refs.finish());
    RecordBatch::try_from_iter([("id", ids), ("candidate", candidates), ("references", refs)])
        .expect("batch")
}

fn write_parquet(path: &Path, batches: &[RecordBatch]) {
    use parquet::basic::{Compression, ZstdLevel};
    write_parquet_with(path, batches, Compression::ZSTD(ZstdLevel::default()));
}

fn write_parquet_with(
    path: &Path,
    batches: &[RecordBatch],
    compression: parquet::basic::Compression,
) {
    use parquet::arrow::ArrowWriter;
    use parquet::file::properties::WriterProperties;
    let props = WriterProperties::builder()
        .set_compression(compression)
        .set_max_row_group_row_count(Some(70))
        .build();
    let file = std::fs::File::create(path).expect("create");
    let mut writer = ArrowWriter::try_new(file, batches[0].schema(), Some(props)).expect("writer");
    for b in batches {
        writer.write(b).expect("write");
    }
    writer.close().expect("close");
}

fn write_arrow_file(path: &Path, batches: &[RecordBatch]) {
    let file = std::fs::File::create(path).expect("create");
    let mut w = arrow_ipc::writer::FileWriter::try_new(file, &batches[0].schema()).expect("w");
    for b in batches {
        w.write(b).expect("write");
    }
    w.finish().expect("finish");
}

fn write_arrow_stream(path: &Path, batches: &[RecordBatch]) {
    let file = std::fs::File::create(path).expect("create");
    let mut w = arrow_ipc::writer::StreamWriter::try_new(file, &batches[0].schema()).expect("w");
    for b in batches {
        w.write(b).expect("write");
    }
    w.finish().expect("finish");
}

fn tomtat(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("tomtat")
        .expect("binary")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run")
}

/// The JSON report and the per-example lines of one scored file.
fn score(dir: &Path, file: &str, extra: &[&str]) -> (String, String) {
    let per = format!("{file}.per.jsonl");
    let mut args = vec![
        "score",
        "--pairs",
        file,
        "--profile",
        "vi-v1",
        "--format",
        "json",
    ];
    args.extend([
        "--per-example",
        &per,
        "--metrics",
        "rouge1,rouge2,rougeLsum",
    ]);
    args.extend(extra);
    let out = tomtat(dir, &args);
    assert!(
        out.status.success(),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let per = std::fs::read_to_string(dir.join(per)).expect("per-example");
    (String::from_utf8(out.stdout).expect("utf-8"), per)
}

fn error_of(out: &std::process::Output) -> String {
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn parquet_and_arrow_files_give_the_jsonl_report_and_per_example_bytes() {
    let dir = tempfile::tempdir().expect("dir");
    let rows = examples(300);
    write_jsonl(
        &dir.path().join("p.jsonl"),
        &rows,
        ("id", "candidate", "references"),
    );
    let batches: Vec<RecordBatch> = rows.chunks(64).map(batch).collect();
    write_parquet(&dir.path().join("p.parquet"), &batches);
    write_arrow_file(&dir.path().join("p.arrow"), &batches);
    write_arrow_stream(&dir.path().join("p.stream.arrow"), &batches);
    let expected = score(dir.path(), "p.jsonl", &[]);
    use parquet::basic::{Compression, GzipLevel};
    for (name, codec) in [
        ("snappy", Compression::SNAPPY),
        ("gzip", Compression::GZIP(GzipLevel::default())),
        ("lz4", Compression::LZ4_RAW),
        ("none", Compression::UNCOMPRESSED),
    ] {
        write_parquet_with(
            &dir.path().join(format!("p-{name}.parquet")),
            &batches,
            codec,
        );
    }
    for file in [
        "p.parquet",
        "p-snappy.parquet",
        "p-gzip.parquet",
        "p-lz4.parquet",
        "p-none.parquet",
        "p.arrow",
        "p.stream.arrow",
    ] {
        assert_eq!(score(dir.path(), file, &[]), expected, "{file}");
    }
    // Chunking never shows in the output.
    assert_eq!(
        score(dir.path(), "p.parquet", &["--chunk-bytes", "1"]),
        expected
    );
    // The extension can be overridden.
    std::fs::copy(dir.path().join("p.parquet"), dir.path().join("p.bin")).expect("copy");
    assert_eq!(
        score(dir.path(), "p.bin", &["--input-format", "parquet"]),
        expected
    );
}

#[test]
fn field_flags_name_other_columns_in_every_format() {
    let dir = tempfile::tempdir().expect("dir");
    let rows = examples(40);
    write_jsonl(
        &dir.path().join("p.jsonl"),
        &rows,
        ("id", "candidate", "references"),
    );
    let expected = score(dir.path(), "p.jsonl", &[]);
    let flags = [
        "--id-field",
        "doc",
        "--candidate-field",
        "summary",
        "--references-field",
        "highlights",
    ];
    write_jsonl(
        &dir.path().join("renamed.jsonl"),
        &rows,
        ("doc", "summary", "highlights"),
    );
    assert_eq!(score(dir.path(), "renamed.jsonl", &flags), expected);

    let b = batch(&rows);
    let renamed = RecordBatch::try_new(
        Arc::new(Schema::new(vec![
            Field::new("doc", DataType::Utf8, false),
            Field::new("summary", DataType::Utf8, false),
            b.schema().field(2).clone().with_name("highlights"),
        ])),
        b.columns().to_vec(),
    )
    .expect("renamed");
    write_parquet(&dir.path().join("renamed.parquet"), &[renamed]);
    assert_eq!(score(dir.path(), "renamed.parquet", &flags), expected);

    // CSV: one named reference column (header case does not matter).
    let mut csv = String::from("Doc,Summary,Highlights,reference\n");
    let mut one_ref = String::new();
    for e in &rows {
        let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        csv += &format!(
            "{},{},{},{}\n",
            q(&e.id),
            q(&e.candidate),
            q(&e.references[0]),
            q("not read")
        );
        one_ref += &(serde_json::json!({"id": e.id, "candidate": e.candidate, "reference": e.references[0]})
            .to_string()
            + "\n");
    }
    std::fs::write(dir.path().join("renamed.csv"), csv).expect("csv");
    std::fs::write(dir.path().join("one.jsonl"), one_ref).expect("jsonl");
    let csv_flags = [
        "--id-field",
        "doc",
        "--candidate-field",
        "summary",
        "--reference-field",
        "highlights",
    ];
    assert_eq!(
        score(dir.path(), "renamed.csv", &csv_flags),
        score(dir.path(), "one.jsonl", &[])
    );

    // A missing named field names it, and the fields the row has that nothing reads.
    let out = tomtat(
        dir.path(),
        &[
            "score",
            "--pairs",
            "p.jsonl",
            "--profile",
            "vi-v1",
            "--candidate-field",
            "summary",
        ],
    );
    assert_eq!(
        error_of(&out),
        "tomtat: error: p.jsonl:1: missing field 'summary'; this row also has 'candidate': \
         name the fields to read with --candidate-field NAME and --reference-field NAME (or \
         --references-field for a list)\n"
    );
}

#[test]
fn integer_ids_are_read_as_text_and_other_types_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let ids: ArrayRef = Arc::new(Int64Array::from(vec![7, 8]));
    let text: ArrayRef = Arc::new(StringArray::from(vec!["hòa bình", "đàm phán"]));
    let b = RecordBatch::try_from_iter([
        ("id", ids.clone()),
        ("candidate", text.clone()),
        ("reference", text.clone()),
    ])
    .expect("batch");
    write_parquet(&dir.path().join("int.parquet"), &[b]);
    std::fs::write(
        dir.path().join("int.jsonl"),
        "{\"id\":\"7\",\"candidate\":\"hòa bình\",\"reference\":\"hòa bình\"}\n\
         {\"id\":\"8\",\"candidate\":\"đàm phán\",\"reference\":\"đàm phán\"}\n",
    )
    .expect("jsonl");
    assert_eq!(
        score(dir.path(), "int.parquet", &[]),
        score(dir.path(), "int.jsonl", &[])
    );

    let floats: ArrayRef = Arc::new(Float64Array::from(vec![0.5, 1.0]));
    let b = RecordBatch::try_from_iter([
        ("id", ids.clone()),
        ("candidate", floats),
        ("reference", text.clone()),
    ])
    .expect("batch");
    write_parquet(&dir.path().join("float.parquet"), &[b]);
    let out = tomtat(
        dir.path(),
        &["score", "--pairs", "float.parquet", "--profile", "vi-v1"],
    );
    assert_eq!(
        error_of(&out),
        "tomtat: error: float.parquet:1: field 'candidate' must be a string, not a number\n"
    );

    let ints: ArrayRef = Arc::new(Int64Array::from(vec![1, 2]));
    let b = RecordBatch::try_from_iter([("id", ids), ("candidate", text), ("reference", ints)])
        .expect("batch");
    write_arrow_file(&dir.path().join("int-ref.arrow"), &[b]);
    let out = tomtat(
        dir.path(),
        &["score", "--pairs", "int-ref.arrow", "--profile", "vi-v1"],
    );
    assert_eq!(
        error_of(&out),
        "tomtat: error: int-ref.arrow:1: field 'reference' must be a string, not a number\n"
    );
}

#[test]
fn null_cells_and_broken_files_name_the_row_and_the_file() {
    let dir = tempfile::tempdir().expect("dir");
    let ids: ArrayRef = Arc::new(StringArray::from(vec!["a", "b", "c"]));
    let cands: ArrayRef = Arc::new(StringArray::from(vec![Some("x"), Some("y"), None]));
    let refs: ArrayRef = Arc::new(StringArray::from(vec!["x", "y", "z"]));
    let b = RecordBatch::try_from_iter([("id", ids), ("candidate", cands), ("reference", refs)])
        .expect("batch");
    write_parquet(&dir.path().join("null.parquet"), &[b]);
    let out = tomtat(
        dir.path(),
        &["score", "--pairs", "null.parquet", "--profile", "en"],
    );
    assert_eq!(
        error_of(&out),
        "tomtat: error: null.parquet:3: missing field 'candidate' (or 'prediction')\n"
    );

    // A null inside a reference list is named like the same JSON Lines row names it.
    let mut refs = ListBuilder::new(StringBuilder::new());
    refs.values().append_value("x");
    refs.values().append_null();
    refs.append(true);
    let b = RecordBatch::try_from_iter([
        ("id", Arc::new(StringArray::from(vec!["a"])) as ArrayRef),
        (
            "candidate",
            Arc::new(StringArray::from(vec!["x"])) as ArrayRef,
        ),
        ("references", Arc::new(refs.finish()) as ArrayRef),
    ])
    .expect("batch");
    write_parquet(&dir.path().join("null-item.parquet"), &[b]);
    std::fs::write(
        dir.path().join("null-item.jsonl"),
        "{\"id\":\"a\",\"candidate\":\"x\",\"references\":[\"x\",null]}\n",
    )
    .expect("write");
    for file in ["null-item.parquet", "null-item.jsonl"] {
        let out = tomtat(dir.path(), &["score", "--pairs", file, "--profile", "en"]);
        assert_eq!(
            error_of(&out),
            format!("tomtat: error: {file}:1: field 'references'[1] must be a string, not null\n")
        );
    }

    std::fs::write(dir.path().join("bad.parquet"), b"PAR1 not really").expect("write");
    let err = error_of(&tomtat(
        dir.path(),
        &["score", "--pairs", "bad.parquet", "--profile", "en"],
    ));
    assert!(
        err.starts_with("tomtat: error: bad.parquet: cannot read: "),
        "{err}"
    );

    std::fs::write(dir.path().join("bad.arrow"), b"ARROW1\0\0garbage").expect("write");
    let err = error_of(&tomtat(
        dir.path(),
        &["score", "--pairs", "bad.arrow", "--profile", "en"],
    ));
    assert!(
        err.starts_with("tomtat: error: bad.arrow: cannot read: "),
        "{err}"
    );
}

/// Files written by pyarrow the way pandas, polars and Hugging Face `datasets` write them
/// (tests/fixtures/columnar, scripts/gen_columnar_fixtures.py) give the JSON Lines report.
#[test]
fn files_written_by_pyarrow_give_the_jsonl_report() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/columnar");
    let dir = tempfile::tempdir().expect("dir");
    for name in std::fs::read_dir(&fixtures).expect("fixtures") {
        let path = name.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let all = score(dir.path(), "pairs.jsonl", &[]);
    let first = score(dir.path(), "pairs.first.jsonl", &[]);
    for file in [
        "pairs.pyarrow.parquet",
        "pairs.large.parquet",
        "pairs.hf.arrow",
    ] {
        assert_eq!(score(dir.path(), file, &[]), all, "{file}");
    }
    assert_eq!(score(dir.path(), "pairs.view.arrow", &[]), first);
}
