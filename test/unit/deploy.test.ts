/** `deploy()` against a scripted CloudFormation: the paths moto cannot produce (failed resources, rollbacks). */
import type { StackEvent } from "@aws-sdk/client-cloudformation";
import { describe, expect, it } from "vitest";
import { confirmationProblem, deploy } from "../../src/deploy/deploy.js";
import { changeTable, failures, parseParameters } from "../../src/deploy/stack.js";

type Answer = (input: any) => unknown;

/** A CloudFormation client that answers each command by name, in order when given a list. */
function scripted(answers: Record<string, Answer | Answer[]>) {
  const calls: string[] = [];
  return {
    calls,
    send: async (command: any) => {
      const name = command.constructor.name.replace(/Command$/, "");
      calls.push(name);
      const answer = answers[name];
      const next = Array.isArray(answer) ? answer.shift() : answer;
      if (!next) throw new Error(`unexpected ${name}`);
      const result = next(command.input);
      if (result instanceof Error) throw result;
      return result;
    },
  };
}

const notFound = () => Object.assign(new Error("Stack with id shop does not exist"), { name: "ValidationError" });
const changeSet = {
  Status: "CREATE_COMPLETE",
  Changes: [
    {
      Type: "Resource" as const,
      ResourceChange: { Action: "Add" as const, LogicalResourceId: "AppTable", ResourceType: "AWS::DynamoDB::Table" },
    },
    {
      Type: "Resource" as const,
      ResourceChange: { Action: "Add" as const, LogicalResourceId: "HelloFunction", ResourceType: "AWS::Lambda::Function" },
    },
  ],
};
const event = (id: string, logical: string, type: string, status: string, reason?: string): StackEvent => ({
  EventId: id,
  StackId: "arn:aws:cloudformation:us-east-1:123456789012:stack/shop/1",
  StackName: "shop",
  LogicalResourceId: logical,
  ResourceType: type,
  ResourceStatus: status as StackEvent["ResourceStatus"],
  ResourceStatusReason: reason,
  Timestamp: new Date(Date.now() + 60_000),
});

describe("deploy", () => {
  it("prints the failed resources and their reasons when the stack rolls back", async () => {
    const log: string[] = [];
    const client = scripted({
      DescribeStacks: [notFound, () => ({ Stacks: [{ StackStatus: "ROLLBACK_COMPLETE" }] })],
      CreateChangeSet: () => ({}),
      DescribeChangeSet: () => changeSet,
      ExecuteChangeSet: () => ({}),
      DescribeStackEvents: () => ({
        StackEvents: [
          event("4", "shop", "AWS::CloudFormation::Stack", "ROLLBACK_COMPLETE"),
          event("3", "HelloFunction", "AWS::Lambda::Function", "CREATE_FAILED", "Resource creation cancelled"),
          event("2", "AppTable", "AWS::DynamoDB::Table", "CREATE_FAILED", "Table already exists: shop-table"),
          event("1", "shop", "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated"),
        ],
      }),
    });
    const outcome = await deploy({
      stackName: "shop",
      template: { TemplateBody: "{}" },
      parameters: [],
      client: client as any,
      confirm: async () => true,
      log: (line) => log.push(line),
      pollMs: 1,
    });
    expect(outcome).toEqual({
      status: "failed",
      stackStatus: "ROLLBACK_COMPLETE",
      failures: [
        "AppTable (AWS::DynamoDB::Table): Table already exists: shop-table",
        "HelloFunction (AWS::Lambda::Function): Resource creation cancelled",
      ],
    });
    expect(log).toHaveLength(4); // every event, oldest first
    expect(log[0]).toMatch(/CREATE_IN_PROGRESS\s+AWS::CloudFormation::Stack\s+shop {2}User Initiated$/);
  });

  it("deletes the change set when the user says no", async () => {
    const client = scripted({
      DescribeStacks: notFound,
      CreateChangeSet: () => ({}),
      DescribeChangeSet: () => changeSet,
      DeleteChangeSet: () => ({}),
    });
    const outcome = await deploy({
      stackName: "shop",
      template: { TemplateBody: "{}" },
      parameters: [],
      client: client as any,
      confirm: async () => false,
      log: () => {},
      pollMs: 1,
    });
    expect(outcome).toEqual({ status: "cancelled" });
    expect(client.calls).toEqual(["DescribeStacks", "CreateChangeSet", "DescribeChangeSet", "DeleteChangeSet"]);
  });

  it("deletes the change set when asking fails, and passes the failure on", async () => {
    const client = scripted({
      DescribeStacks: notFound,
      CreateChangeSet: () => ({}),
      DescribeChangeSet: () => changeSet,
      DeleteChangeSet: () => ({}),
    });
    const run = deploy({
      stackName: "shop",
      template: { TemplateBody: "{}" },
      parameters: [],
      client: client as any,
      confirm: async () => {
        throw new Error("standard input closed");
      },
      log: () => {},
      pollMs: 1,
    });
    await expect(run).rejects.toThrow("standard input closed");
    expect(client.calls).toEqual(["DescribeStacks", "CreateChangeSet", "DescribeChangeSet", "DeleteChangeSet"]);
  });

  it("cannot ask without a terminal: decided before anything is created", () => {
    expect(confirmationProblem({ yes: false, interactive: false })).toBe(
      "standard input is not a terminal: pass --yes to deploy without confirmation",
    );
    expect(confirmationProblem({ yes: true, interactive: false })).toBeUndefined();
    expect(confirmationProblem({ yes: false, interactive: true })).toBeUndefined();
  });

  it("reports a change set without changes as nothing to do", async () => {
    const client = scripted({
      DescribeStacks: () => ({ Stacks: [{ StackStatus: "UPDATE_COMPLETE" }] }),
      CreateChangeSet: (input) => (input.ChangeSetType === "UPDATE" ? {} : new Error("wrong type")),
      DescribeChangeSet: () => ({ Status: "FAILED", StatusReason: "The submitted information didn't contain changes." }),
      DeleteChangeSet: () => ({}),
    });
    const outcome = await deploy({
      stackName: "shop",
      template: { TemplateBody: "{}" },
      parameters: [],
      client: client as any,
      confirm: async () => true,
      log: () => {},
      pollMs: 1,
    });
    expect(outcome).toEqual({ status: "no-changes" });
  });

  it("summarises a change set", () => {
    expect(changeTable(changeSet.Changes)).toBe(
      [
        "action  resource       type                   replacement",
        "------  -------------  ---------------------  -----------",
        "Add     AppTable       AWS::DynamoDB::Table",
        "Add     HelloFunction  AWS::Lambda::Function",
        "2 to add, 0 to modify, 0 to remove",
        "",
      ].join("\n"),
    );
  });

  it("reads --param KEY=VALUE pairs", () => {
    expect(parseParameters(["A=1", "B=x=y"])).toEqual([
      { ParameterKey: "A", ParameterValue: "1" },
      { ParameterKey: "B", ParameterValue: "x=y" },
    ]);
    expect(() => parseParameters(["nope"])).toThrow("--param takes KEY=VALUE, got 'nope'");
    expect(failures([event("1", "shop", "AWS::CloudFormation::Stack", "UPDATE_FAILED", "x")])).toEqual([]);
  });
});
