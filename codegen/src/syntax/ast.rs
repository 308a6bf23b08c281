//! The executable document tree (operations and fragments) every later stage reads, and the
//! value and type trees schemas share. Owned, with a [`Span`] on every node and every name, so
//! a diagnostic points at the exact token without looking at the text again.

use std::fmt;
use std::ops::Deref;

use crate::source::Span;

/// A name token: its text and where it is written. Names compare and hash by their text.
#[derive(Debug, Clone)]
pub struct Name {
    /// The name.
    pub value: String,
    /// The token.
    pub span: Span,
}

impl Name {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Name {}

impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.value == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.value == *other
    }
}

/// One document file: its operations and fragments in source order.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Operations and fragments.
    pub definitions: Vec<Definition>,
    /// Type system definitions written in the document, which a document may not hold: the
    /// `ExecutableDefinitions` rule reports each.
    pub type_system: Vec<TypeSystemDefinition>,
}

/// A type system definition found in an executable document.
#[derive(Debug, Clone)]
pub struct TypeSystemDefinition {
    /// Its first keyword (`type`, `extend`, `schema`...).
    pub keyword: Name,
}

/// An executable definition.
#[derive(Debug, Clone)]
pub enum Definition {
    /// `query`, `mutation`, `subscription` or a bare `{ ... }`.
    Operation(OperationDefinition),
    /// `fragment F on T { ... }`.
    Fragment(FragmentDefinition),
}

/// Which root an operation runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperationType {
    /// `query`.
    Query,
    /// `mutation`.
    Mutation,
    /// `subscription`.
    Subscription,
}

/// An operation.
#[derive(Debug, Clone)]
pub struct OperationDefinition {
    /// The whole definition, description included.
    pub span: Span,
    /// Its root.
    pub kind: OperationType,
    /// The `query`/`mutation`/`subscription` keyword, or the `{` of a shorthand query.
    pub keyword: Span,
    /// `{ ... }` with no keyword.
    pub shorthand: bool,
    /// A description (`"Loads a todo" query Q { ... }`), kept for documentation only.
    pub description: Option<String>,
    /// Its name, if any.
    pub name: Option<Name>,
    /// `($id: ID!, ...)`.
    pub variable_definitions: Vec<VariableDefinition>,
    /// Directives on the operation.
    pub directives: Vec<Directive>,
    /// Its selections.
    pub selection_set: SelectionSet,
}

/// A fragment definition.
#[derive(Debug, Clone)]
pub struct FragmentDefinition {
    /// The whole definition, description included.
    pub span: Span,
    /// A description, kept for documentation only.
    pub description: Option<String>,
    /// Its name.
    pub name: Name,
    /// The type after `on`.
    pub type_condition: Name,
    /// Directives on the fragment.
    pub directives: Vec<Directive>,
    /// Its selections.
    pub selection_set: SelectionSet,
}

/// `$name: Type = default @directive`.
#[derive(Debug, Clone)]
pub struct VariableDefinition {
    /// The whole definition.
    pub span: Span,
    /// A description, kept for documentation only.
    pub description: Option<String>,
    /// The name without `$`; its span covers `$name`.
    pub name: Name,
    /// The declared type.
    pub var_type: Type,
    /// Where the type is written.
    pub type_span: Span,
    /// The named type inside the type (`Int` in `[Int!]`), where it is written.
    pub type_name: Name,
    /// The default value.
    pub default_value: Option<Value>,
    /// Directives on the definition (location `VARIABLE_DEFINITION`).
    pub directives: Vec<Directive>,
}

/// `{ ... }`.
#[derive(Debug, Clone)]
pub struct SelectionSet {
    /// From `{` to `}`; empty, at the end of its field, when a field has none.
    pub span: Span,
    /// The selections in source order.
    pub items: Vec<Selection>,
}

/// One selection.
#[derive(Debug, Clone)]
pub enum Selection {
    /// A field.
    Field(Field),
    /// `...Name`.
    FragmentSpread(FragmentSpread),
    /// `... on T { ... }` or `... @dir { ... }`.
    InlineFragment(InlineFragment),
}

