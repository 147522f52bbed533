/**
 * Debian's squid as the corporate proxy of the tests: started on loopback with a configuration of its own,
 * its `hosts_file` resolving names only it knows (`hub.test`, `cdn.test`), so a client that bypasses it cannot
 * even find the Hub; optionally asking for Basic credentials. Its access log shows every request it relayed.
 */
import http from 'node:http'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort, waitForPort } from './ports.js'

export const SQUID = '/usr/sbin/squid'

export function hasSquid(): boolean {
  return fs.existsSync(SQUID)
}

export interface SquidOptions {
  /** name → address, for names only the proxy resolves. */
  hosts: Record<string, string>
  /** Basic credentials the proxy asks for (none: it lets loopback clients through). */
  credentials?: { user: string; password: string }
}

export class Squid {
  url = ''
  private child: ChildProcess | undefined
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-squid-'))

  constructor(private readonly options: SquidOptions) {}

  async start(): Promise<this> {
    const port = await freePort('127.0.0.1')
    const dir = this.dir
    // squid runs as its own user when started as root: its files must be writable by it.
    fs.chmodSync(dir, 0o777)
    fs.writeFileSync(
      path.join(dir, 'hosts'),
      Object.entries(this.options.hosts)
        .map(([name, address]) => `${address} ${name}\n`)
        .join('')
    )
    const auth = this.options.credentials
    if (auth) {
      const hash = spawnSync('openssl', ['passwd', '-apr1', auth.password], {
        encoding: 'utf8'
      }).stdout.trim()
      fs.writeFileSync(path.join(dir, 'passwords'), `${auth.user}:${hash}\n`)
    }
    const config = [
      `http_port 127.0.0.1:${port}`,
      'pid_filename none',
      `cache_log ${dir}/cache.log`,
      'logformat plain %rm %ru %>Hs',
      `access_log stdio:${dir}/access.log plain`,
      'cache deny all',
      'cache_mem 8 MB',
      `coredump_dir ${dir}`,
      `hosts_file ${dir}/hosts`,
      'dns_nameservers 127.0.0.1',
      'shutdown_lifetime 0 seconds',
      'forwarded_for delete',
      'via off',
      ...(auth
        ? [
            `auth_param basic program /usr/lib/squid/basic_ncsa_auth ${dir}/passwords`,
            'auth_param basic realm test-proxy',
            'acl authenticated proxy_auth REQUIRED',
            'http_access deny !authenticated'
          ]
        : []),
      'acl clients src 127.0.0.0/8',
      'http_access allow clients',
      'http_access deny all'
    ]
    fs.writeFileSync(path.join(dir, 'squid.conf'), `${config.join('\n')}\n`)
    this.child = spawn(SQUID, ['-N', '-f', path.join(dir, 'squid.conf')], { stdio: 'ignore' })
    this.url = `http://127.0.0.1:${port}`
    // Ready when it accepts connections (at most 20 s).
    const child = this.child
    await waitForPort(
      '127.0.0.1',
      port,
      () => child.exitCode === null,
      () => `squid did not start: ${fs.readFileSync(path.join(dir, 'cache.log'), 'utf8').slice(-2000)}`
    )
    return this
  }

  /** The proxy URL with credentials. */
  urlWith(user: string, password: string): string {
    return this.url.replace('http://', `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@`)
  }

  /** `METHOD URL STATUS` per request relayed so far (squid writes its log as requests end). */
  accessLog(): string[] {
    const file = path.join(this.dir, 'access.log')
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []
  }

  /**
   * Where the log stands once every request relayed so far has been written to it: a marker request to
   * `target` (any URL squid can reach) goes through, and its line is awaited; squid writes lines as requests
   * end, so the lines before it belong to requests that ended before it. Returns the number of lines then.
   */
  async mark(target: string): Promise<number> {
    const url = `${target.replace(/\/$/, '')}/squid-mark-${Math.random().toString(16).slice(2)}`
    const proxy = new URL(this.url)
    await new Promise<void>((resolve, reject) => {
      const req = http.request(
        { host: proxy.hostname, port: proxy.port, path: url, headers: { host: new URL(url).host } },
        res => res.resume().on('end', resolve)
      )
      req.on('error', reject).end()
    })
    for (let waited = 0; waited < 10_000; waited += 20) {
      const log = this.accessLog()
      const at = log.findIndex(line => line.includes(new URL(url).pathname))
      if (at >= 0) return at + 1
      await new Promise(resolve => setTimeout(resolve, 20))
    }
    throw new Error('squid did not log the marker request within 10 s')
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return
    const exited = new Promise(resolve => this.child!.once('exit', resolve))
    this.child.kill('SIGTERM')
    await exited
  }
}
