/**
 * A deployed app's resources, as the CLI's `sync` and `logs` find them: every resource of the stack and
 * of its nested stacks (an app split across stacks, docs/scaling.md), by logical ID. Logical IDs are
 * unique across an app's stacks, so one map holds them all.
 */
import { type CloudFormationClient, ListStackResourcesCommand, type StackResourceSummary } from "@aws-sdk/client-cloudformation";

/** Every resource of one stack (not of the stacks nested in it), page by page. */
export async function resourcesOf(client: CloudFormationClient, stack: string): Promise<StackResourceSummary[]> {
  const resources: StackResourceSummary[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListStackResourcesCommand({ StackName: stack, NextToken: token }));
    resources.push(...(page.StackResourceSummaries ?? []));
    token = page.NextToken;
  } while (token);
  return resources;
}

/** Logical ID -> physical ID (a function's name, a log group's name) in `stack` and the stacks nested in it. */
export async function deployedResources(client: CloudFormationClient, stack: string): Promise<Map<string, string>> {
  const physicalIds = new Map<string, string>();
  const pending = [stack];
  while (pending.length) {
    for (const resource of await resourcesOf(client, pending.pop() as string)) {
      const physical = resource.PhysicalResourceId;
      if (!physical || !resource.LogicalResourceId) continue;
      if (resource.ResourceType === "AWS::CloudFormation::Stack") pending.push(physical);
      else physicalIds.set(resource.LogicalResourceId, physical);
    }
  }
  return physicalIds;
}
