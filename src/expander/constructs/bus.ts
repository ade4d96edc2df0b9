/**
 * The app event bus (docs/dsl.md, "Bus"): `AppEventBus`, named after the stack, and with `archive` an
 * archive of every event put on it. Which events go to it is src/expander/bus.ts's business.
 */
import { archive, eventBus } from "../aws/events.js";
import { getAtt, join, ref, stackUuid, sub } from "../intrinsics.js";
import { APP } from "../names.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";

export const bus: Construct = {
  name: "bus",
  build(ctx, graph) {
    const spec = ctx.dsl.bus;
    if (!spec) return;
    const out = graph.writer(childPath(ctx.path, "bus"));
    // Bus names are unique per account and region, as stack names are.
    out.resource(APP.eventBus, eventBus(sub("${AWS::StackName}-app")));
    // Archive names are unique per account and region too, but at most 48 characters: a stack name may not fit.
    if (spec.archive !== undefined)
      out.resource(APP.eventBusArchive, archive(join([stackUuid, "-app"]), getAtt(APP.eventBus, "Arn"), spec.archive));
    out.output(APP.eventBus, ref(APP.eventBus), "Name of the app event bus");
  },
};
