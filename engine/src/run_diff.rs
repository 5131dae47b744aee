//! One `dspt diff` run: read both revisions from git, load each one's bundle and catalogue,
//! compare them, and with evidence, assess both on it and compare the outcomes.

use std::path::PathBuf;

use crate::catalogue::{Catalogue, DEFAULT_FRAMEWORK, catalogue_with_overlays};
use crate::diff::{PolicyDiff, RevisionLabel, RevisionSide, compare_assessments, diff_policies};
use crate::error::{Error, RevisionError};
use crate::gather::EvidenceInputs;
use crate::model::Date;
use crate::policy::bundle::PolicyBundle;
use crate::policy::params::weakening_directions;
use crate::results::Assessment;
use crate::revision::{
    PolicyRevision, RevisionRef, open_repository, path_in_repository, read_revision,
};
use crate::run::{CheckOptions, compile_bundle, run_check_with};

/// What to compare.
#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// A folder inside the git repository.
    pub repository: PathBuf,
    /// The config file as a path in the working tree; read at each revision.
    pub config: PathBuf,
    /// The older revision.
    pub base: RevisionRef,
    /// The newer revision.
    pub head: RevisionRef,
    /// Framework (else the head config's, else the base's, else the default).
    pub framework: Option<String>,
    /// Evidence to assess both revisions on, when given.
    pub impact: Option<ImpactOptions>,
}

/// The evidence and settings both revisions are assessed with.
#[derive(Debug, Clone)]
pub struct ImpactOptions {
    /// Evidence files.
    pub inputs: EvidenceInputs,
    /// The day both assessments speak for.
    pub as_of: Date,
    /// One key for both sides, so records pair up.
    pub pseudonym_key: Vec<u8>,
}

struct LoadedRevision {
    revision: PolicyRevision,
    label: RevisionLabel,
    bundle: PolicyBundle,
    catalogue: Catalogue,
}

impl LoadedRevision {
    fn side(&self) -> RevisionSide<'_> {
        RevisionSide {
            label: &self.label,
            config: &self.revision.config,
            bundle: &self.bundle,
            catalogue: &self.catalogue,
        }
    }
}

/// Errors inside one revision name it.
fn at(revision: &PolicyRevision) -> impl Fn(Error) -> Error + '_ {
    move |error| {
        Error::Revision(RevisionError::InRevision {
            revision: revision.label.clone(),
            error: Box::new(error),
        })
    }
}

fn load(revision: PolicyRevision, framework: &str) -> Result<LoadedRevision, Error> {
    let bundle =
        compile_bundle(&revision.config, revision.policy_files.clone()).map_err(at(&revision))?;
    let catalogue = catalogue_with_overlays(framework, &revision.overlays, &bundle)
        .map_err(|error| at(&revision)(error.into()))?;
    let label = RevisionLabel {
        label: revision.label.clone(),
        commit: revision.commit.clone(),
    };
    Ok(LoadedRevision {
        revision,
        label,
        bundle,
        catalogue,
    })
}

/// Runs the comparison.
pub fn run_diff(options: &DiffOptions) -> Result<PolicyDiff, Error> {
    let repository = open_repository(&options.repository)?;
    let config_path = path_in_repository(&repository, &options.config)?;
    let base = read_revision(&repository, &options.base, &config_path)?;
    let head = read_revision(&repository, &options.head, &config_path)?;
    if !base.has_config && !head.has_config {
        return Err(RevisionError::NoConfig {
            path: config_path.display().to_string(),
            base: base.label,
            head: head.label,
        }
        .into());
    }
    let framework = options
        .framework
        .clone()
        .or_else(|| head.config.framework.clone())
        .or_else(|| base.config.framework.clone())
        .unwrap_or_else(|| DEFAULT_FRAMEWORK.to_string());
    let base = load(base, &framework)?;
    let head = load(head, &framework)?;
    let directions = weakening_directions()?;
    let mut diff = diff_policies(base.side(), head.side(), &directions);
    if let Some(impact) = &options.impact {
        let assess = |loaded: &LoadedRevision| -> Result<Assessment, Error> {
            let mut check = CheckOptions::new(impact.as_of, impact.pseudonym_key.clone());
            check.inputs = impact.inputs.clone();
            check.config = loaded.revision.config.clone();
            check.framework = Some(framework.clone());
            run_check_with(&check, &loaded.bundle, &loaded.catalogue).map_err(at(&loaded.revision))
        };
        let (before, after) = (assess(&base)?, assess(&head)?);
        diff.impact = Some(compare_assessments(
            &before,
            &base.label.label,
            &after,
            &head.label.label,
        ));
    }
    Ok(diff)
}
