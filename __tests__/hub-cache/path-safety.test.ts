/** Names from the network, checked before they become paths: each refusal says why, in the user's terms. */
import { describe, expect, it } from '@jest/globals'
import os from 'node:os'
import path from 'node:path'
import {
  caseCollisions,
  caseInsensitive,
  joinInside,
  UnsafePathError,
  unsafeReason
} from '../../src/hub-cache/path-safety.js'

describe('unsafeReason', () => {
  it.each([
    ['', 'it is empty'],
    ['a\nb', 'it contains a control character'],
    ['a\\b', 'it contains a backslash'],
    ['/etc/passwd', 'it is absolute'],
    ['C:/x', 'it is absolute'],
    ['a/../../b', 'it contains ".."'],
    ['a//b', 'it has empty or "." segments'],
    ['./a', 'it has empty or "." segments']
  ])('refuses %j everywhere: %s', (name, why) => {
    expect(unsafeReason(name, 'linux')).toBe(why)
    expect(unsafeReason(name, 'win32')).toBe(why)
  })

  it.each([
    ['CON', 'it uses a name Windows reserves for a device'],
    ['dir/aux.txt', 'it uses a name Windows reserves for a device'],
    ['com1', 'it uses a name Windows reserves for a device'],
    ['LPT²', 'it uses a name Windows reserves for a device'],
    ['dir./a', 'a part of it ends with a dot or a space, which Windows drops'],
    ['a ', 'a part of it ends with a dot or a space, which Windows drops'],
    ['ab:c', 'it contains a character Windows does not allow in names'],
    ['what?.txt', 'it contains a character Windows does not allow in names']
  ])('refuses %j on Windows only: %s', (name, why) => {
    expect(unsafeReason(name, 'win32')).toBe(why)
    expect(unsafeReason(name, 'linux')).toBeUndefined()
  })

  it.each(['config.json', 'onnx/model.onnx', 'console.txt', 'a.b/c', 'com10', 'auxiliary/x', 'data/C.txt'])(
    'takes %j everywhere',
    name => {
      expect(unsafeReason(name, 'win32')).toBeUndefined()
      expect(unsafeReason(name, 'linux')).toBeUndefined()
    }
  )
})

describe('case', () => {
  it('is folded on Windows and macOS, not on Linux', () => {
    expect(caseInsensitive('win32')).toBe(true)
    expect(caseInsensitive('darwin')).toBe(true)
    expect(caseInsensitive('linux')).toBe(false)
  })

  it('pairs each path with the earlier one it collides with, once, and never a path with itself', () => {
    expect(caseCollisions(['a/B', 'x', 'A/b', 'a/B', 'X', 'y'])).toEqual([
      ['a/B', 'A/b'],
      ['x', 'X']
    ])
  })
})

describe('joinInside', () => {
  const root = path.join(os.tmpdir(), 'hf-join-root')

  it('joins a safe path below the root', () => {
    expect(joinInside(root, 'a/b.json', 'acme/x')).toBe(path.join(root, 'a', 'b.json'))
  })

  it('refuses an unsafe one with an error naming the repo, the path and why', () => {
    let error: unknown
    try {
      joinInside(root, '../escape', 'acme/x')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(UnsafePathError)
    expect((error as Error).message).toContain('acme/x')
    expect((error as Error).message).toContain('../escape')
    expect((error as Error).message).toContain('it contains ".."')
    expect((error as UnsafePathError).title).toBe('Unsafe path refused')
  })
})
