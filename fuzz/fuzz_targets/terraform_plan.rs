//! Any bytes as a plan: a plan or a typed error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = dspt_engine::sources::terraform::parse_plan("plan.json", data);
});
