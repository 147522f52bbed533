// Stands in for @actions/exec where @actions/core imports it (see scripts/stand-ins.mjs): core loads it at start
// for platform.getDetails() alone, and with it child_process and @actions/io. This facade keeps what that
// uses (getExecOutput) and loads the real module on the first call. The bundle script replaces the
// '@actions/exec/' prefix below with the path of the real package, as core would resolve it.
export async function getExecOutput(commandLine, args, options) {
  const exec = await import('@actions/exec/lib/exec.js')
  return exec.getExecOutput(commandLine, args, options)
}
