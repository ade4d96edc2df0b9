/** The grants-before-use pass: creation waits for the grant, and a missing grant is an error, not a race. */
import { describe, expect, it } from "vitest";
import { rolePolicy, serviceRole, type Statement } from "../../src/expander/aws/iam.js";
import { eventInvokeConfig, lambdaFunction } from "../../src/expander/aws/lambda.js";
import { queue } from "../../src/expander/aws/sqs.js";
import { SEND_TO_FAILURE_QUEUE } from "../../src/expander/constructs/stream.js";
import { createContext } from "../../src/expander/context.js";
import { ResourceGraph } from "../../src/expander/graph.js";
import { getAtt } from "../../src/expander/intrinsics.js";
import { APP } from "../../src/expander/names.js";
import { grantsBeforeUse } from "../../src/expander/passes/grants.js";

function graphWith(statements: Statement[]) {
  const graph = new ResourceGraph();
  const out = graph.writer("Resources.App.Properties.functions.f");
  out.resource(APP.failureQueue, queue({}));
  out.resource("FRole", serviceRole("lambda.amazonaws.com"));
  out.resource("FPolicy", rolePolicy("FRole", "f-policy", statements));
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
  );
  out.resource("FEventInvokeConfig", eventInvokeConfig("FFunction", 0, getAtt(APP.failureQueue, "Arn")));
  return graph;
}

const ctx = createContext({ functions: {} }, "Resources.App.Properties");

describe("grants before use", () => {
  it("makes an on-failure destination wait for the policy that grants sending to it", () => {
    const graph = graphWith([SEND_TO_FAILURE_QUEUE]);
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
});
