//! Any bytes as an HR export (CSV, or JSON records) and as an identity export, under the
//! fixture's column mapping: records or a typed error, never a panic.
#![no_main]

use std::collections::BTreeMap;

use dspt_engine::sources::hr::{HrColumns, HrMapping, parse_hr_export};
use dspt_engine::sources::identity::{IdentityColumns, parse_identity_export};
use dspt_engine::sources::pseudonym::Pseudonymiser;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let file = if first % 2 == 0 {
        "export.csv"
    } else {
        "export.json"
    };
    let mapping = HrMapping {
        columns: HrColumns {
            staff_id: "Employee Number".into(),
            role: Some("Job Title".into()),
            start_date: Some("Start Date".into()),
            leave_date: Some("Leave Date".into()),
            status: Some("Status".into()),
            contract_clause: Some("Contract Clause".into()),
        },
        courses: BTreeMap::from([("data_security".to_string(), "Training".to_string())]),
        exported_on: Some("2026-06-30".into()),
    };
    let pseudonymiser = Pseudonymiser::new(b"fuzz");
    let _ = parse_hr_export(file, rest, &mapping, &pseudonymiser);
    let columns: IdentityColumns = match serde_json::from_value(serde_json::json!({
        "account_id": "userPrincipalName",
        "staff_id": "employeeId",
        "enabled": "accountEnabled",
        "mfa": "isMfaRegistered",
        "admin": "isAdmin",
        "last_sign_in": "lastSignIn",
    })) {
        Ok(columns) => columns,
        Err(_) => return,
    };
    let _ = parse_identity_export(file, rest, &columns, Some("2026-06-30"), &pseudonymiser);
});
