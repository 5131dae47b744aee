//! The `documents` source: policy documents kept as Markdown or AsciiDoc under version control,
//! each saying in its front matter which policy it is, who owns and approved it, and when it was
//! last reviewed; git history adds the day each was last changed.
//!
//! Front matter that is there but cannot be read stops the run with the file and line: a policy
//! whose review date was misread would pass or fail on a guess.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::text::decode_input;
use crate::error::{Location, SourceError};
use crate::model::Date;

/// Largest number of commits walked to find when each document last changed: enough for years
/// of a policy folder's history, bounded so a huge monorepo cannot stall a run.
const MAX_COMMITS_WALKED: usize = 20_000;

/// `input.documents`.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct DocumentSection {
    /// The folders read.
    pub folders: Vec<String>,
    /// Every document, sorted by folder then path.
    pub documents: Vec<PolicyDocument>,
}

/// One document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyDocument {
    /// The folder it was found in, as given.
    pub folder: String,
    /// Relative to the folder, `/`-separated.
    pub path: String,
    /// Front matter `title`, else the first heading.
    pub title: Option<String>,
    /// Which policy it is (`data-protection-policy`, `retention-schedule`...).
    pub kind: Option<String>,
    /// The owning role.
    pub owner: Option<String>,
    /// The approving role or body.
    pub approved_by: Option<String>,
    /// ISO date of approval.
    pub approved_on: Option<String>,
    /// ISO date of the last review.
    pub reviewed_on: Option<String>,
    /// ISO date of the last commit that changed it, when in a git repository.
    pub last_changed: Option<String>,
    /// First line of the front matter (1), or `null` without front matter.
    pub line: Option<usize>,
}

/// The front matter's fields we read; others are the author's own and ignored.
#[derive(Debug, Default, Deserialize)]
struct FrontMatter {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    approved_by: Option<String>,
    #[serde(default)]
    approved_on: Option<String>,
    #[serde(default)]
    reviewed_on: Option<String>,
}

fn is_document(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "markdown" | "adoc" | "asciidoc")
    )
}

/// Reads every document under `folder`, with `max_bytes` the largest file read; with the
/// documents, a `sha256:` digest of their paths and bytes, so a reviewer can tell which versions
/// were assessed.
pub fn read_documents(
    folder: &Path,
    max_bytes: u64,
) -> Result<(Vec<PolicyDocument>, String), SourceError> {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    if !folder.is_dir() {
        return Err(SourceError::NotAFolder {
            path: folder.to_path_buf(),
        });
    }
    let shown = folder.display().to_string();
    let mut documents = Vec::new();
    let walk = walkdir::WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.map_err(|error| SourceError::Unreadable {
            path: error
                .path()
                .map_or_else(|| folder.to_path_buf(), Path::to_path_buf),
            source: error.into(),
        })?;
        if !entry.file_type().is_file() || !is_document(entry.path()) {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(folder)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = super::read_input(entry.path(), max_bytes)?;
        hasher.update(relative.as_bytes());
        hasher.update([0]);
        hasher.update(&bytes);
        hasher.update([0]);
        let display = entry.path().display().to_string();
        let text = decode_input(&display, &bytes)?;
        documents.push(parse_document(&shown, &relative, &display, &text)?);
    }
    let changed = last_changes(folder, &documents);
    for document in &mut documents {
        document.last_changed = changed.get(&document.path).cloned();
    }
    Ok((documents, super::sha256_text(&hasher.finalize())))
}

/// One document's front matter (`---` … `---` at the top), or its first heading; `display` is
/// the file as errors name it.
pub fn parse_document(
    folder: &str,
    path: &str,
    display: &str,
    text: &str,
) -> Result<PolicyDocument, SourceError> {
    let mut lines = text.lines();
    let has_front_matter = lines.next().map(str::trim_end) == Some("---");
    let (front, line) = if has_front_matter {
        let body: Vec<&str> = lines
            .by_ref()
            .take_while(|l| l.trim_end() != "---")
            .collect();
        let yaml = body.join("\n");
        let front: FrontMatter = if yaml.trim().is_empty() {
            FrontMatter::default()
        } else {
            yaml_serde::from_str(&yaml).map_err(|error| {
                let problem = super::files::yaml_problem(&error);
                SourceError::InvalidFrontMatter {
                    // The front matter's first line is line 2 of the file.
                    location: Location::at(
                        display,
                        problem.line.map_or(1, |l| l + 1),
                        problem.column,
                    ),
                    message: problem.message,
                }
            })?
        };
        (front, Some(1))
    } else {
        (FrontMatter::default(), None)
    };
    let date = |key: &str, value: &Option<String>| -> Result<Option<String>, SourceError> {
        let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) else {
            return Ok(None);
        };
        Date::parse(value)
            .map(|d| Some(d.iso()))
            .ok_or_else(|| SourceError::InvalidFrontMatter {
                location: Location::at(display, front_matter_line(text, key), None),
                message: format!(
                    "`{key}: {value}` is not a date (expected yyyy-mm-dd or dd/mm/yyyy)"
                ),
            })
    };
    let heading = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("# ") || l.starts_with("= "))
        .map(|l| l.get(2..).unwrap_or_default().trim().to_string());
    let clean = |value: Option<String>| {
        value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    Ok(PolicyDocument {
        folder: folder.to_string(),
        path: path.to_string(),
        approved_on: date("approved_on", &front.approved_on)?,
        reviewed_on: date("reviewed_on", &front.reviewed_on)?,
        title: clean(front.title).or(heading),
        kind: clean(front.kind),
        owner: clean(front.owner),
        approved_by: clean(front.approved_by),
        last_changed: None,
        line,
    })
}

