/** The first `shown` of `names`, then how many more: a warning names a few and counts the rest. */
export function namedFew(names: string[], shown: number): string {
  const more = names.length > shown ? ` and ${names.length - shown} more` : ''
  return `${names.slice(0, shown).join(', ')}${more}`
}

/** Human sizes for log lines and the summary: decimal units, as the Hub's pages show them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`
}
