// Judges documents with graphql-js, the reference implementation, for the differential test.
//
//   node judge.mjs <cases.json> <node_modules dir>
//
// Input:  { "schemas": { "<name>": "<SDL>" }, "cases": [{ "schema": "<name>", "document": "..." }] }
// Output: [{ "valid": bool, "errors": ["message", ...] }] in case order; a case on which
//         graphql-js itself throws gets { "valid": null, "crash": "..." }.
//
// Four adjustments, each because graphql-js is not the question being asked:
// - The AppSync dialect's scalars and directives are declared (AppSync predefines them;
//   graphql-js does not know them).
// - Schemas are built after dropping repeated definitions of a field within one type. GitHub's
//   public schema defines two fields of `EnterpriseOwnerInfo` twice (identically), and
//   graphql-js refuses to build it ("Field ... can only be defined once"); typed-graphql loads it
//   with a warning, and only documents are compared here. The first definition is kept, which
//   is the same field.
// - graphql-js 17 refuses a schema where an implementation deprecates a field its interface
//   does not (GitHub's public schema does, on 40-odd fields); 16 accepted it. Such a schema is
//   built with `assumeValid` when that is its only fault, so its documents are still judged.
// - graphql-js 17 parses an empty selection set (`{ }`) unless told not to; the
//   specification's grammar (`SelectionSet : { Selection+ }`) refuses it, so documents are
//   parsed with `allowEmptySelectionSets: false`.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(process.argv[3] + '/');
const {
  buildASTSchema, parse, validate, validateSchema, Kind,
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
  const ast = { ...doc, definitions };
  const faults = validateSchema(buildASTSchema(ast))
    .filter((e) => !/is not deprecated, so implementation field .* must not be deprecated/.test(e.message));
  if (faults.length > 0) throw new Error(faults.map((e) => e.message).join('\n'));
  return buildASTSchema(ast, { assumeValid: true });
}

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const schemas = new Map(Object.entries(input.schemas).map(([name, sdl]) => [name, build(sdl)]));
const out = input.cases.map(({ schema, document }) => {
  let doc;
  try {
    doc = parse(document, { allowEmptySelectionSets: false });
  } catch (e) {
    return { valid: false, errors: [e.message] };
  }
  try {
    const errors = validate(schemas.get(schema), doc).map((e) => e.message);
    return { valid: errors.length === 0, errors };
  } catch (e) {
    return { valid: null, errors: [], crash: String(e && e.stack || e) };
  }
});
process.stdout.write(JSON.stringify(out));
