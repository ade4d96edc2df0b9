import { getAtt, ref, sub } from "../intrinsics.js";
import type { Resource } from "../types.js";

export interface Cors {
  AllowOrigins?: unknown[];
  AllowHeaders?: unknown[];
  AllowMethods?: string[];
  ExposeHeaders?: unknown[];
  MaxAge?: number;
  AllowCredentials?: boolean;
}

export function httpApi(cors: Cors | undefined): Resource {
  return {
    Type: "AWS::ApiGatewayV2::Api",
    Properties: {
      // The stack's name (at most 128 characters), as SAM names its APIs.
      Name: ref("AWS::StackName"),
      ProtocolType: "HTTP",
      ...(cors ? { CorsConfiguration: cors } : {}),
    },
  };
}

/** What each access-log line records (API Gateway's $context variables), as JSON. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  routeKey: "$context.routeKey",
  status: "$context.status",
  responseLength: "$context.responseLength",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
  latency: "$context.responseLatency",
});

/** The one `$default` stage, deployed automatically, with access logs. */
export function defaultStage(apiId: string, logGroupId: string): Resource {
  return {
    Type: "AWS::ApiGatewayV2::Stage",
    Properties: {
      ApiId: ref(apiId),
      StageName: "$default",
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: getAtt(logGroupId, "Arn"), Format: ACCESS_LOG_FORMAT },
    },
  };
}

export function lambdaIntegration(apiId: string, functionId: string): Resource {
  return {
    Type: "AWS::ApiGatewayV2::Integration",
    Properties: {
      ApiId: ref(apiId),
      IntegrationType: "AWS_PROXY",
      IntegrationUri: getAtt(functionId, "Arn"),
      PayloadFormatVersion: "2.0",
    },
  };
}

/** Who may call a route: anyone, SigV4-signed callers, a JWT (optionally with scopes), or a Lambda authorizer. */
export type RouteAuth =
  | { type: "NONE" }
  | { type: "AWS_IAM" }
  | { type: "JWT"; authorizerId: string; scopes?: readonly string[] }
  | { type: "CUSTOM"; authorizerId: string };

function authorization(auth: RouteAuth) {
  switch (auth.type) {
    case "NONE":
    case "AWS_IAM":
      return { AuthorizationType: auth.type };
    case "JWT":
      return {
        AuthorizationType: auth.type,
        AuthorizerId: ref(auth.authorizerId),
        ...(auth.scopes ? { AuthorizationScopes: [...auth.scopes] } : {}),
      };
    case "CUSTOM":
      return { AuthorizationType: auth.type, AuthorizerId: ref(auth.authorizerId) };
  }
}

export function route(apiId: string, routeKey: string, integrationId: string, auth: RouteAuth): Resource {
  return {
    Type: "AWS::ApiGatewayV2::Route",
    Properties: {
      ApiId: ref(apiId),
      RouteKey: routeKey,
      Target: sub(`integrations/\${${integrationId}}`),
      ...authorization(auth),
    },
  };
}

export interface LambdaAuthorizerProps {
  /** Unique in the API: the name the user gave it. */
  name: string;
  functionId: string;
  identity: readonly string[];
  ttl: number;
}

/**
 * A REQUEST authorizer calling a Lambda function with the 2.0 payload and reading its simple response
 * (`{isAuthorized, context}`). The function's permission is a separate resource (`authorizerArn`).
 */
export function lambdaAuthorizer(apiId: string, props: LambdaAuthorizerProps): Resource {
  return {
    Type: "AWS::ApiGatewayV2::Authorizer",
    Properties: {
      ApiId: ref(apiId),
      Name: props.name,
      AuthorizerType: "REQUEST",
      AuthorizerUri: sub(
        `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${props.functionId}.Arn}/invocations`,
      ),
      AuthorizerPayloadFormatVersion: "2.0",
      EnableSimpleResponses: true,
      AuthorizerResultTtlInSeconds: props.ttl,
      ...(props.identity.length ? { IdentitySource: [...props.identity] } : {}),
    },
  };
}

/** The ARN API Gateway calls an authorizer's function as (the permission's `SourceArn`). */
export const authorizerArn = (apiId: string, authorizerId: string) =>
  sub(`arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${apiId}}/authorizers/\${${authorizerId}}`);

/** Validates Cognito-issued JWTs: issuer = the pool, audience = the app client. */
export function jwtAuthorizer(apiId: string, userPoolId: string, clientId: string): Resource {
  return {
    Type: "AWS::ApiGatewayV2::Authorizer",
    Properties: {
      ApiId: ref(apiId),
      Name: "cognito",
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
      JwtConfiguration: {
        Issuer: sub(`https://cognito-idp.\${AWS::Region}.\${AWS::URLSuffix}/\${${userPoolId}}`),
        Audience: [ref(clientId)],
      },
    },
  };
}

export function regionalDomain(name: unknown, certificate: unknown): Resource {
  return {
    Type: "AWS::ApiGatewayV2::DomainName",
    Properties: {
      DomainName: name,
      DomainNameConfigurations: [{ CertificateArn: certificate, EndpointType: "REGIONAL", SecurityPolicy: "TLS_1_2" }],
    },
  };
}

export function apiMapping(apiId: string, domainId: string, stageId: string): Resource {
  return {
    Type: "AWS::ApiGatewayV2::ApiMapping",
    Properties: { ApiId: ref(apiId), DomainName: ref(domainId), Stage: ref(stageId) },
  };
}
