/**
 * Checkers for test/invariants.test.ts: each takes one expanded output and returns its violations.
 * Written from the rules (docs/security.md, docs/generated-ids.md, AWS's documented behaviour), not from
 * the expander's code: nothing here imports src/expander/passes or src/expander/constructs, so a bug in
 * what is checked cannot hide in a shared helper. The only imports are the data the brief names as the
 * reference (TAGGING, collectReferences).
 */
import { TAGGING, type TagForm } from "../../src/expander/aws/resource-types.js";
import { collectReferences } from "../../src/expander/template/references.js";
import type { ExpandedOutput } from "./outputs.js";

type Json = Record<string, any>;

export interface Violation {
  /** `fixture:<case>` or `example:<name>`. */
  output: string;
  /** Logical ID of the generated resource (or `Outputs.<id>`). */
  id: string;
  what: string;
}

export const describeViolation = (v: Violation) => `${v.output} ${v.id}: ${v.what}`;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const show = (value: unknown) => JSON.stringify(value);

function* generatedResources(output: ExpandedOutput): Generator<[string, Json]> {
  for (const id of output.generated) yield [id, output.template.Resources[id] as Json];
}

/** `hungarorise` as docs/generated-ids.md defines it: split on - and _, capitalise each token, join. */
export const hungarorise = (text: string) =>
  text
    .split(/[-_]/)
    .map((token) => token.charAt(0).toUpperCase() + token.slice(1).toLowerCase())
    .join("");

/** The logical ID a `Ref` or `Fn::GetAtt` (list or `"A.B"` form) names, or undefined. */
export function targetOf(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.Ref === "string") return value.Ref;
  const getAtt = value["Fn::GetAtt"];
  if (Array.isArray(getAtt) && typeof getAtt[0] === "string") return getAtt[0];
  if (typeof getAtt === "string") return getAtt.split(".")[0];
  return undefined;
}

const dependsOnOf = (resource: Json): string[] => asList(resource.DependsOn);

// ---------------------------------------------------------------------------------------------------
// Rule 1: no Allow statement on Resource "*" in a generated policy, except allow-listed actions and
// the user's own choices.

export interface WildcardAllowance {
  actions: string[];
  reason: string;
}

/** Each policy document of a generated resource, with where it is. */
function policyDocuments(resource: Json): Array<{ where: string; document: Json }> {
  const properties = resource.Properties ?? {};
  switch (resource.Type) {
    case "AWS::IAM::Policy":
    case "AWS::SQS::QueuePolicy":
    case "AWS::S3::BucketPolicy":
      return [{ where: "PolicyDocument", document: properties.PolicyDocument }];
    case "AWS::IAM::Role":
      return asList<Json>(properties.Policies).map((policy, i) => ({
        where: `Policies[${i}] (${policy?.PolicyName ?? "unnamed"})`,
        document: policy?.PolicyDocument,
      }));
    default:
      return [];
  }
}

/**
 * The services docs/dsl.md says Pareto scopes a string action to, and when: `s3:*` to the bucket,
 * `dynamodb:*` to the table, `sqs:*` to the app queues, `events:PutEvents` to the default bus,
 * `cognito-idp:*` to the user pool. Any other action has nothing to scope to.
 */
function paretoCanScope(app: Json, action: string): boolean {
  if (action.toLowerCase() === "events:putevents") return true;
  switch (action.split(":")[0].toLowerCase()) {
    case "s3":
      return app.bucket !== undefined;
    case "dynamodb":
      return app.table !== undefined;
    case "sqs":
      return isObject(app.queues) && Object.keys(app.queues).length > 0;
    case "cognito-idp":
      return app.userpool !== undefined;
    default:
      return false;
  }
}

/**
 * Whether the expansion warned that string permission `<i>` of function `<fn>` applies to all resources:
 * a warning that starts with that entry's DSL path (as every expansion message does) and names the action
 * and `Resource "*"`.
 */
function warnedAllResources(warnings: string[], appPath: string, fn: string, i: number, action: string): boolean {
  const at = `${appPath}.functions.${fn}.permissions[${i}]: `;
  return warnings.some((warning) => warning.startsWith(at) && warning.includes(`'${action}'`) && warning.includes('Resource "*"'));
}

