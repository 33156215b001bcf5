import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'

export interface FakeOidcProvider {
  /** The issuer identifier, e.g. http://127.0.0.1:53124 */
  issuer: string
  clientId: string
  clientSecret: string
  /** The subject the next authorization is granted for (as if that person had signed in). */
  subject: string
  /** The requests the token endpoint refused, with why, for assertions. */
  readonly refusals: string[]
  close(): Promise<void>
}

interface Grant {
  clientId: string
  redirectUri: string
  codeChallenge: string
  nonce: string | undefined
  subject: string
  expiresAt: number
}

const MAX_GRANTS = 100
const CODE_LIFETIME_MS = 60_000
const MAX_BODY_BYTES = 16_384

const base64url = (bytes: Buffer) => bytes.toString('base64url')

function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest()
  const y = createHash('sha256').update(b).digest()
  return timingSafeEqual(x, y)
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
  res.end(JSON.stringify(body))
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let size = 0
  const chunks: Buffer[] = []
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new Error('body too large')
    chunks.push(chunk)
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

/** Client credentials from client_secret_basic or client_secret_post. */
function clientCredentials(req: IncomingMessage, form: URLSearchParams) {
  const header = req.headers.authorization
  if (header?.startsWith('Basic ')) {
    const [id = '', secret = ''] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')
    return { id: decodeURIComponent(id), secret: decodeURIComponent(secret) }
  }
  return { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' }
}

/**
 * An in-process OpenID Connect provider for tests, on 127.0.0.1 and a random port: discovery,
 * JWKS, an authorization endpoint that signs in `subject` at once and redirects back, and a
 * token endpoint that checks the client and PKCE and returns an RS256 ID token with the nonce.
 */
export async function startFakeOidcProvider(
  options: { clientId?: string; clientSecret?: string; subject?: string } = {},
): Promise<FakeOidcProvider> {
  const { publicKey, privateKey } = await generateKeyPair('RS256')
  const kid = base64url(randomBytes(8))
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }
  const grants = new Map<string, Grant>()

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error' })
      else res.destroy()
    })
  })
  server.requestTimeout = 5_000
  server.headersTimeout = 5_000
  server.keepAliveTimeout = 1_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const provider: FakeOidcProvider = {
    issuer,
    clientId: options.clientId ?? 'mappa-test-client',
    clientSecret: options.clientSecret ?? randomBytes(16).toString('hex'),
    subject: options.subject ?? 'subject-1',
    refusals: [],
    async close() {
      grants.clear()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }

  const refuse = (res: ServerResponse, error: string, why: string) => {
    provider.refusals.push(why)
    sendJson(res, error === 'invalid_client' ? 401 : 400, { error, error_description: why })
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', issuer)
    const route = `${req.method} ${url.pathname}`

    if (route === 'GET /.well-known/openid-configuration') {
      return sendJson(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid', 'email', 'profile'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
        code_challenge_methods_supported: ['S256'],
        grant_types_supported: ['authorization_code'],
      })
    }

    if (route === 'GET /jwks') return sendJson(res, 200, { keys: [jwk] })

    if (route === 'GET /authorize') {
      const q = url.searchParams
      const redirectUri = q.get('redirect_uri')
      if (!redirectUri || q.get('client_id') !== provider.clientId) {
        return sendJson(res, 400, {
          error: 'invalid_request',
          error_description: 'unknown client or redirect_uri',
        })
      }
      const back = new URL(redirectUri)
      const state = q.get('state')
      if (state !== null) back.searchParams.set('state', state)
      const challenge = q.get('code_challenge')
      if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !challenge) {
        back.searchParams.set('error', 'invalid_request')
      } else if (!q.get('scope')?.split(' ').includes('openid')) {
        back.searchParams.set('error', 'invalid_scope')
      } else {
        if (grants.size >= MAX_GRANTS) grants.delete(grants.keys().next().value!)
        const code = base64url(randomBytes(24))
        grants.set(code, {
          clientId: provider.clientId,
          redirectUri,
          codeChallenge: challenge,
          nonce: q.get('nonce') ?? undefined,
          subject: provider.subject,
          expiresAt: Date.now() + CODE_LIFETIME_MS,
        })
        back.searchParams.set('code', code)
      }
      res.writeHead(302, { location: back.href, 'cache-control': 'no-store' })
      return res.end()
    }

    if (route === 'POST /token') {
      const form = await readForm(req)
      const credentials = clientCredentials(req, form)
      if (credentials.id !== provider.clientId || !sameSecret(credentials.secret, provider.clientSecret)) {
        return refuse(res, 'invalid_client', 'client authentication failed')
      }
      if (form.get('grant_type') !== 'authorization_code') {
        return refuse(res, 'unsupported_grant_type', 'only authorization_code')
      }
      const code = form.get('code') ?? ''
      const grant = grants.get(code)
      grants.delete(code)
      if (!grant || grant.expiresAt < Date.now() || grant.clientId !== credentials.id) {
        return refuse(res, 'invalid_grant', 'unknown, used or expired code')
      }
      if (form.get('redirect_uri') !== grant.redirectUri)
        return refuse(res, 'invalid_grant', 'redirect_uri differs')
      const verifier = form.get('code_verifier') ?? ''
      if (base64url(createHash('sha256').update(verifier).digest()) !== grant.codeChallenge) {
        return refuse(res, 'invalid_grant', 'PKCE code_verifier does not match the challenge')
      }
      const idToken = await new SignJWT({ ...(grant.nonce ? { nonce: grant.nonce } : {}) })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(provider.clientId)
        .setSubject(grant.subject)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey)
      return sendJson(res, 200, {
        access_token: base64url(randomBytes(24)),
        token_type: 'Bearer',
        expires_in: 300,
        id_token: idToken,
      })
    }

    return sendJson(res, 404, { error: 'not_found' })
  }

  return provider
}
