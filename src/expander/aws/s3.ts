import { getAtt, ref, sub } from "../intrinsics.js";
import type { Resource } from "../types.js";
import { checkovMetadata } from "./checkov.js";

/** A private, encrypted bucket; `eventBridge` turns on S3 -> EventBridge notifications. */
export function privateBucket(options: { eventBridge: boolean }): Resource {
  return {
    Type: "AWS::S3::Bucket",
    Properties: {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      ...(options.eventBridge ? { NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } } } : {}),
    },
    Metadata: checkovMetadata(["CKV_AWS_18", "CKV_AWS_21"]),
  };
}

/** Denies every request that is not over TLS; `extraStatements` add grants (e.g. CloudFront). */
export function bucketPolicy(bucketId: string, extraStatements: unknown[] = []): Resource {
  return {
    Type: "AWS::S3::BucketPolicy",
    Properties: {
      Bucket: ref(bucketId),
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [getAtt(bucketId, "Arn"), sub(`\${${bucketId}.Arn}/*`)],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          ...extraStatements,
        ],
      },
    },
  };
}
