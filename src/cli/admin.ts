import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.ts'
import { openDatabase } from '../db/dialect.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { loadEnvFile } from '../env.ts'
import type { Result } from '../domain/result.ts'
import { SYSTEM } from '../modules/oplog/index.ts'
import { adminNameProblem, adminPasswordProblem } from '../domain/admin-credentials.ts'
import { createAdmin, findAdminByName, resetAdminPassword } from '../modules/admin/index.ts'

const USAGE = `usage: npm run admin -- create <name> [--role operator|admin]
       npm run admin -- passwd <name>
The password is read from a prompt at a terminal, or from the first line of standard input;
never from the command line, where other users and the shell history would see it.`

/** A hidden prompt at a terminal: readline writes the typed characters to an output we keep quiet. */
async function promptHidden(question: string): Promise<string> {
  let muted = false
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stdout.write(chunk)
      done()
    },
  })
  const rl = createInterface({ input: process.stdin, output, terminal: true })
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (answer) => resolve(answer))
      muted = true
    })
  } finally {
    rl.close()
    process.stdout.write('\n')
  }
}

async function firstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return firstLineOfStdin()
  const pwd = await promptHidden('password: ')
  if ((await promptHidden('again: ')) !== pwd) throw new Refused('the two passwords differ')
  return pwd
}

class UsageError extends Error {}
/** Understood, but refused: a taken or unknown name, an unfit password. */
class Refused extends Error {}

function checkPassword(pwd: string): void {
  const problem = adminPasswordProblem(pwd)
  if (problem) throw new Refused(`the password ${problem}`)
}

function report(outcome: Result<unknown>, done: string): void {
  if (!outcome.ok) throw new Refused(outcome.msg)
  console.log(done)
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string', default: 'operator' } },
  })
  const [command, name, ...rest] = positionals
  if (!command || !name || rest.length > 0) throw new UsageError(USAGE)
  const nameProblem = adminNameProblem(name)
  if (nameProblem) throw new UsageError(`the name ${nameProblem}`)
  const role = values.role
  if (role !== 'admin' && role !== 'operator') throw new UsageError('--role is operator or admin')
  if (command !== 'create' && command !== 'passwd') throw new UsageError(USAGE)

  loadEnvFile()
  const { db, close } = openDatabase(loadConfig().databaseUrl)
  try {
    await migrateToLatest(db)
    if (command === 'passwd') {
      const admin = await findAdminByName(db, name)
      if (!admin) throw new Refused(`no admin account is named ${name}`)
      const pwd = await readPassword()
      checkPassword(pwd)
      report(
        await resetAdminPassword(db, SYSTEM, admin.id, pwd, 'cli'),
        `password of ${name} changed; their sessions are signed out`,
      )
    } else {
      const pwd = await readPassword()
      checkPassword(pwd)
      report(await createAdmin(db, SYSTEM, name, pwd, role, 'cli'), `created ${role} ${name}`)
    }
  } finally {
    await close()
  }
}

// `npm run admin -- …`: admin accounts for people at a terminal. Exit 2 for a usage error, 1 for any other failure.
try {
  await main(process.argv.slice(2))
} catch (err) {
  if (err instanceof UsageError || err instanceof Refused) {
    console.error(err.message)
    process.exitCode = err instanceof UsageError ? 2 : 1
  } else {
    console.error(err)
    process.exitCode = 1
  }
}
