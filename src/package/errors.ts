/** Problems in the template or the code that stop packaging: printed one per line (exit 1). */
export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

/** S3 refused the upload or could not be reached (exit 3): the build itself was fine. */
export class UploadError extends Error {}
