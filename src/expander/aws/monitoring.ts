import { getAtt, ref } from "../intrinsics.js";
import type { Resource } from "../types.js";
import { checkovMetadata } from "./checkov.js";
import { subscription } from "./sns.js";

/** An SNS topic for alarm notifications. */
export function alarmTopic(): Resource {
  return {
    Type: "AWS::SNS::Topic",
    Properties: {},
    Metadata: checkovMetadata(["CKV_AWS_26"]),
  };
}

export function lambdaSubscription(topicId: string, functionId: string): Resource {
  return subscription({ topicArn: ref(topicId), protocol: "lambda", endpoint: getAtt(functionId, "Arn") });
}

/** Alarms as soon as one message is waiting in a queue. */
export function queueNotEmptyAlarm(queueId: string, topicId: string, description: string): Resource {
  return {
    Type: "AWS::CloudWatch::Alarm",
    Properties: {
      AlarmDescription: description,
      Namespace: "AWS/SQS",
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: getAtt(queueId, "QueueName") }],
      Statistic: "Maximum",
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
      AlarmActions: [ref(topicId)],
    },
  };
}
