//! Persisted queries against the devserver (async-graphql's Apollo persisted-queries extension):
//! the macro's hashes, the hash-only first request, the miss, the retry with the document, the
//! hit, GET for hashed queries, trusted documents without fallback, and a wrong hash rejected.
#![cfg(feature = "http")]

mod persisted;

use persisted::{NoHash, Recorder, Rehashed, WrongHash};
use typed_graphql::http::{HttpClient, PersistedQueries};
use typed_graphql::{Error, Operation};
use typed_graphql_devserver::DevServer;

#[typed_graphql::graphql(
    schema = "../devserver/schema.graphql",
    query = r#"
        query TodoTitle($id: ID!) { todo(id: $id) { id title } }
        query BoardTodos($boardId: ID) { todos(boardId: $boardId) { id } }
        mutation Rename($input: UpdateTodoInput!) { updateTodo(input: $input) { id title } }
    "#
)]
mod ops {}

use ops::{board_todos, rename, todo_title, BoardTodos, Rename, TodoTitle};

fn connect(server: &DevServer, mode: PersistedQueries, get: bool) -> (HttpClient, Recorder) {
    persisted::client(server.graphql_url(), mode, get)
}

fn title_of(id: &str) -> typed_graphql::Request<TodoTitle> {
    TodoTitle::request(todo_title::Variables::new(id.into()))
}

#[tokio::test]
async fn automatic_persisted_queries_miss_retry_hit() {
    let server = DevServer::start().await.unwrap();
    let (client, sent) = connect(&server, PersistedQueries::Automatic, false);
    let hash = TodoTitle::DOCUMENT_SHA256.expect("the macro computes the hash");

    // First request: the hash only; the server does not know it (the miss), so the client
    // sends the document with the hash once (the retry), and the answer is the query's.
    let first = client.execute(&title_of("t1")).await.unwrap();
    assert_eq!(first.data.unwrap().todo.unwrap().id.as_str(), "t1");
    let requests = sent.take();
    assert_eq!(
        requests.iter().map(|r| r.shape()).collect::<Vec<_>>(),
        ["POST hash", "POST query hash"]
    );
    assert_eq!(requests[0].hash().as_deref(), Some(hash));
    assert_eq!(requests[0].body["operationName"], "TodoTitle");
    assert_eq!(requests[0].body["variables"]["id"], "t1");
    assert_eq!(requests[1].body["query"], TodoTitle::DOCUMENT);

    // Later requests: the hash only, and the server runs it (the hit).
    let second = client.execute(&title_of("t2")).await.unwrap();
    assert_eq!(second.data.unwrap().todo.unwrap().id.as_str(), "t2");
    assert_eq!(sent.shapes(), ["POST hash"]);

    // Another client of the same server: the server remembers the document.
    let (other, other_sent) = connect(&server, PersistedQueries::Automatic, false);
    other.execute(&title_of("t1")).await.unwrap();
    assert_eq!(other_sent.shapes(), ["POST hash"]);
}

#[tokio::test]
async fn hashed_queries_go_as_get_and_mutations_stay_post() {
    let server = DevServer::start().await.unwrap();
    let (client, sent) = connect(&server, PersistedQueries::Automatic, true);

    let vars = board_todos::Variables {
        board_id: typed_graphql::Maybe::Value("b1".into()),
    };
    let first = client.execute(&BoardTodos::request(vars.clone())).await;
    assert!(!first.unwrap().data.unwrap().todos.is_empty());
    let requests = sent.take();
    assert_eq!(
        requests.iter().map(|r| r.shape()).collect::<Vec<_>>(),
        ["GET hash", "POST query hash"]
    );
    assert_eq!(
        requests[0].param("operationName").as_deref(),
        Some("BoardTodos")
    );
    assert_eq!(
        requests[0].param("variables").as_deref(),
        Some(r#"{"boardId":"b1"}"#)
    );
    client.execute(&BoardTodos::request(vars)).await.unwrap();
    assert_eq!(sent.shapes(), ["GET hash"]);

    let input = ops::types::UpdateTodoInput::new("t1".into());
    let renamed = rename::Variables::new(ops::types::UpdateTodoInput {
        title: typed_graphql::Maybe::Value("renamed".into()),
        ..input
    });
    let answer = client.execute(&Rename::request(renamed.clone())).await;
    assert_eq!(
        answer.unwrap().data.unwrap().update_todo.unwrap().title,
        "renamed"
    );
    assert_eq!(sent.shapes(), ["POST hash", "POST query hash"]);
    client.execute(&Rename::request(renamed)).await.unwrap();
    assert_eq!(sent.shapes(), ["POST hash"]);
}

#[tokio::test]
async fn trusted_documents_send_only_the_hash_and_never_fall_back() {
    let server = DevServer::start().await.unwrap();
    let (trusted, sent) = connect(&server, PersistedQueries::HashOnly, false);

    // Unknown to the server: its error comes back, and the document is never sent.
    let refused = trusted.execute(&title_of("t1")).await;
    match refused {
        Err(Error::GraphQL(errors)) => {
            assert_eq!(errors.0[0].message, "PersistedQueryNotFound")
        }
        other => panic!("expected the server's PersistedQueryNotFound, got {other:?}"),
    }
    assert_eq!(sent.shapes(), ["POST hash"]);

    // Registered (here by an APQ client): the hash alone runs it.
    let (apq, _) = connect(&server, PersistedQueries::Automatic, false);
    apq.execute(&title_of("t1")).await.unwrap();
    let answer = trusted.execute(&title_of("t1")).await.unwrap();
    assert_eq!(answer.data.unwrap().todo.unwrap().title, "Buy milk");
    assert_eq!(sent.shapes(), ["POST hash"]);
}

#[tokio::test]
async fn a_wrong_hash_is_rejected() {
    let server = DevServer::start().await.unwrap();
    let (client, sent) = connect(&server, PersistedQueries::Automatic, false);
    let request =
        Rehashed::<TodoTitle, WrongHash>::request(todo_title::Variables::new("t1".into()));
    match client.execute(&request).await {
        Err(Error::GraphQL(errors)) => {
            assert_eq!(errors.0[0].message, "provided sha does not match query")
        }
        other => panic!("expected the server to reject the hash, got {other:?}"),
    }
    assert_eq!(sent.shapes(), ["POST hash", "POST query hash"]);
}

/// Hand-written and untyped operations have no hash: APQ sends their document, trusted modes
/// refuse them.
#[tokio::test]
async fn operations_without_a_hash() {
    let server = DevServer::start().await.unwrap();
    let request = Rehashed::<TodoTitle, NoHash>::request(todo_title::Variables::new("t1".into()));
    let (apq, sent) = connect(&server, PersistedQueries::Automatic, false);
    assert!(apq.execute(&request).await.unwrap().data.is_some());
    assert_eq!(sent.shapes(), ["POST query"]);

    // A document known only at run time: sent whole.
    let untyped = typed_graphql::untyped::query("{ todo(id: \"t1\") { title } }");
    let answer = apq.execute(&untyped).await.unwrap();
    assert_eq!(answer.data.unwrap()["todo"]["title"], "Buy milk");
    assert_eq!(sent.shapes(), ["POST query"]);

    let (trusted, sent) = connect(&server, PersistedQueries::DocumentId, false);
    let err = trusted.execute(&request).await.unwrap_err();
    assert!(matches!(err, Error::Request { .. }), "{err:?}");
    assert!(err.to_string().contains("hash"), "{err}");
    assert!(sent.take().is_empty());
}
