/** A user's text in a message, cut so that a huge value does not make a huge message. */
export const shown = (text: string) => (text.length > 60 ? `${text.slice(0, 40)}... (${text.length} characters)` : text);

/** DSL paths as users read them: `Resources.App.Properties.functions.hello.events[0].pattern`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return /^[A-Za-z0-9_$-]+$/.test(key) ? `${parent}.${shown(key)}` : `${parent}[${JSON.stringify(shown(key))}]`;
}
