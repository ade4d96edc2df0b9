/** SNS topics and subscriptions (docs/aws-rules.md, "SNS topics"). */
import type { Resource } from "../types.js";

/**
 * The AWS managed key for SNS: messages are encrypted at rest at no key cost, and any principal of the
 * account that may use the topic may publish (the key's policy allows use through SNS by the account).
 */
export const SNS_MANAGED_KEY = "alias/aws/sns";

export interface TopicProps {
  fifo: boolean;
  /** FIFO only: SNS derives the deduplication ID from the body. */
  contentBasedDeduplication: boolean;
}

/**
 * A topic encrypted with the AWS managed key. No name: CloudFormation generates one, with the `.fifo`
 * suffix SNS requires when the topic is FIFO.
 */
export function topic(props: TopicProps): Resource {
  return {
    Type: "AWS::SNS::Topic",
    Properties: {
      KmsMasterKeyId: SNS_MANAGED_KEY,
      ...(props.fifo ? { FifoTopic: true } : {}),
      ...(props.contentBasedDeduplication ? { ContentBasedDeduplication: true } : {}),
    },
  };
}

export type SubscriptionProtocol = "lambda" | "sqs" | "email" | "https";

export interface SubscriptionProps {
  topicArn: unknown;
  protocol: SubscriptionProtocol;
  endpoint: unknown;
  /** Matched against the message body (`FilterPolicyScope: MessageBody`). */
  filterPolicy?: unknown;
  /** Where SNS puts the messages it could not deliver. */
  deadLetterArn?: unknown;
}

export function subscription(props: SubscriptionProps): Resource {
  return {
    Type: "AWS::SNS::Subscription",
    Properties: {
      TopicArn: props.topicArn,
      Protocol: props.protocol,
      Endpoint: props.endpoint,
      ...(props.filterPolicy !== undefined ? { FilterPolicyScope: "MessageBody", FilterPolicy: props.filterPolicy } : {}),
      ...(props.deadLetterArn !== undefined ? { RedrivePolicy: { deadLetterTargetArn: props.deadLetterArn } } : {}),
    },
  };
}
