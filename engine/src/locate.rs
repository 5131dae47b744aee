//! Lines for findings that point at a value: a finding with a `file` and a JSON `pointer` but no
//! `line` is given the line and column of that value, so SARIF regions and workflow annotations
//! land on the line a reviewer must change.
//!
//! Only files that findings point into are indexed, each once (`sources::positions`); a pointer
//! into a file that cannot be indexed keeps no line rather than a guessed one.

use std::collections::BTreeMap;

use crate::evidence::EvidenceDocument;
use crate::results::CheckResult;
use crate::sources::files::FileKind;
use crate::sources::positions::PositionIndex;

/// Fills `line` and `column` of every finding that has a `file` and `pointer` but no line, where
/// the file is a repository file or an identity-provider JSON export of this run (read again
/// under the same size limit, `max_input_bytes`, as the first time).
pub fn locate_findings(
    results: &mut [CheckResult],
    evidence: &EvidenceDocument,
    max_input_bytes: u64,
) {
    let mut indexes: BTreeMap<String, Option<PositionIndex>> = BTreeMap::new();
    for finding in results.iter_mut().flat_map(|r| r.findings.iter_mut()) {
        if finding.line.is_some() {
            continue;
        }
        let (Some(file), Some(pointer)) = (&finding.file, &finding.pointer) else {
            continue;
        };
        let index = indexes
            .entry(file.clone())
            .or_insert_with(|| index_of(evidence, file, max_input_bytes));
        let document = finding.document.unwrap_or(0) as usize;
        if let Some(position) = index.as_ref().and_then(|i| i.find(document, pointer)) {
            finding.line = Some(position.line);
            finding.column = Some(position.column);
        }
    }
}

fn index_of(
    evidence: &EvidenceDocument,
    file: &str,
    max_input_bytes: u64,
) -> Option<PositionIndex> {
    if let Some(repository) = &evidence.repository
        && let Some(entry) = repository.files.get(file)
    {
        let text = repository.reread(file)?;
        return PositionIndex::build(entry.kind, &text);
    }
    // A JSON or YAML export, or a scan report, which is JSON whatever its name
    // (`results.sarif`). A CSV export's findings carry their line already.
    let is_scan = evidence
        .scans
        .as_ref()
        .is_some_and(|scans| scans.reports.iter().any(|r| r.file == file));
    let kind = match FileKind::of_path(file) {
        kind @ (FileKind::Json | FileKind::Yaml) if exports(evidence).any(|e| e == file) => kind,
        _ if is_scan => FileKind::Json,
        _ => return None,
    };
    let bytes = crate::sources::read_input(std::path::Path::new(file), max_input_bytes).ok()?;
    let text = crate::sources::text::decode(&bytes).ok()?;
    PositionIndex::build(kind, &text)
}

/// The exports of this run whose JSON or YAML records findings point at: identity exports and
/// registers.
fn exports(evidence: &EvidenceDocument) -> impl Iterator<Item = &str> {
    let identity = evidence
        .identity
        .iter()
        .flat_map(|s| s.exports.iter().map(|e| e.file.as_str()));
    let registers = [
        &evidence.assets,
        &evidence.suppliers,
        &evidence.incidents,
        &evidence.devices,
    ]
    .into_iter()
    .flatten()
    .flat_map(|s| s.exports.iter().map(|e| e.file.as_str()));
    identity.chain(registers)
}
