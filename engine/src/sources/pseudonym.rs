//! Keyed pseudonyms for staff and account identifiers.
//!
//! HR and identity exports carry staff numbers; they must not reach a report. Each identifier is
//! replaced, before it enters the evidence document, by an HMAC-SHA256 of it under the
//! organisation's key: stable across runs with the same key, and not reversible by hashing a list
//! of staff numbers without the key.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use hmac::{KeyInit, Mac};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Hex digits of the digest kept in a pseudonym (64 bits: no collisions at any staff count).
const PSEUDONYM_HEX_DIGITS: usize = 16;

/// Turns identifiers into pseudonyms under one key.
#[derive(Clone)]
pub struct Pseudonymiser {
    key: Vec<u8>,
    /// Pseudonym → identifier, kept only when the user asked to see personal data
    /// (`--show-personal-data`); never part of the evidence document.
    remembered: Option<Arc<Mutex<BTreeMap<String, String>>>>,
}

impl std::fmt::Debug for Pseudonymiser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The key is a secret: never print it.
        f.write_str("Pseudonymiser { key: <redacted> }")
    }
}

impl Pseudonymiser {
    /// A pseudonymiser keyed by `key`.
    pub fn new(key: &[u8]) -> Self {
        Pseudonymiser {
            key: key.to_vec(),
            remembered: None,
        }
    }

    /// A pseudonymiser that also remembers which identifier each pseudonym stands for.
    pub fn remembering(key: &[u8]) -> Self {
        Pseudonymiser {
            key: key.to_vec(),
            remembered: Some(Arc::default()),
        }
    }

    /// Pseudonym → identifier of everything pseudonymised so far (empty unless remembering).
    pub fn identities(&self) -> BTreeMap<String, String> {
        self.remembered
            .as_ref()
            .and_then(|map| map.lock().ok().map(|map| map.clone()))
            .unwrap_or_default()
    }

    /// `p-` and 16 hex digits.
    pub fn pseudonym(&self, identifier: &str) -> String {
        // HMAC accepts keys of any length, so this cannot fail; an empty key still gives a keyed hash.
        let mut mac = match HmacSha256::new_from_slice(&self.key) {
            Ok(mac) => mac,
            Err(_) => return format!("p-{}", "0".repeat(PSEUDONYM_HEX_DIGITS)),
        };
        mac.update(identifier.trim().as_bytes());
        let digest = mac.finalize().into_bytes();
        let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
        let pseudonym = format!("p-{}", hex.get(..PSEUDONYM_HEX_DIGITS).unwrap_or(&hex));
        if let Some(Ok(mut map)) = self.remembered.as_ref().map(|m| m.lock()) {
            map.insert(pseudonym.clone(), identifier.trim().to_string());
        }
        pseudonym
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable_per_key_and_differ_across_keys() {
        let a = Pseudonymiser::new(b"key-a");
        let b = Pseudonymiser::new(b"key-b");
        assert_eq!(a.pseudonym("E1001"), a.pseudonym("E1001"));
        assert_eq!(a.pseudonym(" E1001 "), a.pseudonym("E1001"));
        assert_ne!(a.pseudonym("E1001"), b.pseudonym("E1001"));
        assert_ne!(a.pseudonym("E1001"), a.pseudonym("E1002"));
        assert_eq!(a.pseudonym("E1001").len(), 18);
        assert!(!a.pseudonym("E1001").contains("1001"));
    }
}
