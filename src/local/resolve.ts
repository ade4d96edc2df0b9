/**
 * CloudFormation intrinsic functions resolved to placeholder values, for events built and matched without a stack:
 * pseudo parameters are a fixed account and region, a parameter is its default (or its name), a resource is a
 * physical ID in the form CloudFormation generates (`<stack>-<logical ID>-<suffix>`, lower case for buckets) with a
 * suffix derived from the logical ID, and an attribute is built from that ID as the service builds it (a queue's
 * ARN from its name). The same template always gives the same values; `overrides` replace any of them with the
 * real ones (`AppOrdersQueue.Arn=arn:aws:sqs:...`). Pure.
 */
import { createHash } from "node:crypto";
import { isIntrinsic, isRecord } from "../expander/intrinsics.js";

export const DEFAULT_ENVIRONMENT = {
  account: "123456789012",
  region: "us-east-1",
  partition: "aws",
  urlSuffix: "amazonaws.com",
  stackName: "my-stack",
} as const;

export interface ResolveEnvironment {
  account: string;
  region: string;
  partition: string;
  urlSuffix: string;
  stackName: string;
  /** Resource types by logical ID (the expanded template's, nested stacks included). */
  types: ReadonlyMap<string, string>;
  /** Declared and inferred parameters, with their default when they have one. */
  parameters: ReadonlyMap<string, string | undefined>;
  /** `Id` or `Id.Attribute` (or a pseudo parameter) -> the value to use instead of the placeholder. */
  overrides: ReadonlyMap<string, string>;
}

export interface Resolver {
  /** A value with every intrinsic function replaced by its placeholder (or override). */
  resolve(value: unknown): unknown;
  /** The string a reference resolves to (`Ref` for `attribute` undefined). */
  reference(id: string, attribute?: string): string;
  /** Placeholder strings -> the reference they stand for (`!GetAtt AppOrdersQueue.Arn`), for messages. */
  readonly placeholders: ReadonlyMap<string, string>;
}

/** A stable token of `length` characters from `alphabet`, derived from a seed. */
export function token(seed: string, length: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"): string {
  const digest = createHash("sha256").update(seed).digest();
  return Array.from({ length }, (_, i) => alphabet[digest[i % digest.length] % alphabet.length]).join("");
}

