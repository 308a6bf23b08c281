//! Values of correct type: every literal fits the input type expected where it is written,
//! with GraphQL's input coercion (a single value where a list is expected, ints for floats and
//! IDs), 32-bit ints, enum values, input objects (required and unknown fields) and `@oneOf`
//! input objects (exactly one field, not null). Custom scalars accept any literal: parsing
//! them is up to the server. Like graphql-js, it reports the outermost wrong value only.

use crate::diagnostic::Diagnostic;
use crate::schema::{TypeKind, TypeRef};
use crate::source::FileId;
use crate::syntax::ast::ObjectField;
use crate::validate::ctx::{Ctx, OpRef, Value, ValueKind as V, VariableDefinition};
use crate::validate::visit::{nullable, ArgumentsNode, Rule, MAX_DEPTH};

pub(crate) struct ValuesOfCorrectType;

impl<'a> Rule<'a> for ValuesOfCorrectType {
    fn arguments(&mut self, cx: &mut Ctx<'a>, node: &ArgumentsNode<'a>) {
        for arg in node.given {
            if let Some(def) = node.defs.get(arg.name.as_str()) {
                Checker::new(cx, node.file).visit(&arg.value, Some(&def.ty), 0);
            }
        }
    }

    fn variable_definition(
        &mut self,
        cx: &mut Ctx<'a>,
        op: &OpRef<'a>,
        def: &'a VariableDefinition,
    ) {
        let Some(default) = &def.default_value else {
            return;
        };
        let ty = TypeRef::from(&def.var_type);
        if !cx.schema.get(ty.named()).is_some_and(|t| t.is_input()) {
            return;
        }
        Checker::new(cx, op.file).visit(default, Some(&ty), 0);
    }
}

struct Checker<'c, 'a> {
    cx: &'c mut Ctx<'a>,
    file: FileId,
}

impl<'c, 'a> Checker<'c, 'a> {
    fn new(cx: &'c mut Ctx<'a>, file: FileId) -> Self {
        Checker { cx, file }
    }

    fn report(&mut self, value: &Value, message: String, label: String, help: Option<String>) {
        let at = self.cx.loc(self.file, value.span);
        self.report_at(at, message, label, help);
    }

    fn report_at(
        &mut self,
        at: crate::source::Location,
        message: String,
        label: String,
        help: Option<String>,
    ) {
        let mut d =
            Diagnostic::error("values-of-correct-type", message, Some(at)).with_label(label);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.cx.report(d);
    }

    /// Checks `value` written where `location` is expected (`None`: unknown, not checked).
    fn visit(&mut self, value: &'a Value, location: Option<&TypeRef>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let schema = self.cx.schema;
        match &value.kind {
            V::Variable(_) => {}
            V::Null => {
                if let Some(ty @ TypeRef::NonNull(_)) = location {
                    self.report(
                        value,
                        format!("expected type `{ty}`, found `null`"),
                        "cannot be null".to_owned(),
                        Some(format!(
                            "pass a `{}`, or leave the argument out if it has a default",
                            ty.named()
                        )),
                    );
                }
            }
            V::List(items) => match location.map(nullable) {
                Some(TypeRef::List(item)) => {
                    for v in items {
                        self.visit(v, Some(item), depth + 1);
                    }
                }
                // A list where no list is expected: judged as a whole, not item by item.
                other => self.leaf(value, other),
            },
            V::Object(fields) => {
                let input = location.and_then(|t| schema.get(t.named()));
                let Some((type_name, defs, one_of)) = input.and_then(|t| match &t.kind {
                    TypeKind::InputObject { fields, one_of } => Some((&t.name, fields, *one_of)),
                    _ => None,
                }) else {
                    self.leaf(value, location);
                    return;
                };
                for def in defs.values() {
                    let required = def.ty.is_non_null() && def.default_value.is_none();
                    if required && !fields.iter().any(|f| f.name == def.name.as_str()) {
                        self.report(
                            value,
                            format!(
                                "field `{type_name}.{}` of required type `{}` was not provided",
                                def.name, def.ty
                            ),
                            format!("missing `{}`", def.name),
                            Some(format!("add `{}: <{}>` to the object", def.name, def.ty)),
                        );
                    }
                }
                if one_of {
                    self.one_of(value, type_name, fields);
                }
                for field in fields {
                    let key = field.name.as_str();
                    match defs.get(key) {
                        Some(def) => self.visit(&field.value, Some(&def.ty), depth + 1),
                        None => {
                            let names: Vec<&str> = defs.keys().map(String::as_str).collect();
                            let help = match crate::suggest::closest(key, names.iter().copied()) {
                                Some(best) => format!("did you mean `{best}`?"),
                                None => format!("`{type_name}` has fields {}", list(&names)),
                            };
                            // At the key, not its value.
                            let at = self.cx.loc(self.file, field.name.span);
                            self.report_at(
                                at,
                                format!("field `{key}` is not defined by type `{type_name}`"),
                                "unknown input field".to_owned(),
                                Some(help),
                            );
                        }
                    }
                }
            }
            _ => self.leaf(value, location),
        }
    }

