/** Stream polling shared by the table bridge and table consumers: retries, then the failure queue. */
import { getAtt } from "../intrinsics.js";
import { APP } from "../names.js";

/** Attempts on a failing stream batch before its records go to the failure queue. */
export const STREAM_RETRIES = 3;

export const streamFailure = { arn: getAtt(APP.failureQueue, "Arn"), retries: STREAM_RETRIES };
