import { isIntrinsic } from "../intrinsics.js";
import type { Resource } from "../types.js";

/** CloudFront's fixed hosted zone for alias records (AWS documents this constant). */
export const CLOUDFRONT_HOSTED_ZONE_ID = "Z2FDTNDATAQYW2";

/**
 * The `zone` of a domain: a hosted zone ID (`Z...`, or `{id: ...}` for an intrinsic) or a zone name
 * (`example.com`, trailing dot optional). Any other intrinsic is taken as a zone name.
 */
export function hostedZone(zone: unknown): Record<string, unknown> {
  if (typeof zone === "string" && /^Z[A-Z0-9]{4,}$/.test(zone)) return { HostedZoneId: zone };
  if (typeof zone === "string") return { HostedZoneName: zone.endsWith(".") ? zone : `${zone}.` };
  if (isIntrinsic(zone)) return { HostedZoneName: zone };
  return zone && typeof zone === "object" && "id" in zone ? { HostedZoneId: zone.id } : {};
}

/**
 * Alias records pointing `name` at an AWS endpoint: A, and AAAA where the endpoint also answers on IPv6
 * (CloudFront with `IPV6Enabled`; a regional API Gateway domain is IPv4 only).
 */
export function aliasRecord(
  name: unknown,
  zone: unknown,
  target: { dnsName: unknown; hostedZoneId: unknown },
  type: "A" | "AAAA" = "A",
): Resource {
  return {
    Type: "AWS::Route53::RecordSet",
    Properties: {
      ...hostedZone(zone),
      Name: name,
      Type: type,
      AliasTarget: { DNSName: target.dnsName, HostedZoneId: target.hostedZoneId, EvaluateTargetHealth: false },
    },
  };
}
