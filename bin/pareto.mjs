#!/usr/bin/env node
// Node's compile cache (Node >= 22.1; absent on Node 20) keeps V8's compiled code of the CLI's modules
// between runs, in node's default place (NODE_COMPILE_CACHE, else <os temp dir>/node-compile-cache;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off). It is only a speed-up: a folder it cannot write (a
// read-only install, a locked temp dir) leaves the CLI as it is.
import module from "node:module";

try {
  module.enableCompileCache?.();
} catch {}
await import("../dist/cli.mjs");
