use super::*;

fn load(sdl: &str) -> Result<(Schema, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut sources = SourceMap::new();
    sources.add("schema.graphql", sdl);
    Schema::load(sources)
}

fn messages(ds: &[Diagnostic]) -> Vec<String> {
    ds.iter().map(|d| d.message.clone()).collect()
}

#[test]
fn loads_every_kind_of_type() {
    let schema = Schema::from_sdl(
        r#"
        "A node" interface Node { id: ID! }
        interface Entity implements Node { id: ID! name: String }
        type User implements Node & Entity { id: ID! name: String posts(first: Int = 10): [Post!]! }
        type Post implements Node { id: ID! title: String @deprecated author: User }
        union SearchResult = User | Post
        enum Role { ADMIN USER @deprecated(reason: "use ADMIN") }
        input Filter @oneOf { id: ID name: String }
        scalar DateTime @specifiedBy(url: "https://example.com")
        directive @cached(ttl: Int) repeatable on FIELD | QUERY
        type Query { node(id: ID!): Node search(q: String!): [SearchResult!]! }
        "#,
    )
    .expect("loads");
    assert_eq!(schema.query_type.as_deref(), Some("Query"));
    assert_eq!(schema.mutation_type, None);
    assert_eq!(schema.possible_types("Node"), ["User", "Post"]);
    assert_eq!(schema.possible_types("SearchResult"), ["User", "Post"]);
    assert_eq!(schema.possible_types("Entity"), ["User"]);
    assert!(schema.is_subtype("User", "Entity"));
    let post = schema.get("Post").unwrap();
    assert_eq!(
        post.field("title").unwrap().deprecation.as_deref(),
        Some("No longer supported")
    );
    let TypeKind::Enum { values } = &schema.get("Role").unwrap().kind else {
        panic!("enum")
    };
    assert_eq!(values["USER"].deprecation.as_deref(), Some("use ADMIN"));
    assert!(matches!(
        schema.get("Filter").unwrap().kind,
        TypeKind::InputObject { one_of: true, .. }
    ));
    let cached = &schema.directives["cached"];
    assert!(cached.repeatable);
    assert_eq!(
        cached.locations,
        [DirectiveLocation::Field, DirectiveLocation::Query]
    );
    let user = schema.get("User").unwrap();
    let first = &user.field("posts").unwrap().arguments["first"];
    assert_eq!(
        first.default_value,
        Some(graphql_parser::query::Value::Int(10.into()))
    );
    assert_eq!(user.location.unwrap().start.line, 4);
    assert!(schema.field("Query", "__schema").is_some());
    assert!(schema.field("Post", "__typename").is_some());
}

#[test]
fn custom_roots_and_extensions() {
    let schema = Schema::from_sdl(
        r#"
        schema { query: Root mutation: Change }
        extend type Root { extra: Int }
        type Root { a: Int }
        type Change { b: Int }
        type Query { ignored: Int }
        extend enum E { B }
        enum E { A }
        extend union U = Root
        union U = Change
        extend input I { y: Int }
        input I { x: Int }
        "#,
    )
    .expect("loads");
    assert_eq!(schema.query_type.as_deref(), Some("Root"));
    assert_eq!(schema.mutation_type.as_deref(), Some("Change"));
    let root: Vec<&String> = schema
        .get("Root")
        .unwrap()
        .fields()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(root, ["a", "extra"]);
    assert_eq!(schema.possible_types("U"), ["Change", "Root"]);
    let TypeKind::Enum { values } = &schema.get("E").unwrap().kind else {
        panic!()
    };
    assert_eq!(values.keys().collect::<Vec<_>>(), ["A", "B"]);
}

