//! One revision of an organisation's policy repository, for `dspt diff`: its config, its
//! organisation policies and its catalogue overlays, read straight from git's object database
//! (no checkout, no temporary files) or from the working tree.
//!
//! Paths are relative to the repository's root on both sides, so the two revisions of a file
//! pair up by path whatever folder `dspt` runs in.

use std::path::{Component, Path, PathBuf};

use git2::{ObjectType, Repository, Tree, TreeWalkMode, TreeWalkResult};

use crate::catalogue::CatalogueOverlay;
use crate::config::Config;
use crate::error::{Error, Location, RevisionError};
use crate::policy::bundle::{Origin, PolicyFile};

/// Which state of the repository to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevisionRef {
    /// Files as they are on disk now (tracked or not).
    WorkingTree,
    /// Anything `git rev-parse` accepts: a branch, a tag, `HEAD~1`, a commit id.
    Git(String),
}

/// The policy side of one revision.
#[derive(Debug, Clone)]
pub struct PolicyRevision {
    /// How reports name it: `main (3f2a1b9c)`, or `working tree`.
    pub label: String,
    /// The commit id, for a git revision.
    pub commit: Option<String>,
    /// Its config (empty when the revision has no config file).
    pub config: Config,
    /// Whether the config file exists at this revision.
    pub has_config: bool,
    /// The organisation policy files its config names, repository-relative paths.
    pub policy_files: Vec<PolicyFile>,
    /// The catalogue overlays its config names.
    pub overlays: Vec<CatalogueOverlay>,
}

/// Opens the repository containing `dir`.
pub fn open_repository(dir: &Path) -> Result<Repository, RevisionError> {
    Repository::discover(dir).map_err(|error| RevisionError::NotARepository {
        path: dir.to_path_buf(),
        message: error.message().to_string(),
    })
}

/// `path` (absolute, or relative to the current folder) relative to the repository's root.
pub fn path_in_repository(repository: &Repository, path: &Path) -> Result<PathBuf, RevisionError> {
    let outside = |message: String| RevisionError::Unreadable {
        location: Location::file(path.display().to_string()),
        message,
    };
    let root = repository
        .workdir()
        .ok_or_else(|| outside("the repository is bare: it has no working tree".to_string()))?;
    let root = root
        .canonicalize()
        .map_err(|error| outside(format!("cannot resolve the repository root: {error}")))?;
    let absolute = std::path::absolute(path)
        .map_err(|error| outside(format!("cannot resolve the path: {error}")))?;
    // The file may exist at one revision only, so resolve its folder, not the file.
    let (folder, name) = match (absolute.parent(), absolute.file_name()) {
        (Some(folder), Some(name)) => (folder, name),
        _ => return Err(outside("not a file path".to_string())),
    };
    let folder = folder
        .canonicalize()
        .map_err(|error| outside(format!("cannot resolve its folder: {error}")))?;
    let relative = folder
        .strip_prefix(&root)
        .map_err(|_| outside(format!("outside the repository at `{}`", root.display())))?;
    Ok(relative.join(name))
}

/// Reads the config at `config_path` (repository-relative) and what it names, at `at`.
pub fn read_revision(
    repository: &Repository,
    at: &RevisionRef,
    config_path: &Path,
) -> Result<PolicyRevision, Error> {
    let snapshot = Snapshot::open(repository, at)?;
    let config_display = slash_path(config_path);
    let (config, has_config) = match snapshot.read_text(config_path)? {
        Some(text) => {
            let base = config_path.parent().unwrap_or(Path::new(""));
            let display = snapshot.display(&config_display);
            let mut config = Config::parse(&display, &text, base)?;
            config.path = Some(PathBuf::from(display));
            (config, true)
        }
        None => (Config::default(), false),
    };
    let mut policy_files = Vec::new();
    for dir in &config.policies {
        let dir = snapshot.inside(dir)?;
        let files = snapshot
            .rego_files(&dir)?
            .ok_or_else(|| RevisionError::Unreadable {
                location: Location::file(snapshot.display(&slash_path(&dir))),
                message: "the config names this policy folder, which does not exist here"
                    .to_string(),
            })?;
        policy_files.extend(files.into_iter().map(|(path, text)| PolicyFile {
            path,
            text,
            origin: Origin::Directory(dir.clone()),
        }));
    }
    let mut overlays = Vec::new();
    for file in &config.catalogues {
        let file = snapshot.inside(file)?;
        let display = slash_path(&file);
        let text = snapshot
            .read_text(&file)?
            .ok_or_else(|| RevisionError::Unreadable {
                location: Location::file(snapshot.display(&display)),
                message: "the config names this catalogue overlay, which does not exist here"
                    .to_string(),
            })?;
        overlays.push(CatalogueOverlay::parse(&display, &text)?);
    }
    Ok(PolicyRevision {
        label: snapshot.label.clone(),
        commit: snapshot.commit.clone(),
        config,
        has_config,
        policy_files,
        overlays,
    })
}

/// A path with `/` separators, as git and reports spell it.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `a/./b/../c` → `a/c`, without touching the disk; `None` when it climbs above the root.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Normal(part) => out.push(part),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// Files of one revision.
struct Snapshot<'r> {
    repository: &'r Repository,
    tree: Option<Tree<'r>>,
    label: String,
    commit: Option<String>,
}

