import type { FastifyInstance } from 'fastify'
import { clearSignInCookies, setSignInCookies, setUserNameCookie } from '../../http/cookies.ts'
import { HttpError, ok, Outcome } from '../../http/envelope.ts'
import { Codes } from '../../http/codes.ts'
import { apiRoute } from '../../http/route.ts'
import { AccountService, type SignedIn } from './account.ts'
import { ProfileService } from './profile.ts'
import * as S from './schemas.ts'

export default async function userRoutes(app: FastifyInstance): Promise<void> {
  const { config } = app.deps
  const accounts = new AccountService(app.deps)
  const profiles = new ProfileService(app.deps)

  const signedIn = (result: SignedIn | Outcome, reply: Parameters<typeof setSignInCookies>[0]): Outcome => {
    if (result instanceof Outcome) return result
    setSignInCookies(reply, config, result)
    return ok({ user_id: result.user_id, user_name: result.user_name, card_id: result.card_id })
  }

  apiRoute(app, {
    path: '/api/user/send_verify_code',
    write: true,
    access: 'public',
    summary: 'Send an SMS verification code (purpose signup or reset_pwd)',
    params: S.SendVerifyCode,
    handler: (p, { req }) => accounts.sendVerifyCode(p.mobile, p.purpose ?? 'signup', req.ip),
  })

  apiRoute(app, {
    path: '/api/user/signup',
    write: true,
    access: 'public',
    summary: 'Sign up with an SMS code; signs in',
    params: S.Signup,
    handler: async (p, { req, reply }) => signedIn(await accounts.signup(p.mobile, p.pwd, p.sms_verify, req.ip), reply),
  })

  apiRoute(app, {
    path: '/api/user/signin',
    write: true,
    access: 'public',
    summary: 'Sign in by mobile or user name',
    params: S.Signin,
    handler: async (p, { req, reply }) => {
      const account = p.mobile_uer_name ?? p.mobile_user_name
      if (account === undefined) throw new HttpError(400, Codes.MISSING_PARAM.code, '缺少参数mobile_uer_name')
      return signedIn(await accounts.signin(account, p.pwd, req.ip), reply)
    },
  })

  apiRoute(app, {
    path: '/api/user/signout',
    write: true,
    access: 'customer',
    summary: 'Sign out: clears the cookies and revokes the session',
    params: S.NoParams,
    handler: async (_p, { user, reply }) => {
      await accounts.signout(user)
      clearSignInCookies(reply, config)
      return ok()
    },
  })

  apiRoute(app, {
    path: '/api/user/modify_pwd',
    write: true,
    access: 'customer',
    summary: 'Change the password; other sessions are revoked',
    params: S.ModifyPwd,
    handler: (p, { user, req }) => accounts.modifyPwd(user, p.old_pwd, p.new_pwd, req.ip),
  })

  apiRoute(app, {
    path: '/api/user/reset_pwd',
    write: true,
    access: 'public',
    summary: 'Reset a forgotten password with a reset_pwd code; all sessions are revoked',
    params: S.ResetPwd,
    handler: (p, { req }) => accounts.resetPwd(p.mobile, p.sms_verify, p.new_pwd, req.ip),
  })

  apiRoute(app, {
    path: '/api/user/modify_user_info',
    write: true,
    access: 'customer',
    summary: 'Change the user name and sex',
    params: S.ModifyUserInfo,
    handler: async (p, { user, reply }) => {
      const result = await profiles.modifyUserInfo(user, p.new_user_name, p.sex)
      if (result instanceof Outcome) return result
      setUserNameCookie(reply, config, result.userName)
      return ok()
    },
  })

  apiRoute(app, {
    path: '/api/user/get_user_info',
    write: false,
    access: 'customer',
    summary: "The caller's profile",
    params: S.NoParams,
    handler: (_p, { user }) => profiles.getUserInfo(user),
  })

  apiRoute(app, {
    path: '/api/user/set_auth',
    write: true,
    access: 'customer',
    summary: 'Submit real-name verification (back to pending)',
    params: S.SetAuth,
    handler: (p, { user }) => profiles.setAuth(user, p),
  })

  apiRoute(app, {
    path: '/api/user/get_auth',
    write: false,
    access: 'customer',
    summary: "The caller's verification record and status",
    params: S.NoParams,
    handler: (_p, { user }) => profiles.getAuth(user),
  })
}
