// CloudFront Function (cloudfront-js-2.0, viewer request) on the website's `<prefix>/*` behavior: the HTTP API's
// routes are written without the prefix (`GET /items`), so `/api/items` is sent to the API as `/items`, and
// `/api/` as `/`. The query string is a separate field and stays as it is. `PREFIX` (for example "/api") is
// declared ahead of this code by the expander (src/expander/constructs/website.ts).
// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the script's top-level handler
function handler(event) {
  var request = event.request;
  var rest = request.uri.slice(PREFIX.length);
  request.uri = rest.charAt(0) === "/" ? rest : `/${rest}`;
  return request;
}