impl<'r> Snapshot<'r> {
    fn open(repository: &'r Repository, at: &RevisionRef) -> Result<Snapshot<'r>, RevisionError> {
        match at {
            RevisionRef::WorkingTree => Ok(Snapshot {
                repository,
                tree: None,
                label: "working tree".to_string(),
                commit: None,
            }),
            RevisionRef::Git(spec) => {
                let unknown = |error: git2::Error| RevisionError::UnknownRevision {
                    revision: spec.clone(),
                    message: error.message().to_string(),
                };
                let commit = repository
                    .revparse_single(spec)
                    .and_then(|object| object.peel_to_commit())
                    .map_err(unknown)?;
                let tree = commit.tree().map_err(unknown)?;
                let id = commit.id().to_string();
                let short = id.get(..8).unwrap_or(&id).to_string();
                Ok(Snapshot {
                    repository,
                    tree: Some(tree),
                    label: if spec.starts_with(&short) || id.starts_with(spec.as_str()) {
                        short
                    } else {
                        format!("{spec} ({short})")
                    },
                    commit: Some(id),
                })
            }
        }
    }

    /// How an error names a file of this revision: `rev:path` as git spells it.
    fn display(&self, path: &str) -> String {
        match &self.commit {
            Some(id) => format!("{}:{path}", id.get(..8).unwrap_or(id)),
            None => path.to_string(),
        }
    }

    /// A path the config named, checked to stay inside the repository.
    fn inside(&self, path: &Path) -> Result<PathBuf, RevisionError> {
        normalise(path).ok_or_else(|| RevisionError::Unreadable {
            location: Location::file(path.display().to_string()),
            message: "a revision can only read paths inside the repository; write it relative to the config".to_string(),
        })
    }

    fn read_text(&self, path: &Path) -> Result<Option<String>, RevisionError> {
        let display = self.display(&slash_path(path));
        let bytes = match &self.tree {
            Some(tree) => match tree.get_path(path) {
                Err(_) => None,
                Ok(entry) if entry.kind() != Some(ObjectType::Blob) => None,
                Ok(entry) => Some(
                    self.repository
                        .find_blob(entry.id())
                        .map(|blob| blob.content().to_vec())
                        .map_err(|error| RevisionError::Unreadable {
                            location: Location::file(&display),
                            message: error.message().to_string(),
                        })?,
                ),
            },
            None => {
                let on_disk = self.work_path(path)?;
                match std::fs::read(&on_disk) {
                    Ok(bytes) => Some(bytes),
                    Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
                    Err(error) => {
                        return Err(RevisionError::Unreadable {
                            location: Location::file(&display),
                            message: error.to_string(),
                        });
                    }
                }
            }
        };
        bytes
            .map(|bytes| {
                String::from_utf8(bytes).map_err(|error| RevisionError::Unreadable {
                    location: Location::at(
                        &display,
                        crate::sources::text::invalid_utf8_line(&error),
                        None,
                    ),
                    message: "not valid UTF-8".to_string(),
                })
            })
            .transpose()
    }

    fn work_path(&self, path: &Path) -> Result<PathBuf, RevisionError> {
        let root = self
            .repository
            .workdir()
            .ok_or_else(|| RevisionError::Unreadable {
                location: Location::file(slash_path(path)),
                message: "the repository is bare: it has no working tree".to_string(),
            })?;
        Ok(root.join(path))
    }

    /// Every `.rego` file below `dir` as (repository-relative path, text), sorted by path;
    /// `None` when the folder does not exist at this revision.
    fn rego_files(&self, dir: &Path) -> Result<Option<Vec<(String, String)>>, RevisionError> {
        let prefix = slash_path(dir);
        let mut paths = Vec::new();
        match &self.tree {
            Some(tree) => {
                let subtree = if prefix.is_empty() {
                    tree.clone()
                } else {
                    match tree.get_path(dir) {
                        Ok(entry) if entry.kind() == Some(ObjectType::Tree) => self
                            .repository
                            .find_tree(entry.id())
                            .map_err(|error| RevisionError::Unreadable {
                                location: Location::file(self.display(&prefix)),
                                message: error.message().to_string(),
                            })?,
                        _ => return Ok(None),
                    }
                };
                subtree
                    .walk(TreeWalkMode::PreOrder, |folder, entry| {
                        let name = entry.name().unwrap_or_default();
                        if entry.kind() == Some(ObjectType::Blob) && name.ends_with(".rego") {
                            paths.push(PathBuf::from(&prefix).join(folder).join(name));
                        }
                        TreeWalkResult::Ok
                    })
                    .map_err(|error| RevisionError::Unreadable {
                        location: Location::file(self.display(&prefix)),
                        message: error.message().to_string(),
                    })?;
            }
            None => {
                let root = self.work_path(dir)?;
                if !root.is_dir() {
                    return Ok(None);
                }
                for entry in walkdir::WalkDir::new(&root).follow_links(false) {
                    let entry = entry.map_err(|error| RevisionError::Unreadable {
                        location: Location::file(&prefix),
                        message: error.to_string(),
                    })?;
                    let is_rego = entry.path().extension().is_some_and(|ext| ext == "rego");
                    if entry.file_type().is_file() && is_rego {
                        let relative = entry.path().strip_prefix(&root).unwrap_or(entry.path());
                        paths.push(dir.join(relative));
                    }
                }
            }
        }
        let mut files = Vec::new();
        for path in paths {
            if let Some(text) = self.read_text(&path)? {
                files.push((slash_path(&path), text));
            }
        }
        files.sort();
        Ok(Some(files))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised_and_kept_inside_the_repository() {
        assert_eq!(
            normalise(Path::new("ops/./../policies/org")),
            Some(PathBuf::from("policies/org"))
        );
        assert_eq!(normalise(Path::new("../elsewhere")), None);
        assert_eq!(normalise(Path::new("/etc/passwd")), None);
    }
}
