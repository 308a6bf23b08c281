//! Valid and invalid cases per rule, with the exact messages.

use std::sync::Arc;

use crate::project::Project;
use crate::schema::Schema;

const SCHEMA: &str = include_str!("../../tests/differential/pets.graphql");

fn errors(doc: &str) -> Vec<String> {
    let schema = Schema::from_sdl(SCHEMA).expect("test schema loads");
    let mut project = Project::new(Arc::new(schema));
    if let Err(d) = project.add_document("q.graphql", doc) {
        return vec![d.message];
    }
    project.validate().into_iter().map(|d| d.message).collect()
}

fn valid(doc: &str) {
    assert_eq!(errors(doc), Vec::<String>::new(), "expected valid: {doc}");
}

fn invalid(doc: &str, expected: &[&str]) {
    assert_eq!(errors(doc), expected, "for: {doc}");
}

#[test]
fn operation_names_and_anonymous() {
    valid("query A { dog { name } } query B { dog { name } }");
    invalid(
        "query A { dog { name } } query A { cat { name } }",
        &["there can be only one operation named `A`"],
    );
    invalid(
        "{ dog { name } } query B { dog { name } }",
        &["this anonymous operation must be the only operation in the project"],
    );
    invalid(
        "mutation { x }",
        &["the schema does not support mutation operations"],
    );
}

#[test]
fn single_field_subscriptions() {
    valid("subscription S { newDog { name } }");
    invalid(
        "subscription S { newDog { name } newCat { name } }",
        &["subscription `S` must select only one top level field"],
    );
    invalid(
        "subscription S { ...F } fragment F on Subscription { newDog { name } newCat { name } }",
        &["subscription `S` must select only one top level field"],
    );
    invalid(
        "subscription S { __typename }",
        &["subscription `S` must not select an introspection top level field"],
    );
}

#[test]
fn fields_on_correct_type_with_suggestions() {
    valid("{ dog { name nickname __typename } }");
    let schema = Schema::from_sdl(SCHEMA).unwrap();
    let mut project = Project::new(Arc::new(schema));
    project
        .add_document("q.graphql", "{ dog {\n  nickame } }")
        .unwrap();
    let ds = project.validate();
    assert_eq!(ds[0].message, "cannot query field `nickame` on type `Dog`");
    assert_eq!(ds[0].help, ["did you mean `nickname`?"]);
    let loc = ds[0].location.unwrap();
    assert_eq!((loc.start.line, loc.start.column, loc.len), (2, 3, 7));
    invalid(
        "{ pet { meows } }",
        &["cannot query field `meows` on type `Pet`"],
    );
}

#[test]
fn scalar_leafs() {
    invalid(
        "{ dog { barkVolume { x } } }",
        &["field `barkVolume` must not have a selection since type `Int` has no subfields"],
    );
    invalid(
        "{ dog }",
        &["field `dog` of type `Dog` must have a selection of subfields"],
    );
}

#[test]
fn fragments_rules() {
    valid("{ dog { ...F } } fragment F on Dog { name }");
    invalid(
        "{ dog { ...F } } fragment F on Int { name }",
        &["fragment `F` cannot condition on non-composite type `Int`"],
    );
    invalid("{ dog { ...Nope } }", &["unknown fragment `Nope`"]);
    invalid(
        "{ dog { name } } fragment F on Dog { name }",
        &["fragment `F` is never used"],
    );
    invalid(
        "{ dog { ...F } } fragment F on Dog { name } fragment F on Dog { nickname }",
        &["there can be only one fragment named `F`"],
    );
    invalid(
        "{ dog { ...A } } fragment A on Dog { ...B } fragment B on Dog { ...A }",
        &["cannot spread fragment `A` within itself (via `A` -> `B`)"],
    );
    invalid(
        "{ dog { ... on Cat { meows } } }",
        &["fragment cannot be spread here as objects of type `Dog` can never be of type `Cat`"],
    );
    invalid(
        "{ dog { ...C } } fragment C on Cat { meows }",
        &["fragment `C` cannot be spread here as objects of type `Dog` can never be of type `Cat`"],
    );
    valid("{ pet { ... on Dog { barkVolume } ... on Being { name } } }");
    invalid("{ dog { ... on Dgo { name } } }", &["unknown type `Dgo`"]);
}

