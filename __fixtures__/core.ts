/** Typed jest mocks of @actions/core for unit tests (as actions/typescript-action does). */
import { jest } from '@jest/globals'
import type * as core from '@actions/core'

export const inputs: Record<string, string> = {}

/** The toolkit's exit codes (an enum there). */
export const ExitCode = { Success: 0, Failure: 1 } as const

export const getInput = jest.fn<typeof core.getInput>((name: string, options?: core.InputOptions) => {
  const value = inputs[name] ?? ''
  return options?.trimWhitespace === false ? value : value.trim()
})
export const setSecret = jest.fn<typeof core.setSecret>()
export const exportVariable = jest.fn<typeof core.exportVariable>()
export const setOutput = jest.fn<typeof core.setOutput>()
export const saveState = jest.fn<typeof core.saveState>()
export const getState = jest.fn<typeof core.getState>(() => '')
export const info = jest.fn<typeof core.info>()
export const debug = jest.fn<typeof core.debug>()
export const warning = jest.fn<typeof core.warning>()
export const error = jest.fn<typeof core.error>()
export const setFailed = jest.fn<typeof core.setFailed>()
export const startGroup = jest.fn<typeof core.startGroup>()
export const endGroup = jest.fn<typeof core.endGroup>()
export const isDebug = jest.fn<typeof core.isDebug>(() => false)
export const getIDToken = jest.fn<typeof core.getIDToken>()

export function resetCoreMock(): void {
  for (const key of Object.keys(inputs)) delete inputs[key]
  for (const mock of [
    getInput,
    setSecret,
    exportVariable,
    setOutput,
    saveState,
    getState,
    info,
    debug,
    warning,
    error,
    setFailed,
    startGroup,
    endGroup,
    getIDToken
  ]) {
    mock.mockClear()
  }
}
