/**
 * Alerts notifier: posts to a Slack incoming webhook
 * - log events forwarded by a CloudWatch Logs subscription filter (base64 + gzip JSON in
 *   `event.awslogs.data`): one filter per log group matches every level selected, so each event's level
 *   comes from its message, by the same terms the filter matches (alert-levels.json, read by the
 *   expander too), and each level present gets one message in its colour, and
 * - CloudWatch alarm notifications delivered by SNS (a message in the app failure queue).
 * The webhook URL is the value of the Secrets Manager secret SLACK_WEBHOOK_SECRET_ARN (plain text),
 * read at the first invocation and kept for the container's life, or else SLACK_WEBHOOK_URL.
 * A failed secret read or POST throws, so Lambda reports it (and retries) rather than losing the alert;
 * a failed read is not kept, so the next invocation reads again.
 */
const { gunzipSync } = require("node:zlib");
/** [{level, terms}], most severe first: the terms of each level, as the subscription filter matches them. */
const LEVELS = require("./alert-levels.json");

/** Secrets Manager client (the SDK is loaded only when a secret is used) and the URL promise, cached. */
let client;
let webhook;

const COLOURS = { error: "#d9534f", warning: "#f0ad4e", info: "#5bc0de" };
/** Slack truncates long attachments; keep each alert readable. */
const MAX_TEXT = 3000;

function decodeLogs(data) {
  return JSON.parse(gunzipSync(Buffer.from(data, "base64")).toString("utf8"));
}

/** The most severe level whose terms the message contains (error terms win over warning terms), else info. */
function levelOf(message) {
  const found = LEVELS.find(({ terms }) => terms.some((term) => message.includes(term)));
  return found ? found.level : "info";
}

const truncate = (text) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 15)}\n... (truncated)` : text);

/** The Slack messages an event should produce (none for CloudWatch Logs control messages). */
function messages(event) {
  if (event.awslogs) {
    const payload = decodeLogs(event.awslogs.data);
    if (payload.messageType !== "DATA_MESSAGE") return [];
    const byLevel = new Map([...LEVELS.map(({ level }) => [level, []]), ["info", []]]);
    for (const e of payload.logEvents) byLevel.get(levelOf(e.message)).push(e.message.trimEnd());
    return [...byLevel]
      .filter(([, lines]) => lines.length)
      .map(([level, lines]) => ({
        attachments: [{ color: COLOURS[level], title: `${level}: ${payload.logGroup}`, text: truncate(lines.join("\n")) }],
      }));
  }
  return (event.Records || [])
    .filter((record) => record.Sns)
    .map((record) => {
      let alarm;
      try {
        alarm = JSON.parse(record.Sns.Message);
      } catch {
        alarm = { AlarmName: record.Sns.Subject || "notification", NewStateReason: record.Sns.Message };
      }
      const title = `alarm: ${alarm.AlarmName}${alarm.NewStateValue ? ` is ${alarm.NewStateValue}` : ""}`;
      const text = [alarm.AlarmDescription, alarm.NewStateReason].filter(Boolean).join("\n");
      return { attachments: [{ color: COLOURS.error, title, text: truncate(text) }] };
    });
}

/** The region in a full ARN (the secret may live in another region than the function). */
const regionOf = (arn) => arn.split(":")[3] || undefined;

function isWebhookUrl(text) {
  try {
    return /^https?:$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

async function readSecret(arn) {
  const sdk = require("@aws-sdk/client-secrets-manager");
  const region = regionOf(arn);
  client = client || new sdk.SecretsManagerClient(region ? { region } : {});
  let response;
  try {
    response = await client.send(new sdk.GetSecretValueCommand({ SecretId: arn }));
  } catch (error) {
    throw new Error(`could not read the Slack webhook URL from secret ${arn}: ${error.name}: ${error.message}`, { cause: error });
  }
  const url = (response.SecretString || "").trim();
  // Never echo the value: it is the credential.
  if (!isWebhookUrl(url))
    throw new Error(`secret ${arn} does not hold a webhook URL: its value must be the URL itself, as plain text (not JSON)`);
  return url;
}

/** The webhook URL: the secret's value, read once (a failed read is retried at the next call), or the variable's. */
function webhookUrl() {
  const arn = process.env.SLACK_WEBHOOK_SECRET_ARN;
  if (!arn) {
    const url = process.env.SLACK_WEBHOOK_URL;
    return url ? Promise.resolve(url) : Promise.reject(new Error("neither SLACK_WEBHOOK_SECRET_ARN nor SLACK_WEBHOOK_URL is set"));
  }
  webhook =
    webhook ||
    readSecret(arn).catch((error) => {
      webhook = undefined;
      throw error;
    });
  return webhook;
}

async function post(url, message) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
  });
  if (!response.ok) throw new Error(`Slack webhook answered ${response.status}: ${await response.text()}`);
}

async function handler(event) {
  const url = await webhookUrl();
  const pending = messages(event);
  for (const message of pending) await post(url, message);
  return { posted: pending.length };
}

/** setClient: a Secrets Manager client for tests; it also forgets the URL read so far. */
module.exports = {
  handler,
  messages,
  levelOf,
  regionOf,
  COLOURS,
  setClient: (c) => {
    client = c;
    webhook = undefined;
  },
};
