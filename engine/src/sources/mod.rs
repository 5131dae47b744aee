//! Evidence sources: each turns files into one section of the evidence document.

pub mod documents;
pub mod files;
pub mod hr;
pub mod identity;
pub mod positions;
pub mod pseudonym;
pub mod register;
pub mod repo;
pub mod scans;
pub mod secrets;
pub mod table;
pub mod terraform;
pub mod terraform_config;
pub mod text;
pub mod training_needs;

use std::io::Read;
use std::path::Path;

use crate::error::SourceError;

/// Default largest input file read (plans, exports): 128 MiB, several times the largest plan
/// measured (5,000 resources: 10 MB).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 128 * 1024 * 1024;

/// `sha256:` and the hex digest of a file's bytes, so a reviewer can tell which export was assessed.
pub(crate) fn digest(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha256_text(&sha2::Sha256::digest(bytes))
}

/// `sha256:` and the hex of a finished SHA-256 hash (of one file, or of several fed in turn).
pub(crate) fn sha256_text(hash: &[u8]) -> String {
    let hex: String = hash.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("sha256:{hex}")
}

/// Reads a file named on the command line or in the config, refusing one over `max_bytes`.
pub fn read_input(path: &Path, max_bytes: u64) -> Result<Vec<u8>, SourceError> {
    let unreadable = |source| SourceError::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    // A regular file says its size: refuse a large one before reading a byte of it. The read
    // below is bounded too, for pipes and files that grow.
    if let Ok(metadata) = file.metadata()
        && metadata.is_file()
        && metadata.len() > max_bytes
    {
        return Err(SourceError::TooLarge {
            path: path.to_path_buf(),
            size: metadata.len(),
            limit: max_bytes,
        });
    }
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > max_bytes {
        let size = std::fs::metadata(path).map_or(bytes.len() as u64, |m| m.len());
        return Err(SourceError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: max_bytes,
        });
    }
    Ok(bytes)
}
