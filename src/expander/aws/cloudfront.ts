import { getAtt, ref, stackUuid, sub } from "../intrinsics.js";
import type { Resource } from "../types.js";
import { checkovMetadata, type CheckId } from "./checkov.js";

/** AWS managed policies (CloudFront developer guide): CachingOptimized and SecurityHeadersPolicy. */
export const CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";
export const SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03";

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
}

const ORIGIN = "website-bucket";

export function distribution(props: DistributionProps): Resource {
  const skips: CheckId[] = ["CKV_AWS_68", "CKV_AWS_86", "CKV_AWS_310"];
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
        ],
        DefaultCacheBehavior: {
          TargetOriginId: ORIGIN,
          ViewerProtocolPolicy: "redirect-to-https",
          AllowedMethods: ["GET", "HEAD"],
          Compress: true,
          CachePolicyId: CACHING_OPTIMIZED,
          ResponseHeadersPolicyId: SECURITY_HEADERS,
        },
        ...(props.spa
          ? {
              // S3 answers 403 for a missing key when listing is not allowed; both go to the app shell.
              CustomErrorResponses: [403, 404].map((code) => ({ ErrorCode: code, ResponseCode: 200, ResponsePagePath: "/index.html" })),
            }
          : {}),
      },
    },
    Metadata: checkovMetadata(skips),
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
