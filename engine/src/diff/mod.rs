//! What changed between two revisions of an organisation's policies (`dspt diff`), and between
//! two assessments (`dspt compare`), for reviewers.
//!
//! [`policy`] compares the loaded bundles, catalogues and configs; [`outcome`] compares two
//! assessments by item, check and finding fingerprint; [`render`] writes either for people
//! (text, Markdown, HTML) or machines (JSON). Every list is sorted, so the same revisions give
//! the same report.

pub mod outcome;
pub mod policy;
pub mod render;

use serde::Serialize;

use crate::model::{Automation, CheckId, ItemId};
use crate::policy::params::Weakening;

pub use outcome::{OutcomeComparison, compare_assessments};
pub use policy::{RevisionSide, diff_policies};

/// Schema id of the JSON form of a [`PolicyDiff`].
pub const DIFF_SCHEMA: &str = "dspt/diff/v1";

/// One side of a comparison, as reports name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RevisionLabel {
    /// `main (3f2a1b9c)`, `working tree`, or a report file.
    pub label: String,
    /// The commit id, for a git revision.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

/// Everything that changed in the policies between two revisions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyDiff {
    /// Always [`DIFF_SCHEMA`].
    pub schema: &'static str,
    /// The older revision.
    pub base: RevisionLabel,
    /// The newer revision.
    pub head: RevisionLabel,
    /// The catalogue compared.
    pub framework: String,
    /// The evidence items any change touches, in catalogue order.
    pub items: Vec<ItemRef>,
    /// Checks added, removed, renamed, replaced or edited.
    pub checks: Vec<CheckChange>,
    /// Checks that started or stopped evidencing an item.
    pub mapping: Vec<MappingChange>,
    /// Items whose evidence became manual, or automated.
    pub automation: Vec<AutomationChange>,
    /// Checks turned off or on with `disable:`.
    pub disabled: Vec<DisabledChange>,
    /// Parameters whose effective value changed.
    pub params: Vec<ParamChange>,
    /// Waivers added, removed, extended or shortened.
    pub waivers: Vec<WaiverChange>,
    /// Exceptions added, removed, with their review moved or their subjects changed.
    pub exceptions: Vec<ExceptionChange>,
    /// Attestations added, removed or renewed.
    pub attestations: Vec<AttestationChange>,
    /// Mandatory items whose control was weakened, in catalogue order.
    pub weakened_mandatory: Vec<String>,
    /// Weakening changes tied to no item (a parameter no check reads): they may weaken any.
    pub weakened_unscoped: usize,
    /// How outcomes changed on the same evidence, when evidence was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<OutcomeComparison>,
}

impl PolicyDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.checks.is_empty()
            && self.mapping.is_empty()
            && self.automation.is_empty()
            && self.disabled.is_empty()
            && self.params.is_empty()
            && self.waivers.is_empty()
            && self.exceptions.is_empty()
            && self.attestations.is_empty()
    }

    /// Whether a mandatory item's control was weakened (or a change that may touch any was).
    pub fn weakens_mandatory(&self) -> bool {
        !self.weakened_mandatory.is_empty() || self.weakened_unscoped > 0
    }

    /// The changes grouped by the evidence item they touch, items in catalogue order, then the
    /// changes that touch no item. A change touching several items appears under each.
    pub fn by_item(&self) -> Vec<ItemChanges<'_>> {
        let mut groups: Vec<ItemChanges<'_>> = self
            .items
            .iter()
            .map(|item| ItemChanges {
                item: Some(item),
                ..ItemChanges::default()
            })
            .collect();
        groups.push(ItemChanges::default());
        let slot = |items: &[String]| -> Vec<usize> {
            if items.is_empty() {
                return vec![self.items.len()];
            }
            items
                .iter()
                .filter_map(|id| self.items.iter().position(|i| &i.id == id))
                .collect()
        };
        for change in &self.checks {
            for index in slot(&change.items) {
                groups[index].checks.push(change);
            }
        }
        for change in &self.mapping {
            for index in slot(&[change.item.to_string()]) {
                groups[index].mapping.push(change);
            }
        }
        for change in &self.automation {
            for index in slot(&[change.item.to_string()]) {
                groups[index].automation.push(change);
            }
        }
        for change in &self.disabled {
            for index in slot(&change.items) {
                groups[index].disabled.push(change);
            }
        }
        for change in &self.params {
            for index in slot(&change.items) {
                groups[index].params.push(change);
            }
        }
        for change in &self.waivers {
            for index in slot(&change.items) {
                groups[index].waivers.push(change);
            }
        }
        for change in &self.exceptions {
            for index in slot(&[change.item.to_string()]) {
                groups[index].exceptions.push(change);
            }
        }
        for change in &self.attestations {
            for index in slot(&[change.item.to_string()]) {
                groups[index].attestations.push(change);
            }
        }
        groups.retain(|group| !group.is_empty());
        groups
    }
}