/** A UUID-shaped identifier derived from a seed (version 4 layout). */
export function uuidFrom(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const SERVICE_OF_TYPE = (type: string) => type.split("::")[1]?.toLowerCase() ?? "unknown";

export function createResolver(env: ResolveEnvironment): Resolver {
  const placeholders = new Map<string, string>();
  const stackUuid = uuidFrom(`stack:${env.stackName}`);
  const pseudo: Record<string, string> = {
    "AWS::AccountId": env.account,
    "AWS::Region": env.region,
    "AWS::Partition": env.partition,
    "AWS::URLSuffix": env.urlSuffix,
    "AWS::StackName": env.stackName,
    "AWS::StackId": `arn:${env.partition}:cloudformation:${env.region}:${env.account}:stack/${env.stackName}/${stackUuid}`,
  };
  const arn = (service: string, resource: string, regional = true) =>
    `arn:${env.partition}:${service}:${regional ? env.region : ""}:${regional ? env.account : ""}:${resource}`;

  /** The physical ID CloudFormation (or the service) gives a resource that sets no name. */
  function physicalId(id: string, type: string | undefined): string {
    const suffix = token(`${env.stackName}/${id}`, 12);
    switch (type) {
      case "AWS::S3::Bucket":
        return `${env.stackName}-${id}-${suffix}`.toLowerCase().slice(0, 63);
      case "AWS::Cognito::UserPool":
        return `${env.region}_${token(`pool/${id}`, 9, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`;
      case "AWS::Cognito::UserPoolClient":
        return token(`client/${id}`, 26, "abcdefghijklmnopqrstuvwxyz0123456789");
      case "AWS::ApiGatewayV2::Api":
        return token(`api/${id}`, 10, "abcdefghijklmnopqrstuvwxyz0123456789");
      case "AWS::CodeBuild::Project":
        return `${id}-${suffix}`;
      default:
        return `${env.stackName}-${id}-${suffix}`;
    }
  }

  function attribute(id: string, name: string, type: string | undefined): string {
    const physical = physicalId(id, type);
    switch (`${type}.${name}`) {
      case "AWS::SQS::Queue.Arn":
        return arn("sqs", physical);
      case "AWS::SQS::Queue.QueueName":
        return physical;
      case "AWS::SQS::Queue.QueueUrl":
        return `https://sqs.${env.region}.${env.urlSuffix}/${env.account}/${physical}`;
      case "AWS::S3::Bucket.Arn":
        return arn("s3", physical, false);
      case "AWS::DynamoDB::Table.Arn":
        return arn("dynamodb", `table/${physical}`);
      case "AWS::DynamoDB::Table.StreamArn":
        return `${arn("dynamodb", `table/${physical}`)}/stream/2025-01-01T00:00:00.000`;
      case "AWS::Cognito::UserPool.Arn":
        return arn("cognito-idp", `userpool/${physical}`);
      case "AWS::Cognito::UserPool.ProviderName":
        return `cognito-idp.${env.region}.${env.urlSuffix}/${physical}`;
      case "AWS::CodeBuild::Project.Arn":
        return arn("codebuild", `project/${physical}`);
      case "AWS::Lambda::Function.Arn":
        return arn("lambda", `function:${physical}`);
      case "AWS::Events::Rule.Arn":
        return arn("events", `rule/${physical}`);
      case "AWS::Scheduler::Schedule.Arn":
        return arn("scheduler", `schedule/default/${physical}`);
      case "AWS::IAM::Role.Arn":
        return arn("iam", `role/${physical}`, false);
      case "AWS::SNS::Topic.TopicArn":
        return arn("sns", physical);
      default:
        return name === "Arn" && type ? arn(SERVICE_OF_TYPE(type), physical) : `${physical}.${name}`;
    }
  }

  function reference(id: string, name?: string): string {
    const key = name === undefined ? id : `${id}.${name}`;
    const override = env.overrides.get(key);
    let value: string;
    if (override !== undefined) value = override;
    else if (name === undefined && Object.hasOwn(pseudo, id)) value = pseudo[id];
    else if (name === undefined && env.parameters.has(id)) value = env.parameters.get(id) ?? id;
    else {
      const type = env.types.get(id);
      if (name !== undefined) value = attribute(id, name, type);
      else if (type === "AWS::SQS::Queue") value = attribute(id, "QueueUrl", type);
      else if (type === "AWS::SNS::Topic")
        value = attribute(id, "TopicArn", type); // a topic's Ref is its ARN
      else value = physicalId(id, type);
      placeholders.set(value, name === undefined ? `!Ref ${id}` : `!GetAtt ${id}.${name}`);
    }
    return value;
  }

  function substitute(text: string, variables: Record<string, unknown>): string {
    return text.replace(/\$\{([^}]*)\}/g, (_, inner: string) => {
      if (inner.startsWith("!")) return `\${${inner.slice(1)}}`;
      if (Object.hasOwn(variables, inner)) return String(resolve(variables[inner]));
      const dot = inner.indexOf(".");
      return dot > 0 && !inner.startsWith("AWS::") ? reference(inner.slice(0, dot), inner.slice(dot + 1)) : reference(inner);
    });
  }

  function resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(resolve);
    if (!isRecord(value)) return value;
    if (!isIntrinsic(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, resolve(inner)]));
    const [fn, argument] = Object.entries(value)[0];
    const args = Array.isArray(argument) ? argument : [argument];
    switch (fn) {
      case "Ref":
        return reference(String(argument));
      case "Fn::GetAtt": {
        const [id, name] = typeof argument === "string" ? argument.split(/\.(.*)/s) : (argument as string[]);
        return reference(String(id), String(name));
      }
      case "Fn::Sub":
        return typeof argument === "string"
          ? substitute(argument, {})
          : substitute(String(args[0]), isRecord(args[1]) ? (args[1] as Record<string, unknown>) : {});
      case "Fn::Join": {
        const parts = resolve(args[1]);
        return Array.isArray(parts) ? parts.map(String).join(String(args[0])) : String(parts);
      }
      case "Fn::Select": {
        const list = resolve(args[1]);
        return Array.isArray(list) ? list[Number(resolve(args[0]))] : undefined;
      }
      case "Fn::Split":
        return String(resolve(args[1])).split(String(args[0]));
      case "Fn::If":
        return resolve(args[1]);
      case "Fn::Base64":
        return Buffer.from(String(resolve(argument))).toString("base64");
      case "Fn::GetAZs":
        return [`${env.region}a`, `${env.region}b`];
      case "Fn::ToJsonString":
        return JSON.stringify(resolve(argument));
      case "Fn::Length": {
        const list = resolve(argument);
        return Array.isArray(list) ? list.length : 0;
      }
      case "Fn::ImportValue":
        return `imported-${String(resolve(argument))}`;
      default:
        return `${fn.replace("Fn::", "")}-value`;
    }
  }

  return { resolve, reference, placeholders };
}
