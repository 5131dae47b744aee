//! The `repository` source: which files a repository holds, parsed where checks care, plus git facts.
//!
//! In a git repository the files are those in git's index under the folder given (what will merge),
//! read from the working tree; build outputs and `node_modules/` are not in the index. Outside git,
//! or when git tracks nothing under the folder, the folder is walked, skipping `.git/`, `target/`
//! and `node_modules/` and following no symlinks.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::files::{FileKind, FileProblem, RepositoryFile, parse_file};
use super::secrets::{SecretFinding, scan};
use crate::error::SourceError;
use crate::parallel::in_parallel;

/// Folders never walked outside git.
const SKIPPED_FOLDERS: &[&str] = &[".git", "target", "node_modules"];

/// git's file modes for symbolic links and submodules.
const GIT_MODE_SYMLINK: u32 = 0o120000;
const GIT_MODE_GITLINK: u32 = 0o160000;

/// Limits on what is read from a repository.
#[derive(Debug, Clone, Copy)]
pub struct RepositoryLimits {
    /// Files larger than this are recorded with an error instead of being read.
    pub max_file_bytes: u64,
    /// More files than this stop the run: a gate pointed at the wrong folder (a home directory,
    /// a monorepo root) must say so, not read for minutes or assess a silent sample.
    pub max_files: usize,
    /// JSON, YAML or TOML nested deeper than this is recorded with an error instead of being
    /// given to the checks (the parsers stop at 128 on their own).
    pub max_nesting: usize,
}

impl Default for RepositoryLimits {
    fn default() -> Self {
        RepositoryLimits {
            max_file_bytes: 16 * 1024 * 1024,
            max_files: 100_000,
            max_nesting: 64,
        }
    }
}

/// Facts read from git.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GitFacts {
    /// Whether the folder is inside a git work tree.
    pub is_repo: bool,
    /// The commit HEAD points at, if any.
    pub head: Option<String>,
    /// The branch HEAD points at; `None` when detached, unborn or not a repository.
    pub branch: Option<String>,
}

/// `input.repository`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepositorySection {
    /// Display name of the folder read.
    pub root: String,
    /// Git facts.
    pub git: GitFacts,
    /// Every file, keyed by repository-relative path with forward slashes.
    pub files: BTreeMap<String, RepositoryFile>,
    /// Credentials found by pattern in tracked text files, by file and line.
    pub secrets: Vec<SecretFinding>,
    /// The folder read, to read a file again for positions (never part of the document).
    #[serde(skip)]
    pub folder: PathBuf,
    /// The size limit the files were read under.
    #[serde(skip)]
    pub max_file_bytes: u64,
}

impl RepositorySection {
    /// The text of a file that was read, read again (to find where a finding points in it);
    /// `None` when it is not a file of the section, is over the size limit or is no longer text.
    pub fn reread(&self, path: &str) -> Option<String> {
        let file = self.files.get(path)?;
        if file.error.is_some() || !file.kind.is_read() {
            return None;
        }
        let bytes = read_limited(&self.folder.join(path), self.max_file_bytes).ok()?;
        super::text::decode(&bytes)
            .ok()
            .map(|text| text.into_owned())
    }

    /// Files that could not be read or parsed, in path order.
    pub fn problems(&self) -> impl Iterator<Item = (&String, &FileProblem)> {
        self.files
            .iter()
            .filter_map(|(path, file)| file.error.as_ref().map(|problem| (path, problem)))
    }
}

