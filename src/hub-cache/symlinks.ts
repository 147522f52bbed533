/** Whether the hub cache can hold symlinks (Windows without Developer Mode cannot), probed as Python does. */
import fs from 'node:fs/promises'
import path from 'node:path'

const symlinkSupport = new Map<string, boolean>()

/**
 * Whether symlinks can be made in the hub cache, probed once per folder the way Python `huggingface_hub`
 * does (Windows without Developer Mode or admin rights cannot make them).
 */
export async function symlinksSupported(hubCache: string): Promise<boolean> {
  const known = symlinkSupport.get(hubCache)
  if (known !== undefined) return known
  await fs.mkdir(hubCache, { recursive: true })
  const probe = await fs.mkdtemp(path.join(hubCache, '.symlink-probe-'))
  let supported = true
  try {
    await fs.writeFile(path.join(probe, 'target'), '')
    await fs.symlink('target', path.join(probe, 'link'))
  } catch {
    supported = false
  } finally {
    await fs.rm(probe, { recursive: true, force: true })
  }
  symlinkSupport.set(hubCache, supported)
  return supported
}
