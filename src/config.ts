import { z } from 'zod'

const bool = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional()

const schema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATA_DIR: z.string().default('./data'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    DEMO_DATA: bool,
    BASE_URL: z.url().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    COOKIE_SECURE: bool,
    TRUST_PROXY: bool,
    SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    SIGN_IN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
    BREAK_GLASS_HOURS: z.coerce.number().int().min(1).max(72).default(8),
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_LABEL: z.string().default('Sign in with your organisation account'),
    MAP_TILE_URL: z
      .string()
      .regex(
        /^https?:\/\/.+\{z\}.*\{x\}.*\{y\}/,
        'MAP_TILE_URL must be a tile URL template with {z}, {x} and {y}',
      )
      .optional(),
    ZONE_WARNING_METRES: z.coerce.number().int().min(0).max(50_000).default(500),
    SEALING_KEY: z
      .string()
      .regex(/^[A-Za-z0-9+/]{43}=$/, 'SEALING_KEY must be 32 random bytes, base64 encoded')
      .optional(),
    SEALING_PREVIOUS_KEYS: z
      .string()
      .regex(
        /^([A-Za-z0-9+/]{43}=)(,[A-Za-z0-9+/]{43}=)*$/,
        'SEALING_PREVIOUS_KEYS must be base64 keys, comma separated',
      )
      .optional(),
    NOTIFY_API_KEY: z.string().min(1).optional(),
    NOTIFY_BASE_URL: z.url().optional(),
    NOTIFY_TEMPLATE_SIGNIFICANT_EVENT: z.string().min(1).optional(),
    PUBLIC_FORM_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  })
  .refine((c) => !c.OIDC_ISSUER || c.OIDC_CLIENT_ID, {
    message: 'OIDC_CLIENT_ID is required when OIDC_ISSUER is set',
    path: ['OIDC_CLIENT_ID'],
  })
  .refine((c) => !c.NOTIFY_API_KEY || c.NOTIFY_TEMPLATE_SIGNIFICANT_EVENT, {
    message: 'NOTIFY_TEMPLATE_SIGNIFICANT_EVENT is required when NOTIFY_API_KEY is set',
    path: ['NOTIFY_TEMPLATE_SIGNIFICANT_EVENT'],
  })

export interface Config {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  /** Demo accounts and people: on by default for the embedded database only. */
  demoData: boolean
  baseUrl: string
  logLevel: string
  sessionSecret: string | undefined
  sessionIdleMinutes: number
  /** Secure cookies; by default, whenever the request came over HTTPS. */
  cookieSecure: boolean | undefined
  trustProxy: boolean
  signInMaxFailures: number
  signInLockoutMinutes: number
  breakGlassHours: number
  oidc: { issuer: string; clientId: string; clientSecret: string | undefined; label: string } | undefined
  /** Map tiles; without a source, maps show zones and points on a plain background (no internet needed). */
  map: { tileUrl: string | undefined }
  /** How near a no-contact person's address a proposed address draws a warning. */
  zoneWarningMetres: number
  /**
   * Keys sealing (encrypting) victims' and applicants' details: the current key (base64), and
   * earlier keys still able to open what they sealed. Without SEALING_KEY, a key is made once
   * in DATA_DIR (never in the database).
   */
  sealing: { key: string | undefined; previousKeys: string[] }
  /** GOV.UK Notify: without an API key, messages stay in the outbox table. */
  notify: { apiKey: string; baseUrl: string | undefined; significantEventTemplate: string } | undefined
  /** Submissions of a public disclosure scheme form allowed per hour from one address. */
  publicFormRateLimit: number
}

/** Reads the configuration once; an invalid value stops the service with every problem named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')
    throw new Error(`Invalid configuration:\n${problems}`)
  }
  const c = parsed.data
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: c.DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    demoData: c.DEMO_DATA ?? !c.DATABASE_URL,
    baseUrl: c.BASE_URL ?? `http://localhost:${c.PORT}`,
    logLevel: c.LOG_LEVEL,
    sessionSecret: c.SESSION_SECRET,
    sessionIdleMinutes: c.SESSION_IDLE_MINUTES,
    cookieSecure: c.COOKIE_SECURE,
    trustProxy: c.TRUST_PROXY ?? false,
    signInMaxFailures: c.SIGN_IN_MAX_FAILURES,
    signInLockoutMinutes: c.SIGN_IN_LOCKOUT_MINUTES,
    breakGlassHours: c.BREAK_GLASS_HOURS,
    oidc: c.OIDC_ISSUER
      ? {
          issuer: c.OIDC_ISSUER,
          clientId: c.OIDC_CLIENT_ID ?? '',
          clientSecret: c.OIDC_CLIENT_SECRET,
          label: c.OIDC_LABEL,
        }
      : undefined,
    map: { tileUrl: c.MAP_TILE_URL },
    zoneWarningMetres: c.ZONE_WARNING_METRES,
    sealing: {
      key: c.SEALING_KEY,
      previousKeys: c.SEALING_PREVIOUS_KEYS ? c.SEALING_PREVIOUS_KEYS.split(',') : [],
    },
    notify: c.NOTIFY_API_KEY
      ? {
          apiKey: c.NOTIFY_API_KEY,
          baseUrl: c.NOTIFY_BASE_URL,
          significantEventTemplate: c.NOTIFY_TEMPLATE_SIGNIFICANT_EVENT ?? '',
        }
      : undefined,
    publicFormRateLimit: c.PUBLIC_FORM_RATE_LIMIT,
  }
}
