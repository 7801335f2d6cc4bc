/** Unix seconds: the unit of every time in the API and the database. */
export const nowSeconds = (): number => Math.floor(Date.now() / 1000)

/**
 * The one rule for deadlines (an order's expire_time, a charge's time_expire): in that very
 * second it has passed. The SQL that selects or guards by expiry says the same (`<= now`, `> now`).
 */
export const hasExpired = (deadline: number, now: number = nowSeconds()): boolean => deadline <= now
