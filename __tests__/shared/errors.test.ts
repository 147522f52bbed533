/** One error hierarchy: every error a user can see is an ActionError, with a title and a way to fix it. */
import { describe, expect, it } from '@jest/globals'
import { TokenRejectedError } from '../../src/auth/identity.js'
import { HttpProtocolError } from '../../src/http/exchange.js'
import {
  HubRateLimitError,
  HubStatusError,
  HubTimeoutError,
  HubUnreachableError
} from '../../src/hub/errors.js'
import { UnsafePathError } from '../../src/hub-cache/path-safety.js'
import { ActionError, HubResponseError, InputError } from '../../src/shared/errors.js'

const info = { status: 429, message: 'slow down', url: 'https://hub.example/api/x' }

describe('errors a user can see', () => {
  it.each([
    [
      'an input',
      new InputError('repos', 'Input "repos" must list repos, not "x".'),
      'Invalid input "repos"',
      /must list/
    ],
    [
      'a Hub answer of the wrong shape',
      new HubResponseError('whoami', 'no "name"'),
      'Unexpected answer from the Hub',
      /check that it serves/
    ],
    [
      'the Hub unreachable',
      new HubUnreachableError('https://hub.example/x', new Error('ECONNREFUSED')),
      'Hugging Face Hub unreachable',
      /could not reach https:\/\/hub\.example/
    ],
    [
      'a timeout',
      new HubTimeoutError('https://hub.example/x', 30_000, 'headers'),
      'Hugging Face Hub did not answer',
      /within 30 s/
    ],
    [
      'a Hub error status',
      new HubStatusError({ ...info, status: 500 }),
      'Hugging Face Hub error',
      /HTTP 500/
    ],
    [
      'the rate limit',
      new HubRateLimitError(info.url, 60_000, info),
      'Hugging Face Hub rate limit',
      /Re-run the job later/
    ],
    [
      'a rejected token',
      new TokenRejectedError('The Hub rejected the token.'),
      'Hugging Face token rejected',
      /rejected/
    ],
    [
      'a malformed HTTP answer',
      new HttpProtocolError('https://cdn.example/x', 'bad status line'),
      'Malformed HTTP answer',
      /passes answers through unchanged/
    ],
    [
      'an unsafe listed path',
      new UnsafePathError('acme/x', 'a\nb', 'it contains a control character'),
      'Unsafe path refused',
      /leave it out with globs/
    ],
    [
      'an unsafe cache entry',
      new UnsafePathError('acme/x', 'models--acme--x', 'it is a link', 'cache'),
      'Unsafe path refused',
      /remove it/
    ]
  ])('%s: an ActionError with its title and a fix', (_what, error, title, fix) => {
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).title).toBe(title)
    expect(error.message).toMatch(fix)
  })
})

describe('messages of whatever was thrown', () => {
  it('takes the message of anything shaped like an error, from any realm, and prints anything else', async () => {
    const { errorMessage, isErrorLike } = await import('../../src/shared/errors.js')
    const foreign = { name: 'Error', message: 'from a worker' }
    expect(isErrorLike(foreign)).toBe(true)
    expect(errorMessage(foreign)).toBe('from a worker')
    expect(errorMessage(new TypeError('typed'))).toBe('typed')
    for (const value of [null, undefined, 'text', 42, { message: 42 }, ['x']])
      expect(isErrorLike(value)).toBe(false)
    expect(errorMessage('plain text')).toBe('plain text')
    expect(errorMessage(undefined)).toBe('undefined')
    expect(errorMessage({ message: 7 })).toBe('[object Object]')
  })

  it('names each error class, as logs and tests tell them apart', () => {
    expect(new ActionError('t', 'm').name).toBe('ActionError')
    expect(new InputError('repos', 'm').name).toBe('InputError')
    expect(new HubResponseError('w', 'y').name).toBe('HubResponseError')
  })
})
