/**
 * The longest string a value can resolve to once CloudFormation has resolved its intrinsics: limits that
 * AWS checks only when it creates a resource (a function's 4 KB environment, physical names) are checked
 * before deploy against this bound. Each pseudo parameter, reference and attribute counts at the longest
 * value AWS documents or plausibly produces (docs/aws-rules.md, "How intrinsics are estimated").
 */
import type { ResourceType } from "../aws/resource-types.js";
import type { ResourceGraph } from "../graph.js";
import type { AppContext } from "../context.js";
import { FROM_ROOT, isFromRoot, isIntrinsic } from "../intrinsics.js";

/** Region names are at most 14 characters today (`ap-southeast-7`, `us-isob-east-1`); 20 leaves room. */
const REGION = 20;
const ACCOUNT = 12;
/** `aws-us-gov`; `aws-iso-b`, `aws-cn` and `aws` are shorter. */
const PARTITION = 10;
/** `amazonaws.com.cn`. */
const URL_SUFFIX = 16;
const STACK_NAME = 128;
const UUID = 36;
/** `arn:<partition>:<service>:<region>:<account>:` */
const arnPrefix = (service: string) => 4 + PARTITION + 1 + service.length + 1 + REGION + 1 + ACCOUNT + 1;

const PSEUDO: ReadonlyMap<string, number> = new Map([
  ["AWS::AccountId", ACCOUNT],
  ["AWS::Region", REGION],
  ["AWS::Partition", PARTITION],
  ["AWS::URLSuffix", URL_SUFFIX],
  ["AWS::StackName", STACK_NAME],
  ["AWS::StackId", arnPrefix("cloudformation") + "stack/".length + STACK_NAME + 1 + UUID],
  ["AWS::NoValue", 0],
]);

/** What `Ref` and `Fn::GetAtt` give for the types Pareto generates, at their documented maximum lengths. */
interface Resolved {
  ref: number;
  attributes: ReadonlyMap<string, number>;
}

/** CloudFormation names resources it names itself `<stack>-<logical ID>-<suffix>`, cut to the service's limit. */
const SQS_NAME = 80;
const TABLE_NAME = 255;
const FUNCTION_NAME = 64;

const RESOLVED: ReadonlyMap<ResourceType | string, Resolved> = new Map<string, Resolved>([
  [
    "AWS::S3::Bucket",
    {
      ref: 63,
      attributes: new Map([
        ["Arn", arnPrefix("s3") - REGION - ACCOUNT + 63],
        ["RegionalDomainName", 63 + 4 + REGION + 1 + URL_SUFFIX],
      ]),
    },
  ],
  [
    "AWS::DynamoDB::Table",
    {
      ref: TABLE_NAME,
      attributes: new Map([
        ["Arn", arnPrefix("dynamodb") + "table/".length + TABLE_NAME],
        // ...`/stream/2026-01-01T00:00:00.000`
        ["StreamArn", arnPrefix("dynamodb") + "table/".length + TABLE_NAME + "/stream/".length + 23],
      ]),
    },
  ],
  [
    "AWS::SQS::Queue",
    {
      // The queue URL: https://sqs.<region>.<suffix>/<account>/<name>
      ref: "https://sqs.".length + REGION + 1 + URL_SUFFIX + 1 + ACCOUNT + 1 + SQS_NAME,
      attributes: new Map([
        ["Arn", arnPrefix("sqs") + SQS_NAME],
        ["QueueName", SQS_NAME],
      ]),
    },
  ],
  [
    "AWS::Lambda::Function",
    { ref: FUNCTION_NAME, attributes: new Map([["Arn", arnPrefix("lambda") + "function:".length + FUNCTION_NAME]]) },
  ],
  // User pool IDs and client IDs: at most 55 and 128 characters (Cognito API reference).
  [
    "AWS::Cognito::UserPool",
    {
      ref: 55,
      attributes: new Map([
        ["Arn", arnPrefix("cognito-idp") + "userpool/".length + 55],
        ["ProviderName", 128],
      ]),
    },
  ],
  ["AWS::Cognito::UserPoolClient", { ref: 128, attributes: new Map() }],
  ["AWS::Cognito::IdentityPool", { ref: 55, attributes: new Map() }],
  ["AWS::Cognito::UserPoolDomain", { ref: 63, attributes: new Map() }],
  [
    "AWS::ApiGatewayV2::Api",
    { ref: 10, attributes: new Map([["ApiEndpoint", "https://".length + 10 + ".execute-api.".length + REGION + 1 + URL_SUFFIX]]) },
  ],
  ["AWS::Events::Rule", { ref: 64, attributes: new Map([["Arn", arnPrefix("events") + "rule/".length + 64]]) }],
  // Event bus names: at most 256 characters (EventBridge API reference, CreateEventBus).
  ["AWS::Events::EventBus", { ref: 256, attributes: new Map([["Arn", arnPrefix("events") + "event-bus/".length + 256]]) }],
  ["AWS::Logs::LogGroup", { ref: 512, attributes: new Map([["Arn", arnPrefix("logs") + "log-group:".length + 512 + 2]]) }],
  ["AWS::SNS::Topic", { ref: arnPrefix("sns") + 256, attributes: new Map([["TopicArn", arnPrefix("sns") + 256]]) }],
  ["AWS::CloudFront::Distribution", { ref: 14, attributes: new Map([["DomainName", 14 + ".cloudfront.net".length]]) }],
]);

