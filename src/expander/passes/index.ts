/** Every pass, in the order they run: passes that add resources come before those that annotate them. */
import { alerts } from "./alerts.js";
import { failureQueuePolicy } from "./failure-queue.js";
import { grantsBeforeUse } from "./grants.js";
import type { Pass } from "./pass.js";
import { tags } from "./tags.js";

export const PASSES: readonly Pass[] = [alerts, failureQueuePolicy, grantsBeforeUse, tags];
