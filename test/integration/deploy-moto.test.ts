/**
 * A real deploy round trip: every expanded golden template is created as a stack in moto_server
 * (127.0.0.1) and must reach CREATE_COMPLETE; then the resources moto supports are checked through
 * the SDK (buckets, tables, queues, functions, roles, rules with their patterns). Resource types moto
 * does not emulate are listed below and accounted for, never silently ignored.
 */
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from "@aws-sdk/client-cloudformation";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeArchiveCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListArchivesCommand,
} from "@aws-sdk/client-eventbridge";
import { GetRoleCommand, GetRolePolicyCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetFunctionConfigurationCommand, GetPolicyCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { CreateHostedZoneCommand, Route53Client } from "@aws-sdk/client-route-53";
import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deterministicZip } from "../../src/package/zip.js";
import { motoClientConfig, startMoto } from "./moto.js";
import { ROOT } from "./tools.js";

/** Types moto's CloudFormation does not create (it logs and skips them); the rest must exist after deploy. */
const MOTO_LACKS = new Set([
  "AWS::ApiGatewayV2::Api",
  "AWS::ApiGatewayV2::ApiMapping",
  "AWS::ApiGatewayV2::Authorizer",
  "AWS::ApiGatewayV2::DomainName",
  "AWS::ApiGatewayV2::Integration",
  "AWS::ApiGatewayV2::Route",
  "AWS::ApiGatewayV2::Stage",
  "AWS::CloudFront::Distribution",
  "AWS::CloudFront::Function",
  "AWS::CloudFront::OriginAccessControl",
  "AWS::CloudFront::ResponseHeadersPolicy",
  "AWS::CloudWatch::Alarm",
  "AWS::CodeBuild::Project",
  "AWS::Cognito::IdentityPool",
  "AWS::Cognito::IdentityPoolRoleAttachment",
  "AWS::Cognito::UserPool",
  "AWS::Cognito::UserPoolClient",
  "AWS::Cognito::UserPoolDomain",
  "AWS::Cognito::UserPoolGroup",
  "AWS::Cognito::UserPoolIdentityProvider",
  "AWS::Lambda::EventInvokeConfig",
  "AWS::Lambda::Url",
  "AWS::Logs::SubscriptionFilter",
  "AWS::S3::BucketPolicy",
  "AWS::SecretsManager::Secret",
  "AWS::Scheduler::Schedule",
  "AWS::SNS::Subscription",
  "AWS::SQS::QueuePolicy",
]);

/** Fixtures moto cannot deploy at all, with the reason. */
const NOT_DEPLOYABLE: Record<string, string> = {
  passthrough: "uses AWS::LanguageExtensions (Fn::ForEach), which moto does not process",
  "app-defaults": "its code is a pinned S3 object version ('3') that cannot be created in moto",
  "website-certificate-parameter":
    "its record goes into an existing hosted zone given by ID, and moto cannot create a zone with a chosen ID",
};

const FIXTURES = join(ROOT, "test", "fixtures");
const cases = readdirSync(FIXTURES)
  .filter((name) => existsSync(join(FIXTURES, name, "expected.json")) && !(name in NOT_DEPLOYABLE))
  .sort();

const ARTIFACTS = { bucket: "pareto-artifacts", key: "code.zip" };

/** A one-file zip (index.js) for functions whose code comes from S3. */
const codeZip = () => deterministicZip([{ name: "index.js", data: new TextEncoder().encode("exports.handler = async () => 'ok';\n") }]);

/**
 * moto skips the types it lacks, and then fails on any reference to them: those resources are removed
 * and every reference to one replaced by a placeholder (the list of removed types is checked below).
 */
