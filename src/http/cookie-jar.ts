import { parseCookie, type SerializeOptions, stringifySetCookie } from 'cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

export type CookieOptions = SerializeOptions

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's cookies, parsed on first read. */
    cookies: Record<string, string | undefined>
  }
  interface FastifyReply {
    setCookie(name: string, value: string, opts?: CookieOptions): FastifyReply
    clearCookie(name: string, opts?: CookieOptions): FastifyReply
  }
}

const PARSED = Symbol('sfm.cookies')

function setCookie(this: FastifyReply, name: string, value: string, opts: CookieOptions = {}): FastifyReply {
  const line = stringifySetCookie(name, value, { sameSite: 'lax', ...opts })
  // A cookie set twice in one answer (signed out, then in) is sent once, as it was set last.
  const prefix = `${name}=`
  const earlier = this.getHeader('set-cookie')
  const kept = earlier === undefined ? [] : [earlier].flat().filter((l) => !String(l).startsWith(prefix))
  this.removeHeader('set-cookie')
  this.header('set-cookie', [...kept, line])
  return this
}

function clearCookie(this: FastifyReply, name: string, opts: CookieOptions = {}): FastifyReply {
  return this.setCookie(name, '', { path: '/', ...opts, expires: new Date(0), maxAge: 0 })
}

/**
 * Cookies without global hooks: @fastify/cookie parses every request in an onRequest hook and
 * writes in an onSend hook, which takes every answer (/healthz's too) off Fastify's fast path.
 * Here the header is parsed only when a route reads `req.cookies`, and Set-Cookie is written at once.
 */
async function cookieJar(app: FastifyInstance): Promise<void> {
  app.decorateRequest(PARSED, null)
  app.decorateRequest('cookies', {
    getter(this: FastifyRequest) {
      const held = this as FastifyRequest & { [PARSED]: Record<string, string | undefined> | null }
      if (held[PARSED] === null) held[PARSED] = parseCookie(this.headers.cookie ?? '')
      return held[PARSED]
    },
  })
  app.decorateReply('setCookie', setCookie)
  app.decorateReply('clearCookie', clearCookie)
}

export default fp(cookieJar, { name: 'sfm-cookie-jar' })
