// CloudFront Function (cloudfront-js-2.0, viewer request) on a single-page app's bucket behavior when the website also
// serves the API: the distribution's error responses would turn the API's 403 and 404 into the app shell, so the
// app's own routes are rewritten instead. A path whose last segment has no file extension (`/orders/42`) is a
// client-side route and gets `/index.html`; a file (`/app.js`, `/logo.svg`) is served as it is, or not found.
// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls the script's top-level handler
function handler(event) {
  var request = event.request;
  var last = request.uri.slice(request.uri.lastIndexOf("/") + 1);
  if (last.indexOf(".") < 0) request.uri = "/index.html";
  return request;
}
