import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../../config.ts';
import { AppError } from '../../errors.ts';

export interface SignInLimiter {
  /** Throws `rate_limited` when either the account or the address has no attempts left. */
  assertAllowed(email: string, ip: string): Promise<void>;
  recordFailure(email: string, ip: string): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

/** Failed sign-ins counted in Redis per account and per address, so every server process shares them. */
export function createSignInLimiter(
  redis: Redis,
  config: Pick<Config, 'REDIS_PREFIX' | 'SIGN_IN_LIMIT_PER_ACCOUNT' | 'SIGN_IN_LIMIT_PER_IP' | 'SIGN_IN_WINDOW_SECONDS'>,
): SignInLimiter {
  const perAccount = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${config.REDIS_PREFIX}:sign-in:account`,
    points: config.SIGN_IN_LIMIT_PER_ACCOUNT,
    duration: config.SIGN_IN_WINDOW_SECONDS,
  });
  const perIp = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${config.REDIS_PREFIX}:sign-in:ip`,
    points: config.SIGN_IN_LIMIT_PER_IP,
    duration: config.SIGN_IN_WINDOW_SECONDS,
  });
  const accountKey = (email: string) => email.trim().toLowerCase();

  const refuse = (res: RateLimiterRes) => {
    const retryAfterSeconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return new AppError('rate_limited', `Too many failed sign-in attempts. Try again in ${retryAfterSeconds} seconds.`, {
      details: { retryAfterSeconds },
    });
  };

  return {
    async assertAllowed(email, ip) {
      const [account, address] = await Promise.all([perAccount.get(accountKey(email)), perIp.get(ip)]);
      for (const [res, limit] of [[account, config.SIGN_IN_LIMIT_PER_ACCOUNT], [address, config.SIGN_IN_LIMIT_PER_IP]] as const) {
        if (res && res.consumedPoints >= limit) throw refuse(res);
      }
    },
    async recordFailure(email, ip) {
      await Promise.all([
        perAccount.penalty(accountKey(email), 1),
        perIp.penalty(ip, 1),
      ]);
    },
    async recordSuccess(email) {
      await perAccount.delete(accountKey(email));
    },
  };
}
