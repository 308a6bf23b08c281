//! The resolved IR: every Rust item to generate, with names, types and wire names decided.
//! Emission only turns it into tokens.

use crate::schema::OperationType;

/// A Rust type of a field, variable or input field.
#[derive(Debug, Clone)]
pub enum TypeExpr {
    /// A named type.
    Leaf(Leaf),
    /// `Option<T>`: a nullable output, or a nullable list item of an input.
    Option(Box<TypeExpr>),
    /// `Maybe<T>`: a nullable (or defaulted) input that tells absent from null.
    Maybe(Box<TypeExpr>),
    /// `Vec<T>`.
    List(Box<TypeExpr>),
    /// `Box<T>`: breaks a cycle of input objects.
    Boxed(Box<TypeExpr>),
}

/// The named end of a [`TypeExpr`].
#[derive(Debug, Clone)]
pub enum Leaf {
    /// A scalar's Rust type, as mapped.
    Scalar(ScalarType),
    /// A schema enum in the `types` module.
    Enum(String),
    /// An input object in the `types` module.
    Input(String),
    /// A response type of the same module.
    Local(String),
    /// A fragment type in the `fragments` module.
    Fragment(String),
}

/// The Rust type of a scalar, before emission knows the runtime crate's path.
#[derive(Debug, Clone)]
pub enum ScalarType {
    /// A Rust type as written: a primitive (`i32`, `String`) or the user's mapping.
    Rust(proc_macro2::TokenStream),
    /// A type of the runtime's `scalars` module (`Id`, `AwsDateTime`...).
    Runtime(&'static str),
    /// `serde_json::Value` through the runtime: the stand-in for an unmapped custom scalar.
    Json,
}

/// A field of a response struct.
#[derive(Debug, Clone)]
pub struct Field {
    /// The response key (alias or name): the JSON key.
    pub wire: String,
    /// The Rust field name.
    pub rust: String,
    /// Its type.
    pub ty: TypeExpr,
    /// The schema's description.
    pub doc: Option<String>,
    /// The deprecation reason, when deprecated.
    pub deprecated: Option<String>,
    /// Under `@skip`/`@include`: may be missing (`#[serde(default)]`, type is an `Option`).
    pub optional: bool,
}

/// A fragment spread kept as a field holding the fragment's own type.
#[derive(Debug, Clone)]
pub struct Spread {
    /// The fragment type's Rust name.
    pub fragment: String,
    /// The Rust field name.
    pub rust: String,
    /// Under `@skip`/`@include` (the field is an `Option`).
    pub conditional: bool,
    /// For a conditional spread: a response key the fragment always selects, whose presence
    /// says the spread was included. `None`: decoded whenever it decodes.
    pub probe: Option<String>,
}

/// A response object type.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Rust name.
    pub name: String,
    /// Doc comment.
    pub doc: String,
    /// Fields selected directly (and through inline fragments), merged by response key.
    pub fields: Vec<Field>,
    /// Named fragments spread here.
    pub spreads: Vec<Spread>,
}

/// One variant of a response enum for an interface or union.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The object type's GraphQL name (`__typename`).
    pub typename: String,
    /// Rust variant name.
    pub rust: String,
    /// The type it carries: its own struct, or a fragment's type when that is all it selects.
    pub ty: Leaf,
}

/// A response type for an interface or union whose selection depends on the concrete type.
#[derive(Debug, Clone)]
pub struct Abstract {
    /// Rust name.
    pub name: String,
    /// Doc comment.
    pub doc: String,
    /// One per object type with its own selections.
    pub variants: Vec<Variant>,
    /// Rust name of the variant for every other type (`Other`).
    pub other_rust: String,
    /// The struct the other variant carries (shared fields and `typename`).
    pub other_ty: String,
}

/// A response type declaration.
#[derive(Debug, Clone)]
pub enum Decl {
    /// An object.
    Struct(Struct),
    /// A dispatch on `__typename`.
    Abstract(Abstract),
}

/// A field of a variables struct or input object.
#[derive(Debug, Clone)]
pub struct InputField {
    /// The JSON key.
    pub wire: String,
    /// The Rust field name.
    pub rust: String,
    /// Its type (`Maybe<..>` when it may be left out).
    pub ty: TypeExpr,
    /// Description.
    pub doc: Option<String>,
    /// Deprecation reason.
    pub deprecated: Option<String>,
}

impl InputField {
    /// Whether it may be left out (its type is `Maybe`).
    pub fn is_optional(&self) -> bool {
        matches!(self.ty, TypeExpr::Maybe(_))
    }
}

/// An input object of the schema.
#[derive(Debug, Clone)]
pub struct Input {
    /// Rust name.
    pub name: String,
    /// GraphQL name.
    pub graphql: String,
    /// Description.
    pub doc: Option<String>,
    /// Fields.
    pub fields: Vec<InputField>,
    /// `@oneOf`: generated as an enum with one variant per field.
    pub one_of: bool,
}

/// A value of a schema enum.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The wire name.
    pub wire: String,
    /// Rust variant name.
    pub rust: String,
    /// Description.
    pub doc: Option<String>,
    /// Deprecation reason.
    pub deprecated: Option<String>,
}

/// An enum of the schema.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Rust name.
    pub name: String,
    /// GraphQL name.
    pub graphql: String,
    /// Description.
    pub doc: Option<String>,
    /// Values in schema order.
    pub values: Vec<EnumValue>,
    /// Rust name of the fallback variant carrying unknown values.
    pub other: String,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The name sent as `operationName`.
    pub name: String,
    /// Query, mutation or subscription.
    pub kind: OperationType,
    /// The Rust unit type's name.
    pub type_name: String,
    /// The Rust module holding its types.
    pub module: String,
    /// The document sent: the operation and the fragments it uses.
    pub document: String,
    /// Variables (the `Variables` struct's fields).
    pub variables: Vec<InputField>,
    /// Response types: `Data` first.
    pub decls: Vec<Decl>,
}

/// Everything to generate.
#[derive(Debug, Clone, Default)]
pub struct Ir {
    /// Operations, in document order.
    pub operations: Vec<Operation>,
    /// Types of the fragments the operations use.
    pub fragments: Vec<Decl>,
    /// Schema enums used.
    pub enums: Vec<Enum>,
    /// Input objects used.
    pub inputs: Vec<Input>,
}
