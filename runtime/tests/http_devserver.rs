//! The HTTP client against the real devserver (async-graphql behind axum on 127.0.0.1): typed
//! queries and mutations, partial data, request errors, a proxy's 502 page, cookie sessions.
#![cfg(feature = "http")]

mod http_support;

use serde::{Deserialize, Serialize};
use typed_graphql::http::HttpClient;
use typed_graphql::{Error, Executable, Maybe, Operation, OperationKind, PathSegment};
use typed_graphql_devserver::DevServer;

// Hand-written stand-ins for what the `#[graphql]` macro generates.

#[derive(Debug, Deserialize, PartialEq, Eq, Clone, Copy, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Priority {
    Low,
    Normal,
    High,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Todo {
    id: String,
    board_id: String,
    title: String,
    done: bool,
    priority: Option<Priority>,
    note: Option<String>,
    tags: Vec<String>,
    created_at: String,
}

struct TodoQuery;

#[derive(Serialize)]
struct IdVars {
    id: String,
}

#[derive(Debug, Deserialize)]
struct TodoData {
    todo: Option<Todo>,
    todos: Vec<TodoId>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct TodoId {
    id: String,
}

impl Operation for TodoQuery {
    type Variables = IdVars;
    type Data = TodoData;
    const KIND: OperationKind = OperationKind::Query;
    const NAME: &'static str = "TodoQuery";
    const DOCUMENT: &'static str = "query TodoQuery($id: ID!) { \
        todo(id: $id) { id boardId title done priority note tags createdAt } \
        todos(boardId: \"b1\") { id } }";
}
impl Executable for TodoQuery {}

fn todo(id: &str) -> typed_graphql::Request<TodoQuery> {
    TodoQuery::request(IdVars { id: id.into() })
}

struct AddTodo;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AddTodoInput {
    board_id: String,
    title: String,
    #[serde(skip_serializing_if = "Maybe::is_absent")]
    priority: Maybe<Priority>,
    #[serde(skip_serializing_if = "Maybe::is_absent")]
    note: Maybe<String>,
    tags: Option<Vec<String>>,
}

#[derive(Serialize)]
struct AddTodoVars {
    input: AddTodoInput,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddTodoData {
    add_todo: Option<Todo>,
}

impl Operation for AddTodo {
    type Variables = AddTodoVars;
    type Data = AddTodoData;
    const KIND: OperationKind = OperationKind::Mutation;
    const NAME: &'static str = "AddTodo";
    const DOCUMENT: &'static str = "mutation AddTodo($input: AddTodoInput!) { \
        addTodo(input: $input) { id boardId title done priority note tags createdAt } }";
}
impl Executable for AddTodo {}

#[tokio::test]
async fn a_typed_query_decodes_the_seeded_todo() {
    let server = DevServer::start().await.unwrap();
    let client = HttpClient::new(server.graphql_url()).unwrap();
    let response = client.execute(&todo("t1")).await.unwrap();
    assert!(response.errors.is_empty(), "{:?}", response.errors);
    let data = response.data.unwrap();
    assert_eq!(
        data.todo,
        Some(Todo {
            id: "t1".into(),
            board_id: "b1".into(),
            title: "Buy milk".into(),
            done: false,
            priority: Some(Priority::High),
            note: Some("semi-skimmed".into()),
            tags: vec!["errand".into()],
            created_at: "2024-01-01T00:00:00.000Z".into(),
        })
    );
    assert_eq!(data.todos, vec![TodoId { id: "t1".into() }]);

    let missing = client.execute(&todo("nope")).await.unwrap();
    assert_eq!(missing.data.unwrap().todo, None);
}

#[tokio::test]
async fn a_typed_mutation_adds_a_todo_that_later_queries_see() {
    let server = DevServer::start().await.unwrap();
    let client = HttpClient::new(server.graphql_url()).unwrap();
    let added = client
        .execute(&AddTodo::request(AddTodoVars {
            input: AddTodoInput {
                board_id: "b1".into(),
                title: "Water plants".into(),
                priority: Maybe::Null,
                note: Maybe::Absent,
                tags: Some(vec!["home".into(), "weekly".into()]),
            },
        }))
        .await
        .unwrap()
        .into_result()
        .unwrap()
        .add_todo
        .unwrap();
    assert_eq!(added.title, "Water plants");
    assert_eq!(added.priority, None);
    assert_eq!(added.note, None);
    assert_eq!(added.tags, vec!["home".to_owned(), "weekly".to_owned()]);
    assert!(added.created_at.ends_with('Z'), "{}", added.created_at);

    let again = client
        .execute(&todo(&added.id))
        .await
        .unwrap()
        .data
        .unwrap();
    assert_eq!(again.todo.unwrap().title, "Water plants");
    assert_eq!(
        again.todos,
        vec![TodoId { id: "t1".into() }, TodoId { id: added.id }]
    );
}

#[tokio::test]
async fn a_failing_field_gives_partial_data_and_its_error() {
    let server = DevServer::start().await.unwrap();
    let client = HttpClient::new(server.graphql_url()).unwrap();
    let response = client.execute(&todo("forbidden-7")).await.unwrap();
    let data = response.data.as_ref().unwrap();
    assert_eq!(data.todo, None);
    assert_eq!(data.todos, vec![TodoId { id: "t1".into() }]);
    assert_eq!(response.errors.len(), 1);
    assert_eq!(
        response.errors[0].message,
        "not allowed to read todo forbidden-7"
    );
    assert_eq!(
        response.errors[0].path,
        vec![PathSegment::Field("todo".into())]
    );
    assert!(response.into_result().is_err());
}

// A document the server does not accept: what a client built against another schema version
// sends. The server answers 400 with `application/graphql-response+json`.
struct Outdated;

impl Operation for Outdated {
    type Variables = IdVars;
    type Data = TodoData;
    const KIND: OperationKind = OperationKind::Query;
    const NAME: &'static str = "Outdated";
    const DOCUMENT: &'static str =
        "query Outdated($id: ID!) { todo(id: $id) { id archived } todos { id } }";
}
impl Executable for Outdated {}

#[tokio::test]
async fn a_document_the_server_rejects_is_a_graphql_error_with_locations() {
    let server = DevServer::start().await.unwrap();
    let client = HttpClient::new(server.graphql_url()).unwrap();
    match client
        .execute(&Outdated::request(IdVars { id: "t1".into() }))
        .await
    {
        Err(Error::GraphQL(errors)) => {
            let error = &errors.0[0];
            assert!(error.message.contains("archived"), "{errors}");
            assert_eq!(error.locations[0].line, 1);
            assert!(error.locations[0].column > 1);
        }
        other => panic!("expected GraphQL errors, got {other:?}"),
    }
}

#[tokio::test]
async fn a_proxy_error_page_is_a_status_error() {
    let server = DevServer::start().await.unwrap();
    let client = HttpClient::new(server.proxy_error_url()).unwrap();
    http_support::assert_bad_gateway_page(client.execute(&todo("t1")).await);

    // The same through the fault switch on the real endpoint, and back.
    let client = HttpClient::new(server.graphql_url()).unwrap();
    server.faults().set_proxy_error(true);
    let err = client.execute(&todo("t1")).await.unwrap_err();
    assert!(matches!(err, Error::Status { status: 502, .. }), "{err:?}");
    server.faults().set_proxy_error(false);
    assert!(client.execute(&todo("t1")).await.is_ok());
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct MistypedData {
    todo: Option<MistypedTodo>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct MistypedTodo {
    done: String,
}

struct Mistyped;

impl Operation for Mistyped {
    type Variables = IdVars;
    type Data = MistypedData;
    const KIND: OperationKind = OperationKind::Query;
    const NAME: &'static str = "Mistyped";
    const DOCUMENT: &'static str = "query Mistyped($id: ID!) { todo(id: $id) { done } }";
}
impl Executable for Mistyped {}

#[tokio::test]
async fn data_that_does_not_fit_the_types_names_its_json_path() {
    let server = DevServer::start().await.unwrap();
    let client = HttpClient::new(server.graphql_url()).unwrap();
    match client
        .execute(&Mistyped::request(IdVars { id: "t2".into() }))
        .await
    {
        Err(Error::Decode(err)) => assert_eq!(err.path, "data.todo.done"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

struct Login;

#[derive(Serialize)]
struct LoginVars {
    user: String,
}

#[derive(Debug, Deserialize)]
struct LoginData {
    login: bool,
}

impl Operation for Login {
    type Variables = LoginVars;
    type Data = LoginData;
    const KIND: OperationKind = OperationKind::Mutation;
    const NAME: &'static str = "Login";
    const DOCUMENT: &'static str = "mutation Login($user: String!) { login(user: $user) }";
}
impl Executable for Login {}

struct Me;

#[derive(Debug, Deserialize)]
struct MeData {
    me: Option<String>,
}

impl Operation for Me {
    type Variables = ();
    type Data = MeData;
    const KIND: OperationKind = OperationKind::Query;
    const NAME: &'static str = "Me";
    const DOCUMENT: &'static str = "query Me { me }";
}
impl Executable for Me {}

#[tokio::test]
async fn a_login_cookie_is_kept_by_the_cookie_store_and_sent_back() {
    let server = DevServer::start().await.unwrap();
    let with_cookies = HttpClient::builder(server.graphql_url())
        .cookie_store(true)
        .build()
        .unwrap();
    let without = HttpClient::new(server.graphql_url()).unwrap();

    let me = with_cookies.execute(&Me::request(())).await.unwrap();
    assert_eq!(me.data.unwrap().me, None);
    let login = with_cookies
        .execute(&Login::request(LoginVars { user: "ada".into() }))
        .await
        .unwrap();
    assert!(login.data.unwrap().login);
    let me = with_cookies.execute(&Me::request(())).await.unwrap();
    assert_eq!(me.data.unwrap().me.as_deref(), Some("ada"));

    // Another client without the cookie is nobody; one given the cookie by hand is ada.
    assert_eq!(
        without
            .execute(&Me::request(()))
            .await
            .unwrap()
            .data
            .unwrap()
            .me,
        None
    );
    let preset = HttpClient::builder(server.graphql_url())
        .cookie("session=grace")
        .build()
        .unwrap();
    assert_eq!(
        preset
            .execute(&Me::request(()))
            .await
            .unwrap()
            .data
            .unwrap()
            .me
            .as_deref(),
        Some("grace")
    );
}