/**
 * The actions the user chose to grant on every resource, read from function `<f>`'s DSL `permissions`:
 * a `{action, resource}` entry whose resource is "*" or absent (docs/dsl.md: copied as written, "*" when
 * absent); a string action Pareto has nothing to scope to (it warns about each); and a string action the
 * expansion left on "*" with a warning at that entry (docs/security.md: an action IAM grants only on "*"
 * stays there, and `pareto validate` says so). The last needs the expansion's `warnings` and the app's
 * DSL path (`Resources.<App>.Properties`); which actions IAM grants only on "*" is not known here, so
 * what this enforces for them is that none lands on "*" without a warning at the entry that listed it.
 */
export function userWildcardActions(app: Json, fn: string, warnings: string[] = [], appPath = ""): Set<string> {
  const actions = new Set<string>();
  const spec = isObject(app.functions) ? app.functions[fn] : undefined;
  asList<unknown>(isObject(spec) ? spec.permissions : undefined).forEach((permission, i) => {
    if (typeof permission === "string") {
      if (!paretoCanScope(app, permission) || warnedAllResources(warnings, appPath, fn, i, permission))
        actions.add(permission.toLowerCase());
    } else if (isObject(permission)) {
      const resources = asList<unknown>(permission.resource);
      if (resources.length === 0 || resources.includes("*"))
        for (const action of asList<string>(permission.action)) actions.add(action.toLowerCase());
    }
  });
  return actions;
}

/** The DSL functions whose documented role (`<F>Role`) a generated policy resource applies to. */
function functionsOfPolicy(output: ExpandedOutput, id: string, resource: Json): string[] {
  const roles =
    resource.Type === "AWS::IAM::Role"
      ? [id]
      : resource.Type === "AWS::IAM::Policy"
        ? asList<unknown>(resource.Properties?.Roles).map(targetOf)
        : [];
  const functions = isObject(output.app.functions) ? Object.keys(output.app.functions) : [];
  return functions.filter((fn) => roles.includes(`${hungarorise(fn)}Role`));
}

