// The schema both interop servers serve (graphql-js, installed by install.sh):
//   query   { hello(name: String): String }
//   mutation { double(n: Int!): Int! }
//   subscription { countdown(from: Int!): Int!   from, from - 1, ..., 1, then the end
//                  failing: Int!                 1, then the source stream throws }
// and the helpers to listen on 127.0.0.1 and print `READY <port>`.
'use strict';

const path = require('path');
const { createRequire } = require('module');

const tools = process.env.WS_SERVERS_DIR || path.join(__dirname, '..', '..', '.tools', 'ws-servers');
const load = createRequire(path.join(tools, 'package.json'));
const graphql = load('graphql');
const { GraphQLSchema, GraphQLObjectType, GraphQLInt, GraphQLString, GraphQLNonNull } = graphql;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function* countdown(from) {
  for (let n = from; n > 0; n--) {
    yield { countdown: n };
    await sleep(5);
  }
}

async function* failing() {
  yield { failing: 1 };
  await sleep(5);
  throw new Error('the source stream failed');
}

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      hello: {
        type: GraphQLString,
        args: { name: { type: GraphQLString } },
        resolve: (_, { name }) => `Hello, ${name || 'world'}!`,
      },
    },
  }),
  mutation: new GraphQLObjectType({
    name: 'Mutation',
    fields: {
      double: {
        type: new GraphQLNonNull(GraphQLInt),
        args: { n: { type: new GraphQLNonNull(GraphQLInt) } },
        resolve: (_, { n }) => 2 * n,
      },
    },
  }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      countdown: {
        type: new GraphQLNonNull(GraphQLInt),
        args: { from: { type: new GraphQLNonNull(GraphQLInt) } },
        subscribe: (_, args) => countdown(args.from),
      },
      failing: {
        type: new GraphQLNonNull(GraphQLInt),
        subscribe: () => failing(),
      },
    },
  }),
});

/// An init payload with `{"token": "refuse"}` is refused; every payload is logged on stderr.
function accepts(params) {
  console.error(`INIT ${JSON.stringify(params || null)}`);
  return !(params && params.token === 'refuse');
}

/// Listens on 127.0.0.1:`port` (0: any), prints `READY <port>`, exits when stdin closes (the
/// test runner holds it open).
function listen(server, port) {
  server.listen(port, '127.0.0.1', () => {
    console.log(`READY ${server.address().port}`);
  });
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}

module.exports = { graphql, load, schema, accepts, listen };
