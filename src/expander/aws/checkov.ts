/**
 * checkov checks Pareto suppresses, each on the resources it concerns only, with the reason
 * (the same table renders docs/security.md). Suppressions travel in the resource's Metadata so
 * users who run checkov on their expanded template see the same, narrow, explained result.
 */
export const SUPPRESSIONS = {
  CKV_AWS_115:
    "Reserved concurrency is opt-in (`concurrency`): reserving it by default would cap every function and eat the account's unreserved pool.",
  CKV_AWS_116:
    "Failed asynchronous invocations go to the app failure queue through an on-failure destination, which records more than a dead-letter queue does.",
  CKV_AWS_117:
    "Functions run outside a VPC: they reach only AWS APIs, and a VPC would add NAT cost and cold-start latency without a private resource to protect.",
  CKV_AWS_173:
    "Environment variables are encrypted at rest with the AWS managed key; they hold resource names, never secrets (secrets come from dynamic references).",
  CKV_AWS_158:
    "Log groups are encrypted by CloudWatch Logs with service-managed keys; a customer managed KMS key per app is a cost the user opts into.",
  CKV_AWS_18:
    "Access logging needs a second bucket to receive the logs; the app bucket is private and TLS-only, and CloudTrail data events cover audit needs.",
  CKV_AWS_21:
    "Versioning multiplies storage cost for apps that rewrite objects; point-in-time needs are met by the table's PITR, and users may enable versioning themselves.",
  CKV_AWS_119:
    "The table is encrypted with the AWS managed KMS key (`aws/dynamodb`: SSEEnabled true; false would mean the AWS owned key); a customer managed KMS key is a cost the user opts into.",
  CKV_AWS_27:
    "Queues are encrypted with SQS-managed keys (SqsManagedSseEnabled), which checkov does not recognise; the AWS managed KMS key for SQS would stop EventBridge dead-letter delivery and S3/alarm producers.",
  CKV_AWS_26:
    "The alerts topic carries alarm notifications only; CloudWatch alarms cannot publish to a topic encrypted with the AWS managed SNS key, and a customer managed key is a cost the user opts into.",
  CKV_AWS_68: "A web application firewall is priced per request and per rule; a static site gets one when its owner adds a WebACL.",
  CKV_AWS_86: "CloudFront access logs need a logging bucket with ACLs enabled, which the secure bucket defaults forbid; users opt in.",
  CKV_AWS_310: "One origin (the website bucket); an origin group needs a second, replicated bucket.",
  CKV_AWS_174:
    "Without a custom domain the distribution uses CloudFront's default certificate, whose TLS policy cannot be chosen; with one, TLSv1.2_2021 is set.",
  CKV_AWS_258:
    "The app sets `url.auth: none`: the function URL is public by its author's choice (the expander warns), and only this function's URL is.",
  CKV_AWS_147:
    "Build artifacts are layer zips written to the app bucket (SSE-S3); a customer managed KMS key is a cost the user opts into.",
} as const;

export type CheckId = keyof typeof SUPPRESSIONS;

/** A check suppressed on a resource of another shape, for another true reason than its entry above. */
export interface Suppression {
  id: CheckId;
  comment: string;
}

/** A website that also serves the HTTP API (`website.api`) has two origins, not one. */
export const WEBSITE_WITH_API_ORIGINS: Suppression = {
  id: "CKV_AWS_310",
  comment:
    "Two origins, the website bucket and the HTTP API; an origin group would need a second, replicated bucket and the API deployed in a second region.",
};

export function checkovMetadata(ids: readonly CheckId[], others: readonly Suppression[] = []): Record<string, unknown> {
  return { checkov: { skip: [...ids.map((id) => ({ id, comment: SUPPRESSIONS[id] })), ...others] } };
}
