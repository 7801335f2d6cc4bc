import type { Deps } from '../../deps.ts'
import { lockUser } from '../../db/dialect.ts'
import { isUniqueViolation } from '../../db/errors.ts'
import { flag, type Flag, type User } from '../../db/types.ts'
import type { SessionUser } from '../../http/auth.ts'
import { Codes } from '../../domain/codes.ts'
import { type Refusal, type Result, fail, invalidParam, ok } from '../../domain/result.ts'
import { countSms } from '../../metrics/index.ts'
import { maskMobile } from '../../providers/sms/index.ts'
import { exceedsAny, forgetOne, type Limit } from '../../ratelimit/index.ts'
import { nowSeconds } from '../../time.ts'
import { cardIdOf, openCard } from '../credit/index.ts'
import { userActor, writeLog } from '../oplog/index.ts'
import { hashPassword, verifyPassword } from './password.ts'
import {
  authPassed,
  findUserByAccount,
  findUserById,
  findUserByMobile,
  insertUser,
  recordLogin,
  setPasswordHash,
} from './repo.ts'
import { type CodePurpose, VerifyCodes } from './verify-codes.ts'

// Signing up, in and out, and passwords.

export interface SignedIn {
  user_id: number
  user_name: string
  card_id: string
  auth_is_pass: Flag
  /** the sealed session for the sfm_user_token cookie; never part of the response body */
  token: string
}

const HOUR = 3600
const tooMany = () => fail(Codes.TOO_MANY_REQUESTS)

const codeIpLimit = (ip: string): Limit[] => [{ key: `code:ip:${ip}`, max: 20, windowSeconds: HOUR }]
/** The providers' default limits per number (Aliyun's: 1 a minute, 5 an hour, 10 a day), so they never refuse first. */
const codeMobileLimits = (mobile: string): Limit[] => [
  { key: `code:mobile:${mobile}`, max: 1, windowSeconds: 60 },
  { key: `code:mobile:${mobile}`, max: 5, windowSeconds: HOUR },
  { key: `code:mobile:${mobile}`, max: 10, windowSeconds: 24 * HOUR },
]
const CODE_TEMPLATE = { signup: 'verify_code', reset_pwd: 'reset_code' } as const

const GUESS_WINDOW = 15 * 60
const signinIpLimit = (ip: string): Limit[] => [{ key: `signin:ip:${ip}`, max: 50, windowSeconds: GUESS_WINDOW }]
/**
 * Password guesses per account, by its id: sign-ins by mobile or by name and modify_pwd's old
 * password all count here.
 */
const passwordLimit = (userId: number): Limit[] => [{ key: `pwd:user:${userId}`, max: 10, windowSeconds: GUESS_WINDOW }]
/** Sign-ins naming no account: probing which mobiles and names exist is limited as well. */
const unknownAccountLimit = (account: string): Limit[] => [
  { key: `signin:unknown:${account.toLowerCase()}`, max: 10, windowSeconds: GUESS_WINDOW },
]

/** The verification codes, under the deps' database and secret (a store holds nothing else). */
const codesOf = (deps: Deps) => new VerifyCodes(deps.db, deps.config.secret)

/** A mobile the shop's pattern refuses, as a bad parameter; undefined when it is fine. */
const badMobile = (deps: Deps, mobile: string): Refusal | undefined =>
  deps.config.mobilePattern.test(mobile) ? undefined : invalidParam('mobile')

export async function sendVerifyCode(deps: Deps, mobile: string, purpose: CodePurpose, ip: string) {
  const bad = badMobile(deps, mobile)
  if (bad) return bad
  const { db, limiter, sms, log } = deps
  // Counted before the lookup: 117 and 121 tell whether a mobile is registered, so probing is limited too.
  if (await exceedsAny(limiter, codeIpLimit(ip))) return tooMany()
  const registered = (await findUserByMobile(db, mobile)) !== undefined
  if (purpose === 'signup' && registered) return fail(Codes.MOBILE_TAKEN_FOR_CODE)
  if (purpose === 'reset_pwd' && !registered) return fail(Codes.MOBILE_NOT_REGISTERED)
  // Only codes that went out count against the number: a refusal (ours or the provider's) is given back.
  const mobileLimits = codeMobileLimits(mobile)
  if (await exceedsAny(limiter, mobileLimits)) {
    await forgetOne(limiter, mobileLimits)
    return tooMany()
  }
  const codes = codesOf(deps)
  const { id, code } = await codes.issue(mobile, purpose)
  const template = CODE_TEMPLATE[purpose]
  const sent = await sms.send({ mobile, template, params: { code } })
  countSms(template, sent.ok ? 'sent' : 'failed')
  if (sent.ok) return ok()
  await codes.withdraw(id)
  await forgetOne(limiter, mobileLimits)
  log.warn(
    { provider: sms.name, mobile: maskMobile(mobile), template, kind: sent.kind, reason: sent.reason },
    'code not sent',
  )
  if (sent.kind === 'rate_limited') return tooMany()
  if (sent.kind === 'bad_mobile') return invalidParam('mobile')
  return fail(Codes.SMS_FAILED)
}

