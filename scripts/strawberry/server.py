"""A small strawberry-graphql server for interop tests: queries, and subscriptions over
multipart HTTP (strawberry's MultipartSubscriptionTransport) and over WebSocket with either
`graphql-transport-ws` or legacy `graphql-ws`, all enabled through `subscription_protocols`.
A WebSocket `connection_init` payload `{"token": "refuse"}` is refused.

Usage: server.py PORT   (0 picks a free port). Binds 127.0.0.1 only and prints
`READY <port>` once connections are accepted.
"""

import asyncio
import socket
import sys
from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
import uvicorn
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import (
    GRAPHQL_TRANSPORT_WS_PROTOCOL,
    GRAPHQL_WS_PROTOCOL,
    MULTIPART_SUBSCRIPTION_PROTOCOL,
)


@strawberry.type
class Tick:
    n: int
    label: str
    tags: list[str]


@strawberry.type
class Query:
    @strawberry.field
    def hello(self, name: str = "world") -> str:
        return f"Hello, {name}!"


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def countdown(
        self, from_: Annotated[int, strawberry.argument(name="from")]
    ) -> AsyncGenerator[int, None]:
        for n in range(from_, 0, -1):
            yield n
            await asyncio.sleep(0.01)

    @strawberry.subscription
    async def ticks(self, count: int) -> AsyncGenerator[Tick, None]:
        for n in range(count):
            yield Tick(n=n, label=f"tick {n}", tags=["even" if n % 2 == 0 else "odd"])
            await asyncio.sleep(0.01)

    @strawberry.subscription
    async def failing(self) -> AsyncGenerator[int, None]:
        yield 1
        raise RuntimeError("the source stream failed")


class App(GraphQL):
    async def on_ws_connect(self, context):
        params = context["connection_params"]
        if isinstance(params, dict) and params.get("token") == "refuse":
            raise ConnectionRejectionError({"message": "the init payload is refused"})
        # The `connection_ack` payload.
        return {"server": "strawberry"}


schema = strawberry.Schema(query=Query, subscription=Subscription)
app = App(
    schema,
    subscription_protocols=(
        GRAPHQL_TRANSPORT_WS_PROTOCOL,
        GRAPHQL_WS_PROTOCOL,
        MULTIPART_SUBSCRIPTION_PROTOCOL,
    ),
)


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    # Listening before READY: connections made after it wait in the backlog for uvicorn.
    sock.listen(128)
    print(f"READY {sock.getsockname()[1]}", flush=True)
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])


if __name__ == "__main__":
    main()
