/** Every pass, in the order they run: passes that add resources come before those that annotate them. */
import { alerts } from "./alerts.js";
import { failureQueuePolicy } from "./failure-queue.js";
import { environment } from "./environment.js";
import { grantsBeforeUse } from "./grants.js";
import { partition } from "./partition.js";
import { rolePolicies } from "./role-policies.js";
import { physicalNames } from "./physical-names.js";
import { rules } from "./rules.js";
import type { Pass } from "./pass.js";
import { streamReaders } from "./stream-readers.js";
import { tags } from "./tags.js";

export const PASSES: readonly Pass[] = [
  alerts,
  rolePolicies,
  partition,
  rules,
  failureQueuePolicy,
  grantsBeforeUse,
  tags,
  environment,
  physicalNames,
  streamReaders,
];
