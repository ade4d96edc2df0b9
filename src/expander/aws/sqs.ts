import { getAtt } from "../intrinsics.js";
import type { Resource } from "../types.js";
import { checkovMetadata } from "./checkov.js";

export const FOURTEEN_DAYS = 1_209_600;

export interface QueueProps {
  visibilityTimeout?: number;
  retention?: number;
  deadLetter?: { queueId: string; maxReceiveCount: number };
  /** A FIFO queue: its name (it must end in `.fifo`) and whether a hash of the body deduplicates. */
  fifo?: { name: unknown; contentDeduplication: boolean };
}

/** An SQS queue with SQS-managed encryption, optionally FIFO, optionally redriving to a dead-letter queue. */
export function queue(props: QueueProps): Resource {
  return {
    Type: "AWS::SQS::Queue",
    Properties: {
      ...(props.fifo
        ? { QueueName: props.fifo.name, FifoQueue: true, ...(props.fifo.contentDeduplication ? { ContentBasedDeduplication: true } : {}) }
        : {}),
      SqsManagedSseEnabled: true,
      ...(props.visibilityTimeout !== undefined ? { VisibilityTimeout: props.visibilityTimeout } : {}),
      ...(props.retention !== undefined ? { MessageRetentionPeriod: props.retention } : {}),
      ...(props.deadLetter
        ? {
            RedrivePolicy: {
              deadLetterTargetArn: getAtt(props.deadLetter.queueId, "Arn"),
              maxReceiveCount: props.deadLetter.maxReceiveCount,
            },
          }
        : {}),
    },
    Metadata: checkovMetadata(["CKV_AWS_27"]),
  };
}

/** Who may send to a queue: one statement per service, each limited to the given source ARNs. */
export function queuePolicy(queueUrl: unknown, statements: unknown[]): Resource {
  return {
    Type: "AWS::SQS::QueuePolicy",
    Properties: {
      Queues: [queueUrl],
      PolicyDocument: { Version: "2012-10-17", Statement: statements },
    },
  };
}
