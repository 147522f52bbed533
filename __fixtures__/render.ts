/** Renders what the runner shows a user: the step log (masked, commands turned into annotations) and the summary. */
import type { StepResult } from './runner.js'

const color = (code: number) => (text: string) =>
  process.stdout.isTTY ? `\x1b[${code}m${text}\x1b[0m` : text
export const bold = color(1)
export const dim = color(2)
const red = color(31)
const yellow = color(33)

/** The log as the Actions UI shows it: masked values as ***, groups, annotations; debug lines hidden. */
export function renderLog(step: StepResult): string {
  const masks = step.commands.filter(c => c.command === 'add-mask').map(c => c.message)
  const mask = (line: string) =>
    masks.reduce((text, secret) => (secret ? text.split(secret).join('***') : text), line)
  const out: string[] = []
  let indent = ''
  for (const line of `${step.stdout}${step.stderr}`.split('\n')) {
    const cmd = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!cmd) {
      if (line.trim()) out.push(indent + mask(line))
      continue
    }
    const [, name, props = '', message] = cmd
    const title = /title=([^,]*)/.exec(props)?.[1]?.replace(/%3A/g, ':').replace(/%2C/g, ',')
    const text = mask(message.replace(/%0A/g, '\n').replace(/%25/g, '%'))
    if (name === 'group') {
      out.push(bold(`▶ ${text}`))
      indent = '  '
    } else if (name === 'endgroup') {
      indent = ''
    } else if (name === 'error') {
      out.push(red(`Error${title ? `: ${title}` : ''}`) + `\n${indent}  ${text}`)
    } else if (name === 'warning') {
      out.push(yellow(`Warning${title ? `: ${title}` : ''}`) + `\n${indent}  ${text}`)
    }
  }
  return out.join('\n')
}

function cellText(html: string): string {
  return html
    .replace(/<a href="([^"]*)">([^<]*)<\/a>/g, '$2 <$1>')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&amp;/g, '&')
}

/** The job summary's HTML as aligned text tables, headings and lists. */
export function renderSummary(html: string): string {
  const out: string[] = []
  for (const block of html.split(/(?=<h\d>)|(?=<table>)|(?=<ul>)/)) {
    const heading = /^<h\d>(.*?)<\/h\d>/.exec(block)
    if (heading) out.push(bold(cellText(heading[1])))
    const table = /<table>(.*?)<\/table>/s.exec(block)
    if (table) {
      const rows = [...table[1].matchAll(/<tr>(.*?)<\/tr>/gs)].map(r =>
        [...r[1].matchAll(/<t[hd]>(.*?)<\/t[hd]>/gs)].map(c => cellText(c[1]))
      )
      const widths = rows[0].map((_, i) => Math.max(...rows.map(r => (r[i] ?? '').length)))
      for (const row of rows)
        out.push(
          '  ' +
            row
              .map((c, i) => c.padEnd(widths[i]))
              .join('  ')
              .trimEnd()
        )
    }
    const list = /<ul>(.*?)<\/ul>/s.exec(block)
    if (list) for (const item of list[1].matchAll(/<li>(.*?)<\/li>/gs)) out.push(`  • ${cellText(item[1])}`)
  }
  return out.join('\n')
}

export function renderOutputs(step: StepResult): string {
  return Object.entries(step.outputs)
    .map(
      ([k, v]) =>
        `  ${k} = ${k === 'repos' ? JSON.stringify(JSON.parse(v), null, 1).replace(/\n\s*/g, ' ') : v}`
    )
    .join('\n')
}
