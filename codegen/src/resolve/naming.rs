//! How GraphQL names become Rust names.
//!
//! The scheme, for a document with `mutation AddTodo { addTodo(...) { id owner { login } } }`
//! expanded inside the user's `mod todos {}`:
//!
//! | GraphQL                              | Rust                                   |
//! |--------------------------------------|----------------------------------------|
//! | operation `AddTodo`                  | `todos::AddTodo` (unit type, implements `Operation`) |
//! | its variables                        | `todos::add_todo::Variables`           |
//! | its response data                    | `todos::add_todo::Data`                |
//! | object at response path `addTodo`    | `todos::add_todo::AddTodo`             |
//! | object at `addTodo.owner`            | `todos::add_todo::AddTodoOwner`        |
//! | abstract type at `search.nodes`      | enum `SearchNodes`, variants `Repository(SearchNodesRepository)`, ..., `Other(SearchNodesOther)` |
//! | fragment `TodoFields`                | `todos::fragments::TodoFields` (objects inside it: `TodoFieldsOwner`) |
//! | schema enum / input object           | `todos::types::Status`, `todos::types::AddTodoInput` |
//! | field `boardId`, alias `b: boardId`  | field `board_id`, `b` (`#[serde(rename)]` keeps the wire name) |
//! | enum value `IN_PROGRESS`             | variant `InProgress`                   |
//!
//! Nested object types are named by their **response path** (response keys, so aliases count)
//! in PascalCase: predictable, and stable when other parts of the operation change. A type
//! shared between paths (fields of an interface selected once and reused by every variant)
//! keeps the name of the first path. `types` and `fragments` are generated only when an
//! operation uses them, and hold only what is used.
//!
//! In struct mode (`#[graphql(...)] struct AddTodo;`) the user's struct is the operation type,
//! and `types`/`fragments` live inside the operation's module (`add_todo::types`), so several
//! struct-mode operations in one module never collide.
//!
//! Collisions never fail the build: Rust keywords become raw identifiers (`r#type`; `self`,
//! `Self`, `super`, `crate` get a trailing `_`), names that differ only in case or that map to
//! the same Rust name (`todo` and `Todo`, `FOO_BAR` and `FooBar`) get a numeric suffix in order
//! of appearance (`Todo`, `Todo2`), and a schema enum value that would take the fallback
//! variant's name `Other` keeps it, the fallback becoming `UnknownValue`.

use std::collections::HashSet;

use proc_macro2::{Ident, Span};

/// Words of a GraphQL name: split at `_`, at lower-to-upper case changes and before the last
/// capital of an acronym (`HTTPServer` -> `HTTP`, `Server`). Digits stay with their word.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in name.split('_').filter(|p| !p.is_empty()) {
        let chars: Vec<char> = part.chars().collect();
        let mut word = String::new();
        for (i, &c) in chars.iter().enumerate() {
            if i > 0 && c.is_uppercase() {
                let prev = chars[i - 1];
                let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
                if prev.is_lowercase()
                    || prev.is_ascii_digit()
                    || (prev.is_uppercase() && next_lower)
                {
                    out.push(std::mem::take(&mut word));
                }
            }
            word.push(c);
        }
        if !word.is_empty() {
            out.push(word);
        }
    }
    out
}

/// `addTodo` -> `AddTodo`, `IN_PROGRESS` -> `InProgress`, `AWSJSON` -> `Awsjson`.
pub fn pascal_case(name: &str) -> String {
    let mut out = String::new();
    for word in words(name) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.extend(chars.flat_map(char::to_lowercase));
        }
    }
    out
}

/// `boardId` -> `board_id`, `__typename` -> `typename`, `isHTTP2` -> `is_http2`.
pub fn snake_case(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Makes `name` a usable identifier text: keywords become raw (`r#type`), the few that cannot
/// be raw get a trailing `_`, an empty or digit-leading name gets a prefix.
fn legal(name: String, empty: &str) -> String {
    if name.is_empty() {
        return empty.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        return format!("r#{name}");
    }
    name
}

/// The Rust field (or module) name for a GraphQL field, argument or variable name.
pub fn field_name(name: &str) -> String {
    legal(snake_case(name), "field")
}

/// The Rust module name for an operation.
pub fn module_name(name: &str) -> String {
    legal(snake_case(name), "operation")
}

/// The Rust type (or variant) name for a GraphQL name.
pub fn type_name(name: &str) -> String {
    legal(pascal_case(name), "Type")
}

/// An identifier from a name made by this module (`r#type` becomes a raw identifier).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The wire-independent text of an identifier (`r#type` -> `type`).
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Names already taken in one Rust namespace (a module's types, a struct's fields, an enum's
/// variants). [`Names::claim`] hands out the wanted name or the first free `name2`, `name3`...
#[derive(Debug, Default, Clone)]
pub struct Names {
    taken: HashSet<String>,
}

impl Names {
    /// An empty namespace.
    pub fn new() -> Names {
        Names::default()
    }

    /// A namespace where `reserved` are already taken.
    pub fn reserving(reserved: &[&str]) -> Names {
        Names {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Whether `name` is taken.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(unraw(name))
    }

    /// Takes `wanted`, or the first free numbered variant of it.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(unraw(wanted).to_owned()) {
            return wanted.to_owned();
        }
        let base = unraw(wanted).trim_end_matches('_');
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(pascal_case("addTodo"), "AddTodo");
        assert_eq!(pascal_case("IN_PROGRESS"), "InProgress");
        assert_eq!(pascal_case("HTTPServer"), "HttpServer");
        assert_eq!(pascal_case("AWSJSON"), "Awsjson");
        assert_eq!(pascal_case("__typename"), "Typename");
        assert_eq!(snake_case("boardId"), "board_id");
        assert_eq!(snake_case("isHTTP2Enabled"), "is_http2_enabled");
        assert_eq!(snake_case("URL"), "url");
        assert_eq!(snake_case("__typename"), "typename");
        assert_eq!(snake_case("databaseId"), "database_id");
    }

    #[test]
    fn keywords_and_odd_names() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(type_name("self"), "Self_");
        assert_eq!(field_name("_"), "field");
        assert_eq!(ident("r#type").to_string(), "r#type");
    }

    #[test]
    fn collisions_get_numbers() {
        let mut names = Names::reserving(&["Data"]);
        assert_eq!(names.claim("Todo"), "Todo");
        assert_eq!(names.claim("Todo"), "Todo2");
        assert_eq!(names.claim("Data"), "Data2");
        assert_eq!(names.claim("r#type"), "r#type");
        assert_eq!(names.claim("type"), "type2");
        assert_eq!(names.claim("Sha1"), "Sha1");
        assert_eq!(names.claim("Sha1"), "Sha1_2");
    }
}
