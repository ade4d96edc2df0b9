import type { Resource } from "../types.js";
import { checkovMetadata } from "./checkov.js";

export interface KeyAttribute {
  name: string;
  type: "S" | "N" | "B";
}

export interface TableProps {
  keys: KeyAttribute[];
  indexes: Array<{ name: string; keys: KeyAttribute[] }>;
  capacity?: { read: number; write: number };
  stream: boolean;
  /** The time-to-live attribute, if any. */
  ttl?: string;
}

const keySchema = (keys: KeyAttribute[]) => keys.map((key, i) => ({ AttributeName: key.name, KeyType: i === 0 ? "HASH" : "RANGE" }));

/** Every attribute used by a key, once, in first-use order (DynamoDB rejects unused or repeated ones). */
function attributeDefinitions(props: TableProps) {
  const seen = new Map<string, string>();
  for (const key of [...props.keys, ...props.indexes.flatMap((index) => index.keys)]) {
    if (!seen.has(key.name)) seen.set(key.name, key.type);
  }
  return [...seen].map(([name, type]) => ({ AttributeName: name, AttributeType: type }));
}

export function table(props: TableProps): Resource {
  const throughput = props.capacity
    ? { ProvisionedThroughput: { ReadCapacityUnits: props.capacity.read, WriteCapacityUnits: props.capacity.write } }
    : {};
  return {
    Type: "AWS::DynamoDB::Table",
    Properties: {
      BillingMode: props.capacity ? "PROVISIONED" : "PAY_PER_REQUEST",
      ...throughput,
      AttributeDefinitions: attributeDefinitions(props),
      KeySchema: keySchema(props.keys),
      ...(props.indexes.length
        ? {
            GlobalSecondaryIndexes: props.indexes.map((index) => ({
              IndexName: index.name,
              KeySchema: keySchema(index.keys),
              Projection: { ProjectionType: "ALL" },
              ...throughput,
            })),
          }
        : {}),
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      ...(props.stream ? { StreamSpecification: { StreamViewType: "NEW_AND_OLD_IMAGES" } } : {}),
      ...(props.ttl !== undefined ? { TimeToLiveSpecification: { AttributeName: props.ttl, Enabled: true } } : {}),
    },
    Metadata: checkovMetadata(["CKV_AWS_119"]),
  };
}
