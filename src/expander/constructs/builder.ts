/**
 * The layer builder (docs/website-and-builder.md): a CodeBuild project that builds a Lambda layer zip from npm or
 * pip packages named when a build starts, into the app bucket under `layers/`. Its role may write only
 * there and to its own log group. `source: builder` events react to its builds.
 */
import { DEFAULTS } from "../../generated/defaults.js";
import { layerBuildspec } from "../../generated/texts.js";
import { project } from "../aws/codebuild.js";
import { serviceRole } from "../aws/iam.js";
import { logGroup } from "../aws/logs.js";
import { getAtt, ref, sub } from "../intrinsics.js";
import { APP, builderIds } from "../names.js";
import { childPath } from "../validate/path.js";
import type { Construct } from "./construct.js";

export const builder: Construct = {
  name: "builder",
  check(ctx) {
    if (!ctx.dsl.builder || ctx.has.bucket) return [];
    return [`${childPath(ctx.path, "builder")}: the builder writes layers to the app bucket; add \`bucket: {}\``];
  },
  build(ctx, graph) {
    const spec = ctx.dsl.builder;
    if (!spec) return;
    const out = graph.writer(childPath(ctx.path, "builder"));
    out.resource(builderIds.logGroup, logGroup(sub("/aws/codebuild/${AWS::StackName}/builder"), ctx.logRetention));
    out.resource(
      builderIds.role,
      serviceRole("codebuild.amazonaws.com", [
        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: getAtt(builderIds.logGroup, "Arn") },
        // `aws s3 cp` uploads large zips in parts, and cleans up a failed one.
        { Effect: "Allow", Action: ["s3:AbortMultipartUpload", "s3:PutObject"], Resource: sub(`\${${APP.bucket}.Arn}/layers/*`) },
      ]),
    );
    out.resource(
      APP.builderProject,
      project({
        roleId: builderIds.role,
        logGroupId: builderIds.logGroup,
        buildspec: layerBuildspec,
        computeType: spec.computeType ?? DEFAULTS.builder.computeType,
        timeoutMinutes: spec.timeout ?? DEFAULTS.builder.timeout,
        environment: { BUCKET: ref(APP.bucket), LAYER_RUNTIME: "python", PYTHON_VERSION: "3.13", ARCHITECTURE: "x86_64" },
      }),
    );
    out.output(APP.builderProject, ref(APP.builderProject), "Name of the layer builder (aws codebuild start-build --project-name ...)");
  },
};
