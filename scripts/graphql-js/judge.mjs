// Judges documents with graphql-js: reads [{schema, document}] (JSON file argv[2]), prints
// [{valid, errors}]. The AppSync dialect's scalars and directives are declared for graphql-js,
// which does not know them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(process.argv[3] + '/');
const { buildSchema, parse, validate } = require('graphql');

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

const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const schemas = new Map();
const out = cases.map(({ schema, document }) => {
  if (!schemas.has(schema)) schemas.set(schema, buildSchema(APPSYNC + schema));
  let doc;
  try {
    doc = parse(document);
  } catch (e) {
    return { valid: false, errors: [e.message] };
  }
  const errors = validate(schemas.get(schema), doc).map((e) => e.message);
  return { valid: errors.length === 0, errors };
});
process.stdout.write(JSON.stringify(out));