/** `warnings`: what the expansion of `output` warned (see userWildcardActions). */
export function wildcardResourceViolations(output: ExpandedOutput, allowed: WildcardAllowance[], warnings: string[] = []): Violation[] {
  const allowList = new Set(allowed.flatMap((entry) => entry.actions.map((action) => action.toLowerCase())));
  const appPath = `Resources.${output.appId}.Properties`;
  const violations: Violation[] = [];
  for (const [id, resource] of generatedResources(output)) {
    const userActions = new Set(
      functionsOfPolicy(output, id, resource).flatMap((fn) => [...userWildcardActions(output.app, fn, warnings, appPath)]),
    );
    for (const { where, document } of policyDocuments(resource)) {
      asList<Json>(document?.Statement).forEach((statement, i) => {
        if (statement?.Effect !== "Allow") return;
        const location = `${where}.Statement[${i}]`;
        if (statement.NotResource !== undefined) {
          violations.push({
            output: output.name,
            id,
            what: `${location} allows NotResource ${show(statement.NotResource)} (everything but)`,
          });
          return;
        }
        if (!asList(statement.Resource).includes("*")) return;
        if (statement.NotAction !== undefined) {
          violations.push({ output: output.name, id, what: `${location} allows NotAction ${show(statement.NotAction)} on Resource "*"` });
          return;
        }
        const unexplained = asList<string>(statement.Action).filter(
          (action) => typeof action !== "string" || !(allowList.has(action.toLowerCase()) || userActions.has(action.toLowerCase())),
        );
        if (unexplained.length)
          violations.push({
            output: output.name,
            id,
            what: `${location} allows ${show(unexplained)} on Resource "*" (not in the allow-list, not a user choice in the DSL)`,
          });
      });
    }
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------------
// Rule 2: every Lambda permission is scoped to a source and an account.

/**
 * A public function URL (`url.auth: none`, the user's choice) is the one grant to `*`: limited to URLs of auth type
 * NONE, or to invocations through a function URL (docs/dsl.md, "Function URLs").
 */
const isPublicUrlPermission = (properties: Record<string, unknown>) =>
  properties.Principal === "*" &&
  ((properties.Action === "lambda:InvokeFunctionUrl" && properties.FunctionUrlAuthType === "NONE") ||
    (properties.Action === "lambda:InvokeFunction" && properties.InvokedViaFunctionUrl === true));

export function lambdaPermissionViolations(output: ExpandedOutput): Violation[] {
  const violations: Violation[] = [];
  for (const [id, resource] of generatedResources(output)) {
    if (resource.Type !== "AWS::Lambda::Permission") continue;
    if (isPublicUrlPermission(resource.Properties ?? {})) continue;
    const missing = ["SourceArn", "SourceAccount"].filter(
      (key) => resource.Properties?.[key] === undefined || resource.Properties[key] === null,
    );
    if (missing.length)
      violations.push({
        output: output.name,
        id,
        what: `Lambda permission for ${show(resource.Properties?.Principal)} has no ${missing.join(", no ")}`,
      });
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------------
// Rule 3: the app's tags on every taggable generated resource.

export interface TagResult {
  violations: Violation[];
  /** Taggable types seen (and checked) in this output; empty when the app has no tags. */
  taggedTypes: Set<string>;
}

function carriesTag(value: unknown, form: TagForm, key: string, tagValue: unknown): boolean {
  if (form.format === "map") return isObject(value) && key in value && same(value[key], tagValue);
  return Array.isArray(value) && value.some((tag) => isObject(tag) && tag.Key === key && same(tag.Value, tagValue));
}

export function tagViolations(output: ExpandedOutput): TagResult {
  const tags = isObject(output.app.tags) ? Object.entries(output.app.tags) : [];
  const result: TagResult = { violations: [], taggedTypes: new Set() };
  if (!tags.length) return result;
  const tagging = TAGGING as Record<string, TagForm | null | undefined>;
  for (const [id, resource] of generatedResources(output)) {
    if (!(resource.Type in tagging)) {
      result.violations.push({
        output: output.name,
        id,
        what: `type ${resource.Type} is not in TAGGING (src/expander/aws/resource-types.ts): cannot tell whether it takes tags`,
      });
      continue;
    }
    const form = tagging[resource.Type];
    if (!form) continue;
    result.taggedTypes.add(resource.Type);
    const value = resource.Properties?.[form.property];
    const missing = tags.filter(([key, tagValue]) => !carriesTag(value, form, key, tagValue)).map(([key]) => key);
    if (missing.length)
      result.violations.push({
        output: output.name,
        id,
        what: `${resource.Type} lacks app tag(s) ${show(missing)} in ${form.property} as a ${form.format} (has ${show(value)})`,
      });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------
// Rule 4: grants before use.

/** What AWS checks the function's role for when the resource is created (Lambda's documentation). */
const WRITE_ACTION: Record<string, string> = {
  "AWS::SQS::Queue": "sqs:SendMessage",
  "AWS::SNS::Topic": "sns:Publish",
  "AWS::Lambda::Function": "lambda:InvokeFunction",
  "AWS::Events::EventBus": "events:PutEvents",
};
const READ_ACTIONS: Record<string, string[]> = {
  "AWS::SQS::Queue": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
  "AWS::DynamoDB::Table": ["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream"],
};

interface Need {
  action: string;
  resource: unknown;
}

function grants(statement: Json, need: Need): boolean {
  if (statement?.Effect !== "Allow" || statement.Condition !== undefined) return false;
  const service = need.action.split(":")[0].toLowerCase();
  const actionGranted = asList<unknown>(statement.Action).some(
    (action) => typeof action === "string" && [need.action.toLowerCase(), `${service}:*`].includes(action.toLowerCase()),
  );
  return actionGranted && asList<unknown>(statement.Resource).some((resource) => same(resource, need.resource));
}

function grantViolationsOf(output: ExpandedOutput, resource: Json): string[] {
  const resources = output.template.Resources as Record<string, Json>;
  const properties = resource.Properties ?? {};
  const problems: string[] = [];
  const needs: Need[] = [];
  for (const [kind, destination] of Object.entries(properties.DestinationConfig ?? {})) {
    const arn = (destination as Json)?.Destination;
    if (arn === undefined) continue;
    const type = resources[targetOf(arn) ?? ""]?.Type;
    const action: string | undefined = type ? WRITE_ACTION[type] : undefined;
    if (!action) problems.push(`${kind} destination ${show(arn)} is not a generated resource of a known type (${type ?? "none"})`);
    else needs.push({ action, resource: arn });
  }
  if (resource.Type === "AWS::Lambda::EventSourceMapping") {
    const source = properties.EventSourceArn;
    const type = resources[targetOf(source) ?? ""]?.Type;
    const actions: string[] | undefined = type ? READ_ACTIONS[type] : undefined;
    if (!actions) problems.push(`event source ${show(source)} is not a generated queue or table stream (${type ?? "none"})`);
    else needs.push(...actions.map((action) => ({ action, resource: source })));
  }
  if (!needs.length) return problems;

  const functionId = targetOf(properties.FunctionName);
  const fn = functionId === undefined ? undefined : resources[functionId];
  if (fn?.Type !== "AWS::Lambda::Function")
    return [...problems, `FunctionName ${show(properties.FunctionName)} is not a generated function`];
  const role = fn.Properties?.Role;
  const roleId = Array.isArray(role?.["Fn::GetAtt"]) && role["Fn::GetAtt"][1] === "Arn" ? targetOf(role) : undefined;
  if (roleId === undefined) return [...problems, `function ${functionId} has Role ${show(role)}, not {Fn::GetAtt: [<role>, Arn]}`];

  // The resource names the function and the function its role, both by reference: CloudFormation creates the
  // role, with its inline policies, before either. A policy resource of its own must be in DependsOn.
  const roleResource = resources[roleId];
  const inline =
    roleResource?.Type === "AWS::IAM::Role" ? asList<Json>(roleResource.Properties?.Policies).map((policy) => policy?.PolicyDocument) : [];
  const policies = dependsOnOf(resource).filter((dep) => {
    const policy = resources[dep];
    return policy?.Type === "AWS::IAM::Policy" && asList<unknown>(policy.Properties?.Roles).some((r) => same(r, { Ref: roleId }));
  });
  const documents = [...inline, ...policies.map((policyId) => resources[policyId].Properties?.PolicyDocument)];
  for (const need of needs) {
    const granted = documents.some((document) => asList<Json>(document?.Statement).some((s) => grants(s, need)));
    if (!granted)
      problems.push(
        `neither ${roleId}'s inline policies nor a policy it depends on (${policies.join(", ") || "none"}) allows ${need.action} on ${show(need.resource)} without a condition`,
      );
  }
  return problems;
}

function subscriptionViolationsOf(output: ExpandedOutput, resource: Json): string[] {
  const resources = output.template.Resources as Record<string, Json>;
  const functionId = targetOf(resource.Properties?.DestinationArn);
  if (functionId === undefined || resources[functionId]?.Type !== "AWS::Lambda::Function") return [];
  const permitted = dependsOnOf(resource).some((dep) => {
    const permission = resources[dep];
    return (
      permission?.Type === "AWS::Lambda::Permission" &&
      targetOf(permission.Properties?.FunctionName) === functionId &&
      permission.Properties?.Principal === "logs.amazonaws.com"
    );
  });
  return permitted
    ? []
    : [
        `sends to ${functionId} but DependsOn ${show(dependsOnOf(resource))} has no Lambda permission of ${functionId} for logs.amazonaws.com`,
      ];
}

export function grantsBeforeUseViolations(output: ExpandedOutput): Violation[] {
  const violations: Violation[] = [];
  for (const [id, resource] of generatedResources(output)) {
    let problems: string[] = [];
    if (resource.Type === "AWS::Lambda::EventInvokeConfig" && resource.Properties?.DestinationConfig !== undefined)
      problems = grantViolationsOf(output, resource);
    else if (resource.Type === "AWS::Lambda::EventSourceMapping") problems = grantViolationsOf(output, resource);
    else if (resource.Type === "AWS::Logs::SubscriptionFilter") problems = subscriptionViolationsOf(output, resource);
    for (const what of problems) violations.push({ output: output.name, id, what: `${resource.Type}: ${what}` });
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------------
// Rule 5: every reference names something that exists.

/** CloudFormation's pseudo parameters (its documentation), kept here rather than imported. */
const PSEUDO_PARAMETERS = new Set([
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
]);

export function referenceViolations(output: ExpandedOutput): Violation[] {
  const resources = new Set(Object.keys(output.template.Resources));
  const parameters = new Set(Object.keys(output.template.Parameters ?? {}));
  const violations: Violation[] = [];
  const check = (id: string, value: unknown) => {
    for (const reference of collectReferences(value)) {
      if (reference.kind === "getAtt" && !resources.has(reference.target))
        violations.push({ output: output.name, id, what: `Fn::GetAtt names '${reference.target}', which is not a resource of the output` });
      if (
        reference.kind === "ref" &&
        !resources.has(reference.target) &&
        !parameters.has(reference.target) &&
        !PSEUDO_PARAMETERS.has(reference.target)
      )
        violations.push({
          output: output.name,
          id,
          what: `Ref names '${reference.target}', which is not a resource, parameter or pseudo parameter of the output`,
        });
    }
  };
  for (const [id, resource] of generatedResources(output)) {
    check(id, resource);
    for (const dependency of dependsOnOf(resource))
      if (!resources.has(dependency))
        violations.push({ output: output.name, id, what: `DependsOn names '${dependency}', which is not a resource of the output` });
  }
  for (const [id, value] of Object.entries(output.template.Outputs ?? {})) check(`Outputs.${id}`, value);
  return violations;
}

// ---------------------------------------------------------------------------------------------------
// Rule 6: no literal partition or AWS domain.

export interface LiteralFinding extends Violation {
  /** Where in the resource (or output), and the offending string. */
  path: string;
  text: string;
}

const LITERAL = /arn:aws:|amazonaws\.com/;
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/;
const COGNITO_IDENTITY_CONDITION_KEYS = new Set(["cognito-identity.amazonaws.com:aud", "cognito-identity.amazonaws.com:amr"]);

/** Every string (values and keys) in the app's DSL: what the user wrote, copied through as written. */
function userStrings(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === "string") found.add(value);
  else if (Array.isArray(value)) for (const item of value) userStrings(item, found);
  else if (isObject(value))
    for (const [key, inner] of Object.entries(value)) {
      found.add(key);
      userStrings(inner, found);
    }
  return found;
}

/** An IAM service principal where the rule allows one: a literal there is how IAM names services. */
function isAllowedPrincipal(resourceType: string, path: (string | number)[], text: string, isKey: boolean): boolean {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  const grandparent = path[path.length - 3];
  if (isKey) return COGNITO_IDENTITY_CONDITION_KEYS.has(text) && path.includes("Condition");
  // Principal: {Service: "x.amazonaws.com"} or {Service: ["x.amazonaws.com", ...]}
  if ((last === "Service" && parent === "Principal") || (typeof last === "number" && parent === "Service" && grandparent === "Principal"))
    return SERVICE_PRINCIPAL.test(text);
  if (last === "Federated" && parent === "Principal") return text === "cognito-identity.amazonaws.com";
  if (resourceType === "AWS::Lambda::Permission" && path.length === 2 && path[0] === "Properties" && last === "Principal")
    return SERVICE_PRINCIPAL.test(text);
  return false;
}

function findLiterals(value: unknown, path: (string | number)[], visit: (path: (string | number)[], text: string, isKey: boolean) => void) {
  if (typeof value === "string") visit(path, value, false);
  else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      findLiterals(item, [...path, i], visit);
    });
  } else if (isObject(value))
    for (const [key, inner] of Object.entries(value)) {
      visit([...path, key], key, true);
      findLiterals(inner, [...path, key], visit);
    }
}

const formatPath = (path: (string | number)[]) =>
  path
    .map((part) => (typeof part === "number" ? `[${part}]` : `.${part}`))
    .join("")
    .replace(/^\./, "");

export function literalFindings(output: ExpandedOutput): LiteralFinding[] {
  const written = userStrings(output.app);
  const findings: LiteralFinding[] = [];
  const scan = (id: string, type: string, value: unknown) =>
    findLiterals(value, [], (path, text, isKey) => {
      if (!LITERAL.test(text) || isAllowedPrincipal(type, path, text, isKey) || written.has(text)) return;
      const path_ = formatPath(path);
      findings.push({
        output: output.name,
        id,
        path: path_,
        text,
        what: `${isKey ? "key" : "value"} at ${path_} is a literal ${show(text)}`,
      });
    });
  for (const [id, resource] of generatedResources(output)) scan(id, resource.Type, resource);
  for (const id of output.generatedOutputs) scan(`Outputs.${id}`, "Output", output.template.Outputs?.[id]);
  return findings;
}

// ---------------------------------------------------------------------------------------------------
// Rules 7-9: limits AWS checks only when it creates a resource, on the output resolved as for the
// worst stack: a 128-character stack name, the longest partition, region and URL suffix, and every
// reference at the longest physical ID its type documents.

const WORST_STACK_NAME = "S".repeat(128);
const WORST_UUID = "00000000-0000-0000-0000-000000000000";
const WORST_PSEUDO: Record<string, string> = {
  "AWS::Partition": "aws-us-gov",
  "AWS::Region": "ap-southeast-7",
  "AWS::AccountId": "123456789012",
  "AWS::URLSuffix": "amazonaws.com.cn",
  "AWS::StackName": WORST_STACK_NAME,
  "AWS::StackId": `arn:aws-us-gov:cloudformation:ap-southeast-7:123456789012:stack/${WORST_STACK_NAME}/${WORST_UUID}`,
};
const arnOf = (service: string, rest: string) => `arn:aws-us-gov:${service}:ap-southeast-7:123456789012:${rest}`;
const longName = (length: number) => "n".repeat(length);

/** `Ref` and `Fn::GetAtt` of each type, at the limits of the service's own documentation. */
const WORST_ID: Record<string, { ref: string; attributes: Record<string, string> }> = {
  "AWS::S3::Bucket": { ref: longName(63), attributes: { Arn: `arn:aws-us-gov:s3:::${longName(63)}` } },
  "AWS::DynamoDB::Table": {
    ref: longName(255),
    attributes: {
      Arn: arnOf("dynamodb", `table/${longName(255)}`),
      StreamArn: arnOf("dynamodb", `table/${longName(255)}/stream/2026-01-01T00:00:00.000`),
    },
  },
  "AWS::SQS::Queue": {
    ref: `https://sqs.ap-southeast-7.amazonaws.com.cn/123456789012/${longName(80)}`,
    attributes: { Arn: arnOf("sqs", longName(80)), QueueName: longName(80) },
  },
  "AWS::Lambda::Function": { ref: longName(64), attributes: { Arn: arnOf("lambda", `function:${longName(64)}`) } },
  "AWS::Cognito::UserPool": { ref: longName(55), attributes: { Arn: arnOf("cognito-idp", `userpool/${longName(55)}`) } },
  "AWS::Cognito::UserPoolClient": { ref: longName(128), attributes: {} },
  "AWS::Events::Rule": { ref: longName(64), attributes: { Arn: arnOf("events", `rule/${longName(64)}`) } },
  "AWS::ApiGatewayV2::Api": { ref: longName(10), attributes: {} },
  "AWS::SNS::Topic": { ref: arnOf("sns", longName(256)), attributes: {} },
  "AWS::CloudFront::Distribution": { ref: longName(14), attributes: { DomainName: `${longName(14)}.cloudfront.net` } },
};

function worstResolver(output: ExpandedOutput): (value: unknown) => string {
  const resources = output.template.Resources;
  const parameters = (output.template.Parameters ?? {}) as Record<string, Json>;
  const ref = (name: string): string => {
    if (Object.hasOwn(WORST_PSEUDO, name)) return WORST_PSEUDO[name];
    if (Object.hasOwn(parameters, name)) {
      const parameter = parameters[name];
      return parameter.MaxLength !== undefined ? longName(Number(parameter.MaxLength)) : String(parameter.Default ?? longName(128));
    }
    const type = resources[name]?.Type as string | undefined;
    return type && Object.hasOwn(WORST_ID, type) ? WORST_ID[type].ref : longName(256);
  };
  const attribute = (name: string, attr: string): string => {
    const type = resources[name]?.Type as string | undefined;
    return (type && Object.hasOwn(WORST_ID, type) && WORST_ID[type].attributes[attr]) || longName(256);
  };
  const resolve = (value: unknown): string => {
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (!isObject(value)) return longName(256);
    if (typeof value.Ref === "string") return ref(value.Ref);
    const getAtt = value["Fn::GetAtt"];
    if (Array.isArray(getAtt)) return attribute(getAtt[0], getAtt[1]);
    if (value["Fn::Join"]) return (value["Fn::Join"][1] as unknown[]).map(resolve).join(value["Fn::Join"][0]);
    if (value["Fn::Select"]) {
      const [index, list] = value["Fn::Select"];
      if (Array.isArray(list)) return resolve(list[index]);
      const [separator, text] = list["Fn::Split"];
      return resolve(text).split(separator)[index] ?? "";
    }
    if (value["Fn::Sub"] !== undefined) {
      const [text, locals] = Array.isArray(value["Fn::Sub"]) ? value["Fn::Sub"] : [value["Fn::Sub"], {}];
      return (text as string).replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
        if (Object.hasOwn(locals, name)) return resolve(locals[name]);
        const dot = name.indexOf(".");
        return dot > 0 && !name.startsWith("AWS::") ? attribute(name.slice(0, dot), name.slice(dot + 1)) : ref(name);
      });
    }
    return longName(256);
  };
  return resolve;
}

/** Rule 7: physical-name properties and their limits (each service's API or CloudFormation reference). */
const NAME_LIMITS: Array<{ type: string; path: string[]; max: number }> = [
  { type: "AWS::Logs::LogGroup", path: ["LogGroupName"], max: 512 },
  { type: "AWS::Events::Rule", path: ["Name"], max: 64 },
  { type: "AWS::ApiGatewayV2::Api", path: ["Name"], max: 128 },
  { type: "AWS::CloudFront::OriginAccessControl", path: ["OriginAccessControlConfig", "Name"], max: 64 },
  { type: "AWS::CloudFront::Distribution", path: ["DistributionConfig", "Comment"], max: 128 },
  { type: "AWS::Cognito::UserPoolDomain", path: ["Domain"], max: 63 },
  { type: "AWS::Cognito::UserPoolGroup", path: ["GroupName"], max: 128 },
  { type: "AWS::IAM::Policy", path: ["PolicyName"], max: 128 },
  { type: "AWS::IAM::Role", path: ["Policies", "0", "PolicyName"], max: 128 },
  { type: "AWS::Logs::SubscriptionFilter", path: ["FilterName"], max: 512 },
  { type: "AWS::Lambda::Function", path: ["FunctionName"], max: 64 },
  { type: "AWS::IAM::Role", path: ["RoleName"], max: 64 },
  { type: "AWS::SQS::Queue", path: ["QueueName"], max: 80 },
  { type: "AWS::DynamoDB::Table", path: ["TableName"], max: 255 },
  { type: "AWS::S3::Bucket", path: ["BucketName"], max: 63 },
];

export function physicalNameViolations(output: ExpandedOutput): Violation[] {
  const resolve = worstResolver(output);
  const violations: Violation[] = [];
  for (const [id, resource] of generatedResources(output))
    for (const { type, path, max } of NAME_LIMITS) {
      if (resource.Type !== type) continue;
      const name = path.reduce<any>((value, key) => value?.[key], resource.Properties);
      if (name === undefined) continue;
      const length = resolve(name).length;
      if (length > max) violations.push({ output: output.name, id, what: `${path.join(".")} can be ${length} characters, over ${max}` });
    }
  return violations;
}

/** Rule 8: Lambda measures the variables as their JSON and refuses more than 4 KB. */
export function environmentViolations(output: ExpandedOutput): Violation[] {
  const resolve = worstResolver(output);
  const violations: Violation[] = [];
  for (const [id, resource] of generatedResources(output)) {
    const variables: Json | undefined = resource.Type === "AWS::Lambda::Function" ? resource.Properties?.Environment?.Variables : undefined;
    if (!variables) continue;
    const measured = JSON.stringify(Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, resolve(value)])));
    const bytes = Buffer.byteLength(measured);
    if (bytes > 4096) violations.push({ output: output.name, id, what: `environment can be ${bytes} bytes, over 4096` });
  }
  return violations;
}

