#!/usr/bin/env python3
"""Writes the three hostile documents of issue 14 into the directory given (default: .):

- same-field.graphql: one selection set holding 5,000 copies of `todos { id }`
  (valid: every copy merges with every other).
- conflicting-aliases.graphql: 5,000 fields under one alias with 5,000 different arguments
  (`a: todos(first: 0) { id } a: todos(first: 1) { id } ...`, invalid: they cannot merge).
- plain-fields.graphql: a 20 MB document of plain fields (`todos { id title done ... }`
  repeated, no aliases; valid).
- plain-fields-at-limit.graphql: the same, just under the default `max_tokens` (2,000,000
  tokens as the lexer counts them, whitespace runs included; 6.7 MB): the largest document
  checked by default.

All against tests/graphql/todo/schema.graphql.
"""
import os
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(out, exist_ok=True)

def write(name, text):
    with open(os.path.join(out, name), "w") as f:
        f.write(text)

write("same-field.graphql",
      "query SameField {\n" + "".join("  todos { id }\n" for _ in range(5000)) + "}\n")
write("conflicting-aliases.graphql",
      "query ConflictingAliases {\n"
      + "".join(f"  a: todos(first: {i}) {{ id }}\n" for i in range(5000)) + "}\n")
line = "    id title done priority tags type createdAt\n"
lines = (20 * 1024 * 1024) // len(line)
write("plain-fields.graphql",
      "query PlainFields {\n  todos {\n" + line * lines + "  }\n}\n")
# 7 tokens a line, 8 more around them: 142,000 lines stay under 1,000,000 tokens.
write("plain-fields-at-limit.graphql",
      "query PlainFields {\n  todos {\n" + line * 142000 + "  }\n}\n")
