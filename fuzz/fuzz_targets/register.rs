//! Any bytes as one of the four registers (asset, supplier, incident, device), as CSV, JSON or
//! YAML, under a mapping of every field: records or a typed error, never a panic.
#![no_main]

use dspt_engine::sources::pseudonym::Pseudonymiser;
use dspt_engine::sources::register::{ColumnSpec, REGISTERS, RegisterMapping, parse_register};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let kind = &REGISTERS[usize::from(first % 4)];
    let file = match (first / 4) % 3 {
        0 => "register.csv",
        1 => "register.json",
        _ => "register.yaml",
    };
    // Each field's column is named as the field itself, so generated headers can reach them.
    let mapping = RegisterMapping {
        columns: kind
            .fields
            .iter()
            .map(|field| (field.key.to_string(), ColumnSpec::from(field.key)))
            .collect(),
        exported_on: Some("2026-06-30".into()),
        reviewed_on: None,
    };
    let _ = parse_register(kind, file, rest, &mapping, &Pseudonymiser::new(b"fuzz"));
});
