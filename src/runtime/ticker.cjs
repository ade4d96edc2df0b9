/**
 * Sub-minute ticker: invoked once a minute, it sends 60/N messages to its queue with DelaySeconds
 * 0, N, 2N, ... (QUEUE_URL, INTERVAL_SECONDS); the target function consumes them, one per tick.
 * Any message SQS did not accept fails the invocation (so it is retried or reaches the failure queue).
 */
const { SQSClient, SendMessageBatchCommand } = require("@aws-sdk/client-sqs");

let client;
const BATCH = 10;

function tickMessages(intervalSeconds, now) {
  const count = Math.floor(60 / intervalSeconds);
  return Array.from({ length: count }, (_, i) => ({
    Id: `tick-${i}`,
    DelaySeconds: i * intervalSeconds,
    MessageBody: JSON.stringify({
      tick: i,
      intervalSeconds,
      scheduledAt: new Date(now.getTime() + i * intervalSeconds * 1000).toISOString(),
    }),
  }));
}

async function handler() {
  client = client || new SQSClient({});
  const messages = tickMessages(Number(process.env.INTERVAL_SECONDS), new Date());
  for (let start = 0; start < messages.length; start += BATCH) {
    const response = await client.send(
      new SendMessageBatchCommand({ QueueUrl: process.env.QUEUE_URL, Entries: messages.slice(start, start + BATCH) }),
    );
    if (response.Failed && response.Failed.length)
      throw new Error(`SQS refused ${response.Failed.length} tick(s): ${response.Failed.map((f) => f.Message).join("; ")}`);
  }
  return { sent: messages.length };
}

module.exports = { handler, tickMessages, setClient: (c) => (client = c) };
