//! Keyed pseudonyms for staff and account identifiers.
//!
//! HR and identity exports carry staff numbers; they must not reach a report. Each identifier is
//! replaced, before it enters the evidence document, by an HMAC-SHA256 of it under the
//! organisation's key: stable across runs with the same key, and not reversible by hashing a list
//! of staff numbers without the key.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use hmac::{KeyInit, Mac};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Bytes of the digest kept in a pseudonym, as 16 hex digits (64 bits: no collisions at any
/// staff count).
const PSEUDONYM_BYTES: usize = 8;

/// Turns identifiers into pseudonyms under one key.
#[derive(Clone)]
pub struct Pseudonymiser {
    /// The HMAC already keyed: keying costs two SHA-256 blocks, paid once instead of per
    /// identifier (an export has tens of thousands).
    keyed: HmacSha256,
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
            keyed: keyed(key),
            remembered: None,
        }
    }

    /// A pseudonymiser that also remembers which identifier each pseudonym stands for.
    pub fn remembering(key: &[u8]) -> Self {
        Pseudonymiser {
            keyed: keyed(key),
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
        let mut mac = self.keyed.clone();
        mac.update(identifier.trim().as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut pseudonym = String::with_capacity(2 + 2 * PSEUDONYM_BYTES);
        pseudonym.push_str("p-");
        for byte in digest.iter().take(PSEUDONYM_BYTES) {
            // Writing to a String cannot fail.
            let _ = write!(pseudonym, "{byte:02x}");
        }
        if let Some(Ok(mut map)) = self.remembered.as_ref().map(|m| m.lock()) {
            map.insert(pseudonym.clone(), identifier.trim().to_string());
        }
        pseudonym
    }
}

/// HMAC-SHA256 keyed by `key`. HMAC takes keys of any length (longer ones are hashed first), so
/// keying cannot fail; an empty key still gives a keyed hash.
fn keyed(key: &[u8]) -> HmacSha256 {
    <HmacSha256 as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"))
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

    #[test]
    fn pseudonyms_are_the_first_64_bits_of_the_hmac_in_hex() {
        // Python: "p-" + hmac.new(key, b"E1001", hashlib.sha256).hexdigest()[:16]
        assert_eq!(
            Pseudonymiser::new(b"key-a").pseudonym("E1001"),
            "p-649cd83a85710d99"
        );
        assert_eq!(
            Pseudonymiser::new(b"").pseudonym("E1001"),
            "p-e268963aeeeea9a0"
        );
    }
}
