/**
 * Configuration, parsed once at the entry with zod: a bad value stops the process with a
 * message naming the variable. Every variable here is documented in the README.
 */
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .optional(),
  LIAISON_DATA_DIR: z.string().min(1).default('./.liaison'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  LIAISON_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  LIAISON_DEMO_DATA: flag.optional(),
  LIAISON_TOKEN_TTL_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(8 * 60),
  LIAISON_MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024),
  LIAISON_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(1200),
  LIAISON_ADDRESS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(10_000_000).optional(),
});

export type RawConfig = z.infer<typeof configSchema>;

/** What the app itself needs, whichever runtime it runs on. */
export interface AppConfig {
  publicUrl: string | undefined;
  signingKey: string;
  tokenTtlMinutes: number;
  maxBodyBytes: number;
  /** Requests a minute per caller before 429; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Requests a minute per network address, before authentication; 10 × rateLimitPerMinute by default. */
  addressRateLimitPerMinute?: number | undefined;
  /** Believe the CF-Connecting-IP header: only on Workers, where Cloudflare sets it. */
  trustCloudflareAddress?: boolean;
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): RawConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}
