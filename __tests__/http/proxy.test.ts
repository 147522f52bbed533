import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'
import { HostileProxy } from '../../__fixtures__/hostile-proxy.js'

jest.unstable_mockModule('@actions/core', () => core)
const { closeProxies, maskProxyCredentials, proxyFor } = await import('../../src/http/proxy.js')
const { fetchThrough } = await import('../../src/http/proxy-fetch.js')
const { ProxyError, proxyFault } = await import('../../src/http/proxy-error.js')
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

describe('whose failure it is', () => {
  const route = {
    url: new URL('http://proxy.corp:3128'),
    variable: 'https_proxy',
    shown: 'http://proxy.corp:3128'
  }
  const coded = (code: string) => Object.assign(new Error(code), { code })

  it('is the proxy’s: a 407, a proxy that cannot be reached, a refused CONNECT (as undici reports it, nested)', () => {
    expect(proxyFault(route, { status: 407 })?.message).toContain('answered HTTP 407')
    expect(proxyFault(route, { error: coded('ECONNREFUSED') })?.message).toContain(
      'the proxy http://proxy.corp:3128 (from https_proxy) could not be reached (ECONNREFUSED)'
    )
    const undici = new TypeError('fetch failed', {
      cause: new Error('Proxy response (403) !== 200 when HTTP Tunneling')
    })
    expect(proxyFault(route, { error: undici })?.message).toContain('refused the tunnel (HTTP 403)')
    // Any network error before the connection to the proxy opened.
    expect(proxyFault(route, { error: coded('ECONNRESET'), beforeConnected: true })).toBeInstanceOf(
      ProxyError
    )
  })

  it('is not the proxy’s: another status, a reset after the connection opened, a certificate', () => {
    expect(proxyFault(route, { status: 403 })).toBeUndefined()
    expect(proxyFault(route, { error: coded('ECONNRESET') })).toBeUndefined()
    expect(
      proxyFault(route, { error: coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), beforeConnected: true })
    ).toBeUndefined()
    expect(
      proxyFault(route, { error: coded('ERR_TLS_CERT_ALTNAME_INVALID'), beforeConnected: true })
    ).toBeUndefined()
  })

  it('says how to fix it: credentials missing, credentials refused, or the variable to check', () => {
    expect(proxyFault(route, { status: 407 })?.message).toContain('put them in https_proxy')
    expect(proxyFault({ ...route, authorization: 'Basic x' }, { status: 407 })?.message).toContain(
      'refused the credentials in https_proxy'
    )
    expect(proxyFault(route, { error: coded('ENOTFOUND') })?.message).toContain('add the host to no_proxy')
  })
})
