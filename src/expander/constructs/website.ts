/**
 * A static website (docs/website-and-builder.md): a private bucket that only one CloudFront distribution reads
 * (origin access control), HTTPS only, compressed, security headers, optional SPA fallback, and an
 * optional custom domain with its certificate (which CloudFront needs in us-east-1) and DNS alias.
 */
import { CLOUDFRONT_HOSTED_ZONE_ID, aliasRecord } from "../aws/route53.js";
import { distribution, distributionReadStatement, originAccessControl } from "../aws/cloudfront.js";
import { bucketPolicy, privateBucket } from "../aws/s3.js";
import { getAtt, join, ref } from "../intrinsics.js";
import { APP, websiteIds } from "../names.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";
import { retained } from "./storage.js";

const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/.+$/;

export const website: Construct = {
  name: "website",
  check(ctx) {
    const domain = ctx.dsl.website?.domain;
    if (!domain) return [];
    const path = childPath(childPath(childPath(ctx.path, "website"), "domain"), "certificate");
    if (domain.certificate === undefined)
      return [`${path}: a custom domain needs an ACM certificate (in us-east-1, as CloudFront requires)`];
    const region = typeof domain.certificate === "string" ? ACM_ARN.exec(domain.certificate)?.[1] : undefined;
    if (typeof domain.certificate === "string" && region === undefined)
      return [`${path}: '${domain.certificate}' is not an ACM certificate ARN`];
    if (region !== undefined && region !== "us-east-1")
      return [`${path}: the certificate is in ${region}; CloudFront only uses certificates in us-east-1`];
    return [];
  },
  build(ctx, graph) {
    const spec = ctx.dsl.website;
    if (!spec) return;
    const out = graph.writer(childPath(ctx.path, "website"));
    out.resource(APP.websiteBucket, retained(privateBucket({ eventBridge: false }), ctx.retain(spec.retain)));
    out.resource(
      websiteIds.bucketPolicy,
      bucketPolicy(APP.websiteBucket, [distributionReadStatement(APP.websiteBucket, APP.websiteDistribution)]),
    );
    out.resource(APP.websiteOriginAccessControl, originAccessControl());
    const domain = spec.domain ? { name: spec.domain.name, certificate: spec.domain.certificate } : undefined;
    out.resource(
      APP.websiteDistribution,
      distribution({ bucketId: APP.websiteBucket, originAccessControlId: APP.websiteOriginAccessControl, spa: spec.spa ?? false, domain }),
    );
    if (spec.domain?.zone !== undefined) {
      const target = { dnsName: getAtt(APP.websiteDistribution, "DomainName"), hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID };
      out.resource(websiteIds.record, aliasRecord(spec.domain.name, spec.domain.zone, target));
      // The distribution answers on IPv6 too (`IPV6Enabled`): without AAAA, IPv6-only clients cannot reach it.
      out.resource(websiteIds.ipv6Record, aliasRecord(spec.domain.name, spec.domain.zone, target, "AAAA"));
    }
    const host = spec.domain?.name ?? getAtt(APP.websiteDistribution, "DomainName");
    out.output(websiteIds.urlOutput, typeof host === "string" ? `https://${host}` : join(["https://", host]), "URL of the website");
    out.output(APP.websiteBucket, ref(APP.websiteBucket), "Bucket to upload the website to");
    out.output(APP.websiteDistribution, ref(APP.websiteDistribution), "ID of the CloudFront distribution (to invalidate after an upload)");
  },
};
