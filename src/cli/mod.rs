//! Command-line edge: parses arguments, runs one subcommand, prints errors once.

mod compare;
mod correlate;
mod dataset;
mod dataset_check;
mod dataset_import;
mod leaderboard;
mod merge;
mod options;
mod score;
mod score_input;
mod score_output;
mod signature;
mod tokenize;

use clap::{Parser, Subcommand};
use std::io::{ErrorKind, Write};
use std::process::ExitCode;

/// ROUGE-style summary evaluation that is correct for Vietnamese.
#[derive(Debug, Parser)]
#[command(name = "tomtat", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Longest line accepted in any input (bytes, or with a K, M or G suffix); a longer line,
    /// or an endless one such as /dev/zero, is an error naming the file and line.
    #[arg(long, global = true, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    max_line_bytes: usize,
}

/// `N`, `NK`, `NM` or `NG` (powers of 1024), at least 1.
fn parse_size(text: &str) -> Result<usize, String> {
    let (digits, unit) = match text.trim().char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&text.trim()[..i], c.to_ascii_uppercase()),
        _ => (text.trim(), 'B'),
    };
    let shift = match unit {
        'B' => 0,
        'K' => 10,
        'M' => 20,
        'G' => 30,
        _ => return Err(format!("unknown unit '{unit}' (use K, M or G)")),
    };
    let n: usize = digits
        .parse()
        .map_err(|_| format!("'{text}' is not a size such as 1048576, 512K, 64M or 2G"))?;
    match n.checked_mul(1 << shift) {
        Some(0) => Err("the size must be at least 1 byte".to_string()),
        Some(bytes) => Ok(bytes),
        None => Err(format!("'{text}' is too large")),
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    Score(Box<score::Args>),
    Compare(compare::Args),
    Correlate(correlate::Args),
    Leaderboard(leaderboard::Args),
    Merge(merge::Args),
    Signature(signature::Args),
    Tokenize(tokenize::Args),
    Dataset(dataset::Args),
}

/// Parses the command line and runs it; exit 0 on success, 2 on bad usage or bad input.
pub fn run() -> ExitCode {
    // SIGINT, SIGTERM or SIGHUP: remove the temporary files of outputs being written (the
    // previous outputs are untouched until a rename) and exit like a shell does.
    let _ = ctrlc::set_handler(|| {
        tomtat::files::remove_temporaries();
        std::process::exit(130);
    });
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if e.use_stderr()
                && e.kind() != clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand =>
        {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(
                stderr,
                "tomtat: error: {}",
                tomtat::report::terminal_safe(&one_line(&e.render().to_string()))
            );
            return ExitCode::from(2);
        }
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    tomtat::files::set_max_line_bytes(cli.max_line_bytes);
    let result = match cli.command {
        Command::Compare(args) => compare::run(args),
        Command::Correlate(args) => correlate::run(args),
        Command::Dataset(args) => dataset::run(args),
        Command::Leaderboard(args) => leaderboard::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Score(args) => score::run(*args),
        Command::Signature(args) => signature::run(args),
        Command::Tokenize(args) => tokenize::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let mut stderr = std::io::stderr().lock();
            let message = one_cause_each(&e);
            let _ = writeln!(
                stderr,
                "tomtat: error: {}",
                tomtat::report::terminal_safe(&message)
            );
            ExitCode::from(2)
        }
    }
}

/// A clap usage error on one line: its message without the `error:` label, the usage block or
/// the pointer to `--help` (which it gets back in a short form).
fn one_line(message: &str) -> String {
    let words: Vec<&str> = message
        .lines()
        .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
        .flat_map(str::split_whitespace)
        .collect();
    let text = words.join(" ");
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    format!("{text} (see --help)")
}

/// Writes command output to `path` atomically, or to stdout.
fn emit(path: Option<&std::path::Path>, text: &str) -> anyhow::Result<()> {
    match path {
        Some(path) => tomtat::files::write_atomic(path, text.as_bytes())?,
        None => {
            use std::io::IsTerminal;
            let mut out = std::io::stdout().lock();
            if out.is_terminal() {
                out.write_all(tomtat::report::terminal_safe_text(text).as_bytes())?;
            } else {
                out.write_all(text.as_bytes())?;
            }
            out.flush()?;
        }
    }
    Ok(())
}

/// The error and its causes joined by ": ", each cause once (an I/O error's text is often
/// already part of the message that wraps it).
fn one_cause_each(e: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

/// A reader that went away (`tomtat … | head -1`) is not an error worth reporting.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == ErrorKind::BrokenPipe)
    })
}
