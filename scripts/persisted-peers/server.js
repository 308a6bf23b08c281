// Two independent servers of persisted operations on one 127.0.0.1 port, for
// runtime/tests/persisted_peers.rs (installed by install.sh beside this file):
//
//   /apollo          Apollo Server: Automatic Persisted Queries, as built in (POST and GET).
//   /apollo-off      Apollo Server with `persistedQueries: false` (PersistedQueryNotSupported).
//   /yoga            GraphQL Yoga + usePersistedOperations: trusted documents only, the id read
//                    from `extensions.persistedQuery.sha256Hash` (the plugin's default).
//   /yoga-document   the same Yoga setup reading `documentId: "sha256:<hash>"` (the
//                    GraphQL-over-HTTP persisted documents appendix).
//   POST /register   adds trusted documents from a `{hash: document}` map (Relay / Yoga
//                    format); 400 when a key is not the SHA-256 of its document (node's crypto).
//   GET /log         what the GraphQL endpoints received, in order (and Apollo's errors).
//
// Usage: node server.js <port> (0: any free port). Prints `READY <port>` once listening; exits
// when stdin closes.
"use strict";

const http = require("node:http");
const crypto = require("node:crypto");
const path = require("node:path");
// The packages live in <workspace>/.tools/persisted-peers (install.sh), not beside this file.
const tools = require("node:module").createRequire(
  path.join(__dirname, "..", "..", ".tools", "persisted-peers", "package.json"),
);
const { ApolloServer, HeaderMap } = tools("@apollo/server");
const { createYoga, createSchema } = tools("graphql-yoga");
const { usePersistedOperations } = tools("@graphql-yoga/plugin-persisted-operations");

const typeDefs = require("node:fs").readFileSync(path.join(__dirname, "schema.graphql"), "utf8");
let counter = 0;
const resolvers = {
  Query: { hello: (_, { name }) => `hello ${name}`, counter: () => counter },
  Mutation: { bump: (_, { by }) => (counter += by) },
};

const trusted = new Map();
const log = [];

function yoga(endpoint, extract) {
  return createYoga({
    graphqlEndpoint: endpoint,
    schema: createSchema({ typeDefs, resolvers }),
    logging: false,
    plugins: [
      usePersistedOperations({
        getPersistedOperation: (id) => trusted.get(id) ?? null,
        ...(extract ? { extractPersistedOperationId: extract } : {}),
      }),
    ],
  });
}

const yogaHash = yoga("/yoga");
// Yoga's GET parser keeps only the standard parameters: read `documentId` from the URL too.
const yogaDocument = yoga("/yoga-document", (params, request) => {
  const id = params.documentId ?? new URL(request.url).searchParams.get("documentId");
  return typeof id === "string" && id.startsWith("sha256:") ? id.slice("sha256:".length) : null;
});

const apollo = new ApolloServer({ typeDefs, resolvers, includeStacktraceInErrorResponses: false });
const apolloOff = new ApolloServer({
  typeDefs,
  resolvers,
  includeStacktraceInErrorResponses: false,
  persistedQueries: false,
});

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

// What a GraphQL request carries, for /log.
function describe(path, method, params) {
  const persisted = params.extensions && params.extensions.persistedQuery;
  return {
    path,
    method,
    query: typeof params.query === "string",
    sha256Hash: persisted ? persisted.sha256Hash : null,
    documentId: params.documentId ?? null,
    operationName: params.operationName ?? null,
  };
}

function paramsOf(method, url, text) {
  if (method === "GET") {
    const p = url.searchParams;
    const json = (name) => (p.has(name) ? JSON.parse(p.get(name)) : undefined);
    return {
      query: p.get("query") ?? undefined,
      documentId: p.get("documentId") ?? undefined,
      operationName: p.get("operationName") ?? undefined,
      extensions: json("extensions"),
    };
  }
  return text ? JSON.parse(text) : {};
}

async function serveApollo(target, req, res, url, text) {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  const answer = await target.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: req.method.toUpperCase(),
      headers,
      search: url.search,
      body: req.method === "GET" ? undefined : JSON.parse(text),
    },
    context: async () => ({}),
  });
  let body = "";
  if (answer.body.kind === "complete") {
    body = answer.body.string;
  } else {
    for await (const chunk of answer.body.asyncIterator) body += chunk;
  }
  try {
    const errors = JSON.parse(body).errors;
    if (errors) log[log.length - 1].errors = errors.map((e) => e.message);
  } catch (_) {}
  for (const [key, value] of answer.headers) res.setHeader(key, value);
  res.statusCode = answer.status || 200;
  res.end(body);
}

async function handle(req, res) {
  const url = new URL(req.url, "http://127.0.0.1");
  const text = req.method === "GET" ? "" : await readBody(req);
  if (url.pathname === "/register") {
    const map = JSON.parse(text);
    for (const [hash, document] of Object.entries(map)) {
      const actual = crypto.createHash("sha256").update(document, "utf8").digest("hex");
      if (actual !== hash) {
        res.statusCode = 400;
        res.end(JSON.stringify({ error: `key ${hash} is not the SHA-256 of its document (${actual})` }));
        return;
      }
    }
    for (const [hash, document] of Object.entries(map)) trusted.set(hash, document);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ registered: Object.keys(map).length }));
    return;
  }
  if (url.pathname === "/log") {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(log));
    return;
  }
  log.push(describe(url.pathname, req.method, paramsOf(req.method, url, text)));
  if (url.pathname === "/apollo" || url.pathname === "/apollo-off") {
    await serveApollo(url.pathname === "/apollo" ? apollo : apolloOff, req, res, url, text);
    return;
  }
  // Yoga reads the body itself: hand it a request whose body is replayed.
  const { Readable } = require("node:stream");
  const replay = Readable.from(text ? [Buffer.from(text)] : []);
  Object.assign(replay, { method: req.method, url: req.url, headers: req.headers });
  const target = url.pathname === "/yoga-document" ? yogaDocument : yogaHash;
  target(replay, res);
}

async function main() {
  await apollo.start();
  await apolloOff.start();
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      console.error(err);
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  server.listen(Number(process.argv[2] || 0), "127.0.0.1", () => {
    console.log(`READY ${server.address().port}`);
  });
  process.stdin.on("end", () => process.exit(0));
  process.stdin.resume();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