#[test]
fn arguments() {
    valid("{ dog { doesKnowCommand(dogCommand: SIT) } }");
    invalid(
        "{ dog { doesKnowCommand(command: SIT) } }",
        &[
            "field `Dog.doesKnowCommand` argument `dogCommand` of type `DogCommand!` is required, but it was not provided",
            "unknown argument `command` on field `Dog.doesKnowCommand`",
        ],
    );
    invalid(
        "{ dog { doesKnowCommand(dogCommand: SIT, dogCommand: HEEL) } }",
        &["there can be only one argument named `dogCommand`"],
    );
    valid("{ dog { isHouseTrained } }");
}

#[test]
fn values_of_correct_type() {
    valid(
        r#"{ complicatedArgs { intArgField(intArg: 2) idArgField(idArg: "x") floatArgField(floatArg: 1) stringListArgField(stringListArg: "one") } }"#,
    );
    invalid(
        r#"{ complicatedArgs { intArgField(intArg: "3") } }"#,
        &["argument `intArg` expects type `Int`: found the string \"3\""],
    );
    invalid(
        "{ complicatedArgs { intArgField(intArg: 3000000000) } }",
        &["argument `intArg` expects type `Int`: `3000000000` is outside the 32-bit range of `Int`"],
    );
    invalid(
        "{ complicatedArgs { enumArgField(enumArg: SITT) } }",
        &["argument `enumArg` expects type `DogCommand`: `DogCommand` has no value `SITT`"],
    );
    invalid(
        "{ complicatedArgs { complexArgField(complexArg: { intField: 4 }) } }",
        &["argument `complexArg` expects type `ComplexInput`: field `ComplexInput.requiredField` of type `Boolean!` is required, but it was not provided"],
    );
    invalid(
        "{ complicatedArgs { complexArgField(complexArg: { requiredField: true, unknown: 1 }) } }",
        &["argument `complexArg` expects type `ComplexInput`: field `unknown` is not defined by type `ComplexInput`"],
    );
    invalid(
        "{ complicatedArgs { nonNullIntArgField(nonNullIntArg: null) } }",
        &["argument `nonNullIntArg` expects type `Int!`: found `null` for a non-null type"],
    );
    valid(r#"{ complicatedArgs { oneOfArgField(arg: { a: "x" }) } }"#);
    invalid(
        r#"{ complicatedArgs { oneOfArgField(arg: { a: "x", b: 1 }) } }"#,
        &["argument `arg` expects type `OneOf`: `@oneOf` input `OneOf` must specify exactly one field"],
    );
}

#[test]
fn directives() {
    valid("{ dog { name @skip(if: true) @onField @onField } }");
    invalid(
        "{ dog { name @skp(if: true) } }",
        &["unknown directive `@skp`"],
    );
    invalid(
        "query Q @skip(if: true) { dog { name } }",
        &["directive `@skip` may not be used on QUERY"],
    );
    invalid(
        "{ dog { name @skip(if: true) @skip(if: false) } }",
        &["the directive `@skip` can only be used once at this location"],
    );
    invalid(
        "{ dog { name @include } }",
        &["directive `@include` argument `if` of type `Boolean!` is required, but it was not provided"],
    );
}

#[test]
fn variables() {
    valid("query Q($c: DogCommand!) { dog { doesKnowCommand(dogCommand: $c) } }");
    invalid(
        "query Q { dog { doesKnowCommand(dogCommand: $c) } }",
        &["variable `$c` is not defined by operation `Q`"],
    );
    invalid(
        "query Q($c: DogCommand!, $unused: Int) { dog { doesKnowCommand(dogCommand: $c) } }",
        &["variable `$unused` is never used in operation `Q`"],
    );
    invalid(
        "query Q($c: DogCommand) { dog { doesKnowCommand(dogCommand: $c) } }",
        &["variable `$c` of type `DogCommand` used in position expecting type `DogCommand!`"],
    );
    valid("query Q($c: DogCommand = SIT) { dog { doesKnowCommand(dogCommand: $c) } }");
    valid("query Q($b: Boolean) { dog { isHouseTrained(atOtherHomes: $b) } }");
    invalid(
        "query Q($d: Dog) { dog { name } }",
        &[
            "variable `$d` cannot be of non-input type `Dog`",
            "variable `$d` is never used in operation `Q`",
        ],
    );
    invalid(
        "query Q($a: Int, $a: Int) { complicatedArgs { intArgField(intArg: $a) } }",
        &["there can be only one variable named `$a`"],
    );
    valid("query Q($s: String) { complicatedArgs { stringListArgField(stringListArg: [$s]) } }");
    invalid(
        "query Q($s: String) { complicatedArgs { oneOfArgField(arg: { a: $s }) } }",
        &["variable `$s` is of type `String` but must be non-nullable to be used for a `@oneOf` input field"],
    );
    valid("query Q($c: DogCommand!) { dog { ...F } } fragment F on Dog { doesKnowCommand(dogCommand: $c) }");
    invalid(
        r#"query Q($i: Int = "x") { complicatedArgs { intArgField(intArg: $i) } }"#,
        &["the default value of `$i` expects type `Int`: found the string \"x\""],
    );
}

#[test]
fn overlapping_fields() {
    valid("{ dog { name name } }");
    valid("{ dog { n: name n: name } }");
    invalid(
        "{ dog { n: name n: nickname } }",
        &["fields `n` conflict because `name` and `nickname` are different fields"],
    );
    invalid(
        "{ dog { doesKnowCommand(dogCommand: SIT) doesKnowCommand(dogCommand: HEEL) } }",
        &["fields `doesKnowCommand` conflict because they have differing arguments"],
    );
    // Different object parents are mutually exclusive: different fields may share a key...
    valid("{ pet { ... on Dog { n: nickname } ... on Cat { n: name } } }");
    // ...but their types must still be shape-compatible.
    invalid(
        "{ pet { ... on Dog { v: barkVolume } ... on Cat { v: meows } } }",
        &["fields `v` conflict because they return conflicting types `Int` and `Boolean`"],
    );
    invalid(
        "{ dog { ...A ...B } } fragment A on Dog { x: name } fragment B on Dog { x: nickname }",
        &["fields `x` conflict because `name` and `nickname` are different fields"],
    );
    invalid(
        "{ dog { owner { n: name } owner { n: iq } } }",
        &["fields `owner` conflict because subfields `n` conflict because `name` and `iq` are different fields"],
    );
}

#[test]
fn github_operations_validate() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../fixtures/schemas/github.graphql"
    ))
    .unwrap();
    let mut sources = crate::SourceMap::new();
    sources.add("github.graphql", text);
    let (schema, _) = Schema::load(sources).unwrap();
    let mut project = Project::new(Arc::new(schema));
    project
        .add_document(
            "ops.graphql",
            r#"
            query Repo($owner: String!, $name: String!, $first: Int = 10) {
              repository(owner: $owner, name: $name) {
                id nameWithOwner stargazerCount
                issues(first: $first, states: [OPEN], orderBy: { field: CREATED_AT, direction: DESC }) {
                  totalCount nodes { ...IssueFields }
                }
              }
            }
            query Search($q: String!) {
              search(query: $q, type: REPOSITORY, first: 5) {
                nodes { __typename ... on Repository { nameWithOwner } ... on User { login } }
              }
            }
            query Node($id: ID!) { node(id: $id) { id ... on Issue { ...IssueFields } } }
            fragment IssueFields on Issue { number title author { login } createdAt }
            "#,
        )
        .unwrap();
    let errors: Vec<String> = project
        .validate()
        .iter()
        .map(|d| d.render(&project.sources))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
