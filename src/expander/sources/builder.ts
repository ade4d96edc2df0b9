/** `source: builder`: the layer builder's CodeBuild state changes, sent to EventBridge by CodeBuild. */
import { ref } from "../intrinsics.js";
import { APP } from "../names.js";
import type { Source } from "./source.js";

export const builder: Source = {
  token: { argument: false },
  missing: (ctx) => (ctx.has.builder ? undefined : "the app has no builder (add `builder: {}`)"),
  binding: () => ({ source: ["aws.codebuild"], detail: { "project-name": [ref(APP.builderProject)] } }),
  // CodeBuild build notifications (CodeBuild user guide, "Build notifications input format reference").
  detail: {
    "build-status": null,
    "project-name": null,
    "build-id": null,
    "additional-information": null,
    "current-phase": null,
    "current-phase-context": null,
    version: null,
    "completed-phase": null,
    "completed-phase-status": null,
    "completed-phase-duration-seconds": null,
    "completed-phase-start": null,
    "completed-phase-end": null,
  },
  node: () => ({ shape: "service", text: "layer builder" }),
};
