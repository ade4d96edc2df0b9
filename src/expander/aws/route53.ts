import { isIntrinsic } from "../intrinsics.js";
import type { Resource } from "../types.js";

/** CloudFront's fixed hosted zone for alias records (AWS documents this constant). */
export const CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2";

/**
 * The `zone` of a domain: a hosted zone ID (`Z...`) or a zone name (`example.com`, trailing dot optional).
 * An intrinsic is taken as a zone name.
 */
export function hostedZone(zone: unknown): Record<string, unknown> {
  if (typeof zone === "string" && /^Z[A-Z0-9]{4,}$/.test(zone)) return { HostedZoneId: zone };
  if (typeof zone === "string") return { HostedZoneName: zone.endsWith(".") ? zone : `${zone}.` };
  return isIntrinsic(zone) ? { HostedZoneName: zone } : {};
}

/** An A alias record pointing `name` at an AWS endpoint (API Gateway domain, CloudFront distribution). */
export function aliasRecord(name: unknown, zone: unknown, target: { dnsName: unknown; hostedZoneId: unknown }): Resource {
  return {
    Type: "AWS::Route53::RecordSet",
    Properties: {
      ...hostedZone(zone),
      Name: name,
      Type: "A",
      AliasTarget: { DNSName: target.dnsName, HostedZoneId: target.hostedZoneId, EvaluateTargetHealth: false },
    },
  };
}
