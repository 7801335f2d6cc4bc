import type { FastifyInstance } from 'fastify'
import { hasAdmin } from './modules/admin/index.ts'

/** How a person on this machine reaches a server listening on `host`. */
function localUrl(host: string, port: number): string {
  const local = host === '0.0.0.0' || host === '::' || host === '127.0.0.1' || host === '::1'
  return `http://${local ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${port}`
}

/** The few lines a person needs after `npm start` in development: where things are and what is pretend. */
export async function startSummary(app: FastifyInstance): Promise<string> {
  const { config, db, payments } = app.deps
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  const url = localUrl(config.host, port)
  const loopback = config.host === '127.0.0.1' || config.host === '::1' || config.host === 'localhost'
  const lines = [
    '',
    `sfm is running (development) at ${url}`,
    loopback
      ? '  only this machine can reach it; HOST=0.0.0.0 opens it to the network'
      : `  listening on ${config.host}: other machines can reach it`,
    `  console    ${url}/admin`,
    `  API docs   ${url}/docs   (the API is under ${url}/api/…)`,
    `  database   ${config.databaseUrl}`,
  ]
  if (!(await hasAdmin(db))) {
    lines.push(
      '  no admin account yet: npm run admin -- create boss --role admin   (or start with SFM_ADMIN_NAME and SFM_ADMIN_PASSWORD)',
    )
  }
  if (config.smsProvider === 'console')
    lines.push('  SMS        printed here, one [sms] line each: the signup codes are in them')
  if (payments.name === 'sandbox')
    lines.push('  payments   the sandbox: anyone who can open its pay page can mark an order paid')
  return `${lines.join('\n')}\n\n`
}
