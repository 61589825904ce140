//! One finding of `refuge check` (and of loading at start-up): where it is and what is wrong.
//!
//! Every loader (knowledge, locales, config) reports problems as data so that `check` can list
//! them all at once, one line each, instead of stopping at the first.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem found in a data file, shown as `file:line: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file the problem is in, when it is in one.
    pub file: Option<PathBuf>,
    /// The 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong, for a coordinator to fix.
    pub message: String,
}

impl Problem {
    /// A problem in `file` (no line known).
    pub fn in_file(file: &Path, message: impl Into<String>) -> Self {
        Self { file: Some(file.to_path_buf()), line: None, message: message.into() }
    }

    /// A problem at `file:line`.
    pub fn at(file: &Path, line: usize, message: impl Into<String>) -> Self {
        Self { file: Some(file.to_path_buf()), line: Some(line), message: message.into() }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{}:{line}: {}", file.display(), self.message),
            (Some(file), None) => write!(f, "{}: {}", file.display(), self.message),
            _ => f.write_str(&self.message),
        }
    }
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Joins problems into one block of lines, for error messages.
pub fn list(problems: &[Problem]) -> String {
    problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
}
