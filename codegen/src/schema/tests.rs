use super::test_support::{at, load, messages, one_error};
use super::*;
use crate::source::Location;
use crate::syntax::ast::ValueKind;

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
    let default = first.default_value.as_ref().expect("a default");
    assert_eq!(default.kind, ValueKind::Int(10.into()));
    // Its span is where it is written: `10` on line 4.
    let at = schema
        .sources
        .location(user.location.unwrap().file, default.span);
    assert_eq!((at.start.line, at.len), (4, 2));
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
fn duplicate_types_and_syntax_errors() {
    let err = load("type Query { a: Int }\ntype Query { b: Int }").unwrap_err();
    assert_eq!(messages(&err), ["type `Query` is defined more than once"]);
    assert_eq!(err[0].secondary.len(), 1);
    let err = load("type Query { a: Int").unwrap_err();
    assert!(
        err[0].message.starts_with("syntax error"),
        "{}",
        err[0].message
    );
}

#[test]
fn extensions_name_defined_types_of_their_kind() {
    let d = one_error("type Query { a: Int }\nextend type Quer { b: Int }");
    assert_eq!(d.message, "`extend` names `Quer`, which is not defined");
    assert_eq!(d.help, ["did you mean `Query`?"]);
    assert_eq!(at(&d), (2, 13, 4));
    let d = one_error("type Query { a: Int }\nextend input Query { b: Int }");
    assert_eq!(
        d.message,
        "`Query` is extended as an input object, but it is an object type"
    );
    assert_eq!(d.help, ["write `extend type Query`"]);
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

#[test]
fn locations_point_at_names_not_descriptions_or_keywords() {
    let schema = Schema::from_sdl(
        "\"\"\"The root\"\"\"\ntype Query {\n  \"the answer\"\n  answer(\n    \"how\" how: Int\n  ): Int\n}\n\"d\" directive @cached on FIELD\nenum E {\n  \"first\" A\n}\nextend type Query { more: Int }\n",
    )
    .unwrap();
    let q = schema.get("Query").unwrap();
    let loc = |l: Option<Location>| l.map(|l| (l.start.line, l.start.column, l.len));
    assert_eq!(loc(q.location), Some((2, 6, 5)));
    let answer = q.field("answer").unwrap();
    assert_eq!(loc(answer.location), Some((4, 3, 6)));
    assert_eq!(loc(answer.arguments["how"].location), Some((5, 11, 3)));
    assert_eq!(loc(q.field("more").unwrap().location), Some((12, 21, 4)));
    assert_eq!(loc(schema.directives["cached"].location), Some((8, 15, 7)));
    let TypeKind::Enum { values } = &schema.get("E").unwrap().kind else {
        panic!()
    };
    assert_eq!(loc(values["A"].location), Some((10, 11, 1)));
}

#[test]
fn github_empty_object_defaults_are_values_not_field_sets() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/schemas/github.graphql"
    ))
    .expect("fixture");
    let schema = Schema::from_sdl(&text).expect("loads");
    // `filterBy: ProjectV2Filters = {}` followed by a described `first` argument.
    let field = schema
        .types
        .values()
        .filter_map(|t| t.fields())
        .flat_map(|f| f.values())
        .find(|f| {
            f.arguments
                .get("filterBy")
                .is_some_and(|a| a.ty.named() == "ProjectV2Filters")
        })
        .expect("a field with filterBy: ProjectV2Filters");
    assert_eq!(
        field.arguments["filterBy"]
            .default_value
            .as_ref()
            .map(|v| &v.kind),
        Some(&ValueKind::Object(Vec::new()))
    );
    assert_eq!(
        field.arguments["first"].description.as_deref(),
        Some("Returns the first _n_ elements from the list.")
    );
}

#[test]
fn duplicate_arguments_enum_values_input_fields_and_members() {
    let (_, warnings) = load(
        "type Query { f(a: Int, a: Int): Int }\nenum E { A A }\ninput I { x: Int x: Int }\n\
         union U = Query | Query\ninterface N { id: ID }\ntype T implements N & N { id: ID }",
    )
    .expect("identical repeats load");
    assert_eq!(
        messages(&warnings),
        [
            "argument `Query.f(a:)` is defined twice with the same type; the second definition is ignored",
            "enum value `E.A` is defined twice; the second definition is ignored",
            "input field `I.x` is defined twice with the same type; the second definition is ignored",
            "union `U` lists `Query` twice",
            "`T` lists the interface `N` twice",
        ]
    );
    assert_eq!(at(&warnings[0]), (1, 24, 1));
    assert_eq!(warnings[0].secondary[0].location.start.column, 16);

    let d = one_error("type Query { f(a: Int, a: String = \"x\"): Int }");
    assert_eq!(d.code, "schema-duplicate-input-value");
    assert_eq!(
        d.message,
        "argument `Query.f(a:)` is defined twice with different types (`a: Int` and `a: String = \"x\"`)"
    );
    let d = one_error("type Query { a: Int }\ndirective @d(x: Int, x: ID) on FIELD");
    assert_eq!(
        d.message,
        "argument `@d(x:)` is defined twice with different types (`x: Int` and `x: ID`)"
    );
    let d = one_error("type Query { a(x: Int): Int\n a(y: Int): Int }");
    assert_eq!(
        d.message,
        "field `Query.a` is defined twice with different signatures (`(x: Int): Int` and `(y: Int): Int`)"
    );
}

