// Both routes answer with the event they received (the authorizer's context is in
// `requestContext.authorizer.lambda`).
export const handler = async (event) => ({
  statusCode: 200,
  body: JSON.stringify(event),
  headers: {},
});
