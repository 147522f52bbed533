import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import os from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { getInputs, isInsecureEndpoint, resolveEndpoint, resolveHfHome, resolveHubCache } =
  await import('../../src/action/inputs.js')
const { InputError } = await import('../../src/shared/errors.js')

beforeEach(() => core.resetCoreMock())

describe('getInputs', () => {
  it('applies the documented defaults', () => {
    const inputs = getInputs({})
    expect(inputs).toMatchObject({
      endpoint: 'https://huggingface.co',
      repos: [],
      download: false,
      cache: true,
      saveCache: true,
      cacheKey: '',
      offline: false,
      requireAccess: true,
      allowAnonymous: false,
      exportLegacyEnv: false,
      login: true
    })
    expect(inputs.hfHome).toBe(path.join(os.homedir(), '.cache', 'huggingface'))
    expect(inputs.hubCache).toBe(path.join(inputs.hfHome, 'hub'))
  })

  it('reads booleans in the forms YAML users write', () => {
    Object.assign(core.inputs, { download: 'True', cache: 'no', offline: 'YES', login: 'false' })
    expect(getInputs({})).toMatchObject({ download: true, cache: false, offline: true, login: false })
  })

  it('names the input and the fix for a bad boolean', () => {
    core.inputs['require-access'] = 'maybe'
    expect(() => getInputs({})).toThrow(
      new InputError(
        'require-access',
        'Input "require-access" must be true or false (yes/no, on/off and 1/0 are read too), not "maybe".'
      )
    )
  })

  it('parses repos and reports malformed lines against the repos input', () => {
    core.inputs.repos = 'acme/ok\nnot a repo/'
    expect(() => getInputs({})).toThrow(/Input "repos", line 2/)
  })

  it('validates cache-key like the cache service does', () => {
    core.inputs['cache-key'] = 'a,b'
    expect(() => getInputs({})).toThrow(/cache-key.*commas/)
    core.inputs['cache-key'] = 'k'.repeat(513)
    expect(() => getInputs({})).toThrow(/cache-key.*512/)
  })
})

