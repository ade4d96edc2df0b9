/** Every construct, in the order their resources appear in the output. Adding a construct adds one row. */
import { api } from "./api.js";
import type { Construct } from "./construct.js";
import { consume } from "./consume.js";
import { events } from "./events.js";
import { failures } from "./failures.js";
import { functions } from "./functions.js";
import { queues } from "./queues.js";
import { builder } from "./builder.js";
import { appTable, bucket } from "./storage.js";
import { tableBridge } from "./table-bridge.js";
import { timers } from "./timers.js";
import { userpool } from "./userpool.js";
import { website } from "./website.js";

export const CONSTRUCTS: readonly Construct[] = [
  bucket,
  appTable,
  tableBridge,
  queues,
  website,
  builder,
  failures,
  userpool,
  functions,
  api,
  events,
  timers,
  consume,
];