/// Reads a repository folder, its files on up to `threads` threads (the section is the same
/// whatever the number).
pub fn load_repository(
    root: &Path,
    limits: RepositoryLimits,
    threads: usize,
) -> Result<RepositorySection, SourceError> {
    let metadata = fs::metadata(root).map_err(|source| SourceError::Unreadable {
        path: root.to_path_buf(),
        source,
    })?;
    if !metadata.is_dir() {
        return Err(SourceError::NotAFolder {
            path: root.to_path_buf(),
        });
    }
    let root_display = root
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| root.display().to_string());

    let (git, tracked) = match git2::Repository::discover(root) {
        Ok(repository) => read_git(&repository, root)?,
        Err(error) if error.code() == git2::ErrorCode::NotFound => (
            GitFacts {
                is_repo: false,
                head: None,
                branch: None,
            },
            Vec::new(),
        ),
        Err(error) => {
            return Err(SourceError::Git {
                path: root.to_path_buf(),
                message: error.message().to_string(),
            });
        }
    };

    let entries = if tracked.is_empty() {
        walk(root, limits.max_files)
    } else {
        tracked
    };
    if entries.len() > limits.max_files {
        return Err(SourceError::TooManyFiles {
            path: root.to_path_buf(),
            limit: limits.max_files,
        });
    }
    // Reading, parsing and scanning each file is independent of the others: on `threads`.
    let read = in_parallel(&entries, threads, |entry| match &entry.content {
        Content::Regular => read_entry(&root.join(&entry.path), &entry.path, limits),
        Content::Link => (RepositoryFile::unread(FileKind::Other), Vec::new()),
        Content::Unreadable(problem) => (
            RepositoryFile::failed(FileKind::of_path(&entry.path), problem.clone()),
            Vec::new(),
        ),
    });
    let mut files = BTreeMap::new();
    let mut secrets = Vec::new();
    for (entry, outcome) in entries.into_iter().zip(read) {
        let file = match outcome {
            Some((file, found)) => {
                secrets.extend(found);
                file
            }
            None => RepositoryFile::failed(
                FileKind::of_path(&entry.path),
                FileProblem::new("the reading thread stopped before this file".to_string()),
            ),
        };
        files.insert(entry.path, file);
    }
    secrets.sort();
    Ok(RepositorySection {
        root: root_display,
        git,
        files,
        secrets,
        folder: root.to_path_buf(),
        max_file_bytes: limits.max_file_bytes,
    })
}

enum Content {
    Regular,
    Link,
    Unreadable(FileProblem),
}

struct Entry {
    path: String,
    content: Content,
}

fn read_git(
    repository: &git2::Repository,
    root: &Path,
) -> Result<(GitFacts, Vec<Entry>), SourceError> {
    let git_error = |error: git2::Error| SourceError::Git {
        path: root.to_path_buf(),
        message: error.message().to_string(),
    };
    let (head, branch) = match repository.head() {
        Ok(reference) => {
            let branch = if reference.is_branch() {
                reference.shorthand().ok().map(str::to_string)
            } else {
                None
            };
            (reference.target().map(|oid| oid.to_string()), branch)
        }
        // An unborn branch (no commit yet) has no HEAD commit; that is a fact, not an error.
        Err(error)
            if matches!(
                error.code(),
                git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
            ) =>
        {
            (None, None)
        }
        Err(error) => return Err(git_error(error)),
    };
    let facts = GitFacts {
        is_repo: true,
        head,
        branch,
    };
    let Some(workdir) = repository.workdir() else {
        return Ok((facts, Vec::new()));
    };
    let prefix = relative_prefix(workdir, root);
    let index = repository.index().map_err(git_error)?;
    let mut entries = Vec::new();
    for entry in index.iter() {
        let full = String::from_utf8_lossy(&entry.path).into_owned();
        let Some(path) = strip_prefix(&full, prefix.as_deref()) else {
            continue;
        };
        let content = match entry.mode & 0o170000 {
            GIT_MODE_SYMLINK | GIT_MODE_GITLINK => Content::Link,
            _ => Content::Regular,
        };
        entries.push(Entry { path, content });
    }
    // Conflicted files appear once per stage; keep one entry per path.
    entries.dedup_by(|a, b| a.path == b.path);
    Ok((facts, entries))
}

/// The folder's path inside the work tree, with forward slashes; `None` at the top.
fn relative_prefix(workdir: &Path, root: &Path) -> Option<String> {
    let workdir = workdir.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    relative_path(&workdir, &root)
}

fn strip_prefix(path: &str, prefix: Option<&str>) -> Option<String> {
    match prefix {
        None => Some(path.to_string()),
        Some(prefix) => path
            .strip_prefix(prefix)?
            .strip_prefix('/')
            .map(str::to_string),
    }
}

