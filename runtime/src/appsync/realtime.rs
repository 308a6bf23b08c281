//! AppSync realtime subscriptions: the protocol codec and handshake over the ws engine.