/// The changes touching one item (`item: None`: touching none).
#[derive(Debug, Default)]
pub struct ItemChanges<'a> {
    /// The item.
    pub item: Option<&'a ItemRef>,
    /// Check changes.
    pub checks: Vec<&'a CheckChange>,
    /// Mapping changes.
    pub mapping: Vec<&'a MappingChange>,
    /// Automation changes.
    pub automation: Vec<&'a AutomationChange>,
    /// Checks disabled or enabled.
    pub disabled: Vec<&'a DisabledChange>,
    /// Parameter changes.
    pub params: Vec<&'a ParamChange>,
    /// Waiver changes.
    pub waivers: Vec<&'a WaiverChange>,
    /// Exception changes.
    pub exceptions: Vec<&'a ExceptionChange>,
    /// Attestation changes.
    pub attestations: Vec<&'a AttestationChange>,
}

impl ItemChanges<'_> {
    fn is_empty(&self) -> bool {
        self.checks.is_empty()
            && self.mapping.is_empty()
            && self.automation.is_empty()
            && self.disabled.is_empty()
            && self.params.is_empty()
            && self.waivers.is_empty()
            && self.exceptions.is_empty()
            && self.attestations.is_empty()
    }

    /// Whether any change here weakens a control.
    pub fn weakens(&self) -> bool {
        self.checks.iter().any(|c| c.weakens)
            || self.mapping.iter().any(|c| c.weakens)
            || self.automation.iter().any(|c| c.weakens)
            || self.disabled.iter().any(|c| c.weakens)
            || self.params.iter().any(|c| c.weakens)
            || self.waivers.iter().any(|c| c.weakens)
            || self.exceptions.iter().any(|c| c.weakens)
    }
}

/// An evidence item a change touches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemRef {
    /// Item id.
    pub id: String,
    /// Its requirement.
    pub title: String,
    /// Whether Standards Met needs it.
    pub mandatory: bool,
    /// Whether a change weakened its control.
    pub weakened: bool,
}

/// How a check changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckChangeKind {
    /// New at head.
    Added,
    /// Gone at head.
    Removed,
    /// Same id, new path (possibly edited too).
    Renamed,
    /// An organisation check now replaces the built-in check of that id.
    Replaced,
    /// The organisation's replacement was dropped: the built-in check is back.
    Restored,
    /// Same path, new text.
    Changed,
}

/// One check's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckChange {
    /// Check id.
    pub id: CheckId,
    /// What happened.
    pub kind: CheckChangeKind,
    /// Its title (at head, else at base).
    pub title: String,
    /// Its file at base.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_path: Option<String>,
    /// Its file at head.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head_path: Option<String>,
    /// Items it evidences at either revision.
    pub items: Vec<String>,
    /// Unified diff of the Rego, when both sides exist and differ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rego_diff: Option<String>,
    /// Unified diff of its METADATA as parsed (id, title, severity, sources, evidence claims).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_diff: Option<String>,
    /// Its Rego at base (for side-by-side views).
    #[serde(skip)]
    pub base_source: Option<String>,
    /// Its Rego at head.
    #[serde(skip)]
    pub head_source: Option<String>,
    /// A removal weakens the items it evidenced; an edit is for the reviewer to judge.
    pub weakens: bool,
}

/// Whether something started or stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Started (mapped, disabled, added).
    Added,
    /// Stopped.
    Removed,
}

