/** CloudFormation intrinsic functions: recognising them in DSL values and writing them in output. */

export type Intrinsic = { [name: string]: unknown };

/** An object with exactly one key that is `Ref`, `Condition` or `Fn::*`. */
export function isIntrinsic(value: unknown): value is Intrinsic {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "Ref" || keys[0] === "Condition" || keys[0].startsWith("Fn::"));
}

/**
 * The DSL accepts `Fn::GetAtt: "A.B"` (as YAML's `!GetAtt A.B` and some JSON authors write it);
 * CloudFormation's JSON form is the list `["A", "B"]`, which is what Pareto writes.
 */
export function normaliseIntrinsics<T>(value: T): T {
  if (Array.isArray(value)) return value.map(normaliseIntrinsics) as T;
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).map(([key, inner]) => {
    if (key === "Fn::GetAtt" && typeof inner === "string" && inner.includes(".")) {
      const dot = inner.indexOf(".");
      return [key, [inner.slice(0, dot), inner.slice(dot + 1)]];
    }
    return [key, normaliseIntrinsics(inner)];
  });
  return Object.fromEntries(entries) as T;
}

export const ref = (id: string) => ({ Ref: id });

/** The logical ID `value` reads `attribute` of (`{Fn::GetAtt: [<id>, <attribute>]}`), if it does. */
export function getAttTarget(value: unknown, attribute: string): string | undefined {
  const getAtt = isIntrinsic(value) ? value["Fn::GetAtt"] : undefined;
  return Array.isArray(getAtt) && getAtt[1] === attribute && typeof getAtt[0] === "string" ? getAtt[0] : undefined;
}
export const getAtt = (id: string, attribute: string) => ({ "Fn::GetAtt": [id, attribute] });
export const sub = (text: string) => ({ "Fn::Sub": text });
export const join = (parts: unknown[]) => ({ "Fn::Join": ["", parts] });

/**
 * The stack's UUID, the last part of its stack ID: unique per stack in every account and region, and known
 * before any resource exists. Physical names whose uniqueness reaches beyond one stack name derive from it.
 */
export const stackUuid = { "Fn::Select": [2, { "Fn::Split": ["/", ref("AWS::StackId")] }] };

/** ARN helpers: always `${AWS::Partition}`, never a literal partition. */
export const arn = {
  defaultBus: sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default"),
};

export const PSEUDO_PARAMETERS = new Set([
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
]);
