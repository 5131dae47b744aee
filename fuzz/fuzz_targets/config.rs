//! Any text as dspt.yaml: a config or a typed error naming the line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = dspt_engine::config::Config::parse("dspt.yaml", text, std::path::Path::new(""));
    }
});
