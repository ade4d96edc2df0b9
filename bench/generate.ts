/**
 * Equivalent apps of N functions, in Pareto's DSL and as an AWS SAM template: half the functions
 * serve an HTTP endpoint, the other half react to a queue and run on a timer.
 */

const isEndpoint = (i: number) => i % 2 === 0;
const name = (i: number) => `fn-${i}`;
const samName = (i: number) => `Fn${i}`;

/** `api: false`: every function is of the second kind (moto's CloudFormation cannot create HTTP APIs). */
export function paretoTemplate(n: number, options: { api?: boolean } = {}) {
  const functions: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    functions[name(i)] =
      isEndpoint(i) && options.api !== false
        ? { handler: "index.handler", endpoint: { method: "GET", path: `/items-${i}/{id}` } }
        : {
            handler: "index.handler",
            events: [{ name: "job", source: "queue:jobs", pattern: { "detail-type": [`job-${i}`] } }],
            timer: { rate: "5 minutes" },
          };
  }
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Parameters: { ArtifactsBucket: { Type: "String" }, ArtifactsKey: { Type: "String" } },
    Resources: {
      App: {
        Type: "Pareto::App",
        Properties: { code: { bucket: { Ref: "ArtifactsBucket" }, key: { Ref: "ArtifactsKey" } }, queues: { jobs: {} }, functions },
      },
    },
  };
}

export function samTemplate(n: number) {
  const resources: Record<string, unknown> = { Jobs: { Type: "AWS::SQS::Queue", Properties: {} } };
  for (let i = 0; i < n; i++) {
    const events = isEndpoint(i)
      ? { Api: { Type: "HttpApi", Properties: { Method: "GET", Path: `/items-${i}/{id}` } } }
      : {
          Job: { Type: "SQS", Properties: { Queue: { "Fn::GetAtt": ["Jobs", "Arn"] }, BatchSize: 10 } },
          Timer: { Type: "Schedule", Properties: { Schedule: "rate(5 minutes)" } },
        };
    resources[samName(i)] = {
      Type: "AWS::Serverless::Function",
      Properties: {
        Handler: "index.handler",
        Runtime: "nodejs24.x",
        CodeUri: { Bucket: { Ref: "ArtifactsBucket" }, Key: { Ref: "ArtifactsKey" } },
        MemorySize: 512,
        Timeout: 30,
        Events: events,
      },
    };
  }
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Transform: "AWS::Serverless-2016-10-31",
    Parameters: { ArtifactsBucket: { Type: "String" }, ArtifactsKey: { Type: "String" } },
    Resources: resources,
  };
}
