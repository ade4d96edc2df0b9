/**
 * The resource graph: what constructs emit and passes rewrite before assembly (docs/architecture.md).
 * Nodes keep the order they were added in, so output is deterministic; each node says which DSL path
 * is responsible for it and, for a generated function, its namespace.
 */
import type { Output, Parameter, Resource } from "./types.js";

export interface Node {
  id: string;
  resource: Resource;
  /** The DSL path responsible (errors and clash messages name it). */
  origin: string;
  /** On the `AWS::Lambda::Function` of a generated function: its namespace (`functionIds(namespace)`). */
  functionNamespace?: string;
  /**
   * The user function this resource belongs to: it goes wherever that function goes when the app is
   * split into nested stacks (docs/scaling.md). Shared and stateful resources have none: they stay in the root.
   */
  unit?: string;
  /** The nested stack that holds this resource (set by the pass `partition`); none: the root stack. */
  stack?: string;
  /**
   * The resource means "this stack" (it names `AWS::StackName` or `AWS::StackId` to cover the stack's own
   * resources): each nested stack whose resources refer to it gets its own copy.
   */
  perStack?: boolean;
}

export interface OutputEntry {
  id: string;
  output: Output;
  origin: string;
}

export interface ParameterEntry {
  id: string;
  parameter: Parameter;
  origin: string;
}

export class ResourceGraph {
  readonly nodes: Node[] = [];
  readonly outputs: OutputEntry[] = [];
  readonly parameters: ParameterEntry[] = [];
  /** The first node of each ID (a second one is a clash that assembly reports). */
  private readonly byId = new Map<string, Node>();

  add(node: Node, after?: string) {
    const at = after === undefined ? -1 : this.nodes.findIndex((n) => n.id === after);
    if (at < 0) this.nodes.push(node);
    else this.nodes.splice(at + 1, 0, node);
    if (!this.byId.has(node.id)) this.byId.set(node.id, node);
  }

  /** Adds each node after the node `after` names, in one walk over the graph (a pass adding many). */
  addAfter(entries: ReadonlyArray<{ node: Node; after: string }>) {
    const following = new Map<string, Node[]>();
    for (const { node, after } of entries) following.set(after, [...(following.get(after) ?? []), node]);
    const nodes = this.nodes.flatMap((node) => [node, ...(following.get(node.id) ?? [])]);
    this.nodes.length = 0;
    for (const node of nodes) this.nodes.push(node);
    for (const { node } of entries) if (!this.byId.has(node.id)) this.byId.set(node.id, node);
  }

  get(id: string): Node | undefined {
    return this.byId.get(id);
  }

  ofType(type: Resource["Type"]): Node[] {
    return this.nodes.filter((node) => node.resource.Type === type);
  }

  /** A writer that stamps everything it adds with one DSL origin and, for a user function's resources, its unit. */
  writer(origin: string, unit?: string) {
    const owner = unit === undefined ? {} : { unit };
    return {
      resource: (id: string, resource: Resource, meta: Pick<Node, "functionNamespace" | "perStack" | "unit"> = {}) => {
        this.add({ id, resource, origin, ...owner, ...meta });
      },
      output: (id: string, value: unknown, description: string) => {
        this.outputs.push({ id, output: { Description: description, Value: value }, origin });
      },
      parameter: (id: string, parameter: Parameter) => {
        this.parameters.push({ id, parameter, origin });
      },
    };
  }
}

export type GraphWriter = ReturnType<ResourceGraph["writer"]>;