describe('resolution helpers', () => {
  it('endpoint: input, else HF_ENDPOINT, else huggingface.co; trailing slashes stripped', () => {
    expect(resolveEndpoint('https://hub.example.com/', {})).toBe('https://hub.example.com')
    expect(resolveEndpoint('', { HF_ENDPOINT: 'https://mirror.example.com//' })).toBe(
      'https://mirror.example.com'
    )
    expect(resolveEndpoint('', {})).toBe('https://huggingface.co')
    expect(() => resolveEndpoint('ftp://x', {})).toThrow(/endpoint.*http\(s\)/)
    expect(() => resolveEndpoint('not a url', {})).toThrow(/endpoint/)
    expect(() => resolveEndpoint('https://user:pw@hub.example.com', {})).toThrow(
      /without query, fragment or credentials/
    )
  })

  it('endpoint: refuses a host a credential key or URL pattern would read as a wildcard', () => {
    for (const host of ['*.example.com', 'hub*.example.com', 'a!b.example', 'a$b.example', 'a=b.example']) {
      expect(() => resolveEndpoint(`https://${host}`, {})).toThrow(/Input "endpoint" must name a host/)
    }
    expect(resolveEndpoint('https://hub_internal.corp.example:8443', {})).toBe(
      'https://hub_internal.corp.example:8443'
    )
    expect(resolveEndpoint('http://[::1]:8080', {})).toBe('http://[::1]:8080')
    expect(resolveEndpoint('http://10.1.2.3', {})).toBe('http://10.1.2.3')
  })

  it('flags plain http off this machine as insecure', () => {
    expect(isInsecureEndpoint('http://hub.example.com')).toBe(true)
    expect(isInsecureEndpoint('https://hub.example.com')).toBe(false)
    expect(isInsecureEndpoint('http://127.0.0.1:8080')).toBe(false)
    expect(isInsecureEndpoint('http://localhost:8080')).toBe(false)
    // Names that only look like loopback addresses are anyone's hosts.
    expect(isInsecureEndpoint('http://127.0.0.1.example')).toBe(true)
    expect(isInsecureEndpoint('http://127.example.com')).toBe(true)
  })

  it('HF_HOME: input, else env, else XDG_CACHE_HOME, else ~/.cache; ~ expanded', () => {
    expect(resolveHfHome('/x/hf', { HF_HOME: '/y' })).toBe('/x/hf')
    expect(resolveHfHome('', { HF_HOME: '/y' })).toBe('/y')
    expect(resolveHfHome('', { XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/huggingface')
    expect(resolveHfHome('~/hf', {})).toBe(path.join(os.homedir(), 'hf'))
  })

  it('hub cache: HF_HUB_CACHE, else HUGGINGFACE_HUB_CACHE, else $HF_HOME/hub', () => {
    expect(resolveHubCache('/h', { HF_HUB_CACHE: '/a', HUGGINGFACE_HUB_CACHE: '/b' })).toBe('/a')
    expect(resolveHubCache('/h', { HUGGINGFACE_HUB_CACHE: '/b' })).toBe('/b')
    expect(resolveHubCache('/h', {})).toBe('/h/hub')
  })
})

describe('cache-key', () => {
  it.each([
    ['a line break', 'hf-hub-x\n::warning title=X::y', '\\n'],
    ['a carriage return', 'hf-hub-x\r::warning::y', '\\r'],
    ['a line separator', 'hf-hub-x\u2028y', '\\u2028']
  ])('refuses %s, naming the input, what was found and the fix', (_what, key, shown) => {
    core.inputs['cache-key'] = key
    let error: unknown
    try {
      getInputs({})
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InputError)
    const message = String((error as Error).message)
    expect(message).toContain('Input "cache-key" may not contain a line break or another control character')
    expect(message).toContain(`found ${shown} at character 9`)
    expect(message).toContain('Use letters, digits')
  })

  it('takes a key of printable characters as it is', () => {
    core.inputs['cache-key'] = 'hf-hub-Linux-X64-my_models.v2'
    expect(getInputs({}).cacheKey).toBe('hf-hub-Linux-X64-my_models.v2')
  })
})

describe('every input, read by its own name', () => {
  it('reads each boolean from its input and every spelling of true and false', () => {
    const names = ['download', 'cache', 'save-cache', 'offline', 'require-access', 'allow-anonymous']
    const more = ['export-legacy-env', 'login', 'git-credential']
    const fields = {
      download: 'download',
      cache: 'cache',
      'save-cache': 'saveCache',
      offline: 'offline',
      'require-access': 'requireAccess',
      'allow-anonymous': 'allowAnonymous',
      'export-legacy-env': 'exportLegacyEnv',
      login: 'login',
      'git-credential': 'gitCredential'
    } as const
    for (const name of [...names, ...more]) {
      for (const [spelling, value] of [
        ['true', true],
        ['yes', true],
        ['on', true],
        ['1', true],
        ['false', false],
        ['no', false],
        ['off', false],
        ['0', false]
      ] as const) {
        core.resetCoreMock()
        core.inputs[name] = ` ${spelling} `
        expect(getInputs({})[fields[name as keyof typeof fields]]).toBe(value)
      }
    }
    core.resetCoreMock()
    expect(getInputs({}).gitCredential).toBe(false)
    expect(getInputs({}).exportLegacyEnv).toBe(false)
  })

  it('reads download-timeout-minutes as minutes above 0 and at most a day, naming it otherwise', () => {
    expect(getInputs({}).downloadTimeoutMs).toBe(120 * 60_000)
    for (const [raw, ms] of [
      ['1', 60_000],
      ['0.5', 30_000],
      ['1440', 1440 * 60_000],
      [' 90 ', 90 * 60_000]
    ] as const) {
      core.inputs['download-timeout-minutes'] = raw
      expect(getInputs({}).downloadTimeoutMs).toBe(ms)
    }
    for (const raw of ['0', '1441', '-1', '1e3', 'ten', '5 min', '.5', '5.']) {
      core.inputs['download-timeout-minutes'] = raw
      expect(() => getInputs({})).toThrow(
        new InputError(
          'download-timeout-minutes',
          `Input "download-timeout-minutes" must be a number of minutes above 0 and at most 1440, not "${raw}".`
        )
      )
    }
  })

  it('takes a cache-key of exactly 512 characters, trimmed', () => {
    core.inputs['cache-key'] = `  ${'k'.repeat(512)}  `
    expect(getInputs({}).cacheKey).toBe('k'.repeat(512))
  })
})

describe('the endpoint, refused with the input named', () => {
  it.each([
    ['not a URL', 'hub.example', 'must be a URL such as https://huggingface.co, not "hub.example"'],
    ['another scheme', 'ftp://hub.example', 'must be an http(s) URL, not "ftp://hub.example"'],
    ['a query', 'https://hub.example/?a=1', 'must be a plain base URL without query'],
    ['a fragment', 'https://hub.example/#x', 'must be a plain base URL without query'],
    ['a user', 'https://me@hub.example', 'must be a plain base URL without query'],
    ['a password', 'https://:pw@hub.example', 'must be a plain base URL without query']
  ])('%s', (_, raw, why) => {
    expect(() => resolveEndpoint(raw, {})).toThrow(why)
    try {
      resolveEndpoint(raw, {})
    } catch (error) {
      expect((error as InstanceType<typeof InputError>).input).toBe('endpoint')
    }
  })

  it('takes host names, IPv4 and bracketed IPv6, up to 253 characters', () => {
    expect(resolveEndpoint('http://[::1]:8080', {})).toBe('http://[::1]:8080')
    expect(resolveEndpoint('https://my_host.internal.', {})).toBe('https://my_host.internal.')
    const long = `https://${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`
    expect(resolveEndpoint(long, {})).toBe(long)
    expect(() => resolveEndpoint(`${long}d`, {})).toThrow('must name a host')
    expect(() => resolveEndpoint('https://-bad.example', {})).toThrow('must name a host')
  })

  it('is insecure only over http to another machine than this one', () => {
    expect(isInsecureEndpoint('http://[::1]:1')).toBe(false)
    expect(isInsecureEndpoint('http://127.9.9.9')).toBe(false)
    expect(isInsecureEndpoint('http://127.0.0.1.example')).toBe(true)
  })
})

describe('where the cache is', () => {
  it('expands ~ in hf-home and the hub cache variables, and reads each variable by its own name', () => {
    expect(resolveHfHome('~', {})).toBe(os.homedir())
    expect(resolveHfHome('~/hf', {})).toBe(path.join(os.homedir(), 'hf'))
    expect(resolveHfHome('~other/hf', {})).toBe(path.resolve('~other/hf'))
    expect(resolveHfHome('', { HF_HOME: ' /env/hf ' })).toBe('/env/hf')
    expect(resolveHfHome('', { XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/huggingface')
    expect(resolveHubCache('/hf', { HUGGINGFACE_HUB_CACHE: '~/old' })).toBe(path.join(os.homedir(), 'old'))
    expect(resolveHubCache('/hf', { HF_HUB_CACHE: ' /new ', HUGGINGFACE_HUB_CACHE: '/old' })).toBe('/new')
  })
})
