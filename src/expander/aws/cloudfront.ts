import { getAtt, ref, stackUuid, sub } from "../intrinsics.js";
import type { Resource } from "../types.js";
import { type CheckId, checkovMetadata, WEBSITE_WITH_API_ORIGINS } from "./checkov.js";

/** AWS managed policies (CloudFront developer guide): CachingOptimized and SecurityHeadersPolicy. */
export const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
export const SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03";
/** For an API origin (docs/aws-rules.md): nothing cached; every viewer header but Host, which must name the API's own domain. */
export const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
export const ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

/** A CloudFront Function (cloudfront-js-2.0), published on creation; its name is unique per account, so from the stack's UUID. */
export function cloudFrontFunction(namePrefix: string, comment: string, code: string): Resource {
  return {
    Type: "AWS::CloudFront::Function",
    Properties: {
      Name: { "Fn::Join": ["-", [namePrefix, stackUuid]] },
      AutoPublish: true,
      FunctionCode: code,
      FunctionConfig: { Comment: comment, Runtime: "cloudfront-js-2.0" },
    },
  };
}

const viewerRequest = (functionId: string) => ({
  FunctionAssociations: [{ EventType: "viewer-request", FunctionARN: getAtt(functionId, "FunctionARN") }],
});

export function originAccessControl(): Resource {
  return {
    Type: "AWS::CloudFront::OriginAccessControl",
    Properties: {
      OriginAccessControlConfig: {
        // At most 64 characters, unique per account in every region: from the stack's UUID, not its name.
        Name: { "Fn::Join": ["-", ["website", stackUuid]] },
        OriginAccessControlOriginType: "s3",
        SigningBehavior: "always",
        SigningProtocol: "sigv4",
      },
    },
  };
}

export interface DistributionProps {
  bucketId: string;
  originAccessControlId: string;
  spa: boolean;
  domain?: { name: unknown; certificate: unknown };
  /**
   * The HTTP API under a path prefix: its origin, a behavior for `<prefix>/*` whose function strips the prefix, and,
   * for a SPA, a function serving the app's routes instead of the distribution-wide error responses.
   */
  api?: { prefix: string; apiId: string; rewriteId: string; spaRewriteId?: string };
}

const ORIGIN = "website-bucket";
const API_ORIGIN = "app-api";

function apiOrigin(apiId: string) {
  return {
    Id: API_ORIGIN,
    DomainName: sub(`\${${apiId}}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}`),
    CustomOriginConfig: { OriginProtocolPolicy: "https-only", OriginSSLProtocols: ["TLSv1.2"] },
  };
}

function apiBehavior(api: NonNullable<DistributionProps["api"]>) {
  return {
    PathPattern: `${api.prefix}/*`,
    TargetOriginId: API_ORIGIN,
    // A redirect would turn a POST into a GET in most clients: plain HTTP is refused instead.
    ViewerProtocolPolicy: "https-only",
    AllowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
    CachedMethods: ["GET", "HEAD"],
    Compress: true,
    CachePolicyId: CACHING_DISABLED,
    OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
    ResponseHeadersPolicyId: SECURITY_HEADERS,
    ...viewerRequest(api.rewriteId),
  };
}

export function distribution(props: DistributionProps): Resource {
  const skips: CheckId[] = props.api ? ["CKV_AWS_68", "CKV_AWS_86"] : ["CKV_AWS_68", "CKV_AWS_86", "CKV_AWS_310"];
  if (!props.domain) skips.push("CKV_AWS_174");
  return {
    Type: "AWS::CloudFront::Distribution",
    Properties: {
      DistributionConfig: {
        Enabled: true,
        // At most 128 characters, which a stack name (at most 128) fills alone.
        Comment: ref("AWS::StackName"),
        DefaultRootObject: "index.html",
        HttpVersion: "http2and3",
        IPV6Enabled: true,
        ...(props.domain ? { Aliases: [props.domain.name] } : {}),
        ViewerCertificate: props.domain
          ? { AcmCertificateArn: props.domain.certificate, SslSupportMethod: "sni-only", MinimumProtocolVersion: "TLSv1.2_2021" }
          : { CloudFrontDefaultCertificate: true },
        Origins: [
          {
            Id: ORIGIN,
            DomainName: getAtt(props.bucketId, "RegionalDomainName"),
            S3OriginConfig: { OriginAccessIdentity: "" },
            OriginAccessControlId: getAtt(props.originAccessControlId, "Id"),
          },
          ...(props.api ? [apiOrigin(props.api.apiId)] : []),
        ],
        DefaultCacheBehavior: {
          TargetOriginId: ORIGIN,
          ViewerProtocolPolicy: "redirect-to-https",
          AllowedMethods: ["GET", "HEAD"],
          Compress: true,
          CachePolicyId: CACHING_OPTIMIZED,
          ResponseHeadersPolicyId: SECURITY_HEADERS,
          ...(props.api?.spaRewriteId ? viewerRequest(props.api.spaRewriteId) : {}),
        },
        ...(props.api ? { CacheBehaviors: [apiBehavior(props.api)] } : {}),
        // Error responses apply to every behavior: beside an API, the SPA's routes are rewritten instead (`spaRewriteId`).
        ...(props.spa && !props.api
          ? {
              // S3 answers 403 for a missing key when listing is not allowed; both go to the app shell.
              CustomErrorResponses: [403, 404].map((code) => ({ ErrorCode: code, ResponseCode: 200, ResponsePagePath: "/index.html" })),
            }
          : {}),
      },
    },
    Metadata: checkovMetadata(skips, props.api ? [WEBSITE_WITH_API_ORIGINS] : []),
  };
}

/** Lets one distribution (and nothing else) read the bucket's objects. */
export function distributionReadStatement(bucketId: string, distributionId: string) {
  return {
    Sid: "CloudFrontReadsObjects",
    Effect: "Allow",
    Principal: { Service: "cloudfront.amazonaws.com" },
    Action: "s3:GetObject",
    Resource: sub(`\${${bucketId}.Arn}/*`),
    Condition: {
      StringEquals: { "AWS:SourceArn": sub(`arn:\${AWS::Partition}:cloudfront::\${AWS::AccountId}:distribution/\${${distributionId}}`) },
    },
  };
}
