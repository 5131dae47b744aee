//! The evidence document: every source's section plus the assessment's own facts, given to every
//! check as `input`. A section no source supplied is absent, never empty.

use serde::Serialize;

use crate::model::{AssessmentFacts, SourceKind};
use crate::sources::documents::DocumentSection;
use crate::sources::hr::HrSection;
use crate::sources::identity::IdentitySection;
use crate::sources::register::RegisterSection;
use crate::sources::repo::RepositorySection;
use crate::sources::scans::ScanSection;
use crate::sources::terraform::TerraformSection;

/// The whole `input`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceDocument {
    /// Facts about the assessment.
    pub assessment: AssessmentFacts,
    /// The repository, when one was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository: Option<RepositorySection>,
    /// Terraform plans, when any were read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terraform: Option<TerraformSection>,
    /// HR exports, when any were read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hr: Option<HrSection>,
    /// Identity-provider exports, when any were read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<IdentitySection>,
    /// The information asset register, when read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assets: Option<RegisterSection>,
    /// The supplier register, when read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppliers: Option<RegisterSection>,
    /// The incident log, when read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incidents: Option<RegisterSection>,
    /// The device-management export, when read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub devices: Option<RegisterSection>,
    /// Vulnerability scanner output, when read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scans: Option<ScanSection>,
    /// Policy documents, when read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub documents: Option<DocumentSection>,
}

impl EvidenceDocument {
    /// A document of no sections.
    pub fn of(assessment: AssessmentFacts) -> EvidenceDocument {
        EvidenceDocument {
            assessment,
            repository: None,
            terraform: None,
            hr: None,
            identity: None,
            assets: None,
            suppliers: None,
            incidents: None,
            devices: None,
            scans: None,
            documents: None,
        }
    }

    /// Whether a section is present.
    pub fn has(&self, source: SourceKind) -> bool {
        match source {
            SourceKind::Repository => self.repository.is_some(),
            SourceKind::Terraform => self.terraform.is_some(),
            SourceKind::Hr => self.hr.is_some(),
            SourceKind::Identity => self.identity.is_some(),
            SourceKind::Assets => self.assets.is_some(),
            SourceKind::Suppliers => self.suppliers.is_some(),
            SourceKind::Incidents => self.incidents.is_some(),
            SourceKind::Devices => self.devices.is_some(),
            SourceKind::Scans => self.scans.is_some(),
            SourceKind::Documents => self.documents.is_some(),
        }
    }

    /// The document as JSON, as checks see it.
    pub fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::to_value(self)
    }
}