/** Rule 9: a function's resource-based policy (one statement per permission) holds at most 20 KB. */
export function functionPolicyViolations(output: ExpandedOutput): Violation[] {
  const resolve = worstResolver(output);
  const statements = new Map<string, Json[]>();
  for (const [id, resource] of Object.entries(output.template.Resources)) {
    if (resource.Type !== "AWS::Lambda::Permission") continue;
    const target = targetOf((resource.Properties as Json | undefined)?.FunctionName);
    if (!target || !output.generated.includes(target)) continue;
    const p = resource.Properties as Json;
    const statement = {
      Sid: id,
      Effect: "Allow",
      Principal: { Service: p.Principal },
      Action: p.Action,
      Resource: resolve(getAttOf(target)),
      Condition: {
        ...(p.SourceAccount ? { StringEquals: { "AWS:SourceAccount": resolve(p.SourceAccount) } } : {}),
        ...(p.SourceArn ? { ArnLike: { "AWS:SourceArn": resolve(p.SourceArn) } } : {}),
      },
    };
    statements.set(target, [...(statements.get(target) ?? []), statement]);
  }
  const violations: Violation[] = [];
  for (const [fn, list] of statements) {
    const bytes = Buffer.byteLength(JSON.stringify({ Version: "2012-10-17", Id: "default", Statement: list }));
    if (bytes > 20_480)
      violations.push({
        output: output.name,
        id: fn,
        what: `resource-based policy can be ${bytes} bytes (${list.length} permissions), over 20480`,
      });
  }
  return violations;
}

