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
    ['a+b.txt', 'a+b.txt', true]
  ])('%s ~ %s = %s', (name, pattern, expected) => {
    expect(fnmatch(name, pattern)).toBe(expected)
  })

  it('no patterns selects everything; any match selects', () => {
    expect(matchesAny('x', [])).toBe(true)
    expect(matchesAny('x.json', ['*.txt', '*.json'])).toBe(true)
    expect(matchesAny('x.bin', ['*.txt', '*.json'])).toBe(false)
  })
})
