/**
 * The physical names Pareto sets: each property's length limit and how far its uniqueness reaches
 * (docs/aws-rules.md, "Physical names"). A name unique beyond its parent resource must be derived from
 * the stack: its name where the scope is one account and region (stack names are unique there), its
 * UUID where the scope spans regions or accounts.
 */
import type { ResourceType } from "./resource-types.js";

export type NameScope =
  /** Unique within its parent resource (a role's policies, a log group's filters), or not at all. */
  | "parent"
  /** Unique per account and region. */
  | "region"
  /** Unique per account across every region, or across accounts: only the stack's UUID is safe. */
  | "global";

export interface NamedProperty {
  type: ResourceType;
  /** Property path under `Properties`. */
  path: readonly string[];
  max: number;
  scope: NameScope;
}

export const NAMED_PROPERTIES: readonly NamedProperty[] = [
  { type: "AWS::Logs::LogGroup", path: ["LogGroupName"], max: 512, scope: "region" },
  { type: "AWS::Events::Rule", path: ["Name"], max: 64, scope: "region" },
  { type: "AWS::Events::EventBus", path: ["Name"], max: 256, scope: "region" },
  { type: "AWS::Events::Archive", path: ["ArchiveName"], max: 48, scope: "region" },
  // Only FIFO queues are named (src/expander/constructs/queues.ts).
  { type: "AWS::SQS::Queue", path: ["QueueName"], max: 80, scope: "region" },
  { type: "AWS::ApiGatewayV2::Api", path: ["Name"], max: 128, scope: "parent" },
  { type: "AWS::ApiGatewayV2::Authorizer", path: ["Name"], max: 128, scope: "parent" },
  { type: "AWS::CloudFront::OriginAccessControl", path: ["OriginAccessControlConfig", "Name"], max: 64, scope: "global" },
  { type: "AWS::CloudFront::Function", path: ["Name"], max: 64, scope: "global" },
  { type: "AWS::CloudFront::Distribution", path: ["DistributionConfig", "Comment"], max: 128, scope: "parent" },
  // Hosted UI prefixes are unique per region across all accounts.
  { type: "AWS::Cognito::UserPoolDomain", path: ["Domain"], max: 63, scope: "global" },
  { type: "AWS::Cognito::UserPoolGroup", path: ["GroupName"], max: 128, scope: "parent" },
  // A role's inline policy (the one Pareto writes, `permissions`), and a policy of its own where one must be separate.
  { type: "AWS::IAM::Role", path: ["Policies", "0", "PolicyName"], max: 128, scope: "parent" },
  { type: "AWS::IAM::Policy", path: ["PolicyName"], max: 128, scope: "parent" },
  { type: "AWS::Logs::SubscriptionFilter", path: ["FilterName"], max: 512, scope: "parent" },
];