const getAttOf = (id: string) => ({ "Fn::GetAtt": [id, "Arn"] });

// ---------------------------------------------------------------------------------------------------
// Rule 10: a role's inline policies survive the upgrade from a version that attached policy resources.

/**
 * Earlier versions attached each generated role's permissions as an `AWS::IAM::Policy` resource named
 * `<namespace>-policy`, `<f>-timer-policy` or `app-builder-policy`. On the first update after upgrading,
 * CloudFormation puts the role's inline policy (PutRolePolicy) and only then, in cleanup, deletes that
 * resource: DeleteRolePolicy with its name, on the same role. An inline policy of that name would go with
 * it. Likewise, a policy resource attached to a role must not share a name with the role's inline policies.
 */
export function rolePolicyNameViolations(output: ExpandedOutput): Violation[] {
  const resources = output.template.Resources as Record<string, Json>;
  const violations: Violation[] = [];
  for (const [id, resource] of generatedResources(output)) {
    if (resource.Type !== "AWS::IAM::Role") continue;
    const names = asList<Json>(resource.Properties?.Policies).map((policy) => policy?.PolicyName);
    for (const name of names)
      if (typeof name !== "string" || /-policy$/.test(name))
        violations.push({
          output: output.name,
          id,
          what: `inline policy ${show(name)} may be deleted with an earlier version's policy resource`,
        });
    for (const [policyId, policy] of Object.entries(resources))
      if (
        policy.Type === "AWS::IAM::Policy" &&
        asList<unknown>(policy.Properties?.Roles).some((r) => same(r, { Ref: id })) &&
        names.includes(policy.Properties?.PolicyName)
      )
        violations.push({
          output: output.name,
          id,
          what: `${policyId} and an inline policy share the name ${show(policy.Properties?.PolicyName)}`,
        });
  }
  return violations;
}

// ---------------------------------------------------------------------------------------------------
// Rule 11: no circular dependency (CloudFormation refuses the template).

/** Each cycle among the output's resources (references in Properties, and DependsOn), reported once at a generated resource. */
export function dependencyCycleViolations(output: ExpandedOutput): Violation[] {
  const resources = output.template.Resources as Record<string, Json>;
  const edges = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(resources)) {
    const targets = [...collectReferences(resource?.Properties).map((r) => r.target), ...dependsOnOf(resource)];
    edges.set(
      id,
      targets.filter((target) => Object.hasOwn(resources, target)),
    );
  }
  const state = new Map<string, "open" | "done">();
  const violations: Violation[] = [];
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === "done") return;
    if (state.get(id) === "open") {
      const cycle = [...path.slice(path.indexOf(id)), id];
      const at = cycle.find((node) => output.generated.includes(node)) ?? id;
      violations.push({ output: output.name, id: at, what: `circular dependency: ${cycle.join(" -> ")}` });
      return;
    }
    state.set(id, "open");
    for (const target of edges.get(id) ?? []) visit(target, [...path, id]);
    state.set(id, "done");
  };
  for (const id of edges.keys()) visit(id, []);
  return violations;
}