export async function signup(
  deps: Deps,
  mobile: string,
  pwd: string,
  code: string,
  ip: string,
): Promise<Result<SignedIn>> {
  const bad = badMobile(deps, mobile)
  if (bad) return bad
  const { db, config } = deps
  if (!(await codesOf(deps).consume(mobile, 'signup', code))) return fail(Codes.VERIFY_CODE_WRONG)
  const pwdHash = await hashPassword(pwd, ip)
  const now = nowSeconds()
  let userId: number
  try {
    userId = await db.transaction().execute(async (trx) => {
      const id = await insertUser(trx, mobile, pwdHash, now)
      const cardId = await openCard(trx, id, config.creditDefaultAmount)
      await writeLog(trx, userActor(id), { type: 'credit_card', id: cardId }, '注册并开通额度卡', [
        { label: '额度', fen: config.creditDefaultAmount },
      ])
      return id
    })
  } catch (err) {
    if (isUniqueViolation(err)) return fail(Codes.MOBILE_REGISTERED)
    throw err
  }
  // Signed in as the account just made, without sign-in's limits: those count guesses, and a
  // signup that answered 429 here would leave an account its owner believes was never made.
  const user = await findUserById(db, userId)
  if (!user) throw new Error(`user ${userId} vanished after signup`)
  const session = await openSession(deps, user, ip)
  return session ? ok(session) : fail(Codes.SIGNUP_FAILED)
}

export async function signin(deps: Deps, account: string, pwd: string, ip: string): Promise<Result<SignedIn>> {
  const { db, limiter } = deps
  // Every attempt is counted before the slow password check, so parallel guesses cannot all slip
  // under the limit; a success gives its count back, so only failures add up.
  const ipLimit = signinIpLimit(ip)
  if (await exceedsAny(limiter, ipLimit)) return tooMany()
  const user = await findUserByAccount(db, account)
  if (!user) {
    if (await exceedsAny(limiter, unknownAccountLimit(account))) return tooMany()
    return fail(Codes.MOBILE_NOT_REGISTERED)
  }
  const accountLimit = passwordLimit(user.id)
  if (await exceedsAny(limiter, accountLimit)) return tooMany()
  if (!(await verifyPassword(pwd, user.pwd_hash, ip))) return fail(Codes.NAME_OR_PWD_MISMATCH)
  await forgetOne(limiter, [...ipLimit, ...accountLimit])
  const session = await openSession(deps, user, ip)
  return session ? ok(session) : fail(Codes.NAME_OR_PWD_MISMATCH)
}

/**
 * Opens a session for a customer whose password was just checked (or just set), under the
 * customer's row lock and only while that password is still theirs: a password change either
 * waits for it (and revokes it) or wins, and then this answers null.
 */
async function openSession(deps: Deps, user: User, ip: string): Promise<SignedIn | null> {
  const { db, sessions } = deps
  const token = await db.transaction().execute(async (trx) => {
    await lockUser(trx, user.id)
    const current = await findUserById(trx, user.id)
    if (current?.pwd_hash !== user.pwd_hash) return null
    await recordLogin(trx, user.id, nowSeconds(), ip)
    return sessions.customer.create(user.id, trx)
  })
  if (!token) return null
  return {
    user_id: user.id,
    user_name: user.user_name,
    card_id: await cardIdOf(db, user.id),
    auth_is_pass: flag(await authPassed(db, user.id)),
    token,
  }
}

export async function signout(deps: Deps, user: SessionUser): Promise<void> {
  await deps.sessions.customer.revoke(user.sessionId)
}

export async function modifyPwd(deps: Deps, user: SessionUser, oldPwd: string, newPwd: string, ip: string) {
  const { db, limiter, sessions } = deps
  // A stolen session must not become a way to guess the password: the old one counts as a sign-in guess.
  const limit = passwordLimit(user.id)
  if (await exceedsAny(limiter, limit)) return tooMany()
  const row = await findUserById(db, user.id)
  if (!row || !(await verifyPassword(oldPwd, row.pwd_hash, ip))) return fail(Codes.OLD_PWD_WRONG)
  await forgetOne(limiter, limit)
  const pwdHash = await hashPassword(newPwd, ip)
  await db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, user.id, pwdHash)
    await sessions.customer.revokeAll(user.id, user.sessionId, trx)
  })
  return ok()
}

export async function resetPwd(deps: Deps, mobile: string, code: string, newPwd: string, ip: string) {
  const bad = badMobile(deps, mobile)
  if (bad) return bad
  const { db, sessions } = deps
  if (!(await codesOf(deps).consume(mobile, 'reset_pwd', code))) return fail(Codes.VERIFY_CODE_WRONG)
  const user = await findUserByMobile(db, mobile)
  if (!user) return fail(Codes.MOBILE_NOT_REGISTERED)
  const pwdHash = await hashPassword(newPwd, ip)
  await db.transaction().execute(async (trx) => {
    await setPasswordHash(trx, user.id, pwdHash)
    await sessions.customer.revokeAll(user.id, undefined, trx)
  })
  return ok()
}
