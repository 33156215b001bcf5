import * as client from 'openid-client'

export interface OidcSettings {
  issuer: string
  clientId: string
  clientSecret: string | undefined
}

/** What one sign-in attempt must be checked against on its return; kept in the session. */
export interface OidcAttempt {
  state: string
  nonce: string
  codeVerifier: string
}

export interface OidcClient {
  /** Starts an attempt: the provider's authorization URL, and the checks to keep. */
  begin(): Promise<{ url: URL; attempt: OidcAttempt }>
  /** Exchanges the code in the callback URL and returns the subject of the validated ID token. */
  complete(callbackUrl: URL, attempt: OidcAttempt): Promise<string>
}

export const OIDC_SCOPE = 'openid email profile'
const TIMEOUT_SECONDS = 10
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * openid-client refuses plain http; it is allowed only for a provider on this machine
 * (development and tests), decided from the issuer URL alone.
 */
export function allowsInsecureRequests(issuer: URL): boolean {
  return issuer.protocol === 'http:' && LOOPBACK_HOSTS.has(issuer.hostname)
}

/**
 * An OpenID Connect client for the authorization code flow with PKCE, state and nonce.
 * Discovery happens on first use; its result is kept once it has succeeded.
 */
export function oidcClient(settings: OidcSettings, redirectUri: string): OidcClient {
  const issuer = new URL(settings.issuer)
  let configuration: client.Configuration | undefined
  let discovering: Promise<client.Configuration> | undefined

  function discover(): Promise<client.Configuration> {
    if (configuration) return Promise.resolve(configuration)
    discovering ??= client
      .discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
        execute: allowsInsecureRequests(issuer) ? [client.allowInsecureRequests] : [],
        timeout: TIMEOUT_SECONDS,
      })
      .then((discovered) => (configuration = discovered))
      .finally(() => (discovering = undefined))
    return discovering
  }

  return {
    async begin() {
      const config = await discover()
      const attempt: OidcAttempt = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
      }
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: OIDC_SCOPE,
        code_challenge: await client.calculatePKCECodeChallenge(attempt.codeVerifier),
        code_challenge_method: 'S256',
        state: attempt.state,
        nonce: attempt.nonce,
      })
      return { url, attempt }
    },

    async complete(callbackUrl, attempt) {
      const config = await discover()
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: attempt.codeVerifier,
        expectedState: attempt.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      })
      const subject = tokens.claims()?.sub
      if (!subject) throw new Error('The ID token has no subject')
      return subject
    },
  }
}

/**
 * What may be logged about a failed attempt: the kind of error and the provider's error
 * code, never its cause (which can hold ID token claims) nor any token.
 */
export function describeOidcError(error: unknown): Record<string, string | number | undefined> {
  if (!(error instanceof Error)) return { message: 'non-error thrown' }
  const {
    code,
    error: providerError,
    status,
    cause,
  } = error as Error & {
    code?: unknown
    error?: unknown
    status?: unknown
  }
  // openid-client wraps the specific failure (e.g. a state mismatch); its message is a fixed text.
  const reason = cause instanceof Error ? cause.message : undefined
  return {
    name: error.name,
    message: error.message,
    code: typeof code === 'string' ? code : undefined,
    reason,
    providerError: typeof providerError === 'string' ? providerError : undefined,
    status: typeof status === 'number' ? status : undefined,
  }
}
