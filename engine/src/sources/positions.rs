//! Where each value of a YAML, JSON or TOML file is: JSON pointer → line and column, so a finding
//! that points at a key (`/jobs/build/permissions`) lands on the line a reviewer must change.
//!
//! The parsers that build the evidence (yaml_serde, serde_json) keep no positions, so a file is
//! indexed again, lazily, only when a finding points into it. YAML and JSON go through one
//! event parser that records marks (JSON is YAML's flow style); TOML through the toml crate's
//! spanned tree. A file the position parser cannot read has no index: the finding keeps its
//! pointer and goes without a line rather than with a wrong one.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, Parser};

use super::files::FileKind;
use super::text::line_column;

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
}

/// Positions of every key and element of a file's documents.
#[derive(Debug, Default)]
pub struct PositionIndex {
    /// (document, pointer) → where the key (for a mapping entry) or the element starts.
    positions: BTreeMap<(usize, String), Position>,
}

impl PositionIndex {
    /// Indexes `text` as the kind says; `None` for other kinds or text the parser cannot read.
    pub fn build(kind: FileKind, text: &str) -> Option<PositionIndex> {
        match kind {
            FileKind::Yaml | FileKind::Json => index_yaml(text),
            FileKind::Toml => index_toml(text),
            FileKind::Text | FileKind::Other => None,
        }
    }

    /// Where `pointer` is in `document`; for a pointer that names nothing (a key that is missing),
    /// the nearest enclosing value that exists, so "no `permissions` in this job" lands on the job.
    pub fn find(&self, document: usize, pointer: &str) -> Option<Position> {
        let mut pointer = pointer.trim_end_matches('/');
        loop {
            if let Some(position) = self.positions.get(&(document, pointer.to_string())) {
                return Some(*position);
            }
            let (parent, _) = pointer.rsplit_once('/')?;
            pointer = parent;
        }
    }
}

/// `~` and `/` escaped as RFC 6901 says.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

enum Container {
    /// `pending`: the mapping's own pointer and start mark, recorded at its first key instead,
    /// because the parser marks a block mapping's start after its first key.
    Mapping {
        key: Option<String>,
        pending: Option<(String, usize, usize)>,
    },
    Sequence {
        next: usize,
    },
}

struct Walk {
    document: usize,
    path: Vec<String>,
    stack: Vec<Container>,
    index: PositionIndex,
}

impl Walk {
    fn pointer(&self, last: &str) -> String {
        let mut pointer = String::new();
        for segment in self.path.iter().map(String::as_str).chain([last]) {
            pointer.push('/');
            pointer.push_str(segment);
        }
        pointer
    }

    fn record(&mut self, pointer: String, line: usize, column: usize) {
        self.index
            .positions
            .entry((self.document, pointer))
            .or_insert(Position {
                line: line as u64,
                column: column as u64,
            });
    }

    /// A node starts: as a mapping key, as a mapping value or as a sequence element. Returns its
    /// pointer and the path segment it sits under (`None` for a key or the root). A mapping's
    /// own position is left to its first key (`record_now` false).
    fn node(
        &mut self,
        scalar_key: Option<&str>,
        line: usize,
        column: usize,
        record_now: bool,
    ) -> (String, Option<String>) {
        let (pointer, segment) = match self.stack.last_mut() {
            None => (String::new(), None),
            Some(Container::Mapping { key, pending }) => match key.take() {
                None => {
                    // A key: remember it and where it is (the line a reviewer changes).
                    let name = escape(scalar_key.unwrap_or_default());
                    *key = Some(name.clone());
                    let pending = pending.take();
                    if let Some((pointer, ..)) = pending {
                        self.record(pointer, line, column);
                    }
                    let pointer = self.pointer(&name);
                    self.record(pointer.clone(), line, column);
                    return (pointer, None);
                }
                Some(name) => (self.pointer(&name), Some(name)),
            },
            Some(Container::Sequence { next }) => {
                let segment = next.to_string();
                *next += 1;
                (self.pointer(&segment), Some(segment))
            }
        };
        if record_now {
            self.record(pointer.clone(), line, column);
        }
        (pointer, segment)
    }
}

