/**
 * Cognito CustomMessage trigger: the app's own e-mail for temporary passwords and password resets.
 * The templates are constant data the expander writes into this function's inline code, ahead of this
 * module: `globalThis.EMAIL_TEMPLATES = {"tempPassword": {subject, message}, "passwordReset": {...}}`
 * (not the environment: Lambda allows 4 KB of environment in all, Cognito e-mails up to 20,000 characters).
 * `{username}` and `{code}` are replaced by Cognito's placeholders, which Cognito then fills in.
 */
const TEMPLATE_BY_TRIGGER = {
  CustomMessage_AdminCreateUser: "tempPassword",
  CustomMessage_ForgotPassword: "passwordReset",
};

/** The name of the global the expander assigns the templates to (userpool.ts writes the same name). */
const TEMPLATES_GLOBAL = "EMAIL_TEMPLATES";

function render(text, request) {
  return text.split("{username}").join(request.usernameParameter).split("{code}").join(request.codeParameter);
}

async function handler(event) {
  const templates = globalThis[TEMPLATES_GLOBAL] || {};
  const name = Object.hasOwn(TEMPLATE_BY_TRIGGER, event.triggerSource) ? TEMPLATE_BY_TRIGGER[event.triggerSource] : undefined;
  const template = name && Object.hasOwn(templates, name) ? templates[name] : undefined;
  if (!template) return event;
  event.response.emailSubject = render(template.subject, event.request);
  event.response.emailMessage = render(template.message, event.request);
  return event;
}

module.exports = { handler, render, TEMPLATES_GLOBAL };
