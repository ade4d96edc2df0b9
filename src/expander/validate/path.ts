/** DSL paths as users read them: `Resources.App.Properties.functions.hello.events[0].pattern`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return /^[A-Za-z0-9_$-]+$/.test(key) ? `${parent}.${key}` : `${parent}["${key}"]`;
}
