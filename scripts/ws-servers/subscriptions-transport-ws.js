// Apollo's `subscriptions-transport-ws` server (legacy graphql-ws, `ka` every second), for
// runtime/tests/ws_interop.rs. Usage: node subscriptions-transport-ws.js PORT (0: any).
'use strict';

const http = require('http');
const { graphql, load, schema, accepts, listen } = require('./schema.js');

const { SubscriptionServer } = load('subscriptions-transport-ws');

const server = http.createServer((_, res) => res.writeHead(404).end());
SubscriptionServer.create(
  {
    schema,
    execute: graphql.execute,
    subscribe: graphql.subscribe,
    keepAlive: 1000,
    // Throwing answers `connection_error` with the message, then closes.
    onConnect: (params) => {
      if (!accepts(params)) throw new Error('the init payload is refused');
      return true;
    },
  },
  { server, path: '/graphql' },
);
listen(server, Number(process.argv[2] || 0));
