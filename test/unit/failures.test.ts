import { describe, expect, it } from "vitest";
import { MAX_LISTED_RULES } from "../../src/expander/passes/failure-queue.js";
import { expand } from "../../src/expander/index.js";

const appWithTimers = (count: number) => ({
  Resources: {
    App: {
      Type: "Pareto::App",
      Properties: {
        functions: Object.fromEntries(
          Array.from({ length: count }, (_, i) => [`f${i}`, { handler: "index.handler", timer: { rate: "1 hour" } }]),
        ),
      },
    },
  },
});

function failureQueueCondition(count: number) {
  const result = expand(appWithTimers(count));
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return (result.template.Resources.AppFailureQueuePolicy as any).Properties.PolicyDocument.Statement[0].Condition;
}

describe("the failure queue's policy", () => {
  it("lists each rule while the policy stays small", () => {
    expect(failureQueueCondition(MAX_LISTED_RULES).ArnEquals["aws:SourceArn"]).toHaveLength(MAX_LISTED_RULES);
  });
  it("allows the stack's own rules beyond that (SQS policies hold at most 8 KB)", () => {
    expect(failureQueueCondition(MAX_LISTED_RULES + 1)).toEqual({
      ArnLike: { "aws:SourceArn": { "Fn::Sub": "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/${AWS::StackName}-*" } },
    });
  });
});
