//! The loaded, merged, checked schema: what validation, the AppSync lints and code generation read.
//! Built once per schema file (the macro caches it per compiler process) and never mutated after.

use indexmap::IndexMap;

use crate::source::{Location, SourceMap};

/// A constant GraphQL value (default values, directive arguments): the tree executable documents
/// use too. Its span points into the file of the definition holding it; values the schema builds
/// itself (built-ins, introspection JSON) are [unplaced](crate::syntax::ast::Value::unplaced).
pub type ConstValue = crate::syntax::ast::Value;

/// A type reference: `Todo`, `[Todo!]`, `String!`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// A named type, nullable.
    Named(String),
    /// A list, nullable.
    List(Box<TypeRef>),
    /// The non-null version of the inner type.
    NonNull(Box<TypeRef>),
}

impl TypeRef {
    /// The innermost named type (`[Todo!]!` -> `Todo`).
    pub fn named(&self) -> &str {
        match self {
            TypeRef::Named(n) => n,
            TypeRef::List(t) | TypeRef::NonNull(t) => t.named(),
        }
    }

    /// Whether the outermost wrapper is non-null.
    pub fn is_non_null(&self) -> bool {
        matches!(self, TypeRef::NonNull(_))
    }
}

impl std::fmt::Display for TypeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TypeRef::Named(n) => f.write_str(n),
            TypeRef::List(t) => write!(f, "[{t}]"),
            TypeRef::NonNull(t) => write!(f, "{t}!"),
        }
    }
}

/// A directive applied to a schema element (`@deprecated(reason: "...")`, `@aws_subscribe(...)`).
#[derive(Debug, Clone, PartialEq)]
pub struct AppliedDirective {
    /// Name without `@`.
    pub name: String,
    /// Arguments in source order.
    pub arguments: Vec<(String, ConstValue)>,
    /// Where it is written, when loaded from SDL.
    pub location: Option<Location>,
}

/// An argument of a field or directive, or a field of an input object.
#[derive(Debug, Clone, PartialEq)]
pub struct InputValueDef {
    /// Name.
    pub name: String,
    /// Description (doc comment in generated code).
    pub description: Option<String>,
    /// Type.
    pub ty: TypeRef,
    /// Default value, if any.
    pub default_value: Option<ConstValue>,
    /// `Some(reason)` when deprecated (reason defaults to "No longer supported").
    pub deprecation: Option<String>,
    /// Other directives applied.
    pub directives: Vec<AppliedDirective>,
    /// Where it is defined, when loaded from SDL.
    pub location: Option<Location>,
}

/// A field of an object or interface type.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDef {
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Arguments, in definition order.
    pub arguments: IndexMap<String, InputValueDef>,
    /// Result type.
    pub ty: TypeRef,
    /// `Some(reason)` when deprecated.
    pub deprecation: Option<String>,
    /// Directives applied (AppSync's `@aws_subscribe` among them).
    pub directives: Vec<AppliedDirective>,
    /// Where it is defined, when loaded from SDL.
    pub location: Option<Location>,
}

/// A value of an enum type.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValueDef {
    /// Name as on the wire.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// `Some(reason)` when deprecated.
    pub deprecation: Option<String>,
    /// Directives applied.
    pub directives: Vec<AppliedDirective>,
    /// Where it is defined, when loaded from SDL.
    pub location: Option<Location>,
}

/// What kind of type a [`TypeDef`] is, with its kind-specific parts.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A scalar (built-in, AWS, or custom).
    Scalar,
    /// An object type.
    Object {
        /// Fields in definition order (extensions appended).
        fields: IndexMap<String, FieldDef>,
        /// Interfaces it implements.
        interfaces: Vec<String>,
    },
    /// An interface type.
    Interface {
        /// Fields in definition order.
        fields: IndexMap<String, FieldDef>,
        /// Interfaces it implements (interfaces implementing interfaces).
        interfaces: Vec<String>,
    },
    /// A union type.
    Union {
        /// Member object types.
        members: Vec<String>,
    },
    /// An enum type.
    Enum {
        /// Values in definition order.
        values: IndexMap<String, EnumValueDef>,
    },
    /// An input object type.
    InputObject {
        /// Fields in definition order.
        fields: IndexMap<String, InputValueDef>,
        /// Declared `@oneOf`: exactly one field must be given, and it must not be null.
        one_of: bool,
    },
}

impl TypeKind {
    /// How a message names the kind (`an object type`), and its SDL keyword (`type`).
    pub(crate) fn words(&self) -> (&'static str, &'static str) {
        match self {
            TypeKind::Scalar => ("a scalar", "scalar"),
            TypeKind::Object { .. } => ("an object type", "type"),
            TypeKind::Interface { .. } => ("an interface", "interface"),
            TypeKind::Union { .. } => ("a union", "union"),
            TypeKind::Enum { .. } => ("an enum", "enum"),
            TypeKind::InputObject { .. } => ("an input object", "input"),
        }
    }
}