#[test]
fn schema_extensions_and_empty_files() {
    let mut sources = SourceMap::new();
    sources.add(
        "a.graphql",
        "extend schema { mutation: M }\nextend type M { b: Int }",
    );
    sources.add("empty.graphql", "# nothing yet\n");
    sources.add(
        "b.graphql",
        "schema { query: Q }\ntype Q { a: Int }\ntype M { a: Int }",
    );
    let (schema, warnings) = Schema::load(sources).expect("loads");
    assert!(warnings.is_empty(), "{:?}", messages(&warnings));
    assert_eq!(schema.query_type.as_deref(), Some("Q"));
    assert_eq!(schema.mutation_type.as_deref(), Some("M"));
    assert_eq!(schema.get("M").unwrap().fields().unwrap().len(), 2);
    let d =
        one_error("schema { query: Query }\ntype Query { a: Int }\nextend schema { query: Query }");
    assert_eq!(
        d.message,
        "`extend schema` sets the query root type to `Query`, but it is already `Query`"
    );
}

#[test]
fn deeply_nested_input_is_a_located_error_not_a_crash() {
    for depth in [250, 100_000] {
        let sdl = format!(
            "type Query {{ a: {}Int{} }}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let err = load(&sdl).unwrap_err();
        assert_eq!(
            messages(&err),
            ["the schema nests types or values more than 200 levels deep"]
        );
        assert!(err[0].location.is_some(), "{:?}", err[0]);
        let default = format!(
            "type Query {{ a(x: [Int] = {}1{}): Int }}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        assert_eq!(err.len(), 1);
        assert_eq!(load(&default).unwrap_err()[0].code, "nesting-too-deep");
    }
    let sdl = format!(
        "type Query {{ a: {}Int{} }}",
        "[".repeat(150),
        "]".repeat(150)
    );
    let schema = Schema::from_sdl(&sdl).expect("150 levels load");
    assert_eq!(
        schema.field("Query", "a").unwrap().ty.to_string().len(),
        303
    );
}

#[test]
fn block_strings_follow_the_specification() {
    // Only spaces and tabs are indentation: a line holding U+3000 is content (graphql-parser
    // 0.4 panicked on it), so nothing is common to strip.
    let sdl = "\"\"\"\n  a\n\u{3000}\n  b\n\"\"\"\ntype Query {\n  \"\"\"\n    x\n\n      y \\\"\"\"\n  \"\"\" f: Int }";
    let schema = Schema::from_sdl(sdl).expect("loads");
    let query = schema.get("Query").unwrap();
    assert_eq!(query.description.as_deref(), Some("  a\n\u{3000}\n  b"));
    let f = query.field("f").unwrap();
    // Common indentation and blank first and last lines go; `\"""` is a literal `"""`.
    assert_eq!(f.description.as_deref(), Some("x\n\n  y \"\"\""));
    assert_eq!(
        f.location.map(|l| (l.start.line, l.start.column)),
        Some((11, 7))
    );
}

#[test]
fn github_schema_keeps_every_definition() {
    // The counts graphql-parser's loader gave before the move to apollo-parser.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/schemas/github.graphql"
    ))
    .expect("fixture");
    let (schema, _) = load(&text).expect("loads");
    let user: Vec<&TypeDef> = schema.types.values().filter(|t| !t.builtin).collect();
    let fields = || {
        user.iter()
            .filter_map(|t| t.fields())
            .flat_map(|f| f.values())
    };
    let input_fields: usize = user
        .iter()
        .map(|t| match &t.kind {
            TypeKind::InputObject { fields, .. } => fields.len(),
            _ => 0,
        })
        .sum();
    let enum_values: usize = user
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Enum { values } => values.len(),
            _ => 0,
        })
        .sum();
    let arguments = fields().map(|f| f.arguments.len()).sum::<usize>();
    let defaults = fields()
        .flat_map(|f| f.arguments.values())
        .filter(|a| a.default_value.is_some())
        .count();
    assert_eq!(
        (schema.types.len(), user.len(), fields().count(), arguments),
        (1645, 1623, 6318, 2273)
    );
    assert_eq!((input_fields, enum_values, defaults), (1330, 1165, 257));
    assert_eq!(
        user.iter().filter(|t| t.description.is_some()).count(),
        1623
    );
    assert_eq!(fields().filter(|f| f.deprecation.is_some()).count(), 142);
    assert_eq!(schema.directives.len(), 13);
}

