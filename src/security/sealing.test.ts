import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createSealer, sealingKey } from './sealing.js'

const newKey = () => randomBytes(32).toString('base64')

describe('sealing', () => {
  const key = newKey()
  const sealer = createSealer(key)

  it('opens what it sealed, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(sealer.open('victim', sealer.seal('victim', value))).toEqual(JSON.parse(JSON.stringify(value)))
      }),
    )
  })

  it('never stores the plain text and never seals the same value the same way twice', () => {
    const a = sealer.seal('victim', { address: '12 Acacia Avenue' })
    const b = sealer.seal('victim', { address: '12 Acacia Avenue' })
    expect(a).not.toContain('Acacia')
    expect(a).not.toEqual(b)
  })

  it('refuses a value moved to another kind of record, or tampered with', () => {
    const sealed = sealer.seal('victim', { name: 'A' })
    expect(() => sealer.open('applicant', sealed)).toThrow()
    const parts = sealed.split('.')
    parts[4] = Buffer.from('tampered').toString('base64url')
    expect(() => sealer.open('victim', parts.join('.'))).toThrow()
  })

  it('opens values sealed with a previous key after rotation', () => {
    const old = createSealer(key).seal('victim', { name: 'B' })
    const next = newKey()
    const rotated = createSealer(next, [key])
    expect(rotated.open('victim', old)).toEqual({ name: 'B' })
    expect(() => createSealer(next).open('victim', old)).toThrow(/not configured/)
  })

  it('makes a key once in the data directory, readable only by its owner', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sealing-'))
    const first = await sealingKey(undefined, dir)
    expect(await sealingKey(undefined, dir)).toBe(first)
    expect(Buffer.from(first, 'base64')).toHaveLength(32)
    expect((await stat(join(dir, 'sealing.key'))).mode & 0o077).toBe(0)
    expect((await readFile(join(dir, 'sealing.key'), 'utf8')).trim()).toBe(first)
    expect(await sealingKey(key, dir)).toBe(key)
  })
})
