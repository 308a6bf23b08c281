// The `graphql-ws` library's server (graphql-transport-ws) on `ws`, for
// runtime/tests/ws_interop.rs. Usage: node graphql-ws.js PORT (0: any free port).
'use strict';

const http = require('http');
const { load, schema, accepts, listen } = require('./schema.js');

const { WebSocketServer } = load('ws');
const { useServer } = load('graphql-ws/use/ws');

const server = http.createServer((_, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server, path: '/graphql' });
// `onConnect` returning false closes the socket with 4403 Forbidden.
// An object returned by `onConnect` is the `connection_ack` payload.
useServer({ schema, onConnect: (ctx) => accepts(ctx.connectionParams) && { server: 'graphql-ws' } }, wss);
listen(server, Number(process.argv[2] || 0));
