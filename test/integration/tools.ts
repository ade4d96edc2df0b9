/** The pinned Python tools installed by scripts/setup-tools.sh, and running them. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..", "..");
const bin = (venv: string, name: string) => join(ROOT, ".tools", venv, "bin", name);

export const tools = {
  cfnLint: bin("lint", "cfn-lint"),
  checkov: bin("lint", "checkov"),
  sam: bin("sam", "sam"),
  samPython: bin("sam", "python"),
  motoServer: bin("moto", "moto_server"),
};

/** Fails (never skips) when the tools are missing: the test command installs them first. */
export function requireTool(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`bash scripts/setup-tools.sh\` (npm run test:all does)`);
  return path;
}

export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}) {
  const result = spawnSync(requireTool(command), args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeout ?? 600_000,
  });
  return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "" };
}
