//! `tomtat tokenize`: stdin → tokens, one output line per input line.

use super::options::TokenizerArgs;
use anyhow::{Context, Result};
use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;
use tomtat::Profile;
use tomtat::files::decode_utf8;
use tomtat::text::{looks_vietnamese, xlsum};

/// Print the tokens of each line of standard input, separated by single spaces.
///
/// One output line per input line (an empty line when a line has no tokens). Input must be
/// UTF-8; a BOM is dropped, CRLF is accepted.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  printf 'Hòa bình\\nhoà bình\\n' | tomtat tokenize              # hoà bình (twice)
  printf 'Hòa bình\\n' | tomtat tokenize --tone-style old         # hòa bình
  printf 'Kết quả t.iền ở TP.HCM\\n' | tomtat tokenize            # kết quả tiền ở tp hcm
  printf 'The cats were running\\n' | tomtat tokenize --profile en --stem
  tomtat tokenize --profile rouge-score < summaries.txt")]
pub struct Args {
    #[command(flatten)]
    pub tokenizer: TokenizerArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let profile = args.tokenizer.profile.map_or(Profile::ViV1, Profile::from);
    let tokenizer = args.tokenizer.tokenizer(profile)?;
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut reader = std::io::BufReader::new(tomtat::files::limit::LineLimit::new(stdin));
    let mut raw = Vec::new();
    let mut line_no = 0usize;
    let mut offset = 0usize;
    let mut warned = false;
    loop {
        raw.clear();
        if reader.read_until(b'\n', &mut raw).context("stdin")? == 0 {
            break;
        }
        line_no += 1;
        let text = decode_utf8(&raw, "stdin").map_err(|e| relocate(e, line_no, offset))?;
        offset += raw.len();
        let text = text.trim_end_matches(['\n', '\r']);
        if tokenizer.profile() == Profile::XlSum && !warned && xlsum::is_unnormalized(text) {
            warned = true;
            eprintln!("tomtat: warning: {} (line {line_no})", xlsum::UNNORMALIZED);
        }
        if tokenizer.profile() == Profile::RougeScore && !warned && looks_vietnamese(text) {
            warned = true;
            eprintln!(
                "tomtat: warning: the rouge-score profile keeps only a-z and 0-9, so Vietnamese \
                 letters are dropped (line {line_no}); use --profile vi-v1"
            );
        }
        let mut first = true;
        let mut write_err = None;
        tokenizer.tokenize_with(text, &mut |token| {
            if write_err.is_some() {
                return;
            }
            let sep: &[u8] = if first { b"" } else { b" " };
            first = false;
            if let Err(e) = out
                .write_all(sep)
                .and_then(|_| out.write_all(token.as_bytes()))
            {
                write_err = Some(e);
            }
        });
        if let Some(e) = write_err {
            return Err(e.into());
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Errors from one line are reported against the whole input.
fn relocate(e: tomtat::Error, line_no: usize, offset: usize) -> tomtat::Error {
    match e {
        tomtat::Error::InvalidUtf8 {
            origin,
            byte,
            offset: in_line,
            ..
        } => tomtat::Error::InvalidUtf8 {
            origin,
            line: line_no,
            byte,
            offset: offset + in_line,
        },
        other => other,
    }
}