/// Every file below `root`, stopping once there are more than `max_files`.
fn walk(root: &Path, max_files: usize) -> Vec<Entry> {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            !(entry.file_type().is_dir() && entry.depth() > 0 && is_skipped(entry.file_name()))
        });
    let mut entries = Vec::new();
    for item in walker {
        if entries.len() > max_files {
            break;
        }
        match item {
            Ok(entry) => {
                let Some(path) = relative_path(root, entry.path()) else {
                    continue;
                };
                if entry.file_type().is_file() {
                    entries.push(Entry {
                        path,
                        content: Content::Regular,
                    });
                } else if entry.file_type().is_symlink() {
                    entries.push(Entry {
                        path,
                        content: Content::Link,
                    });
                }
            }
            Err(error) => {
                let path = error
                    .path()
                    .and_then(|p| relative_path(root, p))
                    .unwrap_or_else(|| ".".to_string());
                let message = error
                    .io_error()
                    .map_or_else(|| error.to_string(), |io| format!("cannot read: {io}"));
                entries.push(Entry {
                    path,
                    content: Content::Unreadable(FileProblem::new(message)),
                });
            }
        }
    }
    entries
}

fn is_skipped(name: &std::ffi::OsStr) -> bool {
    SKIPPED_FOLDERS.iter().any(|skipped| name == *skipped)
}

/// `path` below `root` with forward slashes; `None` when it is `root` itself or not below it.
fn relative_path(root: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(root).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("/"))
    }
}

/// Reads a file once: parsed if its kind is read, scanned for credentials in any case.
/// A file of a kind checks do not read that is too large or unreadable is only present: a big
/// image is not a problem worth a diagnostic.
fn read_entry(
    full_path: &Path,
    path: &str,
    limits: RepositoryLimits,
) -> (RepositoryFile, Vec<SecretFinding>) {
    let kind = FileKind::of_path(path);
    match read_limited(full_path, limits.max_file_bytes) {
        Ok(bytes) => {
            let secrets = scan(path, &bytes);
            let file = if kind.is_read() {
                within_nesting(parse_file(path, &bytes), limits.max_nesting)
            } else {
                RepositoryFile::unread(kind)
            };
            (file, secrets)
        }
        Err(_) if !kind.is_read() => (RepositoryFile::unread(kind), Vec::new()),
        Err(problem) => (RepositoryFile::failed(kind, problem), Vec::new()),
    }
}

/// The file, or its failure when a document nests deeper than `max_nesting`: deep documents
/// cost the checks time and stack, and no configuration a check reads needs them.
fn within_nesting(file: RepositoryFile, max_nesting: usize) -> RepositoryFile {
    let deepest = file
        .documents
        .iter()
        .flatten()
        .map(nesting)
        .max()
        .unwrap_or(0);
    if deepest > max_nesting {
        return RepositoryFile::failed(
            file.kind,
            FileProblem::new(format!(
                "nested {deepest} levels deep, over the limit of {max_nesting} (`limits.max_nesting`)"
            )),
        );
    }
    file
}

/// Levels of lists and maps in a value (a scalar is 0).
fn nesting(value: &serde_json::Value) -> usize {
    match value {
        serde_json::Value::Array(items) => 1 + items.iter().map(nesting).max().unwrap_or(0),
        serde_json::Value::Object(map) => 1 + map.values().map(nesting).max().unwrap_or(0),
        _ => 0,
    }
}

fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, FileProblem> {
    let file =
        fs::File::open(path).map_err(|error| FileProblem::new(format!("cannot read: {error}")))?;
    let too_large =
        || FileProblem::new(format!("larger than the limit of {limit} bytes; not read"));
    let size = file
        .metadata()
        .ok()
        .filter(|metadata| metadata.is_file())
        .map(|metadata| metadata.len());
    if size.is_some_and(|size| size > limit) {
        return Err(too_large());
    }
    // Sized from the metadata, the file is read in two calls (its bytes, then end of file)
    // instead of a growing buffer's six: 10,000 files cost 74,000 reads before.
    let capacity = size.map_or(0, |size| size.saturating_add(1));
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    // Read one byte past the limit to know the file is over it without trusting metadata.
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| FileProblem::new(format!("cannot read: {error}")))?;
    if bytes.len() as u64 > limit {
        return Err(too_large());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, path: &str, content: &str) {
        let full = root.join(path);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, content).unwrap();
    }

    #[test]
    fn outside_git_the_folder_is_walked_without_build_output() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "SECURITY.md", "security@example.com");
        write(dir.path(), "node_modules/x/package.json", "{}");
        write(dir.path(), "target/debug/out.json", "{}");
        write(dir.path(), "src/config.yaml", "a: 1");
        let section = load_repository(dir.path(), RepositoryLimits::default(), 2).unwrap();
        assert!(!section.git.is_repo);
        assert_eq!(
            section.files.keys().collect::<Vec<_>>(),
            ["SECURITY.md", "src/config.yaml"]
        );
    }

    #[test]
    fn in_git_only_tracked_files_under_the_folder_are_taken() {
        let dir = tempfile::tempdir().unwrap();
        let repository = git2::Repository::init(dir.path()).unwrap();
        write(dir.path(), "app/SECURITY.md", "security@example.com");
        write(dir.path(), "app/untracked.json", "{}");
        write(dir.path(), "other/x.json", "{}");
        let mut index = repository.index().unwrap();
        index.add_path(Path::new("app/SECURITY.md")).unwrap();
        index.add_path(Path::new("other/x.json")).unwrap();
        index.write().unwrap();
        let section =
            load_repository(&dir.path().join("app"), RepositoryLimits::default(), 2).unwrap();
        assert!(section.git.is_repo);
        assert_eq!(section.git.head, None);
        assert_eq!(section.files.keys().collect::<Vec<_>>(), ["SECURITY.md"]);
    }

    #[test]
    fn credentials_are_found_in_any_tracked_text_file() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "src/settings.py",
            "KEY = 'AKIAIOSFODNN7EXAMPLE'\n",
        );
        let section = load_repository(dir.path(), RepositoryLimits::default(), 2).unwrap();
        assert_eq!(
            section.secrets,
            [SecretFinding {
                file: "src/settings.py".into(),
                line: 1,
                kind: "aws-access-key-id"
            }]
        );
    }

    #[test]
    fn any_number_of_threads_reads_the_same_section() {
        let dir = tempfile::tempdir().unwrap();
        for n in 0..40 {
            write(
                dir.path(),
                &format!("svc/{n}.yaml"),
                &format!("name: s{n}\nport: {n}\n"),
            );
            write(
                dir.path(),
                &format!("src/m{n}.py"),
                &format!("KEY = 'AKIA{n:016}'\n"),
            );
        }
        write(dir.path(), "bad.json", "{");
        let one = load_repository(dir.path(), RepositoryLimits::default(), 1).unwrap();
        assert_eq!(one.secrets.len(), 40);
        for threads in [2, 3, 16] {
            assert!(
                load_repository(dir.path(), RepositoryLimits::default(), threads).unwrap() == one
            );
        }
    }

    #[test]
    fn oversized_files_are_recorded_not_read() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "big.json", "[1,2,3,4,5,6,7,8,9]");
        let section = load_repository(
            dir.path(),
            RepositoryLimits {
                max_file_bytes: 4,
                ..RepositoryLimits::default()
            },
            2,
        )
        .unwrap();
        let error = section.files["big.json"].error.as_ref().unwrap();
        assert!(error.message.contains("limit"), "{}", error.message);
    }

    #[test]
    fn files_nested_past_the_limit_are_recorded_not_given_to_checks() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "deep.yaml", "a:\n  b:\n    c: [[1]]\n");
        write(dir.path(), "flat.json", "{\"a\": [1, 2]}");
        let limits = RepositoryLimits {
            max_nesting: 3,
            ..RepositoryLimits::default()
        };
        let section = load_repository(dir.path(), limits, 2).unwrap();
        let deep = &section.files["deep.yaml"];
        assert!(deep.documents.is_none());
        let error = deep.error.as_ref().unwrap();
        assert!(
            error
                .message
                .contains("nested 5 levels deep, over the limit of 3"),
            "{}",
            error.message
        );
        assert!(section.files["flat.json"].error.is_none());
    }

    #[test]
    fn a_file_is_not_a_repository() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "f.txt", "x");
        assert!(matches!(
            load_repository(&dir.path().join("f.txt"), RepositoryLimits::default(), 2),
            Err(SourceError::NotAFolder { .. })
        ));
    }
}
