import { createRequire } from "node:module";

/** Runtime modules are CommonJS (they run as a Lambda's index.js). */
export const load = createRequire(import.meta.url);

/** A fake SDK client: answers each command with `answer(command)` and records what it was sent. */
export function fakeClient(answer: (command: { input: any; constructor: { name: string } }) => unknown) {
  const sent: Array<{ name: string; input: any }> = [];
  return {
    sent,
    send: async (command: any) => {
      sent.push({ name: command.constructor.name, input: command.input });
      const result = answer(command);
      if (result instanceof Error) throw result;
      return result;
    },
  };
}
