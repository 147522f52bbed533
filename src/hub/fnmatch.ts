/**
 * Python `fnmatch` semantics, as huggingface_hub's `allow_patterns` use them: `*` matches any run of
 * characters *including* `/`, `?` one character, `[seq]`/`[!seq]` a set. minimatch and picomatch stop
 * `*` at `/`, which would select different files than Python does, hence this small translator.
 */
const cache = new Map<string, RegExp>()

function translate(pattern: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '*') {
      out += '.*'
    } else if (c === '?') {
      out += '.'
    } else if (c === '[') {
      const close = findSetEnd(pattern, i)
      if (close === -1) {
        out += '\\['
      } else {
        // A `]` first in the set is a member (Python's regex reads `[]]` so; JavaScript's reads an empty set).
        let set = pattern
          .slice(i + 1, close)
          .replace(/\\/g, '\\\\')
          .replace(/]/g, '\\]')
        if (set.startsWith('!')) set = '^' + set.slice(1)
        else if (set.startsWith('^')) set = '\\' + set
        out += `[${set}]`
        i = close
      }
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    }
  }
  return new RegExp(`^${out}$`, 's')
}

function findSetEnd(pattern: string, open: number): number {
  let j = open + 1
  if (pattern[j] === '!') j++
  if (pattern[j] === ']') j++
  const close = pattern.indexOf(']', j)
  return close
}

export function fnmatch(name: string, pattern: string): boolean {
  // huggingface_hub: a pattern ending in "/" selects everything below that folder.
  const effective = pattern.endsWith('/') ? `${pattern}*` : pattern
  let re = cache.get(effective)
  if (!re) {
    re = translate(effective)
    cache.set(effective, re)
  }
  return re.test(name)
}

/** True when no patterns are given, or when any pattern matches. */
export function matchesAny(name: string, patterns: readonly string[]): boolean {
  return patterns.length === 0 || patterns.some(p => fnmatch(name, p))
}
