/**
 * A static website (docs/website-and-builder.md): a private bucket that only one CloudFront distribution reads
 * (origin access control), HTTPS only, compressed, security headers, optional SPA fallback, and an
 * optional custom domain with its certificate (which CloudFront needs in us-east-1) and DNS alias; with `api`, the HTTP
 * API served under a path prefix of the same origin (docs/website-and-builder.md).
 */
import { CLOUDFRONT_HOSTED_ZONE_ID, aliasRecord } from "../aws/route53.js";
import { cloudFrontCode } from "../../generated/cloudfront-code.js";
import { cloudFrontFunction, distribution, distributionReadStatement, originAccessControl } from "../aws/cloudfront.js";
import { bucketPolicy, privateBucket } from "../aws/s3.js";
import { getAtt, join, ref } from "../intrinsics.js";
import { APP, websiteIds } from "../names.js";
import { childPath } from "../validate/path.js";
import type { AppContext } from "../context.js";
import type { GraphWriter } from "../graph.js";
import type { Construct, Report } from "./construct.js";
import { retained } from "./storage.js";

const ACM_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/.+$/;

function checkApi(ctx: AppContext): string[] {
  const prefix = ctx.dsl.website?.api;
  if (prefix === undefined || ctx.has.api) return [];
  return [
    `${childPath(childPath(ctx.path, "website"), "api")}: the website serves the HTTP API under '${prefix}', but the app has no API (give a function an \`endpoint\`)`,
  ];
}

/** The functions that put the API under its prefix (and, for a SPA, serve the app's routes): the prefix is declared ahead of the code. */
function apiRewrites(out: GraphWriter, prefix: string, spa: boolean) {
  out.resource(
    websiteIds.apiRewrite,
    cloudFrontFunction(
      "api-rewrite",
      `Removes ${prefix} before the HTTP API`,
      `var PREFIX = ${JSON.stringify(prefix)};\n${cloudFrontCode.websiteApiRewrite}`,
    ),
  );
  if (spa)
    out.resource(
      websiteIds.spaRewrite,
      cloudFrontFunction("spa-rewrite", "Serves /index.html for the app's routes", cloudFrontCode.websiteSpaRewrite),
    );
  return { prefix, apiId: APP.api, rewriteId: websiteIds.apiRewrite, ...(spa ? { spaRewriteId: websiteIds.spaRewrite } : {}) };
}

/** A SigV4 signature covers the host and path the caller signed, which the website's API behavior changes. */
function warnSignedRoutes(ctx: AppContext, report: Report) {
  const signed = ctx.functions.flatMap((fn) => fn.routes.filter((endpoint) => endpoint.auth === "iam").map(() => fn.name));
  if (signed.length)
    report.warn(
      `${childPath(childPath(ctx.path, "website"), "api")}: routes with auth: iam (functions ${[...new Set(signed)].join(", ")}) cannot be called through the website, whose host and path differ from what the caller signed; call them at the API's URL (output AppApi)`,
    );
}

function checkDomain(ctx: AppContext): string[] {
  const domain = ctx.dsl.website?.domain;
  if (!domain) return [];
  const path = childPath(childPath(childPath(ctx.path, "website"), "domain"), "certificate");
  if (domain.certificate === undefined) return [`${path}: a custom domain needs an ACM certificate (in us-east-1, as CloudFront requires)`];
  const region = typeof domain.certificate === "string" ? ACM_ARN.exec(domain.certificate)?.[1] : undefined;
  if (typeof domain.certificate === "string" && region === undefined)
    return [`${path}: '${domain.certificate}' is not an ACM certificate ARN`];
  if (region !== undefined && region !== "us-east-1")
    return [`${path}: the certificate is in ${region}; CloudFront only uses certificates in us-east-1`];
  return [];
}

export const website: Construct = {
  name: "website",
  check(ctx) {
    return [...checkDomain(ctx), ...checkApi(ctx)];
  },
  build(ctx, graph, report) {
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
    const spa = spec.spa ?? false;
    const api = spec.api !== undefined && ctx.has.api ? apiRewrites(out, spec.api, spa) : undefined;
    if (api) warnSignedRoutes(ctx, report);
    out.resource(
      APP.websiteDistribution,
      distribution({
        bucketId: APP.websiteBucket,
        originAccessControlId: APP.websiteOriginAccessControl,
        spa,
        domain,
        ...(api ? { api } : {}),
      }),
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