    /// The value as written, shortened when long.
    fn written(&self, value: &Value) -> &'a str {
        let text: &'a str = &self.cx.sources.get(self.file).text;
        text.get(value.span.start as usize..value.span.end as usize)
            .unwrap_or_default()
    }

    fn one_of(&mut self, value: &Value, type_name: &str, fields: &[ObjectField]) {
        if fields.len() != 1 {
            self.report(
                value,
                format!("`@oneOf` input object `{type_name}` must specify exactly one field"),
                format!("{} fields given", fields.len()),
                Some("give exactly one of its fields".to_owned()),
            );
        } else if let Some(field) = fields.first().filter(|f| f.value.kind == V::Null) {
            let key = &field.name;
            self.report(
                &field.value,
                format!("field `{type_name}.{key}` must be non-null"),
                "a `@oneOf` field cannot be null".to_owned(),
                None,
            );
        }
    }

    /// graphql-js's isValidValueNode: a scalar or enum literal (or a list or object where a
    /// scalar, enum or input object is expected).
    fn leaf(&mut self, value: &'a Value, location: Option<&TypeRef>) {
        let Some(location) = location else { return };
        let Some(named) = self.cx.schema.get(location.named()) else {
            return;
        };
        let written = self.written(value);
        let shown = show_text(written);
        match &named.kind {
            TypeKind::Scalar => {
                if let Some(why) = scalar_problem(&named.name, &value.kind, written) {
                    self.report(
                        value,
                        format!("expected type `{location}`, found {shown}"),
                        format!("not a valid `{}`", named.name),
                        Some(why),
                    );
                }
            }
            TypeKind::Enum { values } => {
                let names: Vec<&str> = values.keys().map(String::as_str).collect();
                let (problem, help) = match &value.kind {
                    V::Enum(v) if values.contains_key(v) => return,
                    V::Enum(v) => (
                        format!("`{}` has no value `{v}`", named.name),
                        crate::suggest::closest(v, names.iter().copied())
                            .map(|b| format!("did you mean `{b}`?")),
                    ),
                    V::String(s) if values.contains_key(s) => (
                        "enum values are written without quotes".to_owned(),
                        Some(format!("write `{s}`")),
                    ),
                    _ => (format!("`{}` is an enum", named.name), None),
                };
                let help =
                    help.unwrap_or_else(|| format!("`{}` has values {}", named.name, list(&names)));
                self.report(
                    value,
                    format!("expected type `{location}`, found {shown}: {problem}"),
                    format!("not a value of `{}`", named.name),
                    Some(help),
                );
            }
            _ => self.report(
                value,
                format!("expected type `{location}`, found {shown}"),
                format!("`{}` is an input object", named.name),
                Some(format!(
                    "write an object: `{{ field: value }}` with the fields of `{}`",
                    named.name
                )),
            ),
        }
    }
}

/// Why a literal is not a valid built-in scalar (custom scalars accept any literal).
fn scalar_problem(scalar: &str, value: &V, written: &str) -> Option<String> {
    let ok = match (scalar, value) {
        ("Int", V::Int(n)) => {
            return match n.as_i64() {
                Some(i) if i32::try_from(i).is_ok() => None,
                _ => Some("`Int` is a signed 32-bit integer: use a `Float` or a custom scalar for larger numbers".to_owned()),
            }
        }
        ("Float", V::Int(_) | V::Float(_))
        | ("String", V::String(_))
        | ("Boolean", V::Boolean(_))
        | ("ID", V::String(_) | V::Int(_)) => true,
        ("Int" | "Float" | "String" | "Boolean" | "ID", _) => false,
        _ => true,
    };
    if ok {
        return None;
    }
    Some(match (scalar, value) {
        ("String" | "ID", V::Enum(e)) => format!("strings are quoted: `\"{e}\"`"),
        ("String", V::Int(_) | V::Float(_) | V::Boolean(_)) => {
            format!("strings are quoted: `\"{written}\"`")
        }
        ("Boolean", _) => "write `true` or `false`".to_owned(),
        ("Int", V::Float(_)) => "`Int` takes whole numbers".to_owned(),
        ("Int" | "Float", V::String(_)) => "numbers are written without quotes".to_owned(),
        (_, V::List(_)) => format!("`{scalar}` takes a single value, not a list"),
        _ => format!("write a `{scalar}` literal"),
    })
}

