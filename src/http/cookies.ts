import type { FastifyReply } from 'fastify'
import type { Config } from '../config.ts'
import { USER_COOKIE } from './auth.ts'
import type { CookieOptions } from './cookie-jar.ts'

/** How long a session lasts, and so its cookies (12 hours). */
export const SESSION_SECONDS = 12 * 60 * 60

export interface SignInCookies {
  token: string
  user_name: string
  auth_is_pass: 0 | 1
  card_id: string
}

const READABLE = ['user_name', 'auth_is_pass', 'card_id'] as const

function base(config: Config): CookieOptions {
  return {
    path: '/',
    sameSite: 'lax',
    secure: config.cookieSecure,
    domain: config.cookieDomain,
    maxAge: SESSION_SECONDS,
  }
}

/** The session cookie (httpOnly) and the three the page may read. */
export function setSignInCookies(reply: FastifyReply, config: Config, c: SignInCookies): void {
  const opts = base(config)
  reply.setCookie(USER_COOKIE, c.token, { ...opts, httpOnly: true })
  reply.setCookie('user_name', c.user_name, opts)
  reply.setCookie('auth_is_pass', String(c.auth_is_pass), opts)
  reply.setCookie('card_id', c.card_id, opts)
}

export function setUserNameCookie(reply: FastifyReply, config: Config, userName: string): void {
  reply.setCookie('user_name', userName, base(config))
}

export function clearSignInCookies(reply: FastifyReply, config: Config): void {
  const { path, domain } = base(config)
  for (const name of [USER_COOKIE, ...READABLE]) reply.clearCookie(name, { path, domain })
}
