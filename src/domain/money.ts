/**
 * The most a price, a first payment or a postage may be: ¥10 000 000. With at most 50 lines of 99
 * units an order then stays under ¥5 000 000 000 000 (5 × 10^12 fen), far inside the integers a
 * JavaScript number holds exactly, so every total is the exact sum of its parts.
 */
export const MAX_PRICE_FEN = 1_000_000_000

/** The most a credit card's limit may be (¥10 000 000 000): a limit above any order's credit means nothing more. */
export const MAX_CREDIT_LIMIT_FEN = 1_000_000_000_000
