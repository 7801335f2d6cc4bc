import type { FastifyInstance } from 'fastify'
import { clearSignInCookies, setSignInCookies, setUserNameCookie } from '../../http/cookies.ts'
import { missingParam, ok, type Result } from '../../domain/result.ts'
import { apiRoute, NoData } from '../../http/route.ts'
import { modifyPwd, resetPwd, sendVerifyCode, type SignedIn, signin, signout, signup } from './account.ts'
import { getAuth, getUserInfo, modifyUserInfo, setAuth } from './profile.ts'
import * as S from './schemas.ts'

export default async function userRoutes(app: FastifyInstance): Promise<void> {
  const { deps } = app
  const { config } = deps

  const signedIn = (result: Result<SignedIn>, reply: Parameters<typeof setSignInCookies>[0]) => {
    if (!result.ok) return result
    const { value } = result
    setSignInCookies(reply, config, value)
    return ok({ user_id: value.user_id, user_name: value.user_name, card_id: value.card_id })
  }

  apiRoute(app, {
    path: '/api/user/send_verify_code',
    write: true,
    access: 'public',
    summary: 'Send an SMS verification code (purpose signup or reset_pwd)',
    params: S.SendVerifyCode,
    response: NoData,
    handler: (p, { req }) => sendVerifyCode(deps, p.mobile, p.purpose ?? 'signup', req.ip),
  })

  apiRoute(app, {
    path: '/api/user/signup',
    write: true,
    access: 'public',
    summary: 'Sign up with an SMS code; signs in',
    params: S.Signup,
    response: S.SignedInAnswer,
    handler: async (p, { req, reply }) => signedIn(await signup(deps, p.mobile, p.pwd, p.sms_verify, req.ip), reply),
  })

  apiRoute(app, {
    path: '/api/user/signin',
    write: true,
    access: 'public',
    summary: 'Sign in by mobile or user name',
    params: S.Signin,
    response: S.SignedInAnswer,
    handler: async (p, { req, reply }) => {
      const account = p.mobile_uer_name ?? p.mobile_user_name
      if (account === undefined) return missingParam('mobile_uer_name')
      return signedIn(await signin(deps, account, p.pwd, req.ip), reply)
    },
  })

  apiRoute(app, {
    path: '/api/user/signout',
    write: true,
    access: 'customer',
    summary: 'Sign out: clears the cookies and revokes the session',
    params: S.NoParams,
    response: NoData,
    handler: async (_p, { user, reply }) => {
      await signout(deps, user)
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
    response: NoData,
    handler: (p, { user, req }) => modifyPwd(deps, user, p.old_pwd, p.new_pwd, req.ip),
  })

  apiRoute(app, {
    path: '/api/user/reset_pwd',
    write: true,
    access: 'public',
    summary: 'Reset a forgotten password with a reset_pwd code; all sessions are revoked',
    params: S.ResetPwd,
    response: NoData,
    handler: (p, { req }) => resetPwd(deps, p.mobile, p.sms_verify, p.new_pwd, req.ip),
  })

  apiRoute(app, {
    path: '/api/user/modify_user_info',
    write: true,
    access: 'customer',
    summary: 'Change the user name and sex',
    params: S.ModifyUserInfo,
    response: NoData,
    handler: async (p, { user, reply }) => {
      const result = await modifyUserInfo(deps, user, p.new_user_name, p.sex)
      if (!result.ok) return result
      setUserNameCookie(reply, config, result.value.userName)
      return ok()
    },
  })

  apiRoute(app, {
    path: '/api/user/get_user_info',
    write: false,
    access: 'customer',
    summary: "The caller's profile",
    params: S.NoParams,
    response: S.UserInfo,
    handler: (_p, { user }) => getUserInfo(deps, user),
  })

  // request_auth is the name the original server's code (and its front end) used; both stay.
  for (const path of ['/api/user/set_auth', '/api/user/request_auth']) {
    apiRoute(app, {
      path,
      write: true,
      access: 'customer',
      summary: 'Submit real-name verification (back to pending)',
      params: S.SetAuth,
      response: NoData,
      handler: (p, { user }) => setAuth(deps, user, p),
    })
  }

  apiRoute(app, {
    path: '/api/user/get_auth',
    write: false,
    access: 'customer',
    summary: "The caller's verification record and status",
    params: S.NoParams,
    response: S.AuthAnswer,
    handler: (_p, { user }) => getAuth(deps, user),
  })
}
