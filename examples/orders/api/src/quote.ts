/** POST /quotes: prices order lines without storing anything. */
import { answer, json, parseBody, type HttpEvent } from "./lib/http";
import { parseLines, price } from "./lib/pricing";

export const handler = (event: HttpEvent) => answer(() => json(200, price(parseLines(parseBody(event)))));
