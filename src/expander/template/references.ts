/** Walking generated CloudFormation for the names it refers to (Ref, Fn::GetAtt, Fn::Sub, DependsOn). */

export interface Reference {
  target: string;
  /** `Ref` may name a parameter; `GetAtt` (and `${X.Attr}` in Sub) must name a resource. */
  kind: "ref" | "getAtt";
}

const SUB_VARIABLE = /\$\{([^!}][^}]*)\}/g;

function subReferences(text: string, locals: Set<string>): Reference[] {
  const found: Reference[] = [];
  for (const match of text.matchAll(SUB_VARIABLE)) {
    const name = match[1].trim();
    if (locals.has(name)) continue;
    const dot = name.indexOf(".");
    if (dot < 0) found.push({ target: name, kind: "ref" });
    else found.push({ target: name.slice(0, dot), kind: "getAtt" });
  }
  return found;
}

/** Every reference inside `value`, in document order. Hot path: plain loops, no intermediate arrays. */
export function collectReferences(value: unknown, found: Reference[] = []): Reference[] {
  if (value === null || typeof value !== "object") return found;
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, found);
    return found;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue; // only what the template holds, never what a prototype lends
    const inner = record[key];
    if (key === "Ref" && typeof inner === "string") found.push({ target: inner, kind: "ref" });
    else if (key === "Fn::GetAtt") getAttReferences(inner, found);
    else if (key === "Fn::Sub") subReferencesOf(inner, found);
    else collectReferences(inner, found);
  }
  return found;
}

function getAttReferences(inner: unknown, found: Reference[]) {
  const target = Array.isArray(inner) ? inner[0] : typeof inner === "string" ? inner.split(".")[0] : undefined;
  if (typeof target === "string") found.push({ target, kind: "getAtt" });
  if (Array.isArray(inner)) for (let i = 1; i < inner.length; i++) collectReferences(inner[i], found);
}

function subReferencesOf(inner: unknown, found: Reference[]) {
  if (typeof inner === "string") found.push(...subReferences(inner, NO_LOCALS));
  else if (Array.isArray(inner) && typeof inner[0] === "string") {
    const locals = inner[1] && typeof inner[1] === "object" ? (inner[1] as Record<string, unknown>) : {};
    found.push(...subReferences(inner[0], new Set(Object.keys(locals))));
    collectReferences(locals, found);
  }
}

const NO_LOCALS = new Set<string>();
