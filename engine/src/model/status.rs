//! Every status and level a result can have, and the gate's exit status.

use super::vocabulary::vocabulary;

vocabulary! {
    /// Status of one check.
    pub enum CheckStatus {
        /// No finding.
        Pass = "pass",
        /// At least one `deny` finding.
        Fail = "fail",
        /// Only `warn` findings.
        Warn = "warn",
        /// A source the check needs was not given.
        NotAssessed = "not_assessed",
        /// The check could not be evaluated, or the evidence it needs could not be read.
        Error = "error",
        /// Turned off in the configuration (`disable:`).
        Skipped = "skipped",
        /// Every failing finding is waived.
        Waived = "waived",
        /// The check judged nothing (no subject of its kind in the evidence), or said it does
        /// not apply (`skip`): it is no evidence either way, and never a pass.
        NotApplicable = "not_applicable",
    }
}

impl CheckStatus {
    /// Whether the result is evidence either way: not a check turned off, nor one that judged
    /// nothing. Items count only such results.
    pub fn is_evidence(self) -> bool {
        !matches!(self, CheckStatus::Skipped | CheckStatus::NotApplicable)
    }
}

vocabulary! {
    /// Status of one evidence item.
    pub enum ItemStatus {
        /// Every check passed (warnings allowed).
        Pass = "pass",
        /// A check failed.
        Fail = "fail",
        /// No automated check: an assessor looks at the evidence.
        Manual = "manual",
        /// A manual item attested in the config.
        Attested = "attested",
        /// Some evidence the item needs was not given.
        NotAssessed = "not_assessed",
        /// A check could not be evaluated.
        Error = "error",
        /// Failing findings all waived.
        Waived = "waived",
    }
}

/// What a comparison of two assessments asks of a status.
pub trait Outcome: Copy + PartialEq + std::fmt::Display {
    /// Failing or in error.
    fn is_failing(self) -> bool;
    /// Verified good: passed, or (for items) attested.
    fn is_good(self) -> bool;
    /// Not assessed: the evidence it needs was not given.
    fn is_not_assessed(self) -> bool;
}

impl Outcome for CheckStatus {
    fn is_failing(self) -> bool {
        matches!(self, CheckStatus::Fail | CheckStatus::Error)
    }
    fn is_good(self) -> bool {
        self == CheckStatus::Pass
    }
    fn is_not_assessed(self) -> bool {
        self == CheckStatus::NotAssessed
    }
}

impl Outcome for ItemStatus {
    fn is_failing(self) -> bool {
        matches!(self, ItemStatus::Fail | ItemStatus::Error)
    }
    fn is_good(self) -> bool {
        matches!(self, ItemStatus::Pass | ItemStatus::Attested)
    }
    fn is_not_assessed(self) -> bool {
        self == ItemStatus::NotAssessed
    }
}

/// The status of an item or of a check, where a comparison lists both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(untagged)]
pub enum Status {
    /// An item's.
    Item(ItemStatus),
    /// A check's.
    Check(CheckStatus),
}

impl Status {
    /// Its name in reports and in the JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Item(status) => status.as_str(),
            Status::Check(status) => status.as_str(),
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Outcome for Status {
    fn is_failing(self) -> bool {
        match self {
            Status::Item(status) => status.is_failing(),
            Status::Check(status) => status.is_failing(),
        }
    }
    fn is_good(self) -> bool {
        match self {
            Status::Item(status) => status.is_good(),
            Status::Check(status) => status.is_good(),
        }
    }
    fn is_not_assessed(self) -> bool {
        match self {
            Status::Item(status) => status.is_not_assessed(),
            Status::Check(status) => status.is_not_assessed(),
        }
    }
}

vocabulary! {
    /// The kind of finding, from the rule that produced it.
    pub enum FindingLevel {
        /// From `error`: evidence the check needs could not be read.
        Error = "error",
        /// From `deny`.
        Deny = "deny",
        /// From `warn`.
        Warn = "warn",
    }
}

vocabulary! {
    /// The overall DSPT status, in the toolkit's words.
    pub enum OverallStatus {
        /// Every mandatory item passes or is attested.
        StandardsMet = "standards-met",
        /// Not every mandatory item, but every item the toolkit needs for Approaching
        /// Standards, passes or is attested.
        ApproachingStandards = "approaching-standards",
        /// Some mandatory item does not.
        StandardsNotMet = "standards-not-met",
    }
}

vocabulary! {
    /// What became of a waiver.
    pub enum WaiverState {
        /// It applies and waived findings.
        Active = "active",
        /// It applies, and expires within 30 days.
        Expiring = "expiring",
        /// Past its expiry date: it waives nothing, and fails the gate.
        Expired = "expired",
        /// It matched no finding: stale, or a typo.
        Unused = "unused",
    }
}

vocabulary! {
    /// What became of an exception.
    pub enum ExceptionState {
        /// In date: its subjects' findings are excepted.
        Active = "active",
        /// In date, and due for review within 30 days.
        Expiring = "expiring",
        /// Past its review date: it excepts nothing and fails the gate.
        Expired = "expired",
        /// It names a subject the evidence does not hold: it fails the gate.
        UnknownSubject = "unknown_subject",
    }
}

vocabulary! {
    /// How a Rego unit test ended (`dspt test`).
    pub enum TestVerdict {
        /// The rule was true.
        Pass = "pass",
        /// The rule was false or undefined.
        Fail = "fail",
        /// Evaluation failed.
        Error = "error",
    }
}

/// Which findings fail the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// `deny` findings.
    #[default]
    Fail,
    /// `deny` and `warn` findings.
    Warn,
}

/// What a run means for the gate, and the process's exit code: the one place it is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// Nothing fails the gate.
    Pass = 0,
    /// An item, check or test fails.
    Fail = 1,
    /// The run cannot be trusted: bad input, a check in error, a usage mistake.
    Error = 2,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The worse of two.
    pub fn worst(self, other: ExitStatus) -> ExitStatus {
        self.max(other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_as_they_are_written() {
        for status in CheckStatus::ALL {
            let json = serde_json::to_string(status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            assert_eq!(serde_json::from_str::<CheckStatus>(&json).unwrap(), *status);
        }
        for status in ItemStatus::ALL {
            let json = serde_json::to_string(status).unwrap();
            assert_eq!(serde_json::from_str::<ItemStatus>(&json).unwrap(), *status);
        }
        assert_eq!(CheckStatus::NotApplicable.to_string(), "not_applicable");
        assert_eq!(OverallStatus::StandardsNotMet.as_str(), "standards-not-met");
    }

    #[test]
    fn exit_codes_are_the_documented_ones() {
        assert_eq!(ExitStatus::Pass.code(), 0);
        assert_eq!(ExitStatus::Fail.code(), 1);
        assert_eq!(ExitStatus::Error.code(), 2);
        assert_eq!(ExitStatus::Fail.worst(ExitStatus::Error), ExitStatus::Error);
    }
}
