/**
 * Secrets (docs/dsl.md, "Secrets"): the app names Secrets Manager secrets and SSM parameters it does not own; a
 * function that lists one gets `SECRET_<NAME>` (what the SDK's GetSecretValue or GetParameter takes) and read access
 * to that secret alone, plus `kms:Decrypt` on its customer managed key, through that service only, when one is named.
 * Nothing is created here: the functions construct writes the variables and statements.
 */
import type { SecretReference, SecretSpec } from "../../generated/dsl.js";
import type { Statement } from "../aws/iam.js";
import type { AppContext, FunctionContext } from "../context.js";
import { isIntrinsic, sub } from "../intrinsics.js";
import { screamingSnake } from "../names.js";
import { notDeclared } from "../sources/source.js";
import { childPath, shown } from "../validate/path.js";
import { didYouMean } from "../validate/suggest.js";
import type { Construct } from "./construct.js";

type Service = "secretsmanager" | "ssm";

interface Secret {
  service: Service;
  /** As written: the variable's value. */
  value: unknown;
  /** DSL path of `value`. */
  path: string;
  kmsKey?: unknown;
}

/** What a function may do with each service's secrets (GetParameters reads several at once). */
const READ: Record<Service, string[]> = {
  secretsmanager: ["secretsmanager:GetSecretValue"],
  ssm: ["ssm:GetParameter", "ssm:GetParameters"],
};

const PARTITION = "aws(-[a-z]+)*";
const SECRET_ARN = new RegExp(`^arn:${PARTITION}:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+$`);
/** Secrets Manager appends `-` and 6 random characters to the name; an ARN without them matches no secret in IAM. */
const FULL_SECRET_ARN = /-[A-Za-z0-9]{6}$/;
const PARAMETER_ARN = new RegExp(`^arn:${PARTITION}:ssm:[a-z0-9-]+:\\d{12}:parameter/[A-Za-z0-9_.\\-/]+$`);
/** Parameter Store names: letters, digits, `_ . - /`. */
const PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
const KEY_ARN = new RegExp(`^arn:${PARTITION}:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$`);

function parse(spec: SecretSpec, path: string): Secret {
  if (typeof spec === "string" || isIntrinsic(spec)) return { service: "secretsmanager", value: spec, path };
  const form = spec as SecretReference; // the schema's object form: an intrinsic has returned
  if (form.ssm !== undefined) return { service: "ssm", value: form.ssm, path: childPath(path, "ssm"), kmsKey: form.kmsKey };
  return { service: "secretsmanager", value: form.secretsManager, path: childPath(path, "secretsManager"), kmsKey: form.kmsKey };
}

/** The ARN IAM matches: an SSM parameter written by name is `parameter/<name>`, without a leading slash. */
function arnOf(secret: Secret): unknown {
  const { value } = secret;
  if (secret.service === "ssm" && typeof value === "string" && !value.startsWith("arn:"))
    return sub(`arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/${value.replace(/^\//, "")}`);
  return value;
}

function valueProblem(secret: Secret): string | undefined {
  const { value } = secret;
  if (typeof value !== "string") return undefined; // an intrinsic: its value is known at deployment only
  if (secret.service === "ssm") {
    if (value.startsWith("arn:"))
      return PARAMETER_ARN.test(value)
        ? undefined
        : `'${shown(value)}' is not an SSM parameter ARN (arn:<partition>:ssm:<region>:<account>:parameter/<name>)`;
    return PARAMETER_NAME.test(value) ? undefined : `'${shown(value)}' is not a parameter name (letters, digits, _ . - and /)`;
  }
  if (!SECRET_ARN.test(value))
    return `'${shown(value)}' is not a Secrets Manager secret ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>); for an SSM parameter write {ssm: <name>}`;
  if (!FULL_SECRET_ARN.test(value))
    return `'${shown(value)}' is a partial ARN: IAM matches the full ARN, which ends with '-' and the 6 characters Secrets Manager appended to the name (see the secret in the console or DescribeSecret)`;
  return undefined;
}

