import { hash, verify } from '@node-rs/argon2'

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes).
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export const hashPassword = (password: string) => hash(password, options)

export async function passwordMatches(storedHash: string | null, password: string): Promise<boolean> {
  // Hash anyway for unknown accounts so timing does not reveal which usernames exist.
  if (!storedHash) {
    await hash(password, options)
    return false
  }
  return verify(storedHash, password)
}
