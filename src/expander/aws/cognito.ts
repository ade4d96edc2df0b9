import { getAtt, ref, stackUuid } from "../intrinsics.js";
import type { Resource } from "../types.js";

export interface UserPoolProps {
  attributes: Array<{ name: string; value: string | number | boolean }>;
  mfa: "off" | "optional" | "required";
  triggers: Record<string, unknown>;
}

const MFA: Record<UserPoolProps["mfa"], string> = { off: "OFF", optional: "OPTIONAL", required: "ON" };

/**
 * The custom attribute (`custom:pareto_init`) the user-pool hook sets once it has initialised a user
 * (src/runtime/custom-attributes.cjs): reserved, so the DSL may not declare it.
 */
export const INITIALISED_ATTRIBUTE = "pareto_init";

/**
 * The standard attributes a signed-in user may change with their own access token (UpdateUserAttributes):
 * `email` (required, so every client must be able to write it, and mapped from Google, whose sign-in
 * updates it at each sign-in) and the OIDC profile attributes with `address`. Never `custom:*` (the app's
 * plan, credits, the initialised marker: only the hooks and the app's admin calls set them), never the
 * `*_verified` flags, never `phone_number` (the pool neither sends SMS nor verifies phone numbers).
 */
export const USER_WRITABLE_ATTRIBUTES = [
  "email",
  "name",
  "given_name",
  "family_name",
  "middle_name",
  "nickname",
  "preferred_username",
  "profile",
  "picture",
  "website",
  "gender",
  "birthdate",
  "zoneinfo",
  "locale",
  "address",
];

/** Sign-in by e-mail (verified), a strong password policy, recovery by e-mail, custom attributes. */
export function userPool(props: UserPoolProps): Resource {
  return {
    Type: "AWS::Cognito::UserPool",
    Properties: {
      UsernameAttributes: ["email"],
      AutoVerifiedAttributes: ["email"],
      UsernameConfiguration: { CaseSensitive: false },
      Policies: {
        PasswordPolicy: {
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 7,
        },
      },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
      Schema: [
        { Name: "email", AttributeDataType: "String", Mutable: true, Required: true },
        ...props.attributes.map(({ name, value }) => ({
          Name: name,
          AttributeDataType: typeof value === "number" ? "Number" : "String",
          Mutable: true,
        })),
        { Name: INITIALISED_ATTRIBUTE, AttributeDataType: "String", Mutable: true },
      ],
      MfaConfiguration: MFA[props.mfa],
      ...(props.mfa === "off" ? {} : { EnabledMfas: ["SOFTWARE_TOKEN_MFA"] }),
      ...(Object.keys(props.triggers).length ? { LambdaConfig: props.triggers } : {}),
    },
  };
}

export interface ClientProps {
  userPoolId: string;
  providers: string[];
  oauth?: { callbackUrls: unknown[]; logoutUrls: unknown[] };
  dependsOn: string[];
}

export function userPoolClient(props: ClientProps): Resource {
  return {
    Type: "AWS::Cognito::UserPoolClient",
    Properties: {
      UserPoolId: ref(props.userPoolId),
      GenerateSecret: false,
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      PreventUserExistenceErrors: "ENABLED",
      SupportedIdentityProviders: ["COGNITO", ...props.providers],
      WriteAttributes: USER_WRITABLE_ATTRIBUTES,
      ...(props.oauth
        ? {
            AllowedOAuthFlows: ["code"],
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthScopes: ["openid", "email", "profile"],
            CallbackURLs: props.oauth.callbackUrls,
            ...(props.oauth.logoutUrls.length ? { LogoutURLs: props.oauth.logoutUrls } : {}),
          }
        : {}),
    },
    ...(props.dependsOn.length ? { DependsOn: props.dependsOn } : {}),
  };
}

/** Hosted UI prefix: lowercase and unique, from the stack's UUID (stack names may hold capitals). */
export function userPoolDomain(userPoolId: string): Resource {
  return {
    Type: "AWS::Cognito::UserPoolDomain",
    Properties: {
      UserPoolId: ref(userPoolId),
      Domain: { "Fn::Join": ["-", ["auth", stackUuid]] },
    },
  };
}

export function googleProvider(userPoolId: string, clientIdParameter: string, secretParameter: string): Resource {
  return {
    Type: "AWS::Cognito::UserPoolIdentityProvider",
    Properties: {
      UserPoolId: ref(userPoolId),
      ProviderName: "Google",
      ProviderType: "Google",
      ProviderDetails: { client_id: ref(clientIdParameter), client_secret: ref(secretParameter), authorize_scopes: "openid email profile" },
      AttributeMapping: { email: "email" },
    },
  };
}

export function group(userPoolId: string, name: string): Resource {
  return { Type: "AWS::Cognito::UserPoolGroup", Properties: { UserPoolId: ref(userPoolId), GroupName: name } };
}

export function identityPool(userPoolId: string, clientId: string): Resource {
  return {
    Type: "AWS::Cognito::IdentityPool",
    Properties: {
      AllowUnauthenticatedIdentities: false,
      CognitoIdentityProviders: [{ ClientId: ref(clientId), ProviderName: getAtt(userPoolId, "ProviderName") }],
    },
  };
}

/** A role for identities of one kind (`authenticated` or `unauthenticated`) of one identity pool. */
export function identityRole(identityPoolId: string, kind: "authenticated" | "unauthenticated"): Resource {
  const trust = {
    Effect: "Allow",
    Principal: { Federated: "cognito-identity.amazonaws.com" },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
      StringEquals: { "cognito-identity.amazonaws.com:aud": ref(identityPoolId) },
      "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": kind },
    },
  };
  return {
    Type: "AWS::IAM::Role",
    Properties: {
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [trust] },
    },
  };
}

export function identityRoles(identityPoolId: string, authenticatedRoleId: string, unauthenticatedRoleId: string): Resource {
  return {
    Type: "AWS::Cognito::IdentityPoolRoleAttachment",
    Properties: {
      IdentityPoolId: ref(identityPoolId),
      Roles: { authenticated: getAtt(authenticatedRoleId, "Arn"), unauthenticated: getAtt(unauthenticatedRoleId, "Arn") },
    },
  };
}
