//! Any bytes as a vulnerability scan report (SARIF, Trivy or Grype JSON): findings or a typed
//! error, never a panic.
#![no_main]

use dspt_engine::sources::scans::parse_scan_report;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_scan_report("report.json", data);
});
