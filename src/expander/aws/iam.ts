import type { Resource } from "../types.js";

export interface Statement {
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: Record<string, unknown>;
}

/** A role assumable by one AWS service, with no permissions of its own. */
export function serviceRole(service: string, condition?: Record<string, unknown>): Resource {
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
    },
  };
}

/** An inline policy attached to one role (name unique within the role). */
export function rolePolicy(roleId: string, name: string, statements: Statement[]): Resource {
  return {
    Type: "AWS::IAM::Policy",
    Properties: {
      PolicyName: name,
      PolicyDocument: { Version: "2012-10-17", Statement: statements },
      Roles: [{ Ref: roleId }],
    },
  };
}