/// A named type of the schema.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Kind and kind-specific parts.
    pub kind: TypeKind,
    /// Directives applied (base definition and extensions).
    pub directives: Vec<AppliedDirective>,
    /// Whether it is built in (`String`, `__Schema`, AWS scalars...) rather than user-defined.
    pub builtin: bool,
    /// Where it is defined, when loaded from SDL.
    pub location: Option<Location>,
    /// Where each implemented interface (objects, interfaces) or member type (unions) is named,
    /// when loaded from SDL: the first mention of each, definition and extensions alike.
    pub member_locations: Vec<(String, Location)>,
}

impl TypeDef {
    /// The fields of an object or interface; `None` for other kinds.
    pub fn fields(&self) -> Option<&IndexMap<String, FieldDef>> {
        match &self.kind {
            TypeKind::Object { fields, .. } | TypeKind::Interface { fields, .. } => Some(fields),
            _ => None,
        }
    }

    /// One field of an object or interface (not `__typename`: see [`Schema::field`]).
    pub fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields()?.get(name)
    }

    /// Object, interface or union: may carry a selection set.
    pub fn is_composite(&self) -> bool {
        matches!(
            self.kind,
            TypeKind::Object { .. } | TypeKind::Interface { .. } | TypeKind::Union { .. }
        )
    }

    /// Scalar or enum: must not carry a selection set.
    pub fn is_leaf(&self) -> bool {
        matches!(self.kind, TypeKind::Scalar | TypeKind::Enum { .. })
    }

    /// Scalar, enum or input object: allowed as a variable / argument type.
    pub fn is_input(&self) -> bool {
        matches!(
            self.kind,
            TypeKind::Scalar | TypeKind::Enum { .. } | TypeKind::InputObject { .. }
        )
    }

    /// Interface or union.
    pub fn is_abstract(&self) -> bool {
        matches!(
            self.kind,
            TypeKind::Interface { .. } | TypeKind::Union { .. }
        )
    }
}

/// Where a directive may be used (the GraphQL `DirectiveLocation` enum).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DirectiveLocation {
    /// `QUERY`
    Query,
    /// `MUTATION`
    Mutation,
    /// `SUBSCRIPTION`
    Subscription,
    /// `FIELD`
    Field,
    /// `FRAGMENT_DEFINITION`
    FragmentDefinition,
    /// `FRAGMENT_SPREAD`
    FragmentSpread,
    /// `INLINE_FRAGMENT`
    InlineFragment,
    /// `VARIABLE_DEFINITION`
    VariableDefinition,
    /// `SCHEMA`
    Schema,
    /// `SCALAR`
    Scalar,
    /// `OBJECT`
    Object,
    /// `FIELD_DEFINITION`
    FieldDefinition,
    /// `ARGUMENT_DEFINITION`
    ArgumentDefinition,
    /// `INTERFACE`
    Interface,
    /// `UNION`
    Union,
    /// `ENUM`
    Enum,
    /// `ENUM_VALUE`
    EnumValue,
    /// `INPUT_OBJECT`
    InputObject,
    /// `INPUT_FIELD_DEFINITION`
    InputFieldDefinition,
}

impl DirectiveLocation {
    /// Every location, in the specification's order.
    pub const ALL: [DirectiveLocation; 19] = {
        use DirectiveLocation::*;
        [
            Query,
            Mutation,
            Subscription,
            Field,
            FragmentDefinition,
            FragmentSpread,
            InlineFragment,
            VariableDefinition,
            Schema,
            Scalar,
            Object,
            FieldDefinition,
            ArgumentDefinition,
            Interface,
            Union,
            Enum,
            EnumValue,
            InputObject,
            InputFieldDefinition,
        ]
    };

    /// The specification's name of the location (`FIELD_DEFINITION`).
    pub fn as_str(self) -> &'static str {
        use DirectiveLocation::*;
        match self {
            Query => "QUERY",
            Mutation => "MUTATION",
            Subscription => "SUBSCRIPTION",
            Field => "FIELD",
            FragmentDefinition => "FRAGMENT_DEFINITION",
            FragmentSpread => "FRAGMENT_SPREAD",
            InlineFragment => "INLINE_FRAGMENT",
            VariableDefinition => "VARIABLE_DEFINITION",
            Schema => "SCHEMA",
            Scalar => "SCALAR",
            Object => "OBJECT",
            FieldDefinition => "FIELD_DEFINITION",
            ArgumentDefinition => "ARGUMENT_DEFINITION",
            Interface => "INTERFACE",
            Union => "UNION",
            Enum => "ENUM",
            EnumValue => "ENUM_VALUE",
            InputObject => "INPUT_OBJECT",
            InputFieldDefinition => "INPUT_FIELD_DEFINITION",
        }
    }

    /// The location named `name` (as introspection and SDL write it).
    pub fn from_name(name: &str) -> Option<DirectiveLocation> {
        Self::ALL.into_iter().find(|l| l.as_str() == name)
    }
}

