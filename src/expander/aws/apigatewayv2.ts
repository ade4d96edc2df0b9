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

export function route(apiId: string, routeKey: string, integrationId: string, authorizerId?: string): Resource {
  return {
    Type: "AWS::ApiGatewayV2::Route",
    Properties: {
      ApiId: ref(apiId),
      RouteKey: routeKey,
      Target: sub(`integrations/\${${integrationId}}`),
      ...(authorizerId ? { AuthorizationType: "JWT", AuthorizerId: ref(authorizerId) } : { AuthorizationType: "NONE" }),
    },
  };
}

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
