/** Pure helpers for `pareto deploy`: stack states, change summaries, event lines. */
import type { Change, StackEvent } from "@aws-sdk/client-cloudformation";
import { table } from "../package/report.js";

/** Statuses a stack settles in; the `_FAILED` and rollback ones mean the deploy failed. */
export const SETTLED_OK = new Set(["CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE"]);
export const SETTLED_FAILED = new Set([
  "CREATE_FAILED",
  "ROLLBACK_COMPLETE",
  "ROLLBACK_FAILED",
  "UPDATE_ROLLBACK_COMPLETE",
  "UPDATE_ROLLBACK_FAILED",
  "UPDATE_FAILED",
  "DELETE_COMPLETE",
  "DELETE_FAILED",
  "IMPORT_ROLLBACK_COMPLETE",
  "IMPORT_ROLLBACK_FAILED",
]);

export const isSettled = (status: string) => SETTLED_OK.has(status) || SETTLED_FAILED.has(status);

/** `K=V` command-line parameters -> CloudFormation parameters. */
export function parseParameters(pairs: string[]): Array<{ ParameterKey: string; ParameterValue: string }> {
  return pairs.map((pair) => {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Error(`--param takes KEY=VALUE, got '${pair}'`);
    return { ParameterKey: pair.slice(0, eq), ParameterValue: pair.slice(eq + 1) };
  });
}

/** The change set as a table: what is added, modified (and whether replaced) or removed. */
export function changeTable(changes: Change[]): string {
  const rows = changes.map(({ ResourceChange: c = {} }) => [
    c.Action ?? "",
    c.LogicalResourceId ?? "",
    c.ResourceType ?? "",
    c.Action === "Modify" ? (c.Replacement ?? "") : "",
  ]);
  const counts = ["Add", "Modify", "Remove"].map((action) => `${rows.filter((r) => r[0] === action).length} to ${action.toLowerCase()}`);
  return `${table(["action", "resource", "type", "replacement"], rows)}\n${counts.join(", ")}\n`;
}

export function eventLine(event: StackEvent): string {
  const time = event.Timestamp ? new Date(event.Timestamp).toISOString().slice(11, 19) : "--:--:--";
  const reason = event.ResourceStatusReason ? `  ${event.ResourceStatusReason}` : "";
  return `${time}  ${(event.ResourceStatus ?? "").padEnd(20)}  ${(event.ResourceType ?? "").padEnd(32)}  ${event.LogicalResourceId ?? ""}${reason}`;
}

/** The resources that failed, with CloudFormation's reasons (what a user needs to fix). */
export function failures(events: StackEvent[]): string[] {
  return events
    .filter((e) => (e.ResourceStatus ?? "").endsWith("_FAILED") && e.LogicalResourceId !== e.StackName)
    .map((e) => `${e.LogicalResourceId} (${e.ResourceType}): ${e.ResourceStatusReason ?? "no reason given"}`);
}
