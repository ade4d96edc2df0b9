/** Plain CloudFormation shapes produced by the expander. */

export interface Resource {
  Type: string;
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

/** Where a generated item comes from: its DSL path, used when two items clash. */
export interface Origin {
  origin: string;
}

/** What a construct contributes. Entries keep the order they were added in (deterministic output). */
export interface Fragment {
  resources: Array<{ id: string; resource: Resource } & Origin>;
  outputs: Array<{ id: string; output: Output } & Origin>;
  parameters: Array<{ id: string; parameter: Parameter } & Origin>;
}

export const emptyFragment = (): Fragment => ({ resources: [], outputs: [], parameters: [] });

/** A small collector constructs write into; `origin` is the DSL path responsible. */
export function fragmentWriter(fragment: Fragment, origin: string) {
  return {
    resource(id: string, resource: Resource) {
      fragment.resources.push({ id, resource, origin });
    },
    output(id: string, value: unknown, description: string) {
      fragment.outputs.push({ id, output: { Description: description, Value: value }, origin });
    },
    parameter(id: string, parameter: Parameter) {
      fragment.parameters.push({ id, parameter, origin });
    },
  };
}
export type FragmentWriter = ReturnType<typeof fragmentWriter>;
