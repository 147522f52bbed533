import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'
import { HostileProxy } from '../../__fixtures__/hostile-proxy.js'

jest.unstable_mockModule('@actions/core', () => core)
const { closeProxies, maskProxyCredentials, onProxiesClose, proxyFor } =
  await import('../../src/http/proxy.js')
const { fetchThrough } = await import('../../src/http/proxy-fetch.js')
const { redact } = await import('../../src/shared/safe-text.js')

beforeEach(() => core.resetCoreMock())

describe('proxy credentials', () => {
  it('masks the password alone, user:password (encoded and decoded) and their Basic value, at once', () => {
    maskProxyCredentials({ https_proxy: 'http://ci%40corp:p%40ss%3Aw0rd-42@proxy.corp:3128' })
    const masked = core.setSecret.mock.calls.map(([secret]) => secret)
    expect(masked).toEqual(
      expect.arrayContaining([
        'p%40ss%3Aw0rd-42',
        'p@ss:w0rd-42',
        'ci%40corp:p%40ss%3Aw0rd-42',
        'ci@corp:p@ss:w0rd-42',
        Buffer.from('ci@corp:p@ss:w0rd-42').toString('base64')
      ])
    )
    // Cut from the action's own lines too, the user name with it.
    expect(redact('proxy said: bad credentials ci@corp:p@ss:w0rd-42')).toBe('proxy said: bad credentials ***')
    expect(redact('password p@ss:w0rd-42 refused')).toBe('password *** refused')
  })

  it('masks nothing for a proxy without a password, or a variable that is no URL', () => {
    maskProxyCredentials({ http_proxy: 'http://proxy.corp:3128', HTTPS_PROXY: 'not a url' })
    expect(core.setSecret).not.toHaveBeenCalled()
  })

  it('masks the credentials of a proxy as soon as a request is routed through it', () => {
    const saved = { ...process.env }
    try {
      process.env.https_proxy = 'http://bob:routed-secret-77@proxy.corp:3128'
      process.env.no_proxy = ''
      expect(proxyFor(new URL('https://huggingface.co/api/whoami-v2'))?.shown).toBe('http://proxy.corp:3128')
      expect(core.setSecret).toHaveBeenCalledWith('routed-secret-77')
    } finally {
      process.env = saved
    }
  })
})

describe('the proxy a request goes through', () => {
  const saved = { ...process.env }
  afterEach(() => {
    process.env = { ...saved }
  })
  const only = (vars: Record<string, string>) => {
    for (const name of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_proxy', 'NO_PROXY'])
      delete process.env[name]
    Object.assign(process.env, vars)
  }

  it('names the variable it came from, for https and for plain http, in either case', () => {
    const cases: [string, string][] = [
      ['https_proxy', 'https://hub.example/x'],
      ['HTTPS_PROXY', 'https://hub.example/x'],
      ['http_proxy', 'http://hub.example/x'],
      ['HTTP_PROXY', 'http://hub.example/x']
    ]
    for (const [variable, target] of cases) {
      only({ [variable]: 'http://proxy.corp:3128' })
      expect(proxyFor(new URL(target))).toEqual({
        url: new URL('http://proxy.corp:3128'),
        variable,
        shown: 'http://proxy.corp:3128',
        authorization: undefined
      })
    }
  })

  it('sends Basic credentials made of whatever part of user:password the URL has', () => {
    only({ https_proxy: 'http://ci@proxy.corp:3128' })
    expect(proxyFor(new URL('https://hub.example/x'))?.authorization).toBe(`Basic ${btoa('ci:')}`)
    only({ https_proxy: 'http://:only-password-1@proxy.corp:3128' })
    expect(proxyFor(new URL('https://hub.example/x'))?.authorization).toBe(
      `Basic ${btoa(':only-password-1')}`
    )
  })

  it('masks a proxy’s credentials once, however many requests use it', () => {
    maskProxyCredentials({ https_proxy: 'http://u:once-only-secret@proxy.corp:3128' })
    const first = core.setSecret.mock.calls.length
    expect(first).toBeGreaterThan(0)
    maskProxyCredentials({ https_proxy: 'http://u:once-only-secret@proxy.corp:3128' })
    expect(core.setSecret.mock.calls.length).toBe(first)
  })

  it('closes each proxy’s connections once', async () => {
    let closed = 0
    onProxiesClose(async () => void closed++)
    await closeProxies()
    await closeProxies()
    expect(closed).toBe(1)
  })
})

describe('a proxy that never answers a CONNECT', () => {
  it('is let go when the step’s work ends: closeProxies ends the unanswered CONNECT', async () => {
    const proxy = await new HostileProxy({ hosts: {}, silentConnects: 1 }).start()
    try {
      const route = { url: new URL(proxy.url), variable: 'https_proxy', shown: proxy.url }
      const asking = fetchThrough(route, 'https://hub.test:443/api/whoami-v2', {
        signal: AbortSignal.timeout(200)
      })
      await expect(asking).rejects.toThrow()
      expect(proxy.connects).toEqual(['hub.test:443'])
      // The request gave up, but its CONNECT is still waiting on the proxy...
      expect(Number.isNaN(proxy.silentClosedAt[0])).toBe(true)
      await closeProxies()
      // ...until the step closes its proxies: the socket then closes (left open, this test times out).
      await proxy.silentClosed[0]
    } finally {
      await proxy.stop()
    }
  })
})