#[test]
fn appsync_dialect_loads() {
    let sdl = r#"
        type Todo @aws_cognito_user_pools(cognito_groups: ["admin"]) @aws_iam {
          id: ID!
          created: AWSDateTime!
          meta: AWSJSON
        }
        type Subscription {
          newTodo: Todo @aws_subscribe(mutations: ["addTodo"])
        }
        type Mutation { addTodo(userId: ID!, name: String!): Todo! @aws_api_key }
        type Query {
        }
        schema { query: Query mutation: Mutation subscription: Subscription }
    "#;
    let (schema, warnings) = load(sdl).expect("AppSync schemas load");
    assert!(warnings.is_empty(), "{:?}", messages(&warnings));
    assert!(schema.get("Query").unwrap().fields().unwrap().is_empty());
    assert!(schema.get("AWSDateTime").unwrap().builtin);
    assert_eq!(
        schema.field("Subscription", "newTodo").unwrap().directives[0].name,
        "aws_subscribe"
    );
}

#[test]
fn declaring_an_aws_scalar_again_is_accepted() {
    let (schema, _) = load("scalar AWSDateTime\ntype Query { at: AWSDateTime }").expect("loads");
    assert!(!schema.get("AWSDateTime").unwrap().builtin);
}

#[test]
fn errors_are_located_with_fixes() {
    let err = load("type Query { user: Usr }\ntype User { id: ID! }").unwrap_err();
    assert_eq!(messages(&err), ["unknown type `Usr`"]);
    assert_eq!(err[0].help, ["did you mean `User`?"]);
    let loc = err[0].location.unwrap();
    assert_eq!((loc.start.line, loc.start.column), (1, 14));

    let err = load("type Query { a: Int }\ntype Query { b: Int }").unwrap_err();
    assert_eq!(messages(&err), ["type `Query` is defined more than once"]);
    assert_eq!(err[0].secondary.len(), 1);

    let err =
        load("interface N { id: ID! }\ntype A implements N { name: String }\ntype Query { a: A }")
            .unwrap_err();
    assert_eq!(messages(&err), ["`A` implements `N` but has no field `id`"]);
    assert_eq!(err[0].help, ["add `id: ID!`"]);

    let err =
        load("type A { a: Int }\ninterface I { a: Int }\nunion U = A | I\ntype Query { u: U }")
            .unwrap_err();
    assert_eq!(
        messages(&err),
        ["union `U` lists `I`, which is not an object type"]
    );

    let err = load("input I { a: Int }\ntype Query { f: I }").unwrap_err();
    assert_eq!(
        messages(&err),
        ["field `Query.f` returns the input type `I`"]
    );

    let err = load("type T { a: Int }\ntype Query { f(t: T): Int }").unwrap_err();
    assert_eq!(
        messages(&err),
        ["`T` is an output type and cannot be used for an argument or input field"]
    );

    let err = load("type Query { a: Int").unwrap_err();
    assert!(
        err[0].message.starts_with("syntax error"),
        "{}",
        err[0].message
    );
}

#[test]
fn duplicates_identical_warn_conflicting_error() {
    let (schema, warnings) =
        load("type Query { a(x: Int): Int\n a(x: Int): Int }").expect("identical duplicates load");
    assert_eq!(
        messages(&warnings),
        ["field `Query.a` is defined twice with the same type and arguments; the second definition is ignored"]
    );
    assert_eq!(schema.get("Query").unwrap().fields().unwrap().len(), 1);
    let err = load("type Query { a: Int\n a: String }").unwrap_err();
    assert_eq!(
        messages(&err),
        ["field `Query.a` is defined twice with different signatures (`Int` and `String`)"]
    );
}

#[test]
fn github_schema_loads_with_its_known_flaws_as_warnings() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/schemas/github.graphql"
    ))
    .expect("fixture");
    let (schema, warnings) = load(&text).expect("GitHub's schema loads");
    let dups: Vec<&Diagnostic> = warnings
        .iter()
        .filter(|w| w.code == "schema-duplicate-field")
        .collect();
    let mismatches = warnings
        .iter()
        .filter(|w| w.code == "schema-deprecation-mismatch")
        .count();
    assert_eq!(dups.len(), 2, "{:#?}", messages(&warnings));
    assert!(dups[0]
        .message
        .contains("EnterpriseOwnerInfo.repositoryDeployKeySetting"));
    assert_eq!(mismatches, 12, "{:#?}", messages(&warnings));
    assert_eq!(warnings.len(), 14);
    assert!(schema.types.len() > 1500);
    assert!(schema.possible_types("SearchResultItem").len() >= 5);
}
