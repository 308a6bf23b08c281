//! What a request's document says before it runs: the selected operation and its kind.

use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, OperationDefinition, OperationType,
};

/// The operation a request selects (by `operationName`, or the only one), if the document
/// has it.
pub(crate) fn selected<'a>(
    document: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a OperationDefinition> {
    match (&document.operations, name) {
        (DocumentOperations::Single(operation), _) => Some(&operation.node),
        (DocumentOperations::Multiple(operations), Some(name)) => operations
            .iter()
            .find(|(key, _)| key.as_str() == name)
            .map(|(_, operation)| &operation.node),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
            operations.values().next().map(|operation| &operation.node)
        }
        _ => None,
    }
}

/// The kind of the operation a request selects.
pub(crate) fn selected_kind(
    document: &ExecutableDocument,
    name: Option<&str>,
) -> Option<OperationType> {
    selected(document, name).map(|operation| operation.ty)
}

/// The kind of the operation `query` selects; `None` when the document does not parse or the
/// selection is ambiguous (the engine then reports the error).
pub(crate) fn kind_of(query: &str, name: Option<&str>) -> Option<OperationType> {
    let document = async_graphql::parser::parse_query(query).ok()?;
    selected_kind(&document, name)
}

/// The user of a `Cookie` header's `session` cookie.
pub(crate) fn session_from_cookies<'a>(headers: impl Iterator<Item = &'a str>) -> Option<String> {
    headers
        .flat_map(|header| header.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == "session")
        .map(|(_, value)| value.to_owned())
}
