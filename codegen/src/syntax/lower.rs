//! apollo-parser's lossless tree to the owned [`ast`](super::ast). Runs only on trees without
//! syntax errors, where every required part is present; a missing one makes the lowering return
//! `None` (reported as a syntax error) instead of panicking.

use apollo_parser::cst::{self, CstNode};
use apollo_parser::{SyntaxKind, SyntaxNode, SyntaxToken};

use super::ast::{
    Argument, Definition, Directive, Document, Field, FragmentDefinition, FragmentSpread,
    InlineFragment, Name, Number, ObjectField, OperationDefinition, OperationType, Selection,
    SelectionSet, Type, TypeSystemDefinition, Value, ValueKind, VariableDefinition,
};
use crate::source::Span;

fn is_trivia(kind: SyntaxKind) -> bool {
    matches!(
        kind,
        SyntaxKind::WHITESPACE | SyntaxKind::COMMENT | SyntaxKind::COMMA
    )
}

/// The bytes of `node` without the whitespace, commas and comments the tree keeps at its edges.
pub(crate) fn span(node: &SyntaxNode) -> Span {
    let range = node.text_range();
    let first = significant(node.first_token(), range, SyntaxToken::next_token);
    let last = significant(node.last_token(), range, SyntaxToken::prev_token);
    match (first, last) {
        (Some(first), Some(last)) => Span::new(
            first.text_range().start().into(),
            last.text_range().end().into(),
        ),
        _ => Span::new(range.start().into(), range.end().into()),
    }
}

/// The first token from `token` on, stepping with `step`, that is not trivia, while inside
/// `range`.
fn significant(
    mut token: Option<SyntaxToken>,
    range: apollo_parser::TextRange,
    step: fn(&SyntaxToken) -> Option<SyntaxToken>,
) -> Option<SyntaxToken> {
    while let Some(t) = token {
        if !range.contains_range(t.text_range()) {
            return None;
        }
        if !is_trivia(t.kind()) {
            return Some(t);
        }
        token = step(&t);
    }
    None
}

fn token_span(token: &SyntaxToken) -> Span {
    let r = token.text_range();
    Span::new(r.start().into(), r.end().into())
}

/// A name and its token.
pub(crate) fn name(node: &cst::Name) -> Name {
    Name {
        value: node.text().to_string(),
        span: span(node.syntax()),
    }
}

/// A description's text, escapes and block-string indentation resolved.
pub(crate) fn description(node: Option<cst::Description>) -> Option<String> {
    node.and_then(|d| d.string_value()).map(|s| string(&s))
}

/// A string or block string's value.
pub(crate) fn string(node: &cst::StringValue) -> String {
    String::from(node)
}

/// A type reference.
pub(crate) fn ty(node: &cst::Type) -> Option<Type> {
    Some(match node {
        cst::Type::NamedType(n) => Type::NamedType(n.name()?.text().to_string()),
        cst::Type::ListType(l) => Type::ListType(Box::new(ty(&l.ty()?)?)),
        cst::Type::NonNullType(n) => {
            let inner = match (n.named_type(), n.list_type()) {
                (Some(named), _) => Type::NamedType(named.name()?.text().to_string()),
                (None, Some(list)) => Type::ListType(Box::new(ty(&list.ty()?)?)),
                (None, None) => return None,
            };
            Type::NonNullType(Box::new(inner))
        }
    })
}

/// The named type a type reference wraps.
pub(crate) fn named_type(node: &cst::Type) -> Option<cst::NamedType> {
    match node {
        cst::Type::NamedType(n) => Some(n.clone()),
        cst::Type::ListType(l) => named_type(&l.ty()?),
        cst::Type::NonNullType(n) => match (n.named_type(), n.list_type()) {
            (Some(named), _) => Some(named),
            (None, Some(list)) => named_type(&list.ty()?),
            (None, None) => None,
        },
    }
}

/// A value (constant or not: the tree does not tell them apart; validation does).
pub(crate) fn value(node: &cst::Value) -> Option<Value> {
    let kind = match node {
        cst::Value::Variable(v) => ValueKind::Variable(v.name()?.text().to_string()),
        cst::Value::StringValue(s) => ValueKind::String(string(s)),
        cst::Value::FloatValue(f) => ValueKind::Float(f64::try_from(f).ok()?),
        cst::Value::IntValue(i) => ValueKind::Int(Number(i.int_token()?.text().to_owned())),
        cst::Value::BooleanValue(b) => ValueKind::Boolean(b.true_token().is_some()),
        cst::Value::NullValue(_) => ValueKind::Null,
        cst::Value::EnumValue(e) => ValueKind::Enum(e.text().to_string()),
        cst::Value::ListValue(l) => {
            ValueKind::List(l.values().map(|v| value(&v)).collect::<Option<_>>()?)
        }
        cst::Value::ObjectValue(o) => ValueKind::Object(
            o.object_fields()
                .map(|f| {
                    Some(ObjectField {
                        name: name(&f.name()?),
                        value: value(&f.value()?)?,
                    })
                })
                .collect::<Option<_>>()?,
        ),
    };
    Some(Value {
        kind,
        span: span(node.syntax()),
    })
}

fn arguments(node: Option<cst::Arguments>) -> Option<Vec<Argument>> {
    let Some(node) = node else {
        return Some(Vec::new());
    };
    node.arguments()
        .map(|a| {
            Some(Argument {
                name: name(&a.name()?),
                value: value(&a.value()?)?,
            })
        })
        .collect()
}

