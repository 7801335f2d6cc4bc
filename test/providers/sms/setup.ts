import { ALIYUN_TEMPLATE_CODES, SIGN_NAME, TENCENT_TEMPLATE_CODES } from './approved.ts'
import { ALIYUN_KEY_ID, ALIYUN_SECRET, FakeAliyun, startFakeAliyun } from './fake-aliyun.ts'
import type { FakeProvider } from './fake-server.ts'
import { FakeTencent, startFakeTencent, TENCENT_APP_ID, TENCENT_SECRET_ID, TENCENT_SECRET_KEY } from './fake-tencent.ts'

/** The settings that point sfm at a fake provider, as a deployment would point it at the real one. */
export function settingsFor(fake: FakeProvider): Record<string, string> {
  if (fake instanceof FakeAliyun)
    return {
      SMS_PROVIDER: 'aliyun',
      ALIYUN_ACCESS_KEY_ID: ALIYUN_KEY_ID,
      ALIYUN_ACCESS_KEY_SECRET: ALIYUN_SECRET,
      ALIYUN_SMS_SIGN_NAME: SIGN_NAME,
      ALIYUN_SMS_ENDPOINT: fake.url,
      SMS_TEMPLATES: JSON.stringify(ALIYUN_TEMPLATE_CODES),
    }
  if (fake instanceof FakeTencent)
    return {
      SMS_PROVIDER: 'tencent',
      TENCENT_SECRET_ID,
      TENCENT_SECRET_KEY,
      TENCENT_SMS_SDK_APP_ID: TENCENT_APP_ID,
      TENCENT_SMS_SIGN_NAME: SIGN_NAME,
      TENCENT_SMS_ENDPOINT: fake.url,
      SMS_TEMPLATES: JSON.stringify(TENCENT_TEMPLATE_CODES),
    }
  throw new Error('unknown fake')
}

/** The secrets a log must never show, whichever provider. */
export const SECRETS = [ALIYUN_SECRET, TENCENT_SECRET_KEY]

export const FAKES = [
  ['aliyun', startFakeAliyun],
  ['tencent', startFakeTencent],
] as const