/// A directive definition (built-in, AppSync, or declared in the schema).
#[derive(Debug, Clone, PartialEq)]
pub struct DirectiveDef {
    /// Name without `@`.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Arguments.
    pub arguments: IndexMap<String, InputValueDef>,
    /// May appear more than once at one location.
    pub repeatable: bool,
    /// Where it may be used.
    pub locations: Vec<DirectiveLocation>,
    /// Whether it is built in (`@skip`, `@include`, `@deprecated`, `@specifiedBy`, `@oneOf`,
    /// AppSync's `@aws_*`).
    pub builtin: bool,
    /// Where it is defined, when loaded from SDL.
    pub location: Option<Location>,
}

impl From<&crate::syntax::ast::Type> for TypeRef {
    /// `[Type!]!` as written in a document, as a schema type reference.
    fn from(t: &crate::syntax::ast::Type) -> TypeRef {
        use crate::syntax::ast::Type;
        // Iterative: the wrappers are unwound into a list, then rebuilt inside out.
        let mut wrappers = Vec::new();
        let mut cur = t;
        let name = loop {
            match cur {
                Type::NamedType(n) => break n.clone(),
                Type::ListType(inner) => {
                    wrappers.push(true);
                    cur = inner;
                }
                Type::NonNullType(inner) => {
                    wrappers.push(false);
                    cur = inner;
                }
            }
        };
        let mut ty = TypeRef::Named(name);
        for list in wrappers.into_iter().rev() {
            ty = if list {
                TypeRef::List(Box::new(ty))
            } else {
                TypeRef::NonNull(Box::new(ty))
            };
        }
        ty
    }
}

/// Which operation an operation type serves: the same kinds documents write.
pub use crate::syntax::ast::OperationType;

/// A loaded schema: every type (built-ins included), directives and root operation types.
#[derive(Debug, Clone)]
pub struct Schema {
    /// The schema's own source files (empty for introspection JSON... which has one file).
    pub sources: SourceMap,
    /// Every named type, user types in definition order, then built-ins.
    pub types: IndexMap<String, TypeDef>,
    /// Every directive definition.
    pub directives: IndexMap<String, DirectiveDef>,
    /// Root query type name (`Query` unless `schema { query: ... }` says otherwise).
    pub query_type: Option<String>,
    /// Root mutation type name.
    pub mutation_type: Option<String>,
    /// Root subscription type name.
    pub subscription_type: Option<String>,
    /// For each interface and union: the object types that may appear at runtime, in definition
    /// order. Objects map to themselves.
    pub possible_types: IndexMap<String, Vec<String>>,
}

impl Schema {
    /// A type by name.
    pub fn get(&self, name: &str) -> Option<&TypeDef> {
        self.types.get(name)
    }

    /// The root type of an operation kind.
    pub fn root(&self, op: OperationType) -> Option<&TypeDef> {
        let name = match op {
            OperationType::Query => self.query_type.as_deref(),
            OperationType::Mutation => self.mutation_type.as_deref(),
            OperationType::Subscription => self.subscription_type.as_deref(),
        }?;
        self.types.get(name)
    }

    /// A field of a composite type, including the meta fields (`__typename` on every composite
    /// type; `__schema` and `__type` on the query root).
    pub fn field<'a>(&'a self, parent: &str, name: &str) -> Option<&'a FieldDef> {
        if let Some(meta) = self.meta_field(parent, name) {
            return Some(meta);
        }
        self.types.get(parent)?.field(name)
    }

    /// The object types a value of `name` may have at runtime (itself for an object).
    pub fn possible_types(&self, name: &str) -> &[String] {
        self.possible_types
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Whether `sub` is `sup`, a member of union `sup`, or implements interface `sup`.
    pub fn is_subtype(&self, sub: &str, sup: &str) -> bool {
        if sub == sup {
            return true;
        }
        match self.types.get(sup).map(|t| &t.kind) {
            Some(TypeKind::Union { members }) => members.iter().any(|m| m == sub),
            Some(TypeKind::Interface { .. }) => match self.types.get(sub).map(|t| &t.kind) {
                Some(TypeKind::Object { interfaces, .. })
                | Some(TypeKind::Interface { interfaces, .. }) => {
                    interfaces.iter().any(|i| i == sup)
                }
                _ => false,
            },
            _ => false,
        }
    }

    fn meta_field(&self, parent: &str, name: &str) -> Option<&FieldDef> {
        super::meta::meta_field(self, parent, name)
    }
}
