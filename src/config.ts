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
  })
  .refine((c) => !c.OIDC_ISSUER || c.OIDC_CLIENT_ID, {
    message: 'OIDC_CLIENT_ID is required when OIDC_ISSUER is set',
    path: ['OIDC_CLIENT_ID'],
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
  }
}
