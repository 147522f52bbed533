/**
 * Debian's nginx (nginx-light) as the CDN of the bench: files served with sendfile, native Range, and a
 * per-connection cap (`limit_rate`) where one is asked for, on loopback (127.0.0.2, the CDN's host).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort, waitForPort } from './ports.js'
import { CDN_HOST } from './fake-hub.js'

export const NGINX = '/usr/sbin/nginx'

export function hasNginx(): boolean {
  return fs.existsSync(NGINX)
}

export class Nginx {
  /** The server without a cap, and the one with `limit_rate`. */
  url = ''
  cappedUrl = ''
  readonly root: string
  private child: ChildProcess | undefined
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-nginx-'))

  constructor(private readonly bytesPerSecond: number) {
    this.root = path.join(this.dir, 'root')
    fs.mkdirSync(this.root)
  }

  /** Serves `content` at `/repos/<2 hex>/<oid>`, where the fake Hub's CDN URLs point. */
  add(oid: string, content: Buffer): void {
    const file = path.join(this.root, 'repos', oid.slice(0, 2), oid)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, content)
  }

  async start(): Promise<this> {
    const [port, capped] = [await freePort(CDN_HOST), await freePort(CDN_HOST)]
    const dir = this.dir
    fs.chmodSync(dir, 0o755)
    const config = `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 10000;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  types { application/octet-stream bin; }
  default_type application/octet-stream;
  server { listen ${CDN_HOST}:${port}; root ${this.root}; }
  server { listen ${CDN_HOST}:${capped}; root ${this.root}; limit_rate ${this.bytesPerSecond}; }
}
`
    fs.writeFileSync(path.join(dir, 'nginx.conf'), config)
    this.child = spawn(NGINX, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' })
    this.url = `http://${CDN_HOST}:${port}`
    this.cappedUrl = `http://${CDN_HOST}:${capped}`
    const child = this.child
    await waitForPort(
      CDN_HOST,
      capped,
      () => child.exitCode === null,
      () => `nginx did not start: ${fs.readFileSync(path.join(dir, 'error.log'), 'utf8').slice(-2000)}`
    )
    return this
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return
    const exited = new Promise(resolve => this.child!.once('exit', resolve))
    this.child.kill('SIGTERM')
    await exited
    fs.rmSync(this.dir, { recursive: true, force: true })
  }
}
