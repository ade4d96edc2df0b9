/**
 * Cognito CustomMessage trigger: the app's own e-mail for temporary passwords and password resets
 * (EMAIL_TEMPLATES = {"tempPassword": {subject, message}, "passwordReset": {subject, message}}).
 * `{username}` and `{code}` are replaced by Cognito's placeholders, which Cognito then fills in.
 */
const TEMPLATE_BY_TRIGGER = {
  CustomMessage_AdminCreateUser: "tempPassword",
  CustomMessage_ForgotPassword: "passwordReset",
};

function render(text, request) {
  return text.split("{username}").join(request.usernameParameter).split("{code}").join(request.codeParameter);
}

async function handler(event) {
  const templates = JSON.parse(process.env.EMAIL_TEMPLATES || "{}");
  const template = templates[TEMPLATE_BY_TRIGGER[event.triggerSource]];
  if (!template) return event;
  event.response.emailSubject = render(template.subject, event.request);
  event.response.emailMessage = render(template.message, event.request);
  return event;
}

module.exports = { handler, render };
