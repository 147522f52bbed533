import { describe, expect, it } from '@jest/globals'
import { ProxyError, proxyFault } from '../../src/http/proxy-error.js'
import type { ProxyRoute } from '../../src/http/proxy.js'
import { isCertificateCode, isTlsCode } from '../../src/http/tls-errors.js'

const route: ProxyRoute = {
  url: new URL('http://proxy.corp:3128'),
  variable: 'https_proxy',
  shown: 'http://proxy.corp:3128'
}
const withCredentials: ProxyRoute = { ...route, authorization: 'Basic dTpw' }
const code = (value: unknown, cause?: unknown) =>
  Object.assign(new Error(`failed ${String(value)}`), { code: value, cause })

describe('proxyFault', () => {
  it('names the proxy and its variable, and says what to fix for a 407 with and without credentials', () => {
    const asked = proxyFault(route, { status: 407 })
    expect(asked).toBeInstanceOf(ProxyError)
    expect(asked).toMatchObject({ name: 'ProxyError', title: 'Proxy failed' })
    expect(asked?.message).toBe(
      'the proxy http://proxy.corp:3128 (from https_proxy) answered HTTP 407 (proxy authentication required). The proxy asks for credentials: put them in https_proxy (http://user:password@host:port).'
    )
    expect(proxyFault(withCredentials, { status: 407 })?.message).toContain(
      'The proxy refused the credentials in https_proxy: check them.'
    )
    expect(proxyFault(route, { status: 502 })).toBeUndefined()
  })

  it('says the proxy could not be reached for the codes that mean it, at any depth of causes up to four', () => {
    for (const value of ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
      expect(proxyFault(route, { error: code(value) })?.message).toContain(`could not be reached (${value})`)
    const deep = new Error('fetch failed', {
      cause: new Error('a', { cause: new Error('b', { cause: code('ECONNREFUSED') }) })
    })
    expect(proxyFault(route, { error: deep })?.message).toContain('could not be reached (ECONNREFUSED)')
    const tooDeep = new Error('x', { cause: deep })
    expect(proxyFault(route, { error: tooDeep })).toBeUndefined()
  })

  it('leaves other failures to the caller: a code once connected, a certificate, a code that is not a string', () => {
    for (const value of ['ECONNRESET', 'XECONNREFUSED', 'ECONNREFUSEDX', 'ETIMEDOUT'])
      expect(proxyFault(route, { error: code(value) })).toBeUndefined()
    // Before the connection to the proxy opened, any network failure is the proxy's, but never a certificate.
    expect(proxyFault(route, { error: code('ECONNRESET'), beforeConnected: true })?.message).toContain(
      'could not be reached (ECONNRESET)'
    )
    expect(
      proxyFault(route, { error: code('DEPTH_ZERO_SELF_SIGNED_CERT'), beforeConnected: true })
    ).toBeUndefined()
    expect(
      proxyFault(route, { error: code('ERR_SSL_WRONG_VERSION_NUMBER'), beforeConnected: true })
    ).toBeUndefined()
    expect(proxyFault(route, { error: code(42), beforeConnected: true })).toBeUndefined()
    expect(proxyFault(route, { error: 'ECONNREFUSED' })).toBeUndefined()
    expect(proxyFault(route, {})).toBeUndefined()
  })

  it('passes a ProxyError on as it is, and reads undici’s refused CONNECT', () => {
    const own = new ProxyError(route, 'refused the tunnel to x:443 (HTTP 403)')
    expect(proxyFault(route, { error: new Error('wrapped', { cause: own }) })).toBe(own)
    expect(
      proxyFault(route, { error: new Error('Proxy response (403) !== 200 when HTTP Tunneling') })?.message
    ).toContain('refused the tunnel (HTTP 403)')
    const undici = new TypeError('fetch failed', {
      cause: new Error('Proxy response (403) !== 200 when HTTP Tunneling')
    })
    expect(proxyFault(route, { error: undici })?.message).toContain('refused the tunnel (HTTP 403)')
    expect(proxyFault(route, { error: { message: 42 } })).toBeUndefined()
  })
})

describe('TLS error codes', () => {
  it('tells a refused certificate from other TLS failures and from network failures', () => {
    for (const value of [
      'CERT_HAS_EXPIRED',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
    ]) {
      expect(isCertificateCode(value)).toBe(true)
      expect(isTlsCode(value)).toBe(true)
    }
    expect(isCertificateCode('ERR_SSL_WRONG_VERSION_NUMBER')).toBe(false)
    expect(isTlsCode('ERR_SSL_WRONG_VERSION_NUMBER')).toBe(true)
    expect(isTlsCode('ERR_TLS_HANDSHAKE_TIMEOUT')).toBe(true)
    for (const value of ['ECONNRESET', undefined, '']) {
      expect(isCertificateCode(value)).toBe(false)
      expect(isTlsCode(value)).toBe(false)
    }
  })
})
