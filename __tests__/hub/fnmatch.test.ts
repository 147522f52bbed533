import { describe, expect, it } from '@jest/globals'
import { fnmatch, matchesAny } from '../../src/hub/fnmatch.js'

describe('fnmatch (Python semantics)', () => {
  it.each([
    ['model.safetensors', '*.safetensors', true],
    ['onnx/model.onnx', '*.onnx', true], // `*` crosses "/" like Python, unlike shell globs
    ['onnx/model.onnx', 'onnx/*', true],
    ['onnx/deep/model.onnx', 'onnx/', true], // trailing "/" selects the folder, as huggingface_hub does
    ['config.json', 'config.jso?', true],
    ['config.json', 'config.[jx]son', true],
    ['config.json', 'config.[!j]son', false],
    ['config.json', '*.safetensors', false],
    ['a.json', 'A.json', false],
    ['[x].txt', '[x.txt', false],
    ['weird(1).bin', 'weird(1).bin', true],
    ['a+b.txt', 'a+b.txt', true],
    // Sets as Python reads them: `]` first is a member, `!` negates, `^` is a member, `\` is literal.
    ['a].txt', 'a[]].txt', true],
    ['a].txt', 'a[!]].txt', false],
    ['ab.txt', 'a[!]].txt', true],
    ['a^.txt', 'a[^x].txt', true],
    ['ab.txt', 'a[^x].txt', false],
    ['a!.txt', 'a[x!].txt', true],
    ['a\\.txt', 'a[\\].txt', true],
    ['ad.txt', 'a[\\d].txt', true],
    ['a5.txt', 'a[\\d].txt', false],
    ['a[.txt', 'a[.txt', true],
    ['a[!.txt', 'a[!.txt', true],
    ['a.txt', 'a[!.txt', false],
    ['x/y', 'x/y', true],
    ['multi\nline', 'multi?line', true],
    ['abc', '?', false],
    ['model.bin', '*', true]
  ])('%s ~ %s = %s', (name, pattern, expected) => {
    expect(fnmatch(name, pattern)).toBe(expected)
  })

  it('gives the same answer for a pattern asked again (each pattern is translated once)', () => {
    for (let i = 0; i < 3; i++) {
      expect(fnmatch('onnx/model.onnx', 'onnx/')).toBe(true)
      expect(fnmatch('onnx.bin', 'onnx/')).toBe(false)
    }
  })

  it('no patterns selects everything; any match selects', () => {
    expect(matchesAny('x', [])).toBe(true)
    expect(matchesAny('x.json', ['*.txt', '*.json'])).toBe(true)
    expect(matchesAny('x.bin', ['*.txt', '*.json'])).toBe(false)
  })
})