/// A field selection.
#[derive(Debug, Clone)]
pub struct Field {
    /// The whole field, alias to closing brace.
    pub span: Span,
    /// `alias:`.
    pub alias: Option<Name>,
    /// The field's name.
    pub name: Name,
    /// Its arguments in source order, duplicates included.
    pub arguments: Vec<Argument>,
    /// Its directives.
    pub directives: Vec<Directive>,
    /// Its selections; empty when it has none.
    pub selection_set: SelectionSet,
}

/// `name: value` in a field's or directive's arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    /// The argument's name.
    pub name: Name,
    /// Its value.
    pub value: Value,
}

/// `...Name`.
#[derive(Debug, Clone)]
pub struct FragmentSpread {
    /// From `...` to the end.
    pub span: Span,
    /// The fragment's name.
    pub fragment_name: Name,
    /// Its directives.
    pub directives: Vec<Directive>,
}

/// `... on T { ... }`.
#[derive(Debug, Clone)]
pub struct InlineFragment {
    /// From `...` to the closing brace.
    pub span: Span,
    /// The type after `on`, if any.
    pub type_condition: Option<Name>,
    /// Its directives.
    pub directives: Vec<Directive>,
    /// Its selections.
    pub selection_set: SelectionSet,
}

/// `@name(args)`.
#[derive(Debug, Clone)]
pub struct Directive {
    /// From `@` to the end.
    pub span: Span,
    /// The name without `@`.
    pub name: Name,
    /// Its arguments in source order, duplicates included.
    pub arguments: Vec<Argument>,
}

impl Directive {
    /// `@name`, as diagnostics underline it.
    pub fn head(&self) -> Span {
        self.span.to(self.name.span)
    }
}

/// A type reference as written: `Int`, `[Int!]`, `String!`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// A named type.
    NamedType(String),
    /// `[T]`.
    ListType(Box<Type>),
    /// `T!`.
    NonNullType(Box<Type>),
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::NamedType(n) => f.write_str(n),
            Type::ListType(t) => write!(f, "[{t}]"),
            Type::NonNullType(t) => write!(f, "{t}!"),
        }
    }
}

/// An integer literal, kept as written: GraphQL integers have no size limit in the syntax, and
/// each use decides what range it accepts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number(pub String);

impl Number {
    /// The value, if it fits in 64 bits.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Self {
        Number(n.to_string())
    }
}

/// A value with where it is written.
#[derive(Debug, Clone)]
pub struct Value {
    /// The literal, variable, list or object.
    pub kind: ValueKind,
    /// Where it is written; for values a schema builds (built-in defaults), empty.
    pub span: Span,
}

impl Value {
    /// A value with no place in any source.
    pub fn unplaced(kind: ValueKind) -> Self {
        Value {
            kind,
            span: Span::default(),
        }
    }
}

impl Value {
    /// Clears every span inside: for a value the schema builds itself (a built-in's or an
    /// introspection default), read from text that is in no file.
    pub fn unplace(&mut self) {
        self.span = Span::default();
        match &mut self.kind {
            ValueKind::List(items) => items.iter_mut().for_each(Value::unplace),
            ValueKind::Object(fields) => {
                for f in fields {
                    f.name.span = Span::default();
                    f.value.unplace();
                }
            }
            _ => {}
        }
    }
}

/// Two values are equal when they are written the same, wherever that is.
impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
    }
}

/// What a value is.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// `$name` (without `$`).
    Variable(String),
    /// An integer literal.
    Int(Number),
    /// A float literal.
    Float(f64),
    /// A string or block string, escapes and indentation resolved.
    String(String),
    /// `true` or `false`.
    Boolean(bool),
    /// `null`.
    Null,
    /// An enum value.
    Enum(String),
    /// `[...]`.
    List(Vec<Value>),
    /// `{...}`, fields in source order, duplicates included.
    Object(Vec<ObjectField>),
}

/// `name: value` in an input object value.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectField {
    /// The field's name.
    pub name: Name,
    /// Its value.
    pub value: Value,
}

impl ValueKind {
    /// The value of field `name` of an object value (the last one written, as graphql-js's
    /// value coercion keeps it); `None` for other values.
    pub fn field(&self, name: &str) -> Option<&Value> {
        match self {
            ValueKind::Object(fields) => fields
                .iter()
                .rev()
                .find(|f| f.name == name)
                .map(|f| &f.value),
            _ => None,
        }
    }
}
