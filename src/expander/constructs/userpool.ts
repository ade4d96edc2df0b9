/**
 * The user pool (docs/api-and-users.md): sign-in by e-mail, an app client (with the OAuth code flow and a
 * hosted UI domain when callback URLs are given), Google sign-in, groups, an identity pool, and two
 * hooks: custom e-mail messages and, once per user (after confirmation, or at the first sign-in of a user
 * an administrator created), custom attributes plus one `userpool` event.
 */
import { runtimeCode } from "../../generated/runtime-code.js";
import type { UserpoolSpec } from "../../generated/dsl.js";
import {
  googleProvider,
  group,
  INITIALISED_ATTRIBUTE,
  identityPool,
  identityRole,
  identityRoles,
  userPool,
  userPoolClient,
  userPoolDomain,
} from "../aws/cognito.js";
import type { Statement } from "../aws/iam.js";
import { invokePermission } from "../aws/lambda.js";
import type { AppContext } from "../context.js";
import { eventPutter, putAppEvents } from "../bus.js";
import { getAtt, ref, sub } from "../intrinsics.js";
import { APP, userPoolIds } from "../names.js";
import type { GraphWriter } from "../graph.js";
import { childPath } from "../validate/path.js";
import { didYouMean } from "../validate/suggest.js";
import type { Construct } from "./construct.js";
import { addFunctionResources, inlineSettings } from "./function-resources.js";
import { retained } from "./storage.js";

/** Identity providers Pareto can wire: DSL name -> Cognito's provider name. */
const PROVIDERS: ReadonlyMap<string, string> = new Map([["google", "Google"]]);

/** Placeholders each e-mail template must contain (Cognito rejects messages without the code). */
const PLACEHOLDERS: ReadonlyMap<string, string[]> = new Map([
  ["tempPassword", ["{username}", "{code}"]],
  ["passwordReset", ["{code}"]],
]);

function checkUrls(urls: unknown[] | undefined, path: string): string[] {
  return (urls ?? []).flatMap((url, i) =>
    typeof url === "string" && !/^https:\/\//.test(url) && !/^http:\/\/localhost([:/]|$)/.test(url)
      ? [`${childPath(path, i)}: '${url}' must use https (http is allowed only for localhost)`]
      : [],
  );
}

function checkUserpool(spec: UserpoolSpec, path: string): string[] {
  const errors = (spec.identityProviders ?? []).flatMap((provider, i) => {
    const at = childPath(childPath(path, "identityProviders"), i);
    if (!PROVIDERS.has(provider))
      return [
        `${at}: unknown identity provider '${provider}'${didYouMean(provider, [...PROVIDERS.keys()])} (supported: ${[...PROVIDERS.keys()].join(", ")})`,
      ];
    // Federated users sign in only through the OAuth flow (hosted UI or authorize endpoint), which callbackUrls turn on.
    return spec.callbackUrls?.length
      ? []
      : [`${at}: '${provider}' sign-in needs callbackUrls (it runs only through the OAuth code flow and the hosted UI they turn on)`];
  });
  for (const [name, template] of Object.entries(spec.templates ?? {})) {
    const missing = (PLACEHOLDERS.get(name) ?? []).filter((placeholder) => !template.message.includes(placeholder));
    if (missing.length)
      errors.push(`${childPath(childPath(childPath(path, "templates"), name), "message")}: must contain ${missing.join(" and ")}`);
  }
  errors.push(
    ...checkUrls(spec.callbackUrls, childPath(path, "callbackUrls")),
    ...checkUrls(spec.logoutUrls, childPath(path, "logoutUrls")),
  );
  if (spec.logoutUrls?.length && !spec.callbackUrls?.length)
    errors.push(`${childPath(path, "logoutUrls")}: logout URLs need callbackUrls (they belong to the OAuth sign-in flow)`);
  const seen = new Set<string>();
  (spec.attributes ?? []).forEach((attribute, i) => {
    const at = childPath(childPath(childPath(path, "attributes"), i), "name");
    if (attribute.name === INITIALISED_ATTRIBUTE)
      errors.push(
        `${at}: '${attribute.name}' is reserved (the user-pool hook marks initialised users with custom:${INITIALISED_ATTRIBUTE})`,
      );
    else if (seen.has(attribute.name)) errors.push(`${at}: attribute '${attribute.name}' is declared twice`);
    seen.add(attribute.name);
  });
  return errors;
}

/** A hook: its function, and Cognito's permission to invoke it for this pool only. */
function hook(
  ctx: AppContext,
  out: GraphWriter,
  namespace: string,
  code: string,
  environment: Record<string, unknown>,
  permissionId: string,
  statements: Statement[] = [],
) {
  const ids = addFunctionResources(ctx, out, namespace, inlineSettings(code, environment, 10), statements);
  out.resource(permissionId, invokePermission(ids.function, "cognito-idp.amazonaws.com", getAtt(APP.userPool, "Arn")));
  return ids;
}