/** A reference to something this table does not know (another type, an attribute, a mapping, an import). */
const UNKNOWN = 256;
/** A parameter without `MaxLength` or `Default`: 128 characters (declare `MaxLength` to make checks exact). */
const PARAMETER = 128;

/** `Fn::Split` of the stack ID on `/`: `arn:...:stack`, the stack name, the stack's UUID. */
function isStackIdParts(list: unknown): boolean {
  const split = list && typeof list === "object" && !Array.isArray(list) ? (list as { "Fn::Split"?: unknown })["Fn::Split"] : undefined;
  return Array.isArray(split) && split[0] === "/" && (split[1] as { Ref?: unknown } | undefined)?.Ref === "AWS::StackId";
}

export interface Surroundings {
  /** The type of every resource in the output, generated or the user's. */
  typeOf(id: string): string | undefined;
  /** A declared parameter's `MaxLength` or `Default`, if it has one. */
  parameter(id: string): { maxLength?: number; default?: string } | undefined;
}

export class LengthEstimator {
  constructor(private readonly around: Surroundings) {}

  /** The longest length `value` can have as a string once resolved. */
  longest(value: unknown): number {
    if (typeof value === "string") return Buffer.byteLength(value);
    if (typeof value === "number" || typeof value === "boolean") return String(value).length;
    if (value === null || typeof value !== "object") return 0;
    if (Array.isArray(value)) return UNKNOWN;
    if (isFromRoot(value)) return this.longest(value[FROM_ROOT].value);
    const [name, inner] = Object.entries(value)[0] ?? [];
    switch (name) {
      case "Ref":
        return typeof inner === "string" ? this.ref(inner) : UNKNOWN;
      case "Fn::GetAtt":
        return Array.isArray(inner) && typeof inner[0] === "string" && typeof inner[1] === "string"
          ? this.attribute(inner[0], inner[1])
          : UNKNOWN;
      case "Fn::Sub":
        return this.sub(inner);
      case "Fn::Join":
        return this.join(inner);
      case "Fn::Select":
        return Array.isArray(inner) ? this.listItem(inner[1], inner[0]) : UNKNOWN;
      case "Fn::If":
        return Array.isArray(inner) ? Math.max(this.longest(inner[1]), this.longest(inner[2])) : UNKNOWN;
      case "Fn::Base64":
        return Math.ceil(this.longest(inner) / 3) * 4;
      default:
        return UNKNOWN;
    }
  }

  /** `value` with every intrinsic replaced by a string of its longest length: for limits measured on JSON. */
  worstCase(value: unknown): unknown {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map((item) => this.worstCase(item));
    if (isIntrinsic(value)) return "x".repeat(this.longest(value));
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, this.worstCase(inner)]));
  }

  private ref(id: string): number {
    const pseudo = PSEUDO.get(id);
    if (pseudo !== undefined) return pseudo;
    const parameter = this.around.parameter(id);
    if (parameter) return parameter.maxLength ?? (parameter.default !== undefined ? Buffer.byteLength(parameter.default) : PARAMETER);
    const type = this.around.typeOf(id);
    return (type !== undefined && RESOLVED.get(type)?.ref) || UNKNOWN;
  }

  private attribute(id: string, attribute: string): number {
    const type = this.around.typeOf(id);
    return (type !== undefined && RESOLVED.get(type)?.attributes.get(attribute)) || UNKNOWN;
  }

  private sub(inner: unknown): number {
    const [text, locals] = Array.isArray(inner) ? inner : [inner, undefined];
    if (typeof text !== "string") return UNKNOWN;
    const variables = locals && typeof locals === "object" ? (locals as Record<string, unknown>) : {};
    // The literal text, less each `${...}` variable, less the `!` of each `${!...}` escape.
    let total = Buffer.byteLength(text) - (text.split("${!").length - 1);
    for (const match of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
      const name = match[1].trim();
      const dot = name.indexOf(".");
      total -= Buffer.byteLength(match[0]);
      total += Object.hasOwn(variables, name)
        ? this.longest(variables[name])
        : dot > 0 && !PSEUDO.has(name)
          ? this.attribute(name.slice(0, dot), name.slice(dot + 1))
          : this.ref(name);
    }
    return total;
  }

  private join(inner: unknown): number {
    if (!Array.isArray(inner) || typeof inner[0] !== "string" || !Array.isArray(inner[1])) return UNKNOWN;
    const parts = inner[1] as unknown[];
    return parts.reduce<number>((sum, part) => sum + this.longest(part), 0) + Math.max(parts.length - 1, 0) * inner[0].length;
  }

  /** An item of a list: of a literal list, the longest; of `Fn::Split`, at most the whole string. */
  private listItem(list: unknown, index: unknown): number {
    if (isStackIdParts(list)) return index === 2 ? UUID : STACK_NAME;
    if (Array.isArray(list)) return Math.max(0, ...list.map((item) => this.longest(item)));
    if (list && typeof list === "object" && "Fn::Split" in list) {
      const split = (list as { "Fn::Split": unknown })["Fn::Split"];
      return Array.isArray(split) ? this.longest(split[1]) : UNKNOWN;
    }
    return UNKNOWN;
  }
}

/** The output's resources (the graph's and the user's own) and the user's declared parameters. */
export function surroundingsOf(around: AppContext["around"], graph: ResourceGraph): Surroundings {
  return {
    typeOf: (id) => graph.get(id)?.resource.Type ?? around.resourceTypes.get(id),
    parameter: (id) => around.parameters.get(id),
  };
}
