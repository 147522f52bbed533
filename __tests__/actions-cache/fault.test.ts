/** What an answer of the cache service that is not a success means for the budget. */
import { describe, expect, it } from '@jest/globals'
import { faultOfStatus, isQuotaMessage, ServiceFault } from '../../src/actions-cache/fault.js'

describe('faultOfStatus', () => {
  it('sorts statuses: 5xx and 408 may pass, 429 is a rate limit, the rest a refusal', () => {
    expect(faultOfStatus(500, '')).toMatchObject({ kind: 'unavailable', message: 'HTTP 500' })
    expect(faultOfStatus(408, 'slow')).toMatchObject({ kind: 'unavailable', message: 'HTTP 408: slow' })
    expect(faultOfStatus(499, '')).toMatchObject({ kind: 'refused' })
    expect(faultOfStatus(404, 'gone')).toMatchObject({ kind: 'refused', message: 'HTTP 404: gone' })
    expect(faultOfStatus(507, 'insufficient usage to create')).toMatchObject({ kind: 'quota' })
  })

  it('keeps a 429’s wait only when it is a whole number of seconds over 0', () => {
    expect(faultOfStatus(429, '', '30')).toMatchObject({ kind: 'rate-limited', retryAfter: 30 })
    for (const bad of ['0', '-5', 'soon', '', null, undefined])
      expect(faultOfStatus(429, '', bad).retryAfter).toBeUndefined()
  })

  it('is a ServiceFault by name, and knows the toolkit’s quota message', () => {
    const fault = new ServiceFault('timeout', 'no answer')
    expect(fault).toBeInstanceOf(Error)
    expect(fault.name).toBe('ServiceFault')
    expect(isQuotaMessage('Cache storage: insufficient usage')).toBe(true)
    expect(isQuotaMessage('insufficient funds')).toBe(false)
  })
})
