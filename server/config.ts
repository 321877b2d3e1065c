import { z } from 'zod';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const urlWithProtocols = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((value) => protocols.includes(new URL(value).protocol), {
      message: `expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    });

const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    PUBLIC_BASE_URL: urlWithProtocols(['http:', 'https:']).default('http://localhost:3000'),
    DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:']).default('postgres://127.0.0.1:5432/livecohort'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: urlWithProtocols(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]+$/i, 'expected letters, digits, "-" or "_"').default('livecohort'),
    LIVEKIT_URL: urlWithProtocols(['http:', 'https:', 'ws:', 'wss:']).default('http://127.0.0.1:7880'),
    /** Where browsers reach LiveKit, when it differs from the address the server uses (for example in docker compose). */
    LIVEKIT_PUBLIC_URL: urlWithProtocols(['http:', 'https:', 'ws:', 'wss:']).optional(),
    LIVEKIT_API_KEY: z.string().min(1).default('devkey'),
    LIVEKIT_API_SECRET: z.string().min(6).default('secret'),
    LIVEKIT_TOKEN_TTL_MINUTES: z.coerce.number().int().min(1).max(60).default(10),
    ROOM_LEAD_MINUTES: z.coerce.number().int().min(0).max(240).default(15),
    ROOM_GRACE_MINUTES: z.coerce.number().int().min(0).max(240).default(15),
    ROOM_MAX_PARTICIPANTS: z.coerce.number().int().min(2).max(10_000).default(300),
    JOIN_WINDOW_MINUTES: z.coerce.number().int().min(0).max(240).default(15),
    /** Reconnect gaps up to this long count as present. */
    ATTENDANCE_RECONNECT_GRACE_SECONDS: z.coerce.number().int().min(0).max(900).default(60),
    /** How often RoomService is asked who is connected while a session is live. */
    LIVEKIT_POLL_SECONDS: z.coerce.number().int().min(10).max(600).default(60),
    SMTP_URL: urlWithProtocols(['smtp:', 'smtps:']).default('smtp://127.0.0.1:1025'),
    APP_SECRET: z.string().min(16, 'expected at least 16 characters').default('development-only-secret-change-me'),
    CENTRE_NAME: z.string().min(1).default('Seoul Human Resources Development Center'),
    CENTRE_CITY: z.string().min(1).default('Seoul'),
    /** Who signs the certificates, as printed under the signature line. */
    CERTIFICATE_SIGNER_NAME: z.string().min(1).default('Director of International Training'),
    CERTIFICATE_SIGNER_TITLE: z.string().min(1).default('Seoul Human Resources Development Center'),
    /** The centre's Ed25519 key (PKCS#8 PEM) for signed credentials; without it one is generated once and kept in PostgreSQL. */
    CERTIFICATE_SIGNING_KEY: z.string().optional(),
    /** Threads drawing certificate PDFs during bulk issuance (0: the job's own thread). */
    CERTIFICATE_RENDER_THREADS: z.coerce.number().int().min(0).max(32).default(2),
    /** Verification look-ups allowed per address and minute (against enumeration of certificate numbers). */
    VERIFY_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    MAIL_FROM: z.string().min(3).default('livecohort <no-reply@livecohort.localhost>'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    AUTH_SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
    MAGIC_LINK_TTL_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60 * 24),
    SIGN_IN_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    SIGN_IN_LIMIT_PER_IP: z.coerce.number().int().min(1).default(30),
    SIGN_IN_WINDOW_SECONDS: z.coerce.number().int().min(1).default(15 * 60),
    TRUST_PROXY: booleanFlag.default(false),
    DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(10),
    JOB_LOCK_DURATION_MS: z.coerce.number().int().min(500).default(30_000),
    REALTIME_RECOVERY_MS: z.coerce.number().int().min(0).max(3_600_000).default(120_000),
    REALTIME_ADAPTER: z.enum(['redis', 'memory']).default('redis'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  })
  .superRefine((config, ctx) => {
    if (config.NODE_ENV !== 'production') return;
    // The LiveKit dev-mode pair is public knowledge; a production deployment must not run on it.
    if (config.LIVEKIT_API_KEY === 'devkey' || config.LIVEKIT_API_SECRET === 'secret') {
      ctx.addIssue({
        code: 'custom',
        path: ['LIVEKIT_API_SECRET'],
        message: 'set LIVEKIT_API_KEY and LIVEKIT_API_SECRET to the keys of your LiveKit server in production',
      });
    }
    if (config.APP_SECRET === 'development-only-secret-change-me') {
      ctx.addIssue({ code: 'custom', path: ['APP_SECRET'], message: 'set APP_SECRET to a long random value in production (it signs calendar-feed links)' });
    }
    if (config.LIVEKIT_API_SECRET.length < 32) {
      ctx.addIssue({ code: 'custom', path: ['LIVEKIT_API_SECRET'], message: 'expected at least 32 characters in production' });
    }
  });

export type Config = Readonly<z.infer<typeof configSchema>> & { readonly isProduction: boolean };

export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** The only reader of the environment: parse it once, name every bad variable, freeze the result. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(configSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const variable = issue.path.join('.') || 'environment';
        const given = typeof present[variable] === 'string' ? ` (got "${redact(variable, present[variable])}")` : '';
        return `${variable}: ${issue.message}${given}`;
      }),
    );
  }
  return Object.freeze({ ...parsed.data, isProduction: parsed.data.NODE_ENV === 'production' });
}

function redact(variable: string, value: unknown): string {
  if (/SECRET|PASSWORD/.test(variable)) return '***';
  const text = String(value);
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return text;
  }
}
