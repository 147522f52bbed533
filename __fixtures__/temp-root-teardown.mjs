// Jest's globalTeardown: removes the run's temporary folder (temp-root-setup.mjs) and puts TMPDIR back.
import fs from 'node:fs'

export default function teardown() {
  const temp = globalThis.hfTestTemp
  if (!temp) return
  delete globalThis.hfTestTemp
  if (temp.before === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = temp.before
  fs.rmSync(temp.root, { recursive: true, force: true, maxRetries: 3 })
}
