// Stands in for @actions/exec where @actions/core imports it (see scripts/bundle.mjs): core loads it at start
// for platform.getDetails() alone, and with it child_process and @actions/io. This facade keeps what that
// uses (getExecOutput) and loads the real module on the first call.
export async function getExecOutput(commandLine, args, options) {
  const exec = await import('../../../../exec/lib/exec.js')
  return exec.getExecOutput(commandLine, args, options)
}
