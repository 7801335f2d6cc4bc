import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { freePort, launchChromium } from './browser.ts'
import { testApp, type TestApp } from '../helper.ts'

// The /admin console served on a real port, and Chromium to drive it; shared by the console's browser tests.
export const BOSS = { name: 'boss', pwd: 'boss-password-1' }

export interface ConsoleRun {
  t: TestApp
  base: string
  browser: Browser
  close(): Promise<void>
}

export async function startConsole(env: Record<string, string> = {}): Promise<ConsoleRun> {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const t = await testApp({
    CREDIT_DEFAULT_AMOUNT: '1000000',
    PUBLIC_BASE_URL: base,
    SFM_ADMIN_NAME: BOSS.name,
    SFM_ADMIN_PASSWORD: BOSS.pwd,
    ...env,
  })
  await t.app.listen({ host: '127.0.0.1', port })
  const browser = await launchChromium()
  return {
    t,
    base,
    browser,
    close: async () => {
      await browser.close()
      await t.close()
    },
  }
}

/** A phone's screen (an iPhone 12–15's CSS width), and a desk's. */
export const PHONE = { width: 390, height: 844 }
export const DESK = { width: 1280, height: 800 }

/** A browser of its own, signed in through the console's form; a page error fails the test. */
export async function signedIn(run: ConsoleRun, who: { name: string; pwd: string }, viewport = DESK): Promise<Page> {
  const context = await run.browser.newContext({ baseURL: run.base, viewport, locale: 'zh-CN' })
  const page = await context.newPage()
  page.on('pageerror', (err) => assert.fail(`the console threw: ${err.message}`))
  await page.goto('/admin')
  await page.getByLabel('账号').fill(who.name)
  await page.getByLabel('密码').fill(who.pwd)
  await page.getByRole('button', { name: '登录' }).click()
  await page.locator('header .who', { hasText: who.name }).waitFor()
  return page
}

/** SFM_SCREENSHOTS=<folder> keeps a full-page picture of what the test saw, to look at (and for the README: docs). */
export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  const folder = process.env.SFM_SCREENSHOTS
  if (!folder) return
  mkdirSync(folder, { recursive: true })
  await page.screenshot({ path: `${folder}/${name}.png`, fullPage })
}
