// A REQUEST authorizer for an HTTP API (payload 2.0, simple responses) deciding on the `auth` query
// string: `allow` authorizes, `deny` refuses (403), anything else is an error (500). The context is
// passed to the route. See "Working with AWS Lambda authorizers for HTTP APIs" in the API Gateway guide.
export const handler = async (event) => {
  const token = (event.queryStringParameters?.auth ?? "").toLowerCase();
  switch (token) {
    case "allow":
      return authResponse(true);
    case "deny":
      return authResponse(false);
    default:
      throw new Error("Error: Invalid token");
  }
};

function authResponse(isAuthorized) {
  // Whatever the route should know about the caller goes in `context`.
  return { isAuthorized, context: { stringKey: "stringval", numberKey: 123, booleanKey: true } };
}
