//! The schema of `schema.graphql`, implemented with async-graphql over the in-memory [`Store`].
//!
//! Hooks for tests besides the plain data:
//! - `todo(id:)` with an id starting with `forbidden` fails with an error (`extensions.code`
//!   `FORBIDDEN`): next to another root field this is partial data (`{"todo": null, ...}`); as
//!   the only field async-graphql answers `"data": null` (it leaves an errored field out
//!   instead of nulling it, and an empty object becomes null);
//! - `updateTodo` of an unknown id fails the same way (`deleteTodo` of one returns null);
//! - `login(user:)` sets the cookie `session=<user>`; `me` reads it back;
//! - `countdown(from:)` and `failAfter(events:)` are finite subscriptions.

use std::sync::Arc;

use async_graphql::extensions::apollo_persisted_queries::{
    ApolloPersistedQueries, LruCacheStorage,
};
use async_graphql::{
    Context, Enum, Error, ErrorExtensions, InputObject, Interface, Object, Result, Scalar,
    ScalarType, SimpleObject, Subscription, Union, Value, ID,
};
use futures::stream::{self, Stream, StreamExt};

use crate::store::{Store, TodoEvent, TodoPatch};

/// The executable schema of the devserver.
pub type DevSchema = async_graphql::Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// The `extensions.code` of the error that ends a `failAfter` stream; the multipart writer turns
/// it into a transport-level error part.
pub(crate) const STREAM_ERROR_CODE: &str = "SUBSCRIPTION_STREAM_ERROR";

/// The session user, taken from the `session` cookie of the request.
#[derive(Clone, Debug, Default)]
pub(crate) struct Session(pub Option<String>);

/// How many persisted queries the server remembers (least recently used dropped first).
const PERSISTED_QUERIES: usize = 256;

/// Builds the schema over a fresh seeded store.
pub(crate) fn build(store: Arc<Store>) -> DevSchema {
    // Automatic persisted queries (Apollo's protocol), as async-graphql implements them. A
    // hash-only request's document is known only inside execution: such mutations do not reach
    // the AppSync realtime subscribers, and hash-only subscriptions are not recognised.
    let persisted = ApolloPersistedQueries::new(LruCacheStorage::new(PERSISTED_QUERIES));
    async_graphql::Schema::build(QueryRoot, MutationRoot, SubscriptionRoot)
        .data(store)
        .extension(persisted)
        .finish()
}

/// `AWSDateTime`: an ISO 8601 date-time string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsDateTime(pub String);

#[Scalar(name = "AWSDateTime")]
impl ScalarType for AwsDateTime {
    fn parse(value: Value) -> async_graphql::InputValueResult<Self> {
        match value {
            Value::String(text) if text.contains('T') => Ok(AwsDateTime(text)),
            other => Err(async_graphql::InputValueError::expected_type(other)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}

/// `AWSJSON`: a JSON value, carried as a string holding its JSON text (as AppSync does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsJson(pub String);

#[Scalar(name = "AWSJSON")]
impl ScalarType for AwsJson {
    fn parse(value: Value) -> async_graphql::InputValueResult<Self> {
        match value {
            Value::String(text) => match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(_) => Ok(AwsJson(text)),
                Err(err) => Err(async_graphql::InputValueError::custom(format!(
                    "AWSJSON must be a string holding JSON: {err}"
                ))),
            },
            other => Err(async_graphql::InputValueError::expected_type(other)),
        }
    }

    // Checked at validation too, so a bad value is a request error (400), not a field error.
    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::String(text) if serde_json::from_str::<serde_json::Value>(text).is_ok())
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.clone())
    }
}

/// `enum Priority`.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum Priority {
    /// `LOW`
    Low,
    /// `NORMAL`
    Normal,
    /// `HIGH`
    High,
}

