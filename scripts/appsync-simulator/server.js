// Starts AWS's AppSync simulator (@aws-amplify/amplify-appsync-simulator, installed by
// install.sh) on 127.0.0.1 with schema.graphql and API-key auth, for
// runtime/tests/appsync_simulator.rs.
//
// Usage: node server.js [port]   (port 0 or absent: a free port)
// Prints one line `READY <port> <apiKey>` on stdout once it serves:
//   POST http://127.0.0.1:<port>/graphql            queries and mutations
//   ws://127.0.0.1:<port>/graphql/realtime           realtime (auth in the `header` query parameter)
//
// Differences from the stock simulator, each making it closer to AppSync (see
// shared docs, "Differences from real AppSync"):
// - it listens on 127.0.0.1 only (the stock server listens on every interface);
// - argument filters are applied (stock 2.16.20 ignores them): a subscription's non-null
//   arguments must equal the same-named top-level fields of the mutation's result;
// - an unhandled rejection or exception (a non-JSON frame, a bad start) is logged instead of
//   killing the process, as one bad client must not take AppSync down.
'use strict';

const fs = require('fs');
const http = require('http');
const net = require('net');
const path = require('path');

const here = __dirname;
const tools = process.env.APPSYNC_SIMULATOR_DIR ||
  path.join(here, '..', '..', '.tools', 'appsync-simulator');
const simulatorModule = require(path.join(tools, 'node_modules', '@aws-amplify', 'amplify-appsync-simulator'));
const { AmplifyAppSyncSimulator, AmplifyAppSyncSimulatorAuthenticationType: Auth, RESOLVER_KIND } = simulatorModule;

const API_KEY = 'da2-fakeApiId123456';

process.on('unhandledRejection', (reason) => {
  console.error('simulator: unhandled rejection (kept alive):', reason && reason.stack || reason);
});
process.on('uncaughtException', (err) => {
  console.error('simulator: uncaught exception (kept alive):', err && err.stack || err);
});

// Bind to loopback only: the simulator calls listen(port) with no host.
const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') {
    args.splice(1, 0, '127.0.0.1');
  }
  return listen.apply(this, args);
};

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// AppSync's argument filter: every argument given a non-null value must equal the
// same-named top-level field of the published mutation result.
function matches(payload, args) {
  if (payload == null) return false;
  return Object.entries(args || {}).every(([name, value]) =>
    value === null || value === undefined || payload[name] === value);
}

function filtered(inner, args) {
  return {
    async next() {
      for (;;) {
        const item = await inner.next();
        if (item.done || matches(item.value, args)) return item;
      }
    },
    return(value) {
      return inner.return ? inner.return(value) : Promise.resolve({ done: true, value });
    },
    throw(err) {
      return inner.throw ? inner.throw(err) : Promise.reject(err);
    },
    [Symbol.asyncIterator]() { return this; },
  };
}

function applyArgumentFilters(schema) {
  const subscriptionType = schema.getSubscriptionType();
  if (!subscriptionType) return;
  for (const field of Object.values(subscriptionType.getFields())) {
    const subscribe = field.subscribe;
    if (!subscribe) continue;
    field.subscribe = (source, args, context, info) =>
      Promise.resolve(subscribe(source, args, context, info)).then((it) => filtered(it, args));
  }
}

// addTodo's resolver (NONE data source): the new Todo, built from the input. The title
// "without done" leaves out the non-null `done`, so that subscribers selecting it get the
// simulator's (graphql-js's) "Cannot return null for non-nullable field Todo.done." event.
const addTodoRequest = `
#set($todo = {})
$util.qr($todo.put("id", $util.autoId()))
$util.qr($todo.put("boardId", $ctx.args.input.boardId))
$util.qr($todo.put("title", $ctx.args.input.title))
#if($ctx.args.input.title != "without done")
$util.qr($todo.put("done", false))
#end
#if($ctx.args.input.priority)
$util.qr($todo.put("priority", $ctx.args.input.priority))
#end
{"version": "2018-05-29", "payload": $util.toJson($todo)}
`;

async function main() {
  const requested = Number.parseInt(process.argv[2] || '0', 10);
  const port = Number.isInteger(requested) && requested > 0 ? requested : await freePort();
  const simulator = new AmplifyAppSyncSimulator({ port });
  simulator.init({
    appSync: {
      name: 'typed-graphql-interop',
      apiKey: API_KEY,
      defaultAuthenticationType: { authenticationType: Auth.API_KEY },
      additionalAuthenticationProviders: [],
    },
    schema: { content: fs.readFileSync(path.join(here, 'schema.graphql'), 'utf8') },
    dataSources: [{ type: 'NONE', name: 'none' }],
    mappingTemplates: [
      { path: 'addTodo.req.vtl', content: addTodoRequest },
      { path: 'result.res.vtl', content: '$util.toJson($ctx.result)' },
    ],
    resolvers: [{
      kind: RESOLVER_KIND.UNIT,
      typeName: 'Mutation',
      fieldName: 'addTodo',
      dataSourceName: 'none',
      requestMappingTemplateLocation: 'addTodo.req.vtl',
      responseMappingTemplateLocation: 'result.res.vtl',
    }],
  });
  applyArgumentFilters(simulator.schema);
  await simulator.start();
  process.stdout.write(`READY ${port} ${API_KEY}\n`);

  const stop = () => {
    simulator.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The test holds our stdin: when it goes away (the test process died), stop too.
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((err) => {
  console.error('simulator: failed to start:', err && err.stack || err);
  process.exit(1);
});