#[test]
fn current_syntax_loads() {
    let sdl = "\"\"\"The API\"\"\"\nschema { query: Query }\n\
        \"Tags a variable \\u{1F600} \\uD83D\\uDE00\"\n\
        directive @tag(name: String = \"\\u{48}i\") repeatable on VARIABLE_DEFINITION | FIELD\n\
        type Query { a(x: Int = 1.5e3, y: In = { list: [1, 2], s: \"\\u{1F600}\" }): Int }\n\
        input In { list: [Int] s: String }";
    let schema = Schema::from_sdl(sdl).expect("loads");
    assert_eq!(schema.query_type.as_deref(), Some("Query"));
    let tag = &schema.directives["tag"];
    assert_eq!(
        tag.locations,
        [
            DirectiveLocation::VariableDefinition,
            DirectiveLocation::Field
        ]
    );
    assert!(tag.repeatable);
    assert_eq!(tag.description.as_deref(), Some("Tags a variable 😀 😀"));
    let name = tag.arguments["name"].default_value.as_ref().unwrap();
    assert_eq!(name.kind, ValueKind::String("Hi".to_owned()));
    assert_eq!(at_location(tag.location), (4, 11, 4));
    let args = &schema.field("Query", "a").unwrap().arguments;
    assert_eq!(
        args["x"].default_value.as_ref().unwrap().kind,
        ValueKind::Float(1500.0)
    );
    let y = args["y"].default_value.as_ref().unwrap();
    assert_eq!(y.to_string(), "{ list: [1, 2], s: \"😀\" }");
    // Values keep where they are written: the `1` of `list`.
    let one = match &y.kind.field("list").unwrap().kind {
        ValueKind::List(items) => items[0].span,
        other => panic!("{other:?}"),
    };
    let file = schema.get("Query").unwrap().location.unwrap().file;
    let at = schema.sources.location(file, one);
    assert_eq!((at.start.line, at.start.column, at.len), (5, 49, 1));
}

fn at_location(l: Option<Location>) -> (usize, usize, usize) {
    let l = l.expect("located");
    (l.start.line, l.start.column, l.len)
}

#[test]
fn what_a_schema_cannot_hold_is_a_located_error() {
    let d = one_error("type Query { a: Int }\nquery Q { a }");
    assert_eq!(
        d.message,
        "syntax error: a schema holds type definitions, but this is an operation"
    );
    assert_eq!(at(&d), (2, 1, 13));
    let d = one_error("type Query { a: Int }\nfragment F on Query { a }");
    assert!(d.message.ends_with("this is a fragment"), "{}", d.message);
    let d = one_error("directive @d on FIELD | DIRECTIVE_DEFINITION\ntype Query { a: Int }");
    assert_eq!(
        d.message,
        "syntax error: this directive location is a draft of the GraphQL specification, not supported"
    );
    assert_eq!(at(&d), (1, 25, 20));
    let d = one_error("directive @d on FIELD\nextend directive @d @x\ntype Query { a: Int }");
    assert_eq!(at(&d), (2, 1, 22));
}

#[test]
fn syntax_errors_name_what_was_expected_where() {
    let cases = [
        ("type Query { a: }", "syntax error: expected a type, found `}`", (1, 17, 1)),
        (
            "type Query { a: Int",
            "syntax error: expected `}`, found the end of the file",
            (1, 20, 1),
        ),
        // A missing `}`: the next definition's keyword reads as a field name.
        (
            "type Query { a: Int }\ntype B { b: Int\ntype C { c: Int }",
            "syntax error: expected `:`, found `C`",
            (3, 6, 1),
        ),
        ("type Query { a Int }", "syntax error: expected `:`, found `Int`", (1, 16, 3)),
        ("type Query { a(x: Int: Int }", "syntax error: expected `)`, found `:`", (1, 22, 1)),
        ("type Query { a: [Int }", "syntax error: expected `]`, found `}`", (1, 22, 1)),
        (
            "typo Query { a: Int }",
            "syntax error: expected a definition (`type`, `interface`, `union`, `enum`, `input`, `scalar`, `directive`, `schema` or `extend`), found `typo`",
            (1, 1, 4),
        ),
        (
            "type Query { a: Int } }",
            "syntax error: expected a definition (`type`, `interface`, `union`, `enum`, `input`, `scalar`, `directive`, `schema` or `extend`), found `}`",
            (1, 23, 1),
        ),
        ("input I { a: Int = }", "syntax error: expected a valid value, found `}`", (1, 20, 1)),
        (
            "\"unterminated\ntype Query { a: Int }",
            "syntax error: unterminated string value",
            (1, 1, 1),
        ),
        (
            "directive @d on FOO\ntype Query { a: Int }",
            "syntax error: expected valid directive location, found `FOO`",
            (1, 17, 3),
        ),
    ];
    for (sdl, message, place) in cases {
        let d = one_error(sdl);
        assert_eq!((d.message.as_str(), at(&d)), (message, place), "{sdl}");
        assert_eq!(d.code, "syntax");
    }
}