/// `type Todo`.
#[derive(SimpleObject, Clone, Debug)]
pub struct Todo {
    /// `id`
    pub id: ID,
    /// `boardId`
    pub board_id: ID,
    /// `title`
    pub title: String,
    /// `done`
    pub done: bool,
    /// `priority`
    pub priority: Option<Priority>,
    /// `note`
    pub note: Option<String>,
    /// `tags`
    pub tags: Vec<String>,
    /// `meta`
    pub meta: Option<AwsJson>,
    /// `createdAt`
    pub created_at: AwsDateTime,
}

/// `type Board`.
#[derive(SimpleObject, Clone, Debug)]
pub struct Board {
    /// `id`
    pub id: ID,
    /// `name`
    pub name: String,
}

/// `interface Node`.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "&ID"))]
pub enum Node {
    /// A todo.
    Todo(Todo),
    /// A board.
    Board(Board),
}

/// `union SearchResult`.
#[derive(Union)]
pub enum SearchResult {
    /// A todo.
    Todo(Todo),
    /// A board.
    Board(Board),
}

/// `input AddTodoInput`.
#[derive(InputObject)]
pub struct AddTodoInput {
    /// `boardId`
    pub board_id: ID,
    /// `title`
    pub title: String,
    /// `priority`
    pub priority: Option<Priority>,
    /// `note`
    pub note: Option<String>,
    /// `tags`
    pub tags: Option<Vec<String>>,
    /// `meta`
    pub meta: Option<AwsJson>,
}

/// `input UpdateTodoInput`.
#[derive(InputObject)]
pub struct UpdateTodoInput {
    /// `id`
    pub id: ID,
    /// `title`
    pub title: Option<String>,
    /// `done`
    pub done: Option<bool>,
    /// `note`
    pub note: Option<String>,
}

fn store<'a>(ctx: &Context<'a>) -> Result<&'a Arc<Store>> {
    ctx.data::<Arc<Store>>()
}

/// `type Query`.
pub struct QueryRoot;

#[Object(name = "Query")]
impl QueryRoot {
    async fn todos(&self, ctx: &Context<'_>, board_id: Option<ID>) -> Result<Vec<Todo>> {
        Ok(store(ctx)?.todos(board_id.as_ref().map(|id| id.as_str())))
    }

    async fn todo(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Todo>> {
        if id.starts_with("forbidden") {
            return Err(
                Error::new(format!("not allowed to read todo {}", id.as_str()))
                    .extend_with(|_, ext| ext.set("code", "FORBIDDEN")),
            );
        }
        Ok(store(ctx)?.todo(&id))
    }

    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Node>> {
        let store = store(ctx)?;
        Ok(store
            .todo(&id)
            .map(Node::Todo)
            .or_else(|| store.board(&id).map(Node::Board)))
    }

    async fn search(&self, ctx: &Context<'_>, text: String) -> Result<Vec<SearchResult>> {
        let (todos, boards) = store(ctx)?.search(&text);
        Ok(todos
            .into_iter()
            .map(SearchResult::Todo)
            .chain(boards.into_iter().map(SearchResult::Board))
            .collect())
    }

    async fn me(&self, ctx: &Context<'_>) -> Option<String> {
        ctx.data_opt::<Session>()
            .and_then(|session| session.0.clone())
    }
}

/// `type Mutation`.
pub struct MutationRoot;

#[Object(name = "Mutation")]
impl MutationRoot {
    async fn add_todo(&self, ctx: &Context<'_>, input: AddTodoInput) -> Result<Option<Todo>> {
        if input.title.trim().is_empty() {
            return Err(Error::new("a todo needs a non-empty title"));
        }
        Ok(Some(store(ctx)?.add(
            input.board_id.0,
            input.title,
            input.priority,
            input.note,
            input.tags.unwrap_or_default(),
            input.meta,
        )))
    }

