import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Config } from '../config.js'

/**
 * Seals (encrypts) the most sensitive details we hold: victims' identities, contact details and
 * views, and what disclosure scheme applicants tell us. AES-256-GCM with a fresh IV per value;
 * the `context` (e.g. "victim") is authenticated, so a sealed value cannot be moved to another
 * kind of record. Each value names the key that sealed it, so keys can be rotated.
 */
export interface Sealer {
  seal(context: string, value: unknown): string
  open<T>(context: string, sealed: string): T
}

const FORMAT = 'v1'

const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('hex').slice(0, 12)

function decodeKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64')
  if (key.length !== 32) throw new Error('A sealing key must be 32 bytes')
  return key
}

export function createSealer(current: string, previous: readonly string[] = []): Sealer {
  const key = decodeKey(current)
  const keyId = keyIdOf(key)
  const keys = new Map([key, ...previous.map(decodeKey)].map((k) => [keyIdOf(k), k]))
  return {
    seal(context, value) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(Buffer.from(context))
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
      return [FORMAT, keyId, iv, cipher.getAuthTag(), body]
        .map((part) => (Buffer.isBuffer(part) ? part.toString('base64url') : part))
        .join('.')
    },
    open<T>(context: string, sealed: string): T {
      const [format, id, iv, tag, body] = sealed.split('.')
      const openingKey = id ? keys.get(id) : undefined
      if (format !== FORMAT || !openingKey || !iv || !tag || body === undefined)
        throw new Error('This value was sealed with a key that is not configured')
      const decipher = createDecipheriv('aes-256-gcm', openingKey, Buffer.from(iv, 'base64url'))
      decipher.setAAD(Buffer.from(context))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()])
      return JSON.parse(text.toString('utf8')) as T
    },
  }
}

const SEALING_KEY_FILE = 'sealing.key'

/**
 * The configured key or, without one, a key made once in the data directory: never in the
 * database, so a copy of the database alone does not reveal what was sealed.
 */
export async function sealingKey(configured: string | undefined, dataDir: string): Promise<string> {
  if (configured) return configured
  const file = join(dataDir, SEALING_KEY_FILE)
  try {
    return (await readFile(file, 'utf8')).trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  await mkdir(dataDir, { recursive: true })
  const key = randomBytes(32).toString('base64')
  // `wx`: if another instance made the key first, use theirs.
  try {
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' })
    return key
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return (await readFile(file, 'utf8')).trim()
  }
}

/** The sealer the configuration gives: its key (or the data directory's) and earlier keys. */
export async function sealerFor(config: Pick<Config, 'sealing' | 'dataDir'>): Promise<Sealer> {
  return createSealer(await sealingKey(config.sealing.key, config.dataDir), config.sealing.previousKeys)
}
