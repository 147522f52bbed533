// Jest's globalTeardown: removes the run's temporary folder (temp-root-setup.mjs) and puts TMPDIR back.
import fs from 'node:fs'

export default function teardown() {
  const root = process.env.HF_TEST_TEMP_ROOT
  if (!root) return
  if (process.env.HF_TEST_TEMP_BEFORE) process.env.TMPDIR = process.env.HF_TEST_TEMP_BEFORE
  else delete process.env.TMPDIR
  delete process.env.HF_TEST_TEMP_ROOT
  delete process.env.HF_TEST_TEMP_BEFORE
  fs.rmSync(root, { recursive: true, force: true, maxRetries: 3 })
}
