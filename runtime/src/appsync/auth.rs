//! AppSync authorization: every auth mode, for HTTP requests and realtime handshakes.
