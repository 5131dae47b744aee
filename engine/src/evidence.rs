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

    /// The document as JSON, as checks see it: the reference the section-by-section conversion
    /// (`evaluate::evidence_input`) is tested against.
    #[cfg(test)]
    pub(crate) fn to_json(&self) -> Result<serde_json::Value, serde_json::Error> {
        serde_json::to_value(self)
    }

    /// The top-level entries of the document as serialised (absent sections left out), largest
    /// first as far as a type tells: for converting each on its own thread.
    pub fn sections(&self) -> Vec<(&'static str, Section<'_>)> {
        // Destructured, so a new section cannot be forgotten here: it would not compile.
        let EvidenceDocument {
            assessment,
            repository,
            terraform,
            hr,
            identity,
            assets,
            suppliers,
            incidents,
            devices,
            scans,
            documents,
        } = self;
        let present = [
            ("repository", repository.as_ref().map(Section::Repository)),
            ("hr", hr.as_ref().map(Section::Hr)),
            ("identity", identity.as_ref().map(Section::Identity)),
            ("devices", devices.as_ref().map(Section::Register)),
            ("terraform", terraform.as_ref().map(Section::Terraform)),
            ("assets", assets.as_ref().map(Section::Register)),
            ("incidents", incidents.as_ref().map(Section::Register)),
            ("suppliers", suppliers.as_ref().map(Section::Register)),
            ("scans", scans.as_ref().map(Section::Scans)),
            ("documents", documents.as_ref().map(Section::Documents)),
            ("assessment", Some(Section::Assessment(assessment))),
        ];
        present
            .into_iter()
            .filter_map(|(name, section)| section.map(|section| (name, section)))
            .collect()
    }
}

/// One top-level entry of the document, serialised exactly as in the whole.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(untagged)]
pub enum Section<'a> {
    /// `assessment`.
    Assessment(&'a AssessmentFacts),
    /// `repository`.
    Repository(&'a RepositorySection),
    /// `terraform`.
    Terraform(&'a TerraformSection),
    /// `hr`.
    Hr(&'a HrSection),
    /// `identity`.
    Identity(&'a IdentitySection),
    /// `assets`, `suppliers`, `incidents` or `devices`.
    Register(&'a RegisterSection),
    /// `scans`.
    Scans(&'a ScanSection),
    /// `documents`.
    Documents(&'a DocumentSection),
}