function forMoto(template: Record<string, any>): Record<string, any> {
  const removed = new Set(
    Object.entries(template.Resources as Record<string, any>)
      .filter(([, r]) => MOTO_LACKS.has(r.Type))
      .map(([id]) => id),
  );
  // IAM checks that policy resources are ARNs, so ARN attributes get an ARN-shaped stand-in.
  const placeholder = (id: string, attribute?: string) =>
    attribute?.endsWith("Arn") ? `arn:aws:moto:us-east-1:123456789012:lacks/${id}` : `moto-lacks-${id}${attribute ? `-${attribute}` : ""}`;
  // moto's event bus has no physical ID, so a Ref to it resolves to an object: it is written as what
  // CloudFormation's Ref gives, the bus's name.
  const busNames = new Map(
    Object.entries(template.Resources as Record<string, any>)
      .filter(([, r]) => r.Type === "AWS::Events::EventBus")
      .map(([id, r]) => [id, r.Properties.Name]),
  );
  const replace = (value: any): any => {
    if (Array.isArray(value)) return value.map(replace);
    if (!value || typeof value !== "object") return value;
    if (typeof value.Ref === "string" && removed.has(value.Ref)) return placeholder(value.Ref);
    if (typeof value.Ref === "string" && busNames.has(value.Ref)) return busNames.get(value.Ref);
    const getAtt = value["Fn::GetAtt"];
    if (Array.isArray(getAtt) && removed.has(getAtt[0])) return placeholder(getAtt[0], getAtt[1]);
    const subText = value["Fn::Sub"];
    if (typeof subText === "string")
      return {
        "Fn::Sub": subText.replace(/\$\{([A-Za-z0-9]+)(?:\.([A-Za-z0-9.]+))?\}/g, (all, id, attr) =>
          removed.has(id) ? placeholder(id, attr) : all,
        ),
      };
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
  };
  // CloudFormation gives a FIFO topic it names the `.fifo` suffix SNS requires (docs/aws-rules.md); moto does not, so it is named here.
  const fifoTopicName = (id: string, r: any) =>
    r.Type === "AWS::SNS::Topic" && r.Properties?.FifoTopic && r.Properties.TopicName === undefined
      ? { Properties: { ...replace(r.Properties), TopicName: { "Fn::Sub": `\${AWS::StackName}-${id}.fifo` } } }
      : {};
  const resources = Object.fromEntries(
    Object.entries(template.Resources as Record<string, any>)
      .filter(([id]) => !removed.has(id))
      .map(([id, r]) => [
        id,
        {
          ...replace(r),
          ...fifoTopicName(id, r),
          ...(r.DependsOn ? { DependsOn: r.DependsOn.filter((d: string) => !removed.has(d)) } : {}),
        },
      ]),
  );
  return { ...template, Resources: resources, ...(template.Outputs ? { Outputs: replace(template.Outputs) } : {}) };
}

/** A value for every parameter without a default. */
function parameterValues(template: Record<string, any>) {
  return Object.entries((template.Parameters ?? {}) as Record<string, any>)
    .filter(([, parameter]) => parameter.Default === undefined)
    .map(([name, parameter]) => ({
      ParameterKey: name,
      ParameterValue:
        name === "ArtifactsBucket"
          ? ARTIFACTS.bucket
          : name === "ArtifactsKey"
            ? ARTIFACTS.key
            : name.endsWith("Arn")
              ? `arn:aws:kms:us-east-1:123456789012:key/${name}` // IAM checks that policy resources are ARNs
              : parameter.Type === "Number"
                ? "1"
                : (parameter.AllowedValues?.[0] ?? "value"),
    }));
}

describe("deploying every golden output into moto", () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let config: ReturnType<typeof motoClientConfig>;

  beforeAll(async () => {
    moto = await startMoto();
    config = motoClientConfig(moto.endpoint);
    const s3 = new S3Client(config);
    await s3.send(new CreateBucketCommand({ Bucket: ARTIFACTS.bucket }));
    await s3.send(new PutObjectCommand({ Bucket: ARTIFACTS.bucket, Key: ARTIFACTS.key, Body: codeZip() }));
  });
  afterAll(async () => moto?.stop());

  it("deploys most fixtures", () => expect(cases.length).toBeGreaterThanOrEqual(15));

  for (const name of cases) {
    it(name, async () => {
      const template = JSON.parse(readFileSync(join(FIXTURES, name, "expected.json"), "utf8"));
      const cloudformation = new CloudFormationClient(config);
      const stackName = `fixture-${name}`;
      // Records go into hosted zones the account already has (the DSL's `zone`): create them first.
      for (const resource of Object.values(template.Resources as Record<string, any>))
        if (resource.Type === "AWS::Route53::RecordSet" && typeof resource.Properties.HostedZoneName === "string")
          await new Route53Client(config).send(
            new CreateHostedZoneCommand({ Name: resource.Properties.HostedZoneName, CallerReference: stackName }),
          );
      await cloudformation.send(
        new CreateStackCommand({
          StackName: stackName,
          TemplateBody: JSON.stringify(forMoto(template)),
          Parameters: parameterValues(template),
          Capabilities: ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
        }),
      );
      let status = "";
      for (let attempt = 0; attempt < 100 && !/COMPLETE|FAILED/.test(status); attempt++) {
        const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
        status = Stacks?.[0]?.StackStatus ?? "";
        if (!/COMPLETE|FAILED/.test(status)) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe("CREATE_COMPLETE");

      const { StackResources = [] } = await cloudformation.send(new DescribeStackResourcesCommand({ StackName: stackName }));
      const physical = new Map(StackResources.map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!]));
      const checked: string[] = [];
      const unsupported: string[] = [];
      const permissions = new Map<string, number>(); // function logical ID -> permissions granted on it
      for (const [id, resource] of Object.entries(template.Resources as Record<string, any>)) {
        const type = resource.Type as string;
        if (MOTO_LACKS.has(type)) {
          unsupported.push(type);
          continue;
        }
        if (type === "AWS::Lambda::Permission") {
          // moto records a permission as a statement in the function's policy, not as a stack resource.
          const target = resource.Properties.FunctionName["Fn::GetAtt"][0];
          permissions.set(target, (permissions.get(target) ?? 0) + 1);
          checked.push(type);
          continue;
        }
        const name = physical.get(id) ?? (await unnamedByMoto(stackName, template, resource, config));
        expect(name, `${id} (${type}) was not created`).toBeTruthy();
        await verify(type, name!, resource, config, appBusName(stackName, template));
        checked.push(type);
      }
      for (const [functionId, count] of permissions) {
        const { Policy } = await new LambdaClient(config).send(new GetPolicyCommand({ FunctionName: physical.get(functionId) }));
        const statements = JSON.parse(Policy!).Statement as Array<{ Condition?: unknown }>;
        expect(statements).toHaveLength(count);
      }
      expect(checked.length + unsupported.length).toBe(Object.keys(template.Resources).length);
    });
  }
});

