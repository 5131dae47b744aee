//! The evidence a run reads and the facts it is run under, from flags and the config: which
//! files, which day, which pseudonym key. Shared by `check` and `diff`.

use std::path::PathBuf;

use anyhow::{Context, bail};
use dspt_engine::Date;
use dspt_engine::config::Config;
use dspt_engine::gather::EvidenceInputs;
use dspt_engine::model::SourceKind;

use crate::args::EvidenceArgs;

/// Environment variable holding the pseudonym key (the config's `pseudonym_key` wins over it).
const PSEUDONYM_KEY_ENV: &str = "DSPT_PSEUDONYM_KEY";

/// Used when no key is set: pseudonyms are then stable but anyone can recompute them.
const DEFAULT_PSEUDONYM_KEY: &str = "dspt-default-pseudonym-key";

const SECONDS_PER_DAY: u64 = 86_400;

impl EvidenceArgs {
    /// The evidence files: the config's `sources`, then the flags' (a repository given as
    /// `repository` wins over the config's).
    pub fn inputs(&self, config: &Config, repository: Option<PathBuf>) -> EvidenceInputs {
        let joined = |from_config: &[PathBuf], from_flags: &[PathBuf]| -> Vec<PathBuf> {
            from_config.iter().chain(from_flags).cloned().collect()
        };
        EvidenceInputs {
            repository: repository
                .or_else(|| self.repository.clone())
                .or_else(|| config.repository.clone()),
            terraform: joined(&config.terraform, &self.terraform),
            hr: joined(&config.hr_files, &self.hr),
            identity: joined(&config.identity_files, &self.identity),
            assets: joined(register_files(config, SourceKind::Assets), &self.assets),
            suppliers: joined(
                register_files(config, SourceKind::Suppliers),
                &self.suppliers,
            ),
            incidents: joined(
                register_files(config, SourceKind::Incidents),
                &self.incidents,
            ),
            devices: joined(register_files(config, SourceKind::Devices), &self.devices),
            scans: joined(&config.scan_files, &self.scans),
            documents: joined(&config.document_folders, &self.documents),
        }
    }

    /// The day the run speaks for.
    pub fn as_of(&self) -> anyhow::Result<Date> {
        as_of(self.as_of.as_deref())
    }
}

/// The exports the config names for a register.
fn register_files(config: &Config, register: SourceKind) -> &[PathBuf] {
    config
        .register(register)
        .map_or(&[], |source| source.files.as_slice())
}

/// `--as-of`, else `SOURCE_DATE_EPOCH`, else today (UTC).
pub fn as_of(flag: Option<&str>) -> anyhow::Result<Date> {
    if let Some(text) = flag {
        return match Date::parse(text) {
            Some(date) if text.contains('-') => Ok(date),
            _ => bail!("`--as-of {text}` is not a date; write YYYY-MM-DD"),
        };
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text
            .trim()
            .parse::<u64>()
            .with_context(|| format!("SOURCE_DATE_EPOCH=`{text}` is not a number of seconds"))?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .context("the system clock is before 1970")?
            .as_secs(),
    };
    Ok(Date::from_days_since_epoch(
        (seconds / SECONDS_PER_DAY) as i64,
    ))
}

/// The pseudonym key: the config's, else the environment's, else a public default (with a
/// warning when personal data is read: its pseudonyms can then be recomputed).
pub fn pseudonym_key(config: &dspt_engine::config::Config, reads_personal_data: bool) -> String {
    match (&config.pseudonym_key, std::env::var(PSEUDONYM_KEY_ENV)) {
        (Some(key), _) => key.clone(),
        (None, Ok(key)) if !key.is_empty() => key,
        _ => {
            if reads_personal_data {
                eprintln!(
                    "warning: no pseudonym key is set (`pseudonym_key` in the config or {PSEUDONYM_KEY_ENV}); staff pseudonyms use a public default key and can be recomputed from staff numbers"
                );
            }
            DEFAULT_PSEUDONYM_KEY.to_string()
        }
    }
}
