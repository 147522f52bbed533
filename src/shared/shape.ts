/** Shape checks for JSON from the network: nothing is used until it has the type we expect. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function isSize(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

const HEX40 = /^[0-9a-f]{40}$/
const HEX64 = /^[0-9a-f]{64}$/

export function isHex40(value: unknown): value is string {
  return typeof value === 'string' && HEX40.test(value)
}

export function isHex64(value: unknown): value is string {
  return typeof value === 'string' && HEX64.test(value)
}
