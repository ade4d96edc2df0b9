/** CloudFormation intrinsic functions: recognising them in DSL values and writing them in output. */

export type Intrinsic = { [name: string]: unknown };

/** An object with exactly one key that is `Ref`, `Condition` or `Fn::*`. */
export function isIntrinsic(value: unknown): value is Intrinsic {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "Ref" || keys[0] === "Condition" || keys[0].startsWith("Fn::"));
}

export const ref = (id: string) => ({ Ref: id });
export const getAtt = (id: string, attribute: string) => ({ "Fn::GetAtt": [id, attribute] });
export const sub = (text: string) => ({ "Fn::Sub": text });
export const join = (parts: unknown[]) => ({ "Fn::Join": ["", parts] });

/** ARN helpers: always `${AWS::Partition}`, never a literal partition. */
export const arn = {
  defaultBus: sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default"),
  bucketObjects: (bucketId: string) => sub(`\${${bucketId}.Arn}/*`),
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
