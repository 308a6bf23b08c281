//! Diagnostics: what is wrong, where, and how to fix it. One type for every stage (schema
//! loading, validation, AppSync lints, code generation) and every front (macro, CLI).

use crate::source::{Location, SourceMap};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The input is invalid; no code is generated for it.
    Error,
    /// The input is accepted but probably wrong (schema flaws, AppSync selection gaps).
    Warning,
}

/// A secondary place worth showing (e.g. the other definition of a duplicate name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub location: Location,
    /// What is there (`first defined here`).
    pub message: String,
}

/// One finding, rendered the way rustc renders its own (`error: ...`, `--> file:line:col`,
/// the line with a caret, then `= help: ...` notes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, lint-like name of the rule that fired (`fields-on-correct-type`,
    /// `appsync-subscription-selects-unreturned-fields`), used by tests and by allow/deny knobs.
    pub code: &'static str,
    /// What is wrong, in the user's terms.
    pub message: String,
    /// The main place; `None` for project-level findings without a position.
    pub location: Option<Location>,
    /// The caret's label (short), may be empty.
    pub label: String,
    /// Other places worth showing.
    pub secondary: Vec<Label>,
    /// `help:` lines: the likely fix ("did you mean `createdAt`?").
    pub help: Vec<String>,
    /// `note:` lines: background ("AppSync sends only the fields the mutation selected").
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// A new error at a location.
    pub fn error(
        code: &'static str,
        message: impl Into<String>,
        location: Option<Location>,
    ) -> Self {
        Self::new(Severity::Error, code, message, location)
    }

    /// A new warning at a location.
    pub fn warning(
        code: &'static str,
        message: impl Into<String>,
        location: Option<Location>,
    ) -> Self {
        Self::new(Severity::Warning, code, message, location)
    }

    fn new(
        severity: Severity,
        code: &'static str,
        message: impl Into<String>,
        location: Option<Location>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            location,
            label: String::new(),
            secondary: Vec::new(),
            help: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Sets the caret's label.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Adds a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    /// Adds a `note:` line.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Adds a secondary location.
    pub fn with_secondary(mut self, location: Location, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            location,
            message: message.into(),
        });
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// Renders in rustc's shape, without colours:
    ///
    /// ```text
    /// error: unknown field `titel` on type `Todo`
    ///   --> graphql/todos.graphql:3:5
    ///    |
    ///  3 |     titel
    ///    |     ^^^^^ unknown field
    ///    |
    ///    = help: did you mean `title`?
    /// ```
    pub fn render(&self, sources: &SourceMap) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{kind}: {}", self.message);
        let mut places: Vec<(&Location, &str)> = Vec::new();
        if let Some(loc) = &self.location {
            places.push((loc, &self.label));
        }
        places.extend(
            self.secondary
                .iter()
                .map(|l| (&l.location, l.message.as_str())),
        );
        let width = places
            .iter()
            .map(|(l, _)| l.start.line.to_string().len())
            .max()
            .unwrap_or(1);
        let pad = " ".repeat(width);
        for (i, (loc, label)) in places.iter().enumerate() {
            let file = sources.get(loc.file);
            let arrow = if i == 0 { "-->" } else { ":::" };
            let _ = writeln!(
                out,
                "{pad}{arrow} {}:{}:{}",
                file.name, loc.start.line, loc.start.column
            );
            let _ = writeln!(out, "{pad} |");
            if let Some(line) = file.line(loc.start.line) {
                let line = line.replace('\t', " ");
                let _ = writeln!(out, "{:>width$} | {line}", loc.start.line);
                let col = loc.start.column.saturating_sub(1);
                let max = line.chars().count().saturating_sub(col).max(1);
                let carets = "^".repeat(loc.len.clamp(1, max));
                let space = " ".repeat(col);
                let sep = if label.is_empty() { "" } else { " " };
                let _ = writeln!(out, "{pad} | {space}{carets}{sep}{label}");
            }
        }
        let has_notes = !self.help.is_empty() || !self.notes.is_empty();
        if !places.is_empty() && has_notes {
            let _ = writeln!(out, "{pad} |");
        }
        for help in &self.help {
            let _ = writeln!(out, "{pad} = help: {help}");
        }
        for note in &self.notes {
            let _ = writeln!(out, "{pad} = note: {note}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{LineCol, Location, SourceMap};

    #[test]
    fn renders_like_rustc() {
        let mut sources = SourceMap::new();
        let file = sources.add("todos.graphql", "query {\n  todos {\n    titel\n  }\n}\n");
        let d = Diagnostic::error(
            "fields-on-correct-type",
            "unknown field `titel` on type `Todo`",
            Some(Location {
                file,
                start: LineCol { line: 3, column: 5 },
                len: 5,
            }),
        )
        .with_label("unknown field")
        .with_help("did you mean `title`?");
        assert_eq!(
            d.render(&sources),
            "error: unknown field `titel` on type `Todo`\n \
             --> todos.graphql:3:5\n  |\n3 |     titel\n  |     ^^^^^ unknown field\n  |\n  \
             = help: did you mean `title`?\n"
        );
    }
}