/** The object form names one service: `secretsManager` or `ssm`. */
function formProblem(spec: SecretSpec): string | undefined {
  if (typeof spec === "string" || isIntrinsic(spec)) return undefined;
  const { secretsManager, ssm } = spec as SecretReference;
  if (secretsManager !== undefined && ssm !== undefined) return "give either 'secretsManager' or 'ssm', not both";
  if (secretsManager === undefined && ssm === undefined)
    return "give 'secretsManager' (a secret's ARN) or 'ssm' (a parameter's name or ARN)";
  return undefined;
}

function checkSecret(spec: SecretSpec, path: string): string[] {
  const form = formProblem(spec);
  if (form) return [`${path}: ${form}`];
  const secret = parse(spec, path);
  const errors: string[] = [];
  const problem = valueProblem(secret);
  if (problem) errors.push(`${secret.path}: ${problem}`);
  const key = secret.kmsKey;
  if (typeof key === "string" && !KEY_ARN.test(key))
    errors.push(
      `${childPath(path, "kmsKey")}: '${shown(key)}' is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>); kms:Decrypt is granted on keys, not aliases`,
    );
  return errors;
}

function checkFunction(fn: FunctionContext, declared: ReadonlyMap<string, SecretSpec>): string[] {
  const names = [...declared.keys()];
  return (fn.spec.secrets ?? []).flatMap((name, i) =>
    declared.has(name)
      ? []
      : [`${childPath(childPath(fn.path, "secrets"), i)}: ${notDeclared("secret", name, names)}${didYouMean(name, names)}`],
  );
}

/** The secrets one function reads, in the order it lists them (each checked to be declared). */
function readBy(ctx: AppContext, fn: FunctionContext): Array<{ name: string; secret: Secret }> {
  const declared = ctx.secrets;
  const secretsPath = childPath(ctx.path, "secrets");
  return (fn.spec.secrets ?? []).flatMap((name) => {
    const spec = declared.get(name);
    return spec === undefined ? [] : [{ name, secret: parse(spec, childPath(secretsPath, name)) }];
  });
}

/** `SECRET_<NAME>` for each secret the function reads: the ARN, or the SSM parameter's name or ARN as written. */
export const secretEnvironment = (ctx: AppContext, fn: FunctionContext): Array<[string, unknown]> =>
  readBy(ctx, fn).map(({ name, secret }) => [`SECRET_${screamingSnake(name)}`, secret.value]);

/** One read statement per service over the function's secrets; `kms:Decrypt` on their named keys, through that service only. */
export function secretStatements(ctx: AppContext, fn: FunctionContext): Statement[] {
  const read = readBy(ctx, fn);
  const statements: Statement[] = [];
  for (const service of ["secretsmanager", "ssm"] as const) {
    const secrets = read.filter(({ secret }) => secret.service === service).map(({ secret }) => secret);
    if (!secrets.length) continue;
    const arns = secrets.map(arnOf);
    statements.push({ Effect: "Allow", Action: READ[service], Resource: arns.length === 1 ? arns[0] : arns });
    const keys = unique(secrets.flatMap((secret) => (secret.kmsKey === undefined ? [] : [secret.kmsKey])));
    if (keys.length)
      statements.push({
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: keys.length === 1 ? keys[0] : keys,
        // The service decrypts with the caller's permissions; the key is no use to the function directly.
        Condition: { StringEquals: { "kms:ViaService": sub(`${service}.\${AWS::Region}.\${AWS::URLSuffix}`) } },
      });
  }
  return statements;
}

/** Keys named by more than one secret (the same string or the same intrinsic) appear once. */
function unique(values: unknown[]): unknown[] {
  const seen = new Map<string, unknown>();
  for (const value of values) if (!seen.has(JSON.stringify(value))) seen.set(JSON.stringify(value), value);
  return [...seen.values()];
}

export const secrets: Construct = {
  name: "secrets",
  check(ctx) {
    const declared = ctx.secrets;
    const path = childPath(ctx.path, "secrets");
    return [
      ...[...declared].flatMap(([name, spec]) => checkSecret(spec, childPath(path, name))),
      ...ctx.functions.flatMap((fn) => checkFunction(fn, declared)),
    ];
  },
  build() {
    // The secrets belong to the user; each function's variables and statements come from the helpers above.
  },
};
