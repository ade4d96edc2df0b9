/**
 * CORS as the DSL writes it (`api.cors`, `functions.<f>.url.cors`) and as the HTTP API and function URLs take it:
 * both use the same property names (`AllowOrigins`, ...). Each schema bounds its own values.
 */
import type { Cors } from "../aws/apigatewayv2.js";
import { childPath } from "../validate/path.js";

export interface CorsSpec {
  origins?: readonly unknown[];
  headers?: readonly unknown[];
  methods?: readonly string[];
  exposeHeaders?: readonly unknown[];
  maxAge?: number;
  credentials?: boolean;
}

export function corsProperties(spec: CorsSpec | undefined): Cors | undefined {
  if (!spec) return undefined;
  return {
    ...(spec.origins ? { AllowOrigins: [...spec.origins] } : {}),
    ...(spec.headers ? { AllowHeaders: [...spec.headers] } : {}),
    ...(spec.methods ? { AllowMethods: [...spec.methods] } : {}),
    ...(spec.exposeHeaders ? { ExposeHeaders: [...spec.exposeHeaders] } : {}),
    ...(spec.maxAge !== undefined ? { MaxAge: spec.maxAge } : {}),
    ...(spec.credentials !== undefined ? { AllowCredentials: spec.credentials } : {}),
  };
}

/** Browsers refuse a credentialed response whose allowed origin is `*` (and API Gateway the configuration). `path`: the `cors` key. */
export function credentialsWithWildcard(spec: CorsSpec | undefined, path: string): string[] {
  if (!spec?.credentials) return [];
  const at = (spec.origins ?? []).indexOf("*");
  return at < 0
    ? []
    : [
        `${childPath(childPath(path, "origins"), at)}: origin '*' cannot be combined with credentials: true; list the origins that may send credentials`,
      ];
}
