/** The alerts pass: where the notifier finds the Slack webhook URL, what its role may do, and the warning. */
import { describe, expect, it } from "vitest";
import { expand } from "../../src/expander/index.js";

function expandAlerts(slack: unknown) {
  const result = expand({
    Resources: {
      App: {
        Type: "Pareto::App",
        Properties: { alerts: { slack }, functions: { report: { handler: "index.handler", timer: { rate: "1 hour" } } } },
      },
    },
  });
  if (!result.ok) throw new Error(result.errors.join("\n"));
  const resources = result.template.Resources as Record<string, any>;
  return {
    warnings: result.warnings,
    environment: resources.AppAlertsFunction.Properties.Environment.Variables,
    statements: resources.AppAlertsRole.Properties.Policies[0].PolicyDocument.Statement.slice(1),
  };
}

const PLAIN_TEXT = /alerts\.slack: the webhook URL is stored in plain text in the environment of AppAlertsFunction/;

describe("alerts: the Slack webhook URL", () => {
  it("from a secret: only the secret's ARN in the environment, and a grant to read that secret only", () => {
    const { warnings, environment, statements } = expandAlerts({ secret: { Ref: "SlackWebhookSecret" } });
    expect(environment).toEqual({ SLACK_WEBHOOK_SECRET_ARN: { Ref: "SlackWebhookSecret" } });
    expect(statements).toEqual([{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: { Ref: "SlackWebhookSecret" } }]);
    expect(warnings.filter((w) => PLAIN_TEXT.test(w))).toEqual([]);
  });

  it("uses a literal full ARN as written", () => {
    const arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pareto/slack-AbC123";
    const { environment, statements } = expandAlerts({ secret: arn });
    expect(environment).toEqual({ SLACK_WEBHOOK_SECRET_ARN: arn });
    expect(statements[0].Resource).toBe(arn);
  });

  it("with a customer managed key: kms:Decrypt on that key, through Secrets Manager only", () => {
    const { statements } = expandAlerts({ secret: { Ref: "SlackWebhookSecret" }, key: { Ref: "SlackWebhookKey" } });
    expect(statements[1]).toEqual({
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: { Ref: "SlackWebhookKey" },
      Condition: { StringEquals: { "kms:ViaService": { "Fn::Sub": "secretsmanager.${AWS::Region}.${AWS::URLSuffix}" } } },
    });
  });

  for (const [form, slack] of [
    ["a parameter", { Ref: "SlackWebhookUrl" }],
    ["a dynamic reference", "{{resolve:secretsmanager:slack-webhook:SecretString:url}}"],
  ] as const)
    it(`as the URL itself (${form}): in the environment, no grant, and a warning`, () => {
      const { warnings, environment, statements } = expandAlerts(slack);
      expect(environment).toEqual({ SLACK_WEBHOOK_URL: slack });
      expect(statements).toEqual([]);
      expect(warnings.filter((w) => PLAIN_TEXT.test(w))).toHaveLength(1);
      expect(warnings.find((w) => PLAIN_TEXT.test(w))).toMatch(/write slack: \{secret: <the secret's ARN>\}/);
    });
});

describe("alerts: slack forms the schema refuses", () => {
  const errors = (slack: unknown) => {
    const result = expand({ Resources: { App: { Type: "Pareto::App", Properties: { alerts: { slack } } } } });
    return result.ok ? [] : result.errors;
  };

  it("a partial secret ARN (no 6-character suffix: IAM would not match the real one)", () => {
    expect(errors({ secret: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:pareto/slack" })).toEqual([
      "Resources.App.Properties.alerts.slack.secret: must be the secret's full ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>) or an intrinsic function such as !Ref of an AWS::SecretsManager::Secret",
    ]);
  });

  it("a key alias instead of a key ARN", () => {
    expect(errors({ secret: { Ref: "S" }, key: "alias/slack" })).toEqual([
      "Resources.App.Properties.alerts.slack.key: must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>) or an intrinsic function",
    ]);
  });

  it("a misspelt key, with a suggestion", () => {
    expect(errors({ secrett: { Ref: "S" } })).toEqual([
      "Resources.App.Properties.alerts.slack: missing required key 'secret'",
      "Resources.App.Properties.alerts.slack.secrett: unknown key (did you mean 'secret'?)",
    ]);
  });

  it("neither form", () => {
    expect(errors(42)).toEqual([
      "Resources.App.Properties.alerts.slack: must be {secret: <secret ARN>[, key: <KMS key ARN>]} or the webhook URL (a string or an intrinsic function)",
    ]);
  });
});

describe("alerts: one subscription filter per log group", () => {
  const filters = (levels?: string[]) => {
    const result = expand({
      Resources: {
        App: {
          Type: "Pareto::App",
          Properties: {
            alerts: { slack: { secret: { Ref: "S" } }, ...(levels ? { levels } : {}) },
            functions: { report: { handler: "index.handler" } },
          },
        },
      },
    });
    if (!result.ok) throw new Error(result.errors.join("\n"));
    return Object.entries(result.template.Resources as Record<string, any>)
      .filter(([, resource]) => resource.Type === "AWS::Logs::SubscriptionFilter")
      .map(([id, resource]) => ({ id, name: resource.Properties.FilterName, pattern: resource.Properties.FilterPattern }));
  };
  const ERROR = '?ERROR ?Traceback ?"Unhandled Promise Rejection" ?"Runtime.ExitError"';
  const WARNING = '?WARN ?WARNING ?"Task timed out"';

  // The ID and name the previous version gave the most severe level's own filter: an upgrade updates it in
  // place; under anything else CloudFormation would create a third filter beside the two old ones, which
  // CloudWatch Logs refuses (docs/aws-rules.md).
  it("matches every level selected, under the ID and name of the most severe level's old filter", () => {
    expect(filters()).toEqual([{ id: "ReportErrorSubscriptionFilter", name: "pareto-error", pattern: `${ERROR} ${WARNING}` }]);
    expect(filters(["error", "warning"])).toEqual(filters());
    expect(filters(["error"])).toEqual([{ id: "ReportErrorSubscriptionFilter", name: "pareto-error", pattern: ERROR }]);
    expect(filters(["warning"])).toEqual([{ id: "ReportWarningSubscriptionFilter", name: "pareto-warning", pattern: WARNING }]);
  });
});
