import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { loadConfig } from '../../../src/config.ts'
import { AliyunSms, createSmsProvider, TencentSms } from '../../../src/providers/sms/index.ts'
import { ALIYUN_TEMPLATE_CODES } from './approved.ts'

const base = { SFM_SECRET: 'x'.repeat(32) }
const aliyun = {
  ...base,
  SMS_PROVIDER: 'aliyun',
  ALIYUN_ACCESS_KEY_ID: 'id',
  ALIYUN_ACCESS_KEY_SECRET: 'secret',
  ALIYUN_SMS_SIGN_NAME: '首付买',
}
const tencent = {
  ...base,
  SMS_PROVIDER: 'tencent',
  TENCENT_SECRET_ID: 'id',
  TENCENT_SECRET_KEY: 'key',
  TENCENT_SMS_SDK_APP_ID: '1400000001',
  TENCENT_SMS_SIGN_NAME: '首付买',
}
const { refund_done: _, after_sale_update: __, ...someCodes } = ALIYUN_TEMPLATE_CODES

test('SMS_PROVIDER: console by default, aliyun or tencent with every setting of theirs, nothing else', () => {
  const c = loadConfig(base)
  assert.equal(c.smsProvider, 'console')
  assert.equal(c.smsTimeoutMs, 5000)
  assert.equal(c.aliyun.endpoint, 'https://dysmsapi.aliyuncs.com')
  assert.equal(c.tencent.endpoint, 'https://sms.tencentcloudapi.com')
  assert.equal(c.tencent.region, 'ap-guangzhou')
  assert.throws(
    () => loadConfig({ ...base, SMS_PROVIDER: 'twilio' }),
    /SMS_PROVIDER: must be one of console, aliyun, tencent/,
  )
  assert.throws(
    () => loadConfig({ ...base, SMS_PROVIDER: 'aliyun', ALIYUN_SMS_SIGN_NAME: 'x' }),
    /ALIYUN_ACCESS_KEY_ID: must be set with SMS_PROVIDER=aliyun\nALIYUN_ACCESS_KEY_SECRET: must be set with SMS_PROVIDER=aliyun$/,
  )
  assert.throws(
    () => loadConfig({ ...base, SMS_PROVIDER: 'tencent' }),
    /TENCENT_SECRET_ID: .*\nTENCENT_SECRET_KEY: .*\nTENCENT_SMS_SDK_APP_ID: .*\nTENCENT_SMS_SIGN_NAME: must be set with SMS_PROVIDER=tencent/,
  )
  assert.throws(() => loadConfig({ ...aliyun, ALIYUN_SMS_ENDPOINT: 'dysmsapi.aliyuncs.com' }), /ALIYUN_SMS_ENDPOINT/)
  assert.equal(
    loadConfig({ ...tencent, TENCENT_SMS_ENDPOINT: 'http://127.0.0.1:9/' }).tencent.endpoint,
    'http://127.0.0.1:9',
  )
  assert.throws(() => loadConfig({ ...base, SMS_TIMEOUT_MS: '0' }), /SMS_TIMEOUT_MS/)
})

test('a provider whose templates are not all mapped is refused, naming the missing ones and any unknown', () => {
  assert.throws(
    () => createSmsProvider(loadConfig(aliyun)),
    /SMS_TEMPLATES has no template code for verify_code, reset_code/,
  )
  assert.throws(
    () => createSmsProvider(loadConfig({ ...aliyun, SMS_TEMPLATES: JSON.stringify(someCodes) })),
    /^Error: SMS_PROVIDER=aliyun: SMS_TEMPLATES has no template code for after_sale_update, refund_done$/,
  )
  assert.throws(
    () =>
      createSmsProvider(
        loadConfig({
          ...tencent,
          SMS_TEMPLATES: JSON.stringify({ ...ALIYUN_TEMPLATE_CODES, verfy_code: '1', refund_done: '' }),
        }),
      ),
    /no template code for refund_done; unknown template names verfy_code/,
  )
  assert.ok(
    createSmsProvider(loadConfig({ ...aliyun, SMS_TEMPLATES: JSON.stringify(ALIYUN_TEMPLATE_CODES) })) instanceof
      AliyunSms,
  )
  // The console renders the text itself: it needs none.
  assert.equal(createSmsProvider(loadConfig(base)).name, 'console')
})

test('SMS_TEMPLATES is JSON, or @file holding it', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'sfm-sms-')), 'templates.json')
  writeFileSync(file, JSON.stringify(ALIYUN_TEMPLATE_CODES))
  assert.ok(createSmsProvider(loadConfig({ ...tencent, SMS_TEMPLATES: `@${file}` })) instanceof TencentSms)
  assert.throws(
    () => loadConfig({ ...tencent, SMS_TEMPLATES: '@/no/such/file.json' }),
    /cannot read \/no\/such\/file\.json/,
  )
  assert.throws(() => loadConfig({ ...tencent, SMS_TEMPLATES: 'verify_code=1' }), /JSON object/)
  assert.throws(() => loadConfig({ ...tencent, SMS_TEMPLATES: '["a"]' }), /JSON object/)
})

test('the built server will not start with templates missing, and says which', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sfm-sms-start-'))
  const run = spawnSync(process.execPath, ['dist/server.js'], {
    env: {
      PATH: process.env.PATH,
      ...aliyun,
      SMS_TEMPLATES: JSON.stringify(someCodes),
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${join(dir, 'sfm.db')}`,
      PORT: '0',
      HOST: '127.0.0.1',
      WORKER_INTERVAL_MS: '0',
    },
    encoding: 'utf8',
    timeout: 20_000,
  })
  assert.notEqual(run.status, 0)
  assert.match(run.stdout + run.stderr, /no template code for after_sale_update, refund_done/)
})
