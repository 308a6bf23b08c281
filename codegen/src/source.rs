//! Source files and positions: every diagnostic points into one of these.

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// A byte range in one source file, as the parser reports it for every node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset past the last byte.
    pub end: u32,
}

impl Span {
    /// The span of bytes `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        // Files are far below 4 GiB: the project refuses longer documents before parsing.
        Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// The empty span at the end of this one.
    pub fn end_point(self) -> Span {
        Span {
            start: self.end,
            end: self.end,
        }
    }

    /// The first byte of this span (for a caret at an opening brace).
    pub fn first_byte(self) -> Span {
        Span {
            start: self.start,
            end: self.start.saturating_add(1).min(self.end.max(self.start)),
        }
    }

    /// From the start of `self` to the end of `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            start: self.start,
            end: other.end.max(self.start),
        }
    }
}

/// A place in a source file: where a diagnostic's caret goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file.
    pub file: FileId,
    /// Where the item starts.
    pub start: LineCol,
    /// How many characters to underline (at least 1 when rendered).
    pub len: usize,
}

/// One loaded source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown to users: a path relative to the crate or the working directory,
    /// or a label such as `<inline query>`.
    pub name: String,
    /// The full text.
    pub text: String,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Builds a file and its line index.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        // memchr's iterator, sized first: `match_indices` costs a millisecond on 1 MB.
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes());
        let mut line_starts = Vec::with_capacity(newlines.clone().count() + 1);
        line_starts.push(0);
        line_starts.extend(newlines.map(|i| i + 1));
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// The text of a 1-based line, without its line terminator; `None` past the end.
    pub fn line(&self, line: usize) -> Option<&str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset of a 1-based line/column, clamped to the text.
    pub fn offset(&self, at: LineCol) -> usize {
        let Some(line_start) = at
            .line
            .checked_sub(1)
            .and_then(|l| self.line_starts.get(l).copied())
        else {
            return self.text.len();
        };
        let line = self.line(at.line).unwrap_or("");
        let col = at.column.saturating_sub(1);
        line_start
            + line
                .char_indices()
                .nth(col)
                .map(|(i, _)| i)
                .unwrap_or(line.len())
    }

    /// The location of `span` in this file (`file` is its id): its start, and its length in
    /// characters (at least 1).
    pub fn location(&self, file: FileId, span: Span) -> Location {
        let start = (span.start as usize).min(self.text.len());
        let end = (span.end as usize).clamp(start, self.text.len());
        let len = self
            .text
            .get(start..end)
            .map_or(1, |t| t.chars().count())
            .max(1);
        Location {
            file,
            start: self.line_col(start),
            len,
        }
    }

    /// The 1-based line/column of a byte offset (clamped).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self.text[start..offset].chars().count() + 1;
        LineCol { line, column }
    }
}

/// All files of one project. Diagnostics refer to files by [`FileId`].
///
/// A loaded [`Schema`](crate::schema::Schema) owns the map of its own files (ids `0..n`); a project
/// that validates documents starts from a clone of it (cheap: files are shared) and appends the
/// documents, so schema and document locations render against one map.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<std::sync::Arc<SourceFile>>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files
            .push(std::sync::Arc::new(SourceFile::new(name, text)));
        FileId(self.files.len() as u32 - 1)
    }

    /// The file with this id.
    ///
    /// # Panics
    /// If the id did not come from this map.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The location of `span` in `file`.
    pub fn location(&self, file: FileId, span: Span) -> Location {
        self.get(file).location(file, span)
    }

    /// Every file with its id.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), &**f))
    }
}
