// Judges documents with graphql-js, the reference implementation, for the differential test.
//
//   node judge.mjs <cases.json> <node_modules dir>
//
// Input:  { "schemas": { "<name>": "<SDL>" }, "cases": [{ "schema": "<name>", "document": "..." }] }
// Output: [{ "valid": bool, "errors": ["message", ...] }] in case order; a case on which
//         graphql-js itself throws gets { "valid": null, "crash": "..." }.
//
// Three adjustments, each because graphql-js is not the question being asked:
// - The AppSync dialect's scalars and directives are declared (AppSync predefines them;
//   graphql-js does not know them).
// - Schemas are built after dropping repeated definitions of a field within one type. GitHub's
//   public schema defines two fields of `EnterpriseOwnerInfo` twice (identically), and
//   graphql-js refuses to build it ("Field ... can only be defined once"); typed-graphql loads it
//   with a warning, and only documents are compared here. The first definition is kept, which
//   is the same field.
// - graphql-js 16 has no "known operation types" rule (a mutation on a schema without a
//   Mutation root passes validation and fails at execution); 17 adds it. The same check is run
//   here as a custom rule, so both implement the current working draft.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(process.argv[3] + '/');
const {
  buildASTSchema, parse, validate, specifiedRules, GraphQLError, Kind,
} = require('graphql');

const APPSYNC = `
scalar AWSDate scalar AWSTime scalar AWSDateTime scalar AWSTimestamp scalar AWSEmail
scalar AWSJSON scalar AWSURL scalar AWSPhone scalar AWSIPAddress
directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
directive @aws_api_key on FIELD_DEFINITION | OBJECT
directive @aws_iam on FIELD_DEFINITION | OBJECT
directive @aws_oidc on FIELD_DEFINITION | OBJECT
directive @aws_cognito_user_pools(cognito_groups: [String]) on FIELD_DEFINITION | OBJECT
directive @aws_lambda on FIELD_DEFINITION | OBJECT
directive @aws_auth(cognito_groups: [String]) on FIELD_DEFINITION
`;

function KnownOperationTypesRule(context) {
  return {
    OperationDefinition(node) {
      if (!context.getSchema().getRootType(node.operation)) {
        context.reportError(new GraphQLError(
          `The ${node.operation} operation is not supported by the schema.`, { nodes: node }));
      }
    },
  };
}

function build(sdl) {
  const uses = (name) => new RegExp(`\\b(scalar|directive @)${name}\\b`).test(sdl);
  const prelude = APPSYNC.split('\n')
    .filter((line) => !/AWS|aws_/.test(line) || !uses((line.match(/(AWS\w+|aws_\w+)/) || [])[1]))
    .join('\n');
  const doc = parse(prelude + sdl);
  const definitions = doc.definitions.map((def) => {
    if (!def.fields || !(def.kind === Kind.OBJECT_TYPE_DEFINITION
      || def.kind === Kind.INTERFACE_TYPE_DEFINITION)) return def;
    const seen = new Set();
    const fields = def.fields.filter((f) => !seen.has(f.name.value) && seen.add(f.name.value));
    return { ...def, fields };
  });
  return buildASTSchema({ ...doc, definitions });
}

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const schemas = new Map(Object.entries(input.schemas).map(([name, sdl]) => [name, build(sdl)]));
const rules = [...specifiedRules, KnownOperationTypesRule];
const out = input.cases.map(({ schema, document }) => {
  let doc;
  try {
    doc = parse(document);
  } catch (e) {
    return { valid: false, errors: [e.message] };
  }
  try {
    const errors = validate(schemas.get(schema), doc, rules).map((e) => e.message);
    return { valid: errors.length === 0, errors };
  } catch (e) {
    return { valid: null, errors: [], crash: String(e && e.stack || e) };
  }
});
process.stdout.write(JSON.stringify(out));
