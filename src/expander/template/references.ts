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

/** Every reference inside `value`, in document order. */
export function collectReferences(value: unknown, found: Reference[] = []): Reference[] {
  if (Array.isArray(value)) {
    value.forEach((item) => collectReferences(item, found));
    return found;
  }
  if (value === null || typeof value !== "object") return found;
  for (const [key, inner] of Object.entries(value)) {
    if (key === "Ref" && typeof inner === "string") found.push({ target: inner, kind: "ref" });
    else if (key === "Fn::GetAtt") {
      const target = Array.isArray(inner) ? inner[0] : typeof inner === "string" ? inner.split(".")[0] : undefined;
      if (typeof target === "string") found.push({ target, kind: "getAtt" });
      if (Array.isArray(inner)) collectReferences(inner.slice(1), found);
    } else if (key === "Fn::Sub") {
      if (typeof inner === "string") found.push(...subReferences(inner, new Set()));
      else if (Array.isArray(inner) && typeof inner[0] === "string") {
        const locals = inner[1] && typeof inner[1] === "object" ? inner[1] : {};
        found.push(...subReferences(inner[0], new Set(Object.keys(locals))));
        collectReferences(locals, found);
      }
    } else collectReferences(inner, found);
  }
  return found;
}
