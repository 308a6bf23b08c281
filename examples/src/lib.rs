//! Shared setup for the examples: the in-process devserver by default, a real endpoint from environment variables.
