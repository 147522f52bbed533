// Jest's globalSetup: every temporary file of a test run goes under one folder of its own (TMPDIR, which
// os.tmpdir(), the action's steps, Python and the servers the suites start all read), removed when the run
// ends (temp-root-teardown.mjs, which alone reads what this leaves on globalThis). The suites make thousands of
// temporary hub caches and a mutation run tens of thousands: left in /tmp, they filled this machine's disk.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export default function setup() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-auth-action-tests-'))
  // As /tmp is: the servers the suites start as root drop to users of their own (squid, nginx's workers), which
  // must reach their folders in it and may write their own temporary files.
  fs.chmodSync(root, 0o1777)
  globalThis.hfTestTemp = { root, before: process.env.TMPDIR }
  process.env.TMPDIR = root
}
