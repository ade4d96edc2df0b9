/** CloudFormation intrinsic functions: recognising them in DSL values and writing them in output. */

export type Intrinsic = { [name: string]: unknown };

/**
 * The intrinsic functions a property value may hold (CloudFormation user guide, "Intrinsic function
 * reference"), without the condition functions (below). The schema's `intrinsic` lists the same names (a test keeps them equal).
 */
export const INTRINSIC_FUNCTIONS: ReadonlySet<string> = new Set([
  "Ref",
  "Fn::Base64",
  "Fn::Cidr",
  "Fn::FindInMap",
  "Fn::GetAtt",
  "Fn::GetAZs",
  "Fn::If",
  "Fn::ImportValue",
  "Fn::Join",
  "Fn::Length",
  "Fn::Select",
  "Fn::Split",
  "Fn::Sub",
  "Fn::ToJsonString",
  "Fn::Transform",
]);

/** The condition functions: they belong in a template's `Conditions`, never in a property value. */
export const CONDITION_FUNCTIONS: ReadonlySet<string> = new Set(["Condition", "Fn::And", "Fn::Equals", "Fn::Not", "Fn::Or"]);

/** A mapping (JSON object): not null, not a list. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A mapping that is not an intrinsic function: the user's own structure (a pattern, a spec). */
export const isLiteralRecord = (value: unknown): value is Record<string, unknown> => isRecord(value) && !isIntrinsic(value);

/** An object with exactly one key, an intrinsic function's name. */
export function isIntrinsic(value: unknown): value is Intrinsic {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && INTRINSIC_FUNCTIONS.has(keys[0]);
}

/**
 * The DSL accepts `Fn::GetAtt: "A.B"` (as YAML's `!GetAtt A.B` and some JSON authors write it);
 * CloudFormation's JSON form is the list `["A", "B"]`, which is what Pareto writes.
 */
export function normaliseIntrinsics<T>(value: T): T {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const normalised = normaliseIntrinsics(item);
      if (normalised === item) return;
      copy ??= [...value];
      copy[i] = normalised;
    });
    return (copy ?? value) as T;
  }
  if (value === null || typeof value !== "object") return value;
  // Objects are copied only where something below them changes: most DSL values have no string GetAtt.
  let copy: Record<string, unknown> | undefined;
  for (const [key, inner] of Object.entries(value)) {
    const normalised =
      key === "Fn::GetAtt" && typeof inner === "string" && inner.includes(".")
        ? [inner.slice(0, inner.indexOf(".")), inner.slice(inner.indexOf(".") + 1)]
        : normaliseIntrinsics(inner);
    if (normalised !== inner) {
      copy ??= Object.fromEntries(Object.entries(value));
      Object.defineProperty(copy, key, { value: normalised, enumerable: true, writable: true, configurable: true });
    }
  }
  return (copy ?? value) as T;
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

/**
 * Not CloudFormation: a value a resource placed in a nested stack takes from the root stack (its stack
 * UUID, say), written by passes that run after the pass `partition`. Splitting turns it into a parameter
 * of the nested stack named `name`, which the root passes as `value` (template/split.ts); it never
 * reaches a template.
 */
export const FROM_ROOT = "Pareto::FromRoot";
export interface FromRoot {
  [FROM_ROOT]: { name: string; value: unknown };
}
export const fromRoot = (name: string, value: unknown): FromRoot => ({ [FROM_ROOT]: { name, value } });
export const isFromRoot = (value: unknown): value is FromRoot => isRecord(value) && Object.hasOwn(value, FROM_ROOT);

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
