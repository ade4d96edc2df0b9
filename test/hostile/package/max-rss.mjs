// Loaded with `node --import` by test/hostile/package.test.ts: prints the process's peak RSS on exit.
process.on("exit", () => process.stderr.write(`max-rss-kib=${process.resourceUsage().maxRSS}\n`));