/// A value as it appears in a message (on one line, shortened when long).
fn show_text(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > 40 {
        let cut: String = text.chars().take(37).collect();
        format!("`{cut}...`")
    } else {
        format!("`{text}`")
    }
}

fn list(names: &[&str]) -> String {
    let mut shown: Vec<String> = names.iter().take(8).map(|n| format!("`{n}`")).collect();
    if names.len() > 8 {
        shown.push(format!("and {} more", names.len() - 8));
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::{invalid, one, only, valid};

    const CODE: &str = "values-of-correct-type";

    fn arg(field: &str, arg: &str, value: &str) -> String {
        format!("{{ complicatedArgs {{ {field}({arg}: {value}) }} }}")
    }

    #[test]
    fn valid_scalars() {
        valid(CODE, &arg("intArgField", "intArg", "2"));
        valid(CODE, &arg("intArgField", "intArg", "-2147483648"));
        valid(CODE, &arg("booleanArgField", "booleanArg", "true"));
        valid(CODE, &arg("stringArgField", "stringArg", "\"foo\""));
        valid(
            CODE,
            &arg("stringArgField", "stringArg", "\"\"\"block\"\"\""),
        );
        valid(CODE, &arg("floatArgField", "floatArg", "1.1"));
        valid(CODE, &arg("floatArgField", "floatArg", "1"));
        valid(CODE, &arg("idArgField", "idArg", "1"));
        valid(CODE, &arg("idArgField", "idArg", "\"someIdString\""));
        valid(CODE, &arg("intArgField", "intArg", "null"));
        valid(CODE, "{ anyArg(arg: { any: [1, \"x\", ENUM, null] }) }");
        valid(CODE, "{ dog { doesKnowCommand(dogCommand: SIT) } }");
    }

    #[test]
    fn invalid_scalars() {
        invalid(
            CODE,
            &arg("stringArgField", "stringArg", "1"),
            &["expected type `String`, found `1`"],
        );
        invalid(
            CODE,
            &arg("stringArgField", "stringArg", "BAR"),
            &["expected type `String`, found `BAR`"],
        );
        invalid(
            CODE,
            &arg("intArgField", "intArg", "\"3\""),
            &["expected type `Int`, found `\"3\"`"],
        );
        invalid(
            CODE,
            &arg("intArgField", "intArg", "3000000000"),
            &["expected type `Int`, found `3000000000`"],
        );
        invalid(
            CODE,
            &arg("intArgField", "intArg", "1.0"),
            &["expected type `Int`, found `1.0`"],
        );
        invalid(
            CODE,
            &arg("floatArgField", "floatArg", "true"),
            &["expected type `Float`, found `true`"],
        );
        invalid(
            CODE,
            &arg("booleanArgField", "booleanArg", "\"true\""),
            &["expected type `Boolean`, found `\"true\"`"],
        );
        invalid(
            CODE,
            &arg("idArgField", "idArg", "1.0"),
            &["expected type `ID`, found `1.0`"],
        );
        invalid(
            CODE,
            &arg("idArgField", "idArg", "SOMETHING"),
            &["expected type `ID`, found `SOMETHING`"],
        );
        let (d, at) = one(
            CODE,
            "{ complicatedArgs {\n  stringArgField(stringArg: TRUE) } }",
        );
        assert_eq!(at, (2, 29, 4));
        assert_eq!(d.help, ["strings are quoted: `\"TRUE\"`"]);
    }

    #[test]
    fn enums() {
        invalid(
            CODE,
            "{ dog { doesKnowCommand(dogCommand: \"SIT\") } }",
            &["expected type `DogCommand`, found `\"SIT\"`: enum values are written without quotes"],
        );
        invalid(
            CODE,
            "{ dog { doesKnowCommand(dogCommand: JUGGLE) } }",
            &["expected type `DogCommand`, found `JUGGLE`: `DogCommand` has no value `JUGGLE`"],
        );
        invalid(
            CODE,
            "{ dog { doesKnowCommand(dogCommand: 2) } }",
            &["expected type `DogCommand`, found `2`: `DogCommand` is an enum"],
        );
        let (d, _) = one(CODE, "{ dog { doesKnowCommand(dogCommand: sit) } }");
        assert_eq!(d.help, ["did you mean `SIT`?"]);
    }

    #[test]
    fn lists() {
        valid(
            CODE,
            &arg(
                "stringListArgField",
                "stringListArg",
                "[\"one\", null, \"two\"]",
            ),
        );
        valid(CODE, &arg("stringListArgField", "stringListArg", "[]"));
        valid(CODE, &arg("stringListArgField", "stringListArg", "\"one\""));
        invalid(
            CODE,
            &arg("stringListArgField", "stringListArg", "[\"one\", 2]"),
            &["expected type `String`, found `2`"],
        );
        invalid(
            CODE,
            &arg(
                "stringListNonNullArgField",
                "stringListNonNullArg",
                "[\"one\", null]",
            ),
            &["expected type `String!`, found `null`"],
        );
        invalid(
            CODE,
            &arg("intArgField", "intArg", "[1]"),
            &["expected type `Int`, found `[1]`"],
        );
        let (_, at) = one(
            CODE,
            &arg("stringListArgField", "stringListArg", "[\"a\", \"b\", 3]"),
        );
        assert_eq!(at, (1, 66, 1));
    }

    #[test]
    fn required_and_null() {
        invalid(
            CODE,
            "{ complicatedArgs { multipleReqs(req1: null, req2: 1) } }",
            &["expected type `Int!`, found `null`"],
        );
        valid(CODE, "{ complicatedArgs { multipleOpts(opt1: null) } }");
    }

    #[test]
    fn input_objects() {
        valid(
            CODE,
            &arg("complexArgField", "complexArg", "{ requiredField: true }"),
        );
        valid(
            CODE,
            &arg(
                "complexArgField",
                "complexArg",
                "{ requiredField: true, intField: 4, stringListField: [\"a\"] }",
            ),
        );
        invalid(
            CODE,
            &arg("complexArgField", "complexArg", "{ intField: 4 }"),
            &["field `ComplexInput.requiredField` of required type `Boolean!` was not provided"],
        );
        invalid(
            CODE,
            &arg(
                "complexArgField",
                "complexArg",
                "{ requiredField: true, stringListField: [\"one\", 2] }",
            ),
            &["expected type `String`, found `2`"],
        );
        invalid(
            CODE,
            &arg(
                "complexArgField",
                "complexArg",
                "{ requiredField: true, nonNullField: null }",
            ),
            &["expected type `Boolean!`, found `null`"],
        );
        invalid(
            CODE,
            &arg(
                "complexArgField",
                "complexArg",
                "{ requiredField: true, invalidField: \"value\" }",
            ),
            &["field `invalidField` is not defined by type `ComplexInput`"],
        );
        invalid(
            CODE,
            &arg("complexArgField", "complexArg", "\"x\""),
            &["expected type `ComplexInput`, found `\"x\"`"],
        );
        invalid(
            CODE,
            &arg("intArgField", "intArg", "{ a: 1 }"),
            &["expected type `Int`, found `{ a: 1 }`"],
        );
        let (d, at) = one(
            CODE,
            &arg(
                "complexArgField",
                "complexArg",
                "{ requiredField: true, strngField: \"x\" }",
            ),
        );
        assert_eq!(d.help, ["did you mean `stringField`?"]);
        assert_eq!(at, (1, 72, 10));
    }

    #[test]
    fn one_of() {
        valid(
            CODE,
            &arg("oneOfArgField", "oneOfArg", "{ stringField: \"abc\" }"),
        );
        invalid(
            CODE,
            &arg(
                "oneOfArgField",
                "oneOfArg",
                "{ stringField: \"abc\", intField: 123 }",
            ),
            &["`@oneOf` input object `OneOfInput` must specify exactly one field"],
        );
        invalid(
            CODE,
            &arg("oneOfArgField", "oneOfArg", "{ }"),
            &["`@oneOf` input object `OneOfInput` must specify exactly one field"],
        );
        invalid(
            CODE,
            &arg("oneOfArgField", "oneOfArg", "{ stringField: null }"),
            &["field `OneOfInput.stringField` must be non-null"],
        );
    }

    #[test]
    fn directive_arguments_and_defaults() {
        valid(CODE, "{ dog @include(if: true) { name } }");
        invalid(
            CODE,
            "{ dog @include(if: \"yes\") { name } }",
            &["expected type `Boolean!`, found `\"yes\"`"],
        );
        only("query Q($a: Int = 1, $b: String = \"ok\", $c: ComplexInput = { requiredField: true }) { dog { name } }", &["no-unused-variables", "no-unused-variables", "no-unused-variables"]);
        invalid(
            CODE,
            "query Q($a: Int = \"one\", $b: ComplexInput = { intField: 3 }) { dog { name } }",
            &[
                "expected type `Int`, found `\"one\"`",
                "field `ComplexInput.requiredField` of required type `Boolean!` was not provided",
            ],
        );
        invalid(
            CODE,
            "query Q($a: Int! = null) { dog { name } }",
            &["expected type `Int!`, found `null`"],
        );
        let (_, at) = one(CODE, "query Q($a: [Int] = [1,\n 2.5]) { dog { name } }");
        assert_eq!(at, (2, 2, 3));
    }
}
