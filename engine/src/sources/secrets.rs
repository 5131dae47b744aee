//! Credentials committed to a repository, found by pattern.
//!
//! Only where a credential is and what kind it is leaves this module, never the credential: the
//! report of a secret must not become a second copy of it. Patterns are the providers' own
//! documented formats, chosen so that a match is almost certainly a real credential.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::text::line_of_offset;

/// A credential found in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SecretFinding {
    /// Repository-relative path.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What kind of credential.
    pub kind: &'static str,
}

static PATTERNS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        (
            "private-key",
            r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----",
        ),
        ("aws-access-key-id", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
        (
            "github-token",
            r"\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b",
        ),
        ("slack-token", r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
        ("google-api-key", r"\bAIza[0-9A-Za-z_-]{35}\b"),
        ("azure-storage-key", r"AccountKey=[A-Za-z0-9+/]{86}=="),
    ]
    .into_iter()
    .filter_map(|(kind, pattern)| Regex::new(pattern).ok().map(|regex| (kind, regex)))
    .collect()
});

/// Scans one file's bytes; binary files (a NUL byte early on) and non-UTF-8 files are skipped.
pub fn scan(file: &str, bytes: &[u8]) -> Vec<SecretFinding> {
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return Vec::new();
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (kind, regex) in PATTERNS.iter() {
        for matched in regex.find_iter(text) {
            found.push(SecretFinding {
                file: file.to_string(),
                line: line_of_offset(bytes, matched.start()),
                kind,
            });
        }
    }
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_formats_are_found_with_their_line() {
        let text =
            "a = 1\naws_key = \"AKIAIOSFODNN7EXAMPLE\"\n-----BEGIN OPENSSH PRIVATE KEY-----\n";
        let found = scan("config/settings.py", text.as_bytes());
        let kinds: Vec<(usize, &str)> = found.iter().map(|f| (f.line, f.kind)).collect();
        assert_eq!(kinds, [(2, "aws-access-key-id"), (3, "private-key")]);
    }

    #[test]
    fn lookalikes_and_binaries_are_not_secrets() {
        assert!(
            scan(
                "a.md",
                b"AKIA is the prefix of an AWS key id; AKIAEXAMPLE is too short"
            )
            .is_empty()
        );
        assert!(scan("a.bin", b"\0\0AKIAIOSFODNN7EXAMPLE").is_empty());
    }

    #[test]
    fn the_secret_itself_is_not_kept() {
        let found = scan("a.txt", b"token ghp_abcdefghijklmnopqrstuvwxyz0123456789");
        assert_eq!(found.len(), 1);
        assert!(!format!("{found:?}").contains("ghp_"));
    }
}
