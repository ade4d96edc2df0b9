// HTTP API (payload 2.0) helpers shared by the endpoint handlers.

/** A JSON response. */
export const json = (statusCode, body) => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

/** The request body as JSON, or undefined when it is missing or not JSON. */
export function readBody(event) {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
