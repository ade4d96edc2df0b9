/**
 * Alerts notifier: posts to a Slack incoming webhook (SLACK_WEBHOOK_URL)
 * - log events forwarded by CloudWatch Logs subscription filters (base64 + gzip JSON in
 *   `event.awslogs.data`; the filter name ends in -warning or -error, which sets the colour), and
 * - CloudWatch alarm notifications delivered by SNS (a message in the app failure queue).
 * A failed POST throws, so Lambda reports it (and retries) rather than losing the alert.
 */
const { gunzipSync } = require("node:zlib");

const COLOURS = { error: "#d9534f", warning: "#f0ad4e", info: "#5bc0de" };
/** Slack truncates long attachments; keep each alert readable. */
const MAX_TEXT = 3000;

function decodeLogs(data) {
  return JSON.parse(gunzipSync(Buffer.from(data, "base64")).toString("utf8"));
}

function levelOf(payload) {
  const filter = (payload.subscriptionFilters || []).join(" ");
  if (/-error\b/.test(filter)) return "error";
  if (/-warning\b/.test(filter)) return "warning";
  const text = (payload.logEvents || []).map((e) => e.message).join("\n");
  if (/ERROR|Traceback/.test(text)) return "error";
  if (/WARN|Task timed out/.test(text)) return "warning";
  return "info";
}

const truncate = (text) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 15)}\n... (truncated)` : text);

/** The Slack messages an event should produce (none for CloudWatch Logs control messages). */
function messages(event) {
  if (event.awslogs) {
    const payload = decodeLogs(event.awslogs.data);
    if (payload.messageType !== "DATA_MESSAGE") return [];
    const level = levelOf(payload);
    const text = payload.logEvents.map((e) => e.message.trimEnd()).join("\n");
    return [{ attachments: [{ color: COLOURS[level], title: `${level}: ${payload.logGroup}`, text: truncate(text) }] }];
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

async function post(url, message) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(message),
  });
  if (!response.ok) throw new Error(`Slack webhook answered ${response.status}: ${await response.text()}`);
}

async function handler(event) {
  const url = process.env.SLACK_WEBHOOK_URL;
  const pending = messages(event);
  for (const message of pending) await post(url, message);
  return { posted: pending.length };
}

module.exports = { handler, messages, levelOf, COLOURS };
