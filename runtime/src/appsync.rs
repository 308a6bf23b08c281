//! AWS AppSync: HTTP operations and realtime WebSocket subscriptions, every auth mode.