/** The name Pareto gives the app bus (`${AWS::StackName}-...`), resolved for this stack. */
function appBusName(stackName: string, template: Record<string, any>): string | undefined {
  const name = template.Resources.AppEventBus?.Properties.Name["Fn::Sub"];
  return typeof name === "string" ? name.replace("${AWS::StackName}", stackName) : undefined;
}

/** moto creates an event bus and an archive but reports no physical ID for them: their names, found here. */
async function unnamedByMoto(stackName: string, template: Record<string, any>, resource: any, config: ReturnType<typeof motoClientConfig>) {
  const busName = appBusName(stackName, template);
  if (resource.Type === "AWS::Events::EventBus") return busName;
  if (resource.Type !== "AWS::Events::Archive") return undefined;
  const { Archives = [] } = await new EventBridgeClient(config).send(new ListArchivesCommand({}));
  return Archives.find((archive) => archive.EventSourceArn?.endsWith(`:event-bus/${busName}`))?.ArchiveName;
}

/** Asks the emulated service whether the resource really exists (and for rules, that the pattern matches). */
async function verify(type: string, name: string, resource: any, config: ReturnType<typeof motoClientConfig>, busName?: string) {
  switch (type) {
    case "AWS::S3::Bucket":
      await new S3Client(config).send(new HeadBucketCommand({ Bucket: name }));
      break;
    case "AWS::DynamoDB::Table": {
      const { Table } = await new DynamoDBClient(config).send(new DescribeTableCommand({ TableName: name }));
      expect(Table?.KeySchema?.map((k) => k.AttributeName)).toEqual(resource.Properties.KeySchema.map((k: any) => k.AttributeName));
      break;
    }
    case "AWS::SQS::Queue":
      await new SQSClient(config).send(new GetQueueAttributesCommand({ QueueUrl: name, AttributeNames: ["QueueArn"] }));
      break;
    case "AWS::Lambda::Function": {
      const fn = await new LambdaClient(config).send(new GetFunctionConfigurationCommand({ FunctionName: name }));
      expect(fn.Handler).toBe(resource.Properties.Handler);
      break;
    }
    case "AWS::IAM::Role": {
      const iam = new IAMClient(config);
      await iam.send(new GetRoleCommand({ RoleName: name }));
      // Its permissions are inline: the role holds each policy by name, with every action written (moto
      // returns the document as a Python literal, not JSON, so it is read as text).
      for (const policy of resource.Properties.Policies ?? []) {
        const held = await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policy.PolicyName }));
        for (const statement of policy.PolicyDocument.Statement)
          for (const action of [statement.Action].flat()) expect(held.PolicyDocument, `${name} ${policy.PolicyName}`).toContain(action);
      }
      break;
    }
    case "AWS::Events::Rule": {
      // A rule on the app bus is found on that bus.
      const EventBusName = resource.Properties.EventBusName === undefined ? undefined : busName;
      const rule = await new EventBridgeClient(config).send(new DescribeRuleCommand({ Name: name.split("|").pop(), EventBusName }));
      if (resource.Properties.EventPattern)
        expect(Object.keys(JSON.parse(rule.EventPattern!)).sort()).toEqual(Object.keys(resource.Properties.EventPattern).sort());
      else expect(rule.ScheduleExpression).toBe(resource.Properties.ScheduleExpression);
      break;
    }
    case "AWS::Events::EventBus":
      await new EventBridgeClient(config).send(new DescribeEventBusCommand({ Name: name }));
      break;
    case "AWS::Events::Archive": {
      const archive = await new EventBridgeClient(config).send(new DescribeArchiveCommand({ ArchiveName: name }));
      expect(archive.RetentionDays).toBe(resource.Properties.RetentionDays);
      break;
    }
    default:
      // Other supported types (policies, log groups, permissions, mappings): the stack created them.
      break;
  }
}
