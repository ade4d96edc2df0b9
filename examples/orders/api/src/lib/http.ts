/** HTTP API (payload 2.0) helpers shared by the handlers. */
export interface HttpEvent {
  body?: string;
  isBase64Encoded?: boolean;
}

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export const json = (statusCode: number, value: unknown): HttpResult => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(value),
});

/** The request body parsed as JSON; API Gateway base64-encodes bodies it does not treat as text. */
export function parseBody(event: HttpEvent): unknown {
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? "", "base64").toString("utf8") : event.body;
  try {
    return JSON.parse(text || "{}");
  } catch {
    throw new InvalidRequest("the body must be JSON");
  }
}

/** A client error: answered with 400 and its message. */
export class InvalidRequest extends Error {}

/** Runs a handler body, turning InvalidRequest into a 400 answer. */
export async function answer(work: () => Promise<HttpResult> | HttpResult): Promise<HttpResult> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InvalidRequest) return json(400, { error: error.message });
    throw error;
  }
}
