import { getAtt, ref, sub } from "../intrinsics.js";
import type { Resource } from "../types.js";
import { checkovMetadata } from "./checkov.js";

/** Cross-origin access for browsers: one S3 CORS rule. */
export interface BucketCors {
  origins: unknown[];
  methods: string[];
  headers?: string[];
  maxAge?: number;
}

export interface BucketOptions {
  /** S3 -> EventBridge notifications. */
  eventBridge: boolean;
  cors?: BucketCors;
  /** Objects are deleted this many days after creation (and incomplete multipart uploads aborted as late). */
  expireAfterDays?: number;
}

function corsConfiguration(cors: BucketCors) {
  return {
    CorsRules: [
      {
        AllowedOrigins: cors.origins,
        AllowedMethods: cors.methods,
        ...(cors.headers?.length ? { AllowedHeaders: cors.headers } : {}),
        ...(cors.maxAge !== undefined ? { MaxAge: cors.maxAge } : {}),
      },
    ],
  };
}

/**
 * Expiration deletes objects only: the parts of an upload never completed are not objects and stay
 * (billed) until an AbortIncompleteMultipartUpload rule removes them, so the same rule aborts those as
 * late. Pareto's buckets are not versioned, so there are no noncurrent versions to expire.
 */
function lifecycleConfiguration(days: number) {
  return {
    Rules: [
      { Id: "ExpireObjects", Status: "Enabled", ExpirationInDays: days, AbortIncompleteMultipartUpload: { DaysAfterInitiation: days } },
    ],
  };
}

/** A private, encrypted bucket, with the options above. */
export function privateBucket(options: BucketOptions): Resource {
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
      ...(options.cors ? { CorsConfiguration: corsConfiguration(options.cors) } : {}),
      ...(options.expireAfterDays !== undefined ? { LifecycleConfiguration: lifecycleConfiguration(options.expireAfterDays) } : {}),
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
