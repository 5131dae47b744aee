//! The `identity` source: identity-provider user exports (CSV, or JSON as Entra ID / Graph
//! exports them), read through a column mapping from the config file.
//!
//! Account ids and employee ids are pseudonymised with the same key as HR staff ids, so checks
//! can join an account to its owner's HR record without either id entering the document.

use serde::{Deserialize, Serialize};

use super::pseudonym::Pseudonymiser;
use super::table::{RowPlace, Table};
use crate::error::SourceError;

/// Which columns of an identity export hold what (`sources.identity` in dspt.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityColumns {
    /// Account id, e.g. the user principal name (replaced by a pseudonym).
    pub account_id: String,
    /// Employee id, joining the account to its HR record (replaced by a pseudonym).
    #[serde(default)]
    pub staff_id: Option<String>,
    /// Whether the account is enabled.
    #[serde(default)]
    pub enabled: Option<String>,
    /// Whether MFA is registered or enforced.
    #[serde(default)]
    pub mfa: Option<String>,
    /// Whether the account holds an administrator role.
    #[serde(default)]
    pub admin: Option<String>,
    /// Last successful sign-in.
    #[serde(default)]
    pub last_sign_in: Option<String>,
    /// When the holder signed the administrators' higher-standard agreement.
    #[serde(default)]
    pub agreement_signed: Option<String>,
}

/// `input.identity`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdentitySection {
    /// The exports read.
    pub exports: Vec<IdentityExport>,
    /// Every account, in file then row order.
    pub accounts: Vec<Account>,
}

/// One export file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IdentityExport {
    /// The file as given.
    pub file: String,
    /// Records read.
    pub rows: usize,
    /// The day the export was taken, when the config says.
    pub exported_on: Option<String>,
}

/// One account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Account {
    /// Pseudonym of the account id.
    pub id: String,
    /// Pseudonym of the employee id (same key as HR staff ids).
    pub staff_id: Option<String>,
    /// Enabled; `None` when the export does not say.
    pub enabled: Option<bool>,
    /// MFA registered; `None` when the export does not say.
    pub mfa: Option<bool>,
    /// Holds an administrator role.
    pub admin: Option<bool>,
    /// ISO date of the last successful sign-in.
    pub last_sign_in: Option<String>,
    /// ISO date the higher-standard agreement was signed.
    pub agreement_signed: Option<String>,
    /// The export file.
    pub file: String,
    /// 1-based line (CSV).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// JSON pointer of the record (JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

/// Parses one export from bytes.
pub fn parse_identity_export(
    file: &str,
    bytes: &[u8],
    columns: &IdentityColumns,
    exported_on: Option<&str>,
    pseudonymiser: &Pseudonymiser,
) -> Result<(IdentityExport, Vec<Account>), SourceError> {
    let table = Table::parse(file, bytes)?;
    let account_id = table.column("columns.account_id", &columns.account_id)?;
    let staff_id = table.optional_column("columns.staff_id", columns.staff_id.as_deref())?;
    let enabled = table.optional_column("columns.enabled", columns.enabled.as_deref())?;
    let mfa = table.optional_column("columns.mfa", columns.mfa.as_deref())?;
    let admin = table.optional_column("columns.admin", columns.admin.as_deref())?;
    let last_sign_in =
        table.optional_column("columns.last_sign_in", columns.last_sign_in.as_deref())?;
    let agreement_signed = table.optional_column(
        "columns.agreement_signed",
        columns.agreement_signed.as_deref(),
    )?;

    let mut accounts = Vec::new();
    for row in &table.rows {
        let cells = table.cells(row);
        let id = cells.text(account_id);
        if id.is_empty() {
            return Err(SourceError::EmptyCell {
                location: cells.location(),
                column: columns.account_id.clone(),
            });
        }
        let (line, pointer) = match &row.place {
            RowPlace::Line(line) => (Some(*line), None),
            RowPlace::Pointer(pointer) => (None, Some(pointer.clone())),
        };
        accounts.push(Account {
            id: pseudonymiser.pseudonym(id),
            staff_id: cells
                .optional_text(staff_id)
                .map(|s| pseudonymiser.pseudonym(&s)),
            enabled: cells.boolean(enabled)?,
            mfa: cells.boolean(mfa)?,
            admin: cells.boolean(admin)?,
            last_sign_in: cells.date(last_sign_in)?,
            agreement_signed: cells.date(agreement_signed)?,
            file: file.to_string(),
            line,
            pointer,
        });
    }
    let export = IdentityExport {
        file: file.to_string(),
        rows: accounts.len(),
        exported_on: exported_on.map(str::to_string),
    };
    Ok((export, accounts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns() -> IdentityColumns {
        IdentityColumns {
            account_id: "userPrincipalName".into(),
            staff_id: Some("employeeId".into()),
            enabled: Some("accountEnabled".into()),
            mfa: Some("isMfaRegistered".into()),
            admin: None,
            last_sign_in: Some("signInActivity.lastSuccessfulSignInDateTime".into()),
            agreement_signed: None,
        }
    }

    #[test]
    fn csv_accounts_join_hr_through_the_same_pseudonym() {
        let key = Pseudonymiser::new(b"k");
        let csv = "userPrincipalName,employeeId,accountEnabled,isMfaRegistered,signInActivity.lastSuccessfulSignInDateTime\nann@example.com,E1,true,false,2026-06-25T08:14:00Z\n";
        let (export, accounts) = parse_identity_export(
            "users.csv",
            csv.as_bytes(),
            &columns(),
            Some("2026-06-29"),
            &key,
        )
        .unwrap();
        assert_eq!(export.rows, 1);
        let account = &accounts[0];
        assert_eq!(
            account.staff_id.as_deref(),
            Some(key.pseudonym("E1").as_str())
        );
        assert_eq!(
            (account.enabled, account.mfa, account.admin),
            (Some(true), Some(false), None)
        );
        assert_eq!(account.last_sign_in.as_deref(), Some("2026-06-25"));
        assert_eq!(account.line, Some(2));
        assert!(!format!("{accounts:?}").contains("ann@"));
    }

    #[test]
    fn graph_json_exports_are_read() {
        let json = r#"{"value": [{"userPrincipalName": "ann@example.com", "employeeId": "E1", "accountEnabled": true, "isMfaRegistered": true, "signInActivity": {"lastSuccessfulSignInDateTime": "2026-05-01T10:00:00Z"}}]}"#;
        let (_, accounts) = parse_identity_export(
            "users.json",
            json.as_bytes(),
            &columns(),
            None,
            &Pseudonymiser::new(b"k"),
        )
        .unwrap();
        assert_eq!(accounts[0].pointer.as_deref(), Some("/value/0"));
        assert_eq!(accounts[0].last_sign_in.as_deref(), Some("2026-05-01"));
    }

    #[test]
    fn an_unreadable_boolean_names_row_and_column() {
        let csv = "userPrincipalName,employeeId,accountEnabled,isMfaRegistered,signInActivity.lastSuccessfulSignInDateTime\na,E1,enabled,true,\n";
        let error = parse_identity_export(
            "users.csv",
            csv.as_bytes(),
            &columns(),
            None,
            &Pseudonymiser::new(b"k"),
        )
        .unwrap_err();
        assert_eq!(error.code(), "invalid-boolean");
        assert!(
            error
                .to_string()
                .starts_with("users.csv:2: column `accountEnabled`"),
            "{error}"
        );
    }
}
