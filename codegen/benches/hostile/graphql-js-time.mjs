// Times graphql-js (parse + validate with the specified rules) on each document given, against
// one schema, and prints one line per document: name, milliseconds, verdict, first error.
//
//   node graphql-js-time.mjs <node_modules dir> <schema.graphql> <doc.graphql>...
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';

const require = createRequire(process.argv[2] + '/');
const { buildSchema, parse, validate } = require('graphql');
const schema = buildSchema(readFileSync(process.argv[3], 'utf8'));
for (const path of process.argv.slice(4)) {
  const text = readFileSync(path, 'utf8');
  const start = process.hrtime.bigint();
  let verdict;
  let first = '';
  try {
    const errors = validate(schema, parse(text));
    verdict = errors.length === 0 ? 'valid' : `${errors.length} error(s)`;
    first = errors.length ? errors[errors.length - 1].message : '';
  } catch (e) {
    verdict = 'threw';
    first = String(e.message);
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${basename(path)}\t${ms.toFixed(0)}\t${verdict}\t${first.slice(0, 120)}`);
}
