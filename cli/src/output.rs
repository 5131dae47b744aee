//! Writing what a command produced: to standard output, where a closed pipe (`dspt … | head`)
//! is not an error, or to a file, replaced whole or not at all.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::args::ColorChoice;

/// Writes `text` to standard output.
pub fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A closed pipe (`dspt check | head`) is not an error, and must not change the gate.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}

/// Whether to colour text written to standard output (`to_file`: `--output` was given).
pub fn use_color(choice: ColorChoice, to_file: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            !to_file && std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

/// Writes a report to `output`, or to standard output.
pub fn write_report(output: Option<&Path>, report: &str) -> anyhow::Result<()> {
    match output {
        Some(path) => write_atomically(path, report.as_bytes())
            .with_context(|| format!("cannot write the report to `{}`", path.display())),
        None => write_stdout(report),
    }
}

/// Writes beside the target then renames, so a failed run never leaves half a report.
///
/// Only a regular file (or a new path) is replaced that way: renaming over `/dev/null`, a FIFO or
/// `/dev/stdout` would replace the device itself (as root, `--output /dev/null` turned the
/// machine's /dev/null into a regular file), so those are written in place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if std::fs::metadata(path).is_ok_and(|metadata| !metadata.is_file()) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|mut file| file.write_all(bytes));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary: PathBuf = path.with_file_name(format!(".{file_name}.dspt-tmp"));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}
