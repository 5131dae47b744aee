//! Any UTF-8 text as a policy document with front matter: a document or a typed error, never a
//! panic.
#![no_main]

use dspt_engine::sources::documents::parse_document;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_document("policies", "policy.md", "policies/policy.md", text);
});