fn index_yaml(text: &str) -> Option<PositionIndex> {
    let mut parser = Parser::new_from_str(text);
    let mut walk = Walk {
        document: 0,
        path: Vec::new(),
        stack: Vec::new(),
        index: PositionIndex::default(),
    };
    let mut documents = 0usize;
    loop {
        let (event, mark) = parser.next_token().ok()?;
        let (line, column) = (mark.line(), mark.col() + 1);
        match event {
            Event::StreamEnd => break,
            Event::DocumentStart => {
                walk.document = documents;
                documents += 1;
                walk.path.clear();
                walk.stack.clear();
            }
            Event::Scalar(value, ..) => {
                walk.node(Some(&value), line, column, true);
            }
            Event::Alias(_) => {
                walk.node(None, line, column, true);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_mapping = matches!(event, Event::MappingStart(..));
                // A flow mapping's mark is its `{`; a block mapping's comes after its first key.
                let flow = text
                    .get(mark.index()..)
                    .is_some_and(|rest| rest.starts_with('{'));
                let nested = !walk.stack.is_empty();
                let (pointer, segment) = walk.node(None, line, column, !is_mapping || flow);
                if let Some(segment) = segment {
                    walk.path.push(segment);
                } else if nested {
                    // A container as a key (exotic YAML): its contents have no pointer.
                    walk.path.push(String::from("\u{0}"));
                }
                walk.stack.push(if is_mapping {
                    Container::Mapping {
                        key: None,
                        pending: (!flow).then_some((pointer, line, column)),
                    }
                } else {
                    Container::Sequence { next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                // An empty mapping never met a key: its start mark is right (flow style `{}`).
                if let Some(Container::Mapping {
                    pending: Some((pointer, line, column)),
                    ..
                }) = walk.stack.pop()
                {
                    walk.record(pointer, line, column);
                }
                if !walk.stack.is_empty() {
                    walk.path.pop();
                }
            }
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
        }
    }
    Some(walk.index)
}

fn index_toml(text: &str) -> Option<PositionIndex> {
    use toml::de::{DeTable, DeValue};
    let table = DeTable::parse(text).ok()?;
    let mut index = PositionIndex::default();
    let mut place = |pointer: &str, offset: usize| {
        let (line, column) = line_column(text, offset);
        index
            .positions
            .entry((0, pointer.to_string()))
            .or_insert(Position {
                line: line as u64,
                column: column as u64,
            });
    };
    place("", 0);
    fn walk_value(value: &DeValue<'_>, pointer: &str, place: &mut dyn FnMut(&str, usize)) {
        match value {
            DeValue::Table(table) => {
                for (key, value) in table.iter() {
                    let child = format!("{pointer}/{}", escape(key.get_ref()));
                    place(&child, key.span().start);
                    walk_value(value.get_ref(), &child, place);
                }
            }
            DeValue::Array(array) => {
                for (position, value) in array.iter().enumerate() {
                    let child = format!("{pointer}/{position}");
                    place(&child, value.span().start);
                    walk_value(value.get_ref(), &child, place);
                }
            }
            _ => {}
        }
    }
    walk_value(&DeValue::Table(table.into_inner()), "", &mut place);
    Some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(index: &PositionIndex, document: usize, pointer: &str) -> (u64, u64) {
        let position = index
            .find(document, pointer)
            .unwrap_or_else(|| panic!("no position for {pointer}"));
        (position.line, position.column)
    }

    #[test]
    fn yaml_keys_and_elements_have_their_line_and_column() {
        let text = "name: ci\non:\n  pull_request_target: {}\njobs:\n  build:\n    permissions: write-all\n    steps:\n      - uses: actions/checkout@v4\n      - run: make scan\n";
        let index = PositionIndex::build(FileKind::Yaml, text).unwrap();
        assert_eq!(at(&index, 0, "/on/pull_request_target"), (3, 3));
        assert_eq!(at(&index, 0, "/jobs/build/permissions"), (6, 5));
        assert_eq!(at(&index, 0, "/jobs/build/steps/1"), (9, 9));
        assert_eq!(at(&index, 0, "/jobs/build/steps/1/run"), (9, 9));
        assert_eq!(at(&index, 0, "/jobs/build/steps/0/uses"), (8, 9));
        // A missing key lands on the nearest value that exists.
        assert_eq!(at(&index, 0, "/jobs/build/timeout-minutes"), (5, 3));
    }

    #[test]
    fn later_yaml_documents_and_escaped_keys_are_addressable() {
        let text = "a: 1\n---\nx/y:\n  ~k: [1, 2]\n";
        let index = PositionIndex::build(FileKind::Yaml, text).unwrap();
        assert_eq!(at(&index, 0, "/a"), (1, 1));
        assert_eq!(at(&index, 1, "/x~1y"), (3, 1));
        assert_eq!(at(&index, 1, "/x~1y/~0k/1"), (4, 11));
    }

    #[test]
    fn json_is_indexed_through_the_same_parser() {
        let text = "{\n  \"value\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\", \"mfa\": false}\n  ]\n}\n";
        let index = PositionIndex::build(FileKind::Json, text).unwrap();
        assert_eq!(at(&index, 0, "/value/1"), (4, 5));
        assert_eq!(at(&index, 0, "/value/1/mfa").0, 4);
    }

    #[test]
    fn toml_keys_have_their_line() {
        let text = "[package]\nname = \"x\"\n\n[dependencies]\nserde = \"1\"\n";
        let index = PositionIndex::build(FileKind::Toml, text).unwrap();
        assert_eq!(at(&index, 0, "/dependencies/serde"), (5, 1));
        assert_eq!(at(&index, 0, "/package/name"), (2, 1));
    }

    #[test]
    fn unreadable_text_has_no_index() {
        assert!(PositionIndex::build(FileKind::Yaml, "a: [").is_none());
        assert!(PositionIndex::build(FileKind::Text, "a").is_none());
    }
}
