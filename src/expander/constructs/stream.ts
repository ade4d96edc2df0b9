/** Writing to the failure queue: the statement every writer's role needs, and how stream mappings give up on records. */
import type { Statement } from "../aws/iam.js";
import { getAtt } from "../intrinsics.js";
import { APP } from "../names.js";

/** What a role needs to send to the failure queue (as a destination, a dead-letter queue or a ticker's retry target). */
export const SEND_TO_FAILURE_QUEUE: Statement = { Effect: "Allow", Action: "sqs:SendMessage", Resource: getAtt(APP.failureQueue, "Arn") };

/** Attempts on a failing stream batch before its records go to the failure queue. */
export const STREAM_RETRIES = 3;

/** Stream polling shared by the table bridge and table consumers: retries, then the failure queue. */
export const streamFailure = { arn: getAtt(APP.failureQueue, "Arn"), retries: STREAM_RETRIES };