/** The global the custom-message code reads its templates from (src/runtime/custom-message.cjs, TEMPLATES_GLOBAL). */
export const TEMPLATES_GLOBAL = "EMAIL_TEMPLATES";
const DIRECTIVE = '"use strict";';

/**
 * The custom-message hook's code: its templates as a constant ahead of the bundled module (after its
 * "use strict" directive). Inline code may be megabytes; the environment only 4 KB in all.
 */
export function customMessageCode(templates: NonNullable<UserpoolSpec["templates"]>, code: string = runtimeCode.customMessage): string {
  const constant = `globalThis.${TEMPLATES_GLOBAL}=${JSON.stringify(templates)};`;
  return code.startsWith(DIRECTIVE) ? `${DIRECTIVE}${constant}${code.slice(DIRECTIVE.length)}` : `${constant}${code}`;
}

/** The initialising hook updates this pool's users and puts one event per user on the app's bus. */
const attributesHookStatements = (ctx: AppContext): Statement[] => [
  { Effect: "Allow", Action: "cognito-idp:AdminUpdateUserAttributes", Resource: getAtt(APP.userPool, "Arn") },
  putAppEvents(ctx),
];

export const userpool: Construct = {
  name: "userpool",
  check(ctx) {
    return ctx.dsl.userpool ? checkUserpool(ctx.dsl.userpool, childPath(ctx.path, "userpool")) : [];
  },
  build(ctx, graph) {
    const spec = ctx.dsl.userpool;
    if (!spec) return;
    const out = graph.writer(childPath(ctx.path, "userpool"));
    const triggers: Record<string, unknown> = {};
    if (spec.templates) {
      const ids = hook(ctx, out, userPoolIds.customMessage, customMessageCode(spec.templates), {}, userPoolIds.customMessagePermission);
      triggers.CustomMessage = getAtt(ids.function, "Arn");
    }
    const attributes = spec.attributes ?? [];
    const putter = eventPutter(ctx, "customAttributes");
    const attributesHook = hook(
      ctx,
      out,
      userPoolIds.customAttributes,
      putter.code,
      { USER_ATTRIBUTES: JSON.stringify(attributes), ...putter.environment },
      userPoolIds.customAttributesPermission,
      attributesHookStatements(ctx),
    );
    // Confirmation initialises users who sign up (and imported users, at their first password reset); Cognito
    // never confirms users an administrator creates (AdminCreateUser), so their first sign-in does. The hook
    // acts once per user (a marker attribute) and does nothing on every later sign-in.
    triggers.PostConfirmation = getAtt(attributesHook.function, "Arn");
    triggers.PostAuthentication = getAtt(attributesHook.function, "Arn");
    out.resource(APP.userPool, retained(userPool({ attributes, mfa: spec.mfa ?? "off", triggers }), ctx.retain(spec.retain)));

    const providers = (spec.identityProviders ?? []).flatMap((provider) => PROVIDERS.get(provider) ?? []);
    if (providers.includes("Google")) {
      out.parameter(userPoolIds.googleClientId, { Type: "String", Description: "OAuth client ID of the app's Google sign-in" });
      out.parameter(userPoolIds.googleClientSecret, {
        Type: "String",
        NoEcho: true,
        Description: "OAuth client secret of the app's Google sign-in",
      });
      out.resource(userPoolIds.googleProvider, googleProvider(APP.userPool, userPoolIds.googleClientId, userPoolIds.googleClientSecret));
    }
    const oauth = spec.callbackUrls?.length ? { callbackUrls: spec.callbackUrls, logoutUrls: spec.logoutUrls ?? [] } : undefined;
    out.resource(
      APP.userPoolClient,
      userPoolClient({ userPoolId: APP.userPool, providers, oauth, dependsOn: providers.length ? [userPoolIds.googleProvider] : [] }),
    );
    if (oauth) {
      out.resource(APP.userPoolDomain, userPoolDomain(APP.userPool));
      out.output(APP.userPoolDomain, sub(`\${${APP.userPoolDomain}}.auth.\${AWS::Region}.amazoncognito.com`), "Hosted UI domain");
    }
    for (const name of spec.groups ?? []) out.resource(userPoolIds.group(name), group(APP.userPool, name));

    out.resource(APP.identityPool, identityPool(APP.userPool, APP.userPoolClient));
    out.resource(userPoolIds.authenticatedRole, identityRole(APP.identityPool, "authenticated"));
    out.resource(userPoolIds.unauthenticatedRole, identityRole(APP.identityPool, "unauthenticated"));
    out.resource(
      userPoolIds.roleAttachment,
      identityRoles(APP.identityPool, userPoolIds.authenticatedRole, userPoolIds.unauthenticatedRole),
    );
    out.output(APP.userPool, ref(APP.userPool), "ID of the user pool");
    out.output(APP.userPoolClient, ref(APP.userPoolClient), "ID of the user pool's app client");
    out.output(APP.identityPool, ref(APP.identityPool), "ID of the identity pool");
  },
};
