/** CloudFormation shows `errorMessage` in one line of the console: keep it readable. */
export const MAX_MESSAGE_LENGTH = 1000;

export function summarise(errors: string[]): string {
  const head = `${errors.length} error${errors.length === 1 ? "" : "s"}: `;
  let message = head;
  let shown = 0;
  for (const error of errors) {
    const next = `${shown ? "; " : ""}${error}`;
    if (message.length + next.length > MAX_MESSAGE_LENGTH) break;
    message += next;
    shown++;
  }
  if (shown === 0) message += `${errors[0].slice(0, MAX_MESSAGE_LENGTH - head.length - 3)}...`;
  if (shown < errors.length && shown > 0) message += `; and ${errors.length - shown} more (see the macro's logs)`;
  return message;
}
