import type { Resource } from "../types.js";

export interface Statement {
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: Record<string, unknown>;
}

/**
 * The name of the one inline policy of every role Pareto generates. It differs from every `PolicyName` of
 * the `AWS::IAM::Policy` resources earlier versions attached to the same roles (`<namespace>-policy`,
 * `<f>-timer-policy`, `app-builder-policy`), and must stay so: on the first update after upgrading,
 * CloudFormation puts this policy on the role (PutRolePolicy) and only later, in cleanup, deletes the old
 * resource, which calls DeleteRolePolicy with the old name on the same role. Under the old name, that
 * cleanup would delete the role's new permissions (docs/aws-rules.md).
 */
export const ROLE_POLICY_NAME = "permissions";

/**
 * A role assumable by one AWS service, its permissions (`statements`) in its one inline policy: no separate
 * `AWS::IAM::Policy` resource, and anything that references the role (a function's `Role`) is created after
 * the role has them.
 */
export function serviceRole(service: string, statements: Statement[], condition?: Record<string, unknown>): Resource {
  return {
    Type: "AWS::IAM::Role",
    Properties: {
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            ...(condition ? { Condition: condition } : {}),
          },
        ],
      },
      ...(statements.length
        ? { Policies: [{ PolicyName: ROLE_POLICY_NAME, PolicyDocument: { Version: "2012-10-17", Statement: statements } }] }
        : {}),
    },
  };
}

/**
 * A policy attached to a role as a resource of its own: only for permissions that cannot be inline, because
 * they name a resource created after the role (passes/role-policies.ts).
 */
export function separatePolicy(roleId: string, name: string, statements: Statement[]): Resource {
  return {
    Type: "AWS::IAM::Policy",
    Properties: {
      PolicyName: name,
      PolicyDocument: { Version: "2012-10-17", Statement: statements },
      Roles: [{ Ref: roleId }],
    },
  };
}
