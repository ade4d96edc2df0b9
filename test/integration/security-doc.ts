/** Renders docs/security.md from the suppression table and an actual validator run. */
import { SUPPRESSIONS, WEBSITE_WITH_API_ORIGINS } from "../../src/expander/aws/checkov.js";

export interface FixtureResult {
  cfnLint: { errors: number; warnings: number; informational: number };
  checkov: { passed: number; failed: number; skipped: string[] };
}

export function securityDoc(results: Record<string, FixtureResult>, versions: { cfnLint: string; checkov: string }): string {
  const rows = Object.entries(results).map(
    ([name, r]) =>
      `| ${name} | ${r.cfnLint.errors} | ${r.cfnLint.warnings} | ${r.checkov.passed} | ${r.checkov.failed} | ${r.checkov.skipped.join(", ") || "-"} |`,
  );
  const suppressions = [
    ...Object.entries(SUPPRESSIONS).map(([id, reason]) => `| ${id} | ${reason} |`),
    // The same check on a resource of another shape, for another reason.
    `| ${WEBSITE_WITH_API_ORIGINS.id} (a website with \`api\`) | ${WEBSITE_WITH_API_ORIGINS.comment} |`,
  ];
  return `# Security

Pareto's output is held to the tools the field trusts: every golden fixture's expansion passes
**cfn-lint ${versions.cfnLint}** with zero errors and zero warnings and **checkov ${versions.checkov}** with zero failed
checks (\`test/integration/validators.test.ts\`, run by \`npm run test:all\`), and is deployed into moto
(\`test/integration/deploy-moto.test.ts\`).

## Secure defaults

| what | default | opt-out |
|---|---|---|
| IAM | one role per function, its permissions inline (a separate \`<F>Policy\` only for those naming a resource created after the role: docs/aws-rules.md); logs only to its own log group; DSL actions scoped to all the app's resources of their service (every table, every bucket, every queue), or with \`{action, on}\` to one of them; never \`Action: "*"\` (an error) | \`{action, resource}\` permissions are copied as written |
| S3 (app bucket, named buckets, website bucket) | public access blocked, SSE-S3, bucket-owner-enforced ownership, TLS-only bucket policy; no cross-origin access | \`cors\` on a bucket |
| SQS (every queue) | SQS-managed SSE; named queues redrive to a dead-letter queue | - |
| DynamoDB (app table, named tables) | point-in-time recovery, SSE | - |
| stateful resources (buckets, tables, user pool, website bucket) | \`DeletionPolicy\` and \`UpdateReplacePolicy\` Retain | \`retain: false\` on the app or the resource |
| logs | an explicit log group per function, retention 14 days | \`logRetention\` |
| Lambda permissions | \`SourceArn\` and \`SourceAccount\` on every one granted to a service; \`Principal: "*"\` only for a public function URL | \`url.auth: none\` |
| asynchronous work | retries bounded (\`retries\`, default 0), then the app failure queue; rules and schedules dead-letter there too | - |
| HTTP API | access logging to its own log group | - |
| function URL | \`auth: iam\` (signed requests only); \`auth: none\` adds the two public statements Lambda requires, \`lambda:InvokeFunction\` only through the URL (\`InvokedViaFunctionUrl\`), and warns | \`url.auth: none\` |
| secrets | a function reads only the secrets it lists: \`GetSecretValue\` / \`GetParameter(s)\` on those ARNs, \`kms:Decrypt\` on a named customer key only through that service (\`kms:ViaService\`); the environment holds ARNs and names, never values | - |
| VPC | the ENI permissions Lambda needs (below) on the functions in a VPC only; functions Pareto adds stay outside | \`vpc: none\` on a function |

## \`Resource: "*"\` in generated policies

Only for actions that have no resource-level permissions:

* \`xray:PutTraceSegments\`, \`xray:PutTelemetryRecords\` (with \`tracing: true\`)
* \`ec2:DescribeNetworkInterfaces\`, \`ec2:DescribeSubnets\` (functions in a \`vpc\`): Lambda needs them to manage the
  function's network interfaces, and they take no resource. \`ec2:CreateNetworkInterface\` is scoped to network
  interfaces of the stack's account and subnets and security groups of its region; the delete and IP-address
  actions to the account's network interfaces in the region (docs/aws-rules.md).
* DSL actions whose service has no app resource to scope to (for example \`ec2:DescribeRegions\`): these
  are the user's choice, and \`pareto validate\` warns about each.
* DSL actions that support no resource-level permissions (for example \`s3:ListAllMyBuckets\`,
  \`sqs:ListQueues\`, \`dynamodb:ListTables\`, \`cognito-idp:ListUserPools\`): also the user's choice, with a
  warning that the action supports no resource-level permissions.

A DSL string action of a service Pareto scopes (\`s3\`, \`dynamodb\`, \`sqs\`, \`cognito-idp\`) goes to that
service's app resources, unless IAM's Service Authorization Reference lists no resource type for it:
scoped to an ARN, such an action would always be denied, so it is granted on \`Resource: "*"\`, never in a
statement with the scoped actions (and \`s3:*\` does not absorb it). The list, with its sources, is
\`src/expander/aws/unscoped-actions.ts\`; names match whatever their case. Wildcard actions (\`s3:*\`,
\`s3:List*\`) are scoped to the app's resources like any other action, so they do not grant these: list
such an action by name.

\`{action, on: <resource>}\` narrows a statement to one app resource, named as a source names it
(\`table:orders\`, \`bucket\`, \`queue:tasks\`): its ARNs alone, from the same place the service-wide scope
takes them (each source's \`reach\`). Its actions must belong to that resource's service and support
resource-level permissions; anything else is an error rather than a statement that could never apply.

## checkov suppressions

Each is attached only to the resources it concerns, in their \`Metadata.checkov.skip\` with the reason below,
so users running checkov on their expanded template see the same narrow, explained result.

| check | reason |
|---|---|
${suppressions.join("\n")}

## Results per fixture (from an actual run)

cfn-lint errors and warnings; checkov passed, failed, and the checks skipped by the suppressions above.

| fixture | cfn-lint errors | cfn-lint warnings | checkov passed | checkov failed | checkov skipped |
|---|---|---|---|---|---|
${rows.join("\n")}
`;
}