/// A check started or stopped evidencing an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappingChange {
    /// Item id.
    pub item: String,
    /// Check id.
    pub check: String,
    /// `added`: it now evidences the item; `removed`: it no longer does.
    pub change: Presence,
    /// A removed mapping weakens the item.
    pub weakens: bool,
}

/// An item's evidence changed between automated and manual.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AutomationChange {
    /// Item id.
    pub item: String,
    /// At base (`None`: the item was not in the catalogue).
    pub before: Option<Automation>,
    /// At head (`None`: the item left the catalogue).
    pub after: Option<Automation>,
    /// Losing automated evidence weakens the item.
    pub weakens: bool,
}

/// A check turned off or back on with `disable:`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisabledChange {
    /// Check id.
    pub check: String,
    /// `added`: now disabled; `removed`: enabled again.
    pub change: Presence,
    /// Items the check evidences.
    pub items: Vec<String>,
    /// Disabling weakens.
    pub weakens: bool,
}

/// Which way a parameter moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamVerdict {
    /// The control is weaker (as the parameter's declaration says).
    Weaker,
    /// The control is stricter.
    Stricter,
    /// Changed with no direction declared, or both ways at once.
    Changed,
}

/// A parameter whose effective value changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParamChange {
    /// `hr.training_threshold`.
    pub key: String,
    /// Value at base.
    pub base: serde_json::Value,
    /// Value at head.
    pub head: serde_json::Value,
    /// Entries only at head, for lists and maps.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    /// Entries only at base, for lists and maps.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    /// Which change weakens it, as its defaults file declares.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weakening: Option<Weakening>,
    /// Which way it moved.
    pub verdict: ParamVerdict,
    /// Checks that read it.
    pub checks: Vec<String>,
    /// Items those checks evidence.
    pub items: Vec<String>,
    /// `verdict == weaker`.
    pub weakens: bool,
}

/// How a waiver changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WaiverChangeKind {
    /// New.
    Added,
    /// Gone.
    Removed,
    /// Expires later.
    Extended,
    /// Expires sooner.
    Shortened,
    /// Same expiry, new reason or approver.
    Changed,
}

/// An exception's change, keyed by item and check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExceptionChange {
    /// The item excepted.
    pub item: ItemId,
    /// The check it is limited to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<CheckId>,
    /// What happened: added, removed, extended (reviewed later), shortened, changed.
    pub kind: WaiverChangeKind,
    /// Review date at base.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_review_by: Option<String>,
    /// Review date at head.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head_review_by: Option<String>,
    /// Subjects head excepts that base did not.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subjects_added: Vec<String>,
    /// Subjects base excepted that head does not.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subjects_removed: Vec<String>,
    /// Reason (head's, else base's).
    pub reason: String,
    /// Who approved it (head's, else base's).
    pub approved_by: String,
    /// A new exception, a later review or more subjects weaken the item's control.
    pub weakens: bool,
}

/// A waiver's change, keyed by check and subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaiverChange {
    /// The check waived.
    pub check: String,
    /// The subject glob, when any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// What happened.
    pub kind: WaiverChangeKind,
    /// Expiry at base.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_expires: Option<String>,
    /// Expiry at head.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head_expires: Option<String>,
    /// Reason (head's, else base's).
    pub reason: String,
    /// Approver (head's, else base's).
    pub approver: String,
    /// Items the check evidences.
    pub items: Vec<String>,
    /// A new or longer waiver weakens.
    pub weakens: bool,
}

/// How an attestation changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttestationChangeKind {
    /// New.
    Added,
    /// Gone.
    Removed,
    /// A later date.
    Renewed,
    /// Another attester, link or note, or an earlier date.
    Changed,
}

/// An attestation's change, keyed by item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttestationChange {
    /// The item attested.
    pub item: ItemId,
    /// What happened.
    pub kind: AttestationChangeKind,
    /// Date at base.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_date: Option<String>,
    /// Date at head.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub head_date: Option<String>,
    /// Who attests (head's, else base's).
    pub by: String,
    /// Evidence link (head's, else base's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}