    async fn update_todo(&self, ctx: &Context<'_>, input: UpdateTodoInput) -> Result<Option<Todo>> {
        let patch = TodoPatch {
            title: input.title,
            done: input.done,
            note: input.note,
        };
        match store(ctx)?.update(&input.id, patch) {
            Some(todo) => Ok(Some(todo)),
            None => Err(Error::new(format!("no todo with id {}", input.id.as_str()))
                .extend_with(|_, ext| ext.set("code", "NOT_FOUND"))),
        }
    }

    async fn delete_todo(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Todo>> {
        Ok(store(ctx)?.delete(&id))
    }

    async fn login(&self, ctx: &Context<'_>, user: String) -> Result<bool> {
        let valid = !user.is_empty()
            && user
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'));
        if !valid {
            return Err(Error::new(
                "user names may only hold ASCII letters, digits and - _ . @",
            ));
        }
        ctx.insert_http_header("set-cookie", format!("session={user}; Path=/; HttpOnly"));
        Ok(true)
    }
}

/// `type Subscription`.
pub struct SubscriptionRoot;

#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    async fn on_add_todo(
        &self,
        ctx: &Context<'_>,
        board_id: Option<ID>,
    ) -> Result<impl Stream<Item = Option<Todo>>> {
        let filter = Filter { id: None, board_id };
        todos_where(ctx, move |e| {
            matches!(e, TodoEvent::Added(_)) && filter.matches(e.todo())
        })
    }

    async fn on_update_todo(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        board_id: Option<ID>,
    ) -> Result<impl Stream<Item = Option<Todo>>> {
        let filter = Filter { id, board_id };
        todos_where(ctx, move |e| {
            matches!(e, TodoEvent::Updated(_)) && filter.matches(e.todo())
        })
    }

    async fn on_delete_todo(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        board_id: Option<ID>,
    ) -> Result<impl Stream<Item = Option<Todo>>> {
        let filter = Filter { id, board_id };
        todos_where(ctx, move |e| {
            matches!(e, TodoEvent::Deleted(_)) && filter.matches(e.todo())
        })
    }

    async fn on_todo_changed(
        &self,
        ctx: &Context<'_>,
        board_id: Option<ID>,
    ) -> Result<impl Stream<Item = Option<Todo>>> {
        let filter = Filter { id: None, board_id };
        todos_where(ctx, move |e| filter.matches(e.todo()))
    }

    async fn countdown(&self, from: i32) -> impl Stream<Item = i32> {
        stream::iter((1..=from.max(0)).rev())
    }

    async fn fail_after(&self, events: i32) -> impl Stream<Item = Result<i32>> {
        let count = events.max(0);
        stream::iter((1..=count).map(Ok)).chain(stream::once(async move {
            Err(
                Error::new(format!("failAfter: the stream broke after {count} events"))
                    .extend_with(|_, ext| ext.set("code", STREAM_ERROR_CODE)),
            )
        }))
    }
}

/// A subscription's filter arguments: each one given must equal the todo's field.
struct Filter {
    id: Option<ID>,
    board_id: Option<ID>,
}

impl Filter {
    fn matches(&self, todo: &Todo) -> bool {
        self.id.as_ref().is_none_or(|id| *id == todo.id)
            && self.board_id.as_ref().is_none_or(|b| *b == todo.board_id)
    }
}

/// The todos of the store's changes that `wanted` selects, as a subscription's events.
fn todos_where(
    ctx: &Context<'_>,
    wanted: impl Fn(&TodoEvent) -> bool + Send + 'static,
) -> Result<impl Stream<Item = Option<Todo>>> {
    let events = store(ctx)?.events();
    Ok(changes(events).filter_map(move |event| {
        let hit = wanted(&event).then(|| Some(event.todo().clone()));
        async move { hit }
    }))
}

/// The store's change feed as a stream; a lagging receiver skips what it missed.
fn changes(events: tokio::sync::broadcast::Receiver<TodoEvent>) -> impl Stream<Item = TodoEvent> {
    stream::unfold(events, |mut events| async move {
        loop {
            match events.recv().await {
                Ok(event) => return Some((event, events)),
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue,
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    })
}
