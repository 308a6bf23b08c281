//! The protocol-agnostic WebSocket subscription engine: connection lifecycle, multiplexing,
//! keep-alive, reconnect and resubscribe. Protocols plug in as codecs.
