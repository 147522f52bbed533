/**
 * Real Python `huggingface_hub` (1.x), installed from the wheels this machine image ships (no network),
 * to check that the fake Hub speaks the protocol Python speaks and that Python reads our cache offline.
 */
import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import fs from 'node:fs'
import path from 'node:path'
import { ROOT } from './runner.js'

export const PYTHON_HUB_DIR = path.join(ROOT, 'node_modules', '.cache', 'hf-python')
const WHEELS = process.env.HF_PYTHON_WHEELS ?? '/opt/pypi/files'

export type PythonHub =
  | { ok: true; run: (code: string, env?: Record<string, string>) => Promise<unknown> }
  | { ok: false; why: string }

export interface PythonEnvOptions {
  /** Folder below node_modules/.cache the packages are installed into. */
  target?: string
  /** pip requirements. */
  requirements?: string[]
}

/**
 * Installs the requirements (default huggingface_hub<2) into node_modules/.cache once, from the machine's
 * wheels (no network); says why when it cannot.
 */
export function pythonHub(options: PythonEnvOptions = {}): PythonHub {
  const dir = options.target ? path.join(ROOT, 'node_modules', '.cache', options.target) : PYTHON_HUB_DIR
  const requirements = options.requirements ?? ['huggingface_hub>=1,<2']
  if (!fs.existsSync(path.join(dir, 'huggingface_hub'))) {
    if (!fs.existsSync(WHEELS))
      return { ok: false, why: `no wheel folder at ${WHEELS} (set HF_PYTHON_WHEELS)` }
    const pip = spawnSync(
      'python3',
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--no-index',
        '--find-links',
        WHEELS,
        '--target',
        dir,
        ...requirements
      ],
      { encoding: 'utf8' }
    )
    if (pip.status !== 0)
      return {
        ok: false,
        why: `pip could not install ${requirements.join(' ')}: ${pip.stderr.trim().split('\n').pop()}`
      }
  }
  return {
    ok: true,
    // Asynchronous: the fake Hub usually runs in this same process and must keep answering.
    async run(code, env = {}) {
      const { stdout } = await promisify(execFile)('python3', ['-c', `import json, sys\n${code}`], {
        env: {
          PATH: process.env.PATH,
          HOME: env.HOME ?? '/nonexistent',
          PYTHONPATH: dir,
          HF_HUB_DISABLE_TELEMETRY: '1',
          ...env
        },
        encoding: 'utf8',
        timeout: 120_000,
        maxBuffer: 64 * 1024 * 1024
      })
      return JSON.parse(stdout.trim().split('\n').pop() ?? 'null')
    }
  }
}