/// The line of `key:` in the front matter, for an error.
fn front_matter_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with(&format!("{key}:")))
        .map_or(1, |i| i + 1)
}

/// Path (relative to `folder`) → ISO date of the newest commit that changed it. Empty when the
/// folder is not in a git repository or its history cannot be read: the day is then unknown,
/// which checks read as "not shown to be reviewed", never as recent.
fn last_changes(folder: &Path, documents: &[PolicyDocument]) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let Ok(repository) = git2::Repository::discover(folder) else {
        return found;
    };
    let (Some(workdir), Ok(folder)) = (repository.workdir(), folder.canonicalize()) else {
        return found;
    };
    let Ok(workdir) = workdir.canonicalize() else {
        return found;
    };
    let Ok(prefix) = folder.strip_prefix(&workdir) else {
        return found;
    };
    let in_repo = |path: &str| -> PathBuf { prefix.join(path) };
    let mut wanted: BTreeMap<PathBuf, String> = documents
        .iter()
        .map(|d| (in_repo(&d.path), d.path.clone()))
        .collect();
    let Ok(mut walk) = repository.revwalk() else {
        return found;
    };
    if walk.push_head().is_err() || walk.set_sorting(git2::Sort::TIME).is_err() {
        return found;
    }
    for oid in walk.take(MAX_COMMITS_WALKED).flatten() {
        if wanted.is_empty() {
            break;
        }
        let Ok(commit) = repository.find_commit(oid) else {
            continue;
        };
        let Ok(tree) = commit.tree() else { continue };
        let parent_tree = commit.parent(0).ok().and_then(|p| p.tree().ok());
        let Ok(diff) = repository.diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), None) else {
            continue;
        };
        let day = Date::from_days_since_epoch(commit.time().seconds().div_euclid(86_400)).iso();
        for delta in diff.deltas() {
            if let Some(path) = delta.new_file().path()
                && let Some(document) = wanted.remove(path)
            {
                found.insert(document, day.clone());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = "---\ntitle: Data Security and Protection Policy\nkind: data-protection-policy\nowner: Head of IG\napproved_by: Board\napproved_on: 10/02/2026\nreviewed_on: 2026-02-10\nversion: 3\n---\n\n# Data security\n";

    #[test]
    fn front_matter_gives_kind_roles_and_dates() {
        let document = parse_document("policies", "dsp.md", "policies/dsp.md", POLICY).unwrap();
        assert_eq!(document.kind.as_deref(), Some("data-protection-policy"));
        assert_eq!(document.approved_on.as_deref(), Some("2026-02-10"));
        assert_eq!(document.reviewed_on.as_deref(), Some("2026-02-10"));
        assert_eq!(document.approved_by.as_deref(), Some("Board"));
        assert_eq!(document.line, Some(1));
    }

    #[test]
    fn a_document_without_front_matter_keeps_its_heading() {
        let document = parse_document(
            "p",
            "retention.adoc",
            "p/retention.adoc",
            "= Retention Schedule\n\ntext\n",
        )
        .unwrap();
        assert_eq!(document.title.as_deref(), Some("Retention Schedule"));
        assert_eq!(
            (document.kind, document.reviewed_on, document.line),
            (None, None, None)
        );
    }

    #[test]
    fn bad_front_matter_names_the_line() {
        let error = parse_document(
            "p",
            "a.md",
            "p/a.md",
            "---\ntitle: A\nreviewed_on: 31/02/2026\n---\n",
        )
        .unwrap_err();
        assert_eq!(error.code(), "invalid-front-matter");
        assert_eq!(
            error.to_string(),
            "p/a.md:3: front matter: `reviewed_on: 31/02/2026` is not a date (expected yyyy-mm-dd or dd/mm/yyyy)"
        );
        let error = parse_document("p", "a.md", "p/a.md", "---\ntitle: [A\n---\n").unwrap_err();
        assert_eq!(error.code(), "invalid-front-matter");
        assert!(error.to_string().starts_with("p/a.md:"), "{error}");
    }

    #[test]
    fn git_history_dates_each_document() {
        let dir = tempfile::tempdir().unwrap();
        let repository = git2::Repository::init(dir.path()).unwrap();
        std::fs::create_dir(dir.path().join("policies")).unwrap();
        std::fs::write(dir.path().join("policies/dsp.md"), POLICY).unwrap();
        std::fs::write(dir.path().join("policies/new.md"), "# New\n").unwrap();
        let mut index = repository.index().unwrap();
        index.add_path(Path::new("policies/dsp.md")).unwrap();
        index.write().unwrap();
        let tree = repository.find_tree(index.write_tree().unwrap()).unwrap();
        // 2026-01-15 12:00 UTC.
        let signature =
            git2::Signature::new("t", "t@example", &git2::Time::new(1_768_478_400, 0)).unwrap();
        repository
            .commit(Some("HEAD"), &signature, &signature, "policy", &tree, &[])
            .unwrap();
        let (documents, digest) = read_documents(&dir.path().join("policies"), 1 << 20).unwrap();
        assert!(digest.starts_with("sha256:"));
        let dated: Vec<_> = documents
            .iter()
            .map(|d| (d.path.as_str(), d.last_changed.as_deref()))
            .collect();
        assert_eq!(dated, [("dsp.md", Some("2026-01-15")), ("new.md", None)]);
    }
}
