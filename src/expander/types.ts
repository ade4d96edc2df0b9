/** Plain CloudFormation shapes produced by the expander. */
import type { ResourceType } from "./aws/resource-types.js";

export interface Resource {
  Type: ResourceType;
  Properties: Record<string, unknown>;
  DependsOn?: string[];
  DeletionPolicy?: "Retain" | "Delete";
  UpdateReplacePolicy?: "Retain" | "Delete";
  Metadata?: Record<string, unknown>;
}

export interface Output {
  Description?: string;
  Value: unknown;
}

export interface Parameter {
  Type: string;
  Description?: string;
  NoEcho?: boolean;
  Default?: string;
}

export type Template = Record<string, unknown> & {
  Resources: Record<string, unknown>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
};