/// The directives of a node, in source order.
pub(crate) fn directives(node: Option<cst::Directives>) -> Option<Vec<Directive>> {
    let Some(node) = node else {
        return Some(Vec::new());
    };
    node.directives()
        .map(|d| {
            Some(Directive {
                span: span(d.syntax()),
                name: name(&d.name()?),
                arguments: arguments(d.arguments())?,
            })
        })
        .collect()
}

fn selection_set(node: Option<cst::SelectionSet>, owner: Span) -> Option<SelectionSet> {
    let Some(node) = node else {
        return Some(SelectionSet {
            span: owner.end_point(),
            items: Vec::new(),
        });
    };
    let items: Vec<Selection> = node
        .selections()
        .map(|s| selection(&s))
        .collect::<Option<_>>()?;
    // `{}` is not GraphQL; the caller reports it.
    if items.is_empty() {
        return None;
    }
    Some(SelectionSet {
        span: span(node.syntax()),
        items,
    })
}

fn selection(node: &cst::Selection) -> Option<Selection> {
    Some(match node {
        cst::Selection::Field(f) => {
            let span = span(f.syntax());
            Selection::Field(Field {
                span,
                alias: f.alias().and_then(|a| a.name()).map(|n| name(&n)),
                name: name(&f.name()?),
                arguments: arguments(f.arguments())?,
                directives: directives(f.directives())?,
                selection_set: selection_set(f.selection_set(), span)?,
            })
        }
        cst::Selection::FragmentSpread(s) => Selection::FragmentSpread(FragmentSpread {
            span: span(s.syntax()),
            fragment_name: name(&s.fragment_name()?.name()?),
            directives: directives(s.directives())?,
        }),
        cst::Selection::InlineFragment(i) => {
            let span = span(i.syntax());
            let type_condition = match i.type_condition() {
                Some(c) => Some(name(&c.named_type()?.name()?)),
                None => None,
            };
            Selection::InlineFragment(InlineFragment {
                span,
                type_condition,
                directives: directives(i.directives())?,
                selection_set: selection_set(i.selection_set(), span)?,
            })
        }
    })
}

fn variable_definition(node: &cst::VariableDefinition) -> Option<VariableDefinition> {
    let variable = node.variable()?;
    let cst_type = node.ty()?;
    let default_value = match node.default_value() {
        Some(d) => Some(value(&d.value()?)?),
        None => None,
    };
    Some(VariableDefinition {
        span: span(node.syntax()),
        description: description(node.description()),
        name: Name {
            value: variable.name()?.text().to_string(),
            span: span(variable.syntax()),
        },
        var_type: ty(&cst_type)?,
        type_span: span(cst_type.syntax()),
        type_name: name(&named_type(&cst_type)?.name()?),
        default_value,
        directives: directives(node.directives())?,
    })
}

fn operation(node: &cst::OperationDefinition) -> Option<OperationDefinition> {
    let whole = span(node.syntax());
    let (kind, keyword, shorthand) = match node.operation_type() {
        Some(t) => {
            let kind = if t.mutation_token().is_some() {
                OperationType::Mutation
            } else if t.subscription_token().is_some() {
                OperationType::Subscription
            } else {
                OperationType::Query
            };
            (kind, span(t.syntax()), false)
        }
        None => {
            let set = node.selection_set()?;
            let open = set.l_curly_token()?;
            (OperationType::Query, token_span(&open), true)
        }
    };
    let variable_definitions = match node.variables_definition() {
        Some(v) => v
            .variable_definitions()
            .map(|d| variable_definition(&d))
            .collect::<Option<_>>()?,
        None => Vec::new(),
    };
    Some(OperationDefinition {
        span: whole,
        kind,
        keyword,
        shorthand,
        description: description(node.description()),
        name: node.name().map(|n| name(&n)),
        variable_definitions,
        directives: directives(node.directives())?,
        selection_set: selection_set(node.selection_set(), whole)?,
    })
}

fn fragment(node: &cst::FragmentDefinition) -> Option<FragmentDefinition> {
    let whole = span(node.syntax());
    Some(FragmentDefinition {
        span: whole,
        description: description(node.description()),
        name: name(&node.fragment_name()?.name()?),
        type_condition: name(&node.type_condition()?.named_type()?.name()?),
        directives: directives(node.directives())?,
        selection_set: selection_set(node.selection_set(), whole)?,
    })
}

/// The first keyword of a type system definition (after its description).
fn keyword(node: &SyntaxNode) -> Option<Name> {
    let token = node
        .children_with_tokens()
        .filter_map(|e| e.into_token())
        .find(|t| !is_trivia(t.kind()))?;
    Some(Name {
        value: token.text().to_owned(),
        span: token_span(&token),
    })
}

/// An executable document: its operations and fragments, and where it holds type system
/// definitions (which the `ExecutableDefinitions` rule reports).
pub(crate) fn lower_document(doc: &cst::Document) -> Option<Document> {
    let mut out = Document::default();
    for def in doc.definitions() {
        match def {
            cst::Definition::OperationDefinition(op) => {
                out.definitions.push(Definition::Operation(operation(&op)?));
            }
            cst::Definition::FragmentDefinition(f) => {
                out.definitions.push(Definition::Fragment(fragment(&f)?));
            }
            other => out.type_system.push(TypeSystemDefinition {
                keyword: keyword(other.syntax())?,
            }),
        }
    }
    Some(out)
}
