/**
 * VPC (docs/dsl.md, "VPC"): the app's `vpc` is every user function's unless the function sets its own, or `none`.
 * The functions Pareto adds (bridges, hooks, notifier, ticker) stay outside: they reach only AWS APIs. A function
 * in a VPC gets the EC2 permissions Lambda uses to manage its network interfaces; they are inline in the function's
 * role, so they exist before Lambda checks them at the function's creation (docs/aws-rules.md).
 */
import type { VpcSpec } from "../../generated/dsl.js";
import type { Statement } from "../aws/iam.js";
import type { AppContext, FunctionContext } from "../context.js";
import { sub } from "../intrinsics.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";

/** The VPC a user function connects to, if any. */
export function vpcOf(ctx: AppContext, fn: FunctionContext): VpcSpec | undefined {
  const own = fn.spec.vpc;
  return own === "none" ? undefined : (own ?? ctx.dsl.vpc);
}

const ec2Arn = (account: string, resource: string) => sub(`arn:\${AWS::Partition}:ec2:\${AWS::Region}:${account}:${resource}`);
/** The interfaces Lambda creates belong to the function's account; they are in its region, as are their subnets. */
const INTERFACES = ec2Arn("${AWS::AccountId}", "network-interface/*");

/** The actions of AWSLambdaVPCAccessExecutionRole, scoped as far as IAM allows (docs/security.md). */
export const VPC_ACCESS: readonly Statement[] = [
  // The Describe actions support no resource-level permissions.
  { Effect: "Allow", Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"], Resource: "*" },
  // Creating an interface is also authorized on its subnet and security groups, which a shared VPC's owner account holds.
  {
    Effect: "Allow",
    Action: "ec2:CreateNetworkInterface",
    Resource: [INTERFACES, ec2Arn("*", "subnet/*"), ec2Arn("*", "security-group/*")],
  },
  {
    Effect: "Allow",
    Action: ["ec2:AssignPrivateIpAddresses", "ec2:DeleteNetworkInterface", "ec2:UnassignPrivateIpAddresses"],
    Resource: INTERFACES,
  },
];

export const vpcStatements = (ctx: AppContext, fn: FunctionContext): Statement[] => (vpcOf(ctx, fn) ? [...VPC_ACCESS] : []);

/** The `VpcConfig` lists, as written. */
export function vpcConfig(ctx: AppContext, fn: FunctionContext) {
  const vpc = vpcOf(ctx, fn);
  return vpc ? { vpc: { subnets: vpc.subnets, securityGroups: vpc.securityGroups } } : {};
}

export const vpc: Construct = {
  name: "vpc",
  check(ctx) {
    if (ctx.dsl.vpc !== undefined) return [];
    return ctx.functions.flatMap((fn) =>
      fn.spec.vpc === "none"
        ? [`${childPath(fn.path, "vpc")}: the app has no \`vpc\`, so the function is outside any VPC already; remove \`vpc: none\``]
        : [],
    );
  },
  build() {
    // VpcConfig and its permissions are part of each function (the functions construct reads `vpcOf`).
  },
};
