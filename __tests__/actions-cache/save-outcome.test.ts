/**
 * Why a toolkit save answered -1, read from its lines. The lines are the toolkit's own texts (@actions/cache 6),
 * as its `core` calls print them; the end-to-end suite checks the same against the real toolkit.
 */
import { describe, expect, it } from '@jest/globals'
import { classifySave } from '../../src/actions-cache/save-outcome.js'

const reserve = (error: string) => [
  `::debug::Failed to reserve cache: ${error}`,
  'Failed to save: Unable to reserve cache with key k, another job may be creating this cache.'
]

describe('a failed save', () => {
  it('a spent quota (the toolkit’s UsageError) stops saving', () => {
    expect(
      classifySave(
        reserve(
          'Error: Failed to CreateCacheEntry: Cache storage quota has been hit. Unable to upload any new cache entries.%0AMore info'
        )
      )
    ).toEqual({
      outcome: 'fault',
      kind: 'quota',
      message: 'insufficient usage: the cache storage quota is spent'
    })
  })

  it('a 429 gives the wait the toolkit warned of', () => {
    expect(
      classifySave([
        "::warning::You've hit a rate limit, your rate limit will reset in 38 seconds",
        ...reserve(
          'Error: Failed to CreateCacheEntry: Rate limited: Failed request: (429) Too Many Requests: too many requests'
        )
      ])
    ).toEqual({
      outcome: 'fault',
      kind: 'rate-limited',
      message: 'HTTP 429 on CreateCacheEntry',
      retryAfter: 38
    })
    expect(
      classifySave(
        reserve('Error: Failed to CreateCacheEntry: Rate limited: Failed request: (429) Too Many Requests')
      )
    ).toEqual({ outcome: 'fault', kind: 'rate-limited', message: 'HTTP 429 on CreateCacheEntry' })
  })

  it('a key another job holds is no failure', () => {
    expect(
      classifySave(
        reserve(
          'Error: Failed to CreateCacheEntry: Received non-retryable error: Failed request: (409) Conflict: cache entry with the same key, version, and scope already exists'
        )
      )
    ).toEqual({ outcome: 'exists' })
    expect(
      classifySave([
        '::warning::Unable to finalize cache with key k, another job may be finalizing this cache.'
      ])
    ).toEqual({
      outcome: 'exists'
    })
  })

  it('an outage after the toolkit’s retries, or the network, is unavailable', () => {
    expect(
      classifySave(
        reserve(
          'Error: Failed to CreateCacheEntry: Failed to make request after 5 attempts: Failed request: (500) Internal Server Error: down'
        )
      )
    ).toEqual({
      outcome: 'fault',
      kind: 'unavailable',
      message: 'Failed request: (500) Internal Server Error: down'
    })
    expect(
      classifySave([
        '::debug::Failed to reserve cache: NetworkError: Unable to make request: ECONNREFUSED%0AIf you are'
      ])
    ).toEqual({
      outcome: 'fault',
      kind: 'unavailable',
      message: 'ECONNREFUSED'
    })
    expect(classifySave(['::warning::Failed to save: socket hang up'])).toEqual({
      outcome: 'fault',
      kind: 'unavailable',
      message: 'Failed to save: socket hang up'
    })
  })

  it('the service refusing this entry alone (its size) is a refusal of that entry, in its words', () => {
    expect(
      classifySave([
        '::warning::Cache size of ~10241 MB (10738000000 B) is over the 10GB limit%2C not saving cache.'
      ])
    ).toEqual({
      outcome: 'refused',
      message: 'Cache size of ~10241 MB (10738000000 B) is over the 10GB limit, not saving cache.'
    })
    expect(classifySave([])).toEqual({ outcome: 'refused', message: 'the toolkit did not say why' })
  })

  it('takes the last warning or error, its command and properties cut, its escapes undone', () => {
    expect(
      classifySave([
        '::warning::first',
        'Cache hit for: ::warning::not a command',
        '::error file=a,line=2::too big%0D%0Ain 100%25 %3A of it',
        '::notice::not a warning'
      ])
    ).toEqual({ outcome: 'refused', message: 'too big  in 100% : of it' })
  })

  it('reads retries of many attempts', () => {
    expect(
      classifySave(['::warning::Failed to save: Failed to make request after 12 attempts: HTTP 503'])
    ).toEqual({ outcome: 'fault', kind: 'unavailable', message: 'HTTP 503' })
  })
})
