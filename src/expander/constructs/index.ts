/** Every construct, in the order their resources appear in the output. Adding a construct adds one row. */
import { api } from "./api.js";
import type { Construct } from "./construct.js";
import { consume } from "./consume.js";
import { events } from "./events.js";
import { failures } from "./failures.js";
import { functionUrls } from "./function-url.js";
import { functions } from "./functions.js";
import { queues } from "./queues.js";
import { secrets } from "./secrets.js";
import { builder } from "./builder.js";
import { bus } from "./bus.js";
import { buckets, tables } from "./storage.js";
import { tableBridge } from "./table-bridge.js";
import { timers } from "./timers.js";
import { topics } from "./topics.js";
import { userpool } from "./userpool.js";
import { vpc } from "./vpc.js";
import { website } from "./website.js";

export const CONSTRUCTS: readonly Construct[] = [
  buckets,
  tables,
  tableBridge,
  bus,
  queues,
  topics,
  website,
  builder,
  failures,
  userpool,
  secrets,
  vpc,
  functions,
  api,
  functionUrls,
  events,
  timers,
  consume,
];
