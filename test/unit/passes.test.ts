/** The grants-before-use pass: creation waits for the grant, and a missing grant is an error, not a race. */
import { describe, expect, it } from "vitest";
import { ROLE_POLICY_NAME, separatePolicy, serviceRole, type Statement } from "../../src/expander/aws/iam.js";
import { eventInvokeConfig, lambdaFunction } from "../../src/expander/aws/lambda.js";
import { queue } from "../../src/expander/aws/sqs.js";
import { SEND_TO_FAILURE_QUEUE } from "../../src/expander/constructs/stream.js";
import { createContext } from "../../src/expander/context.js";
import { ResourceGraph } from "../../src/expander/graph.js";
import { getAtt } from "../../src/expander/intrinsics.js";
import { APP } from "../../src/expander/names.js";
import { grantsBeforeUse } from "../../src/expander/passes/grants.js";
import { rolePolicies } from "../../src/expander/passes/role-policies.js";

const LOGS: Statement = { Effect: "Allow", Action: "logs:PutLogEvents", Resource: getAtt("FLogGroup", "Arn") };

/** Function `f` (namespace `f`: FRole, FFunction) with an on-failure destination; `separate`: statements in FPolicy. */
function graphWith(statements: Statement[], separate: Statement[] = []) {
  const graph = new ResourceGraph();
  const out = graph.writer("Resources.App.Properties.functions.f");
  out.resource(APP.failureQueue, queue({}));
  out.resource("FRole", serviceRole("lambda.amazonaws.com", [LOGS, ...statements]));
  if (separate.length) out.resource("FPolicy", separatePolicy("FRole", "f-policy", separate));
  out.resource(
    "FFunction",
    lambdaFunction({
      handler: "index.handler",
      runtime: "nodejs24.x",
      code: { ZipFile: "" },
      roleId: "FRole",
      logGroupId: "FLogGroup",
      memory: 128,
      timeout: 3,
      architecture: "arm64",
      tracing: false,
      layers: [],
      environment: {},
    }),
    { functionNamespace: "f" },
  );
  out.resource("FEventInvokeConfig", eventInvokeConfig("FFunction", 0, getAtt(APP.failureQueue, "Arn")));
  return graph;
}

const ctx = createContext({ functions: {} }, "Resources.App.Properties");
type InlinePolicies = { Policies: Array<{ PolicyName: string; PolicyDocument: { Statement: Statement[] } }> };
const inlinePolicies = (graph: ResourceGraph) => (graph.get("FRole")?.resource.Properties ?? { Policies: [] }) as InlinePolicies;
const inlineStatements = (graph: ResourceGraph) => inlinePolicies(graph).Policies[0].PolicyDocument.Statement;

describe("grants before use", () => {
  it("adds nothing for a grant inline in the role: the config refers to the function, the function to the role", () => {
    const graph = graphWith([SEND_TO_FAILURE_QUEUE]);
    expect(grantsBeforeUse.run(ctx, graph)).toEqual([]);
    expect(graph.get("FEventInvokeConfig")?.resource.DependsOn).toBeUndefined();
    expect(graph.get("FFunction")?.resource.Properties.Role).toEqual(getAtt("FRole", "Arn"));
    expect(graph.get("FEventInvokeConfig")?.resource.Properties.FunctionName).toEqual({ Ref: "FFunction" });
  });

  it("makes the destination wait for a separate policy that grants it", () => {
    const graph = graphWith([], [SEND_TO_FAILURE_QUEUE]);
    expect(grantsBeforeUse.run(ctx, graph)).toEqual([]);
    expect(graph.get("FEventInvokeConfig")?.resource.DependsOn).toEqual(["FPolicy"]);
  });

  it("reports a destination no policy grants", () => {
    const graph = graphWith([{ Effect: "Allow", Action: "sqs:SendMessage", Resource: getAtt("SomeOtherQueue", "Arn") }]);
    expect(grantsBeforeUse.run(ctx, graph)).toEqual([
      "Resources.App.Properties.functions.f: 'FEventInvokeConfig' needs sqs:SendMessage granted to the role of 'FFunction' before it is created, and no policy of that role grants it",
    ]);
    expect(graph.get("FEventInvokeConfig")?.resource.DependsOn).toBeUndefined();
  });

  it("names the inline policy so that no earlier version's policy resource, deleted after an upgrade, takes it along", () => {
    // Earlier versions attached AWS::IAM::Policy resources named `<namespace>-policy`, `<f>-timer-policy` and
    // `app-builder-policy`; CloudFormation deletes them (DeleteRolePolicy by name) after putting the new one.
    expect(ROLE_POLICY_NAME).not.toMatch(/-policy$/);
    expect(inlinePolicies(graphWith([])).Policies[0].PolicyName).toBe(ROLE_POLICY_NAME);
  });
});

describe("role policies: permissions that name a resource created after the role", () => {
  it("moves a grant on the function itself to <F>Policy, which the role's own statements stay out of", () => {
    const self: Statement = { Effect: "Allow", Action: "lambda:InvokeFunction", Resource: getAtt("FFunction", "Arn") };
    const graph = graphWith([SEND_TO_FAILURE_QUEUE, self]);
    expect([...rolePolicies.run(ctx, graph), ...grantsBeforeUse.run(ctx, graph)]).toEqual([]);
    expect(inlineStatements(graph)).toEqual([LOGS, SEND_TO_FAILURE_QUEUE]);
    expect(graph.get("FPolicy")?.resource).toEqual(separatePolicy("FRole", "f-policy", [self]));
    expect(graph.nodes.map((node) => node.id)).toEqual([APP.failureQueue, "FRole", "FPolicy", "FFunction", "FEventInvokeConfig"]);
    expect(graph.get("FEventInvokeConfig")?.resource.DependsOn).toBeUndefined();
  });

  it("follows the user's own resources: one that refers to the function comes after the role", () => {
    const template = {
      Resources: {
        App: { Type: "Pareto::App", Properties: { functions: {} } },
        Machine: { Type: "AWS::StepFunctions::StateMachine", Properties: { DefinitionSubstitutions: { F: getAtt("FFunction", "Arn") } } },
        Other: { Type: "AWS::SNS::Topic", Properties: {} },
      },
    };
    const around = createContext({ functions: {} }, "Resources.App.Properties", template);
    const start: Statement = { Effect: "Allow", Action: "states:StartExecution", Resource: { Ref: "Machine" } };
    const publish: Statement = { Effect: "Allow", Action: "sns:Publish", Resource: { Ref: "Other" } };
    const graph = graphWith([start, publish, SEND_TO_FAILURE_QUEUE]);
    expect([...rolePolicies.run(around, graph), ...grantsBeforeUse.run(around, graph)]).toEqual([]);
    expect(inlineStatements(graph)).toEqual([LOGS, publish, SEND_TO_FAILURE_QUEUE]);
    expect(graph.get("FPolicy")?.resource).toEqual(separatePolicy("FRole", "f-policy", [start]));
  });
});
