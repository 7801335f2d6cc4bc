import assert from 'node:assert/strict'
import { describe, test } from 'node:test'

// The coupon page's pure parts, in Node: what a typed form becomes, and how terms and times read.
describe('the console’s coupon form and words', async () => {
  const fmt = await import(new URL('../../src/admin-ui/web/format.js', import.meta.url).href)
  const { readCoupon } = await import(new URL('../../src/admin-ui/web/pages/coupons.js', import.meta.url).href)
  const form = (v: Record<string, string> = {}) => ({
    code: 'Spring2026',
    kind: 'amount',
    value: '20',
    min_amount: '',
    start: '2026-12-01T00:00',
    end: '2026-12-31T23:59',
    total_limit: '',
    per_user_limit: '',
    enabled: 'on',
    ...v,
  })

  test('a datetime-local value is a local minute; the end covers its whole minute (windows are inclusive)', () => {
    const start = Math.floor(new Date(2026, 11, 31, 23, 59).getTime() / 1000)
    assert.equal(fmt.minuteStart('2026-12-31T23:59'), start)
    assert.equal(fmt.minuteEnd('2026-12-31T23:59'), start + 59)
    assert.equal(fmt.localMinute(start + 59), '2026-12-31T23:59')
    assert.equal(fmt.localMinute(null), '')
    for (const bad of ['', '2026-12-31', '2026-12-31 23:59', 'soon']) assert.equal(fmt.minuteEnd(bad), undefined, bad)
  })

  test('terms read as people say them', () => {
    assert.equal(fmt.couponTerms({ kind: 'amount', value: 2050, max_off: 0 }), '减¥20.50')
    assert.equal(fmt.couponTerms({ kind: 'percent', value: 15, max_off: 0 }), '15%')
    assert.equal(fmt.couponTerms({ kind: 'percent', value: 15, max_off: 5000 }), '15%,最多减¥50.00')
    assert.equal(fmt.CHANNELS[-1], '无需支付')
  })

  test('a filled form becomes save’s parameters in fen and seconds, with the defaults of SPEC §6.6', () => {
    const { coupon } = readCoupon(form())
    assert.deepEqual(coupon, {
      code: 'Spring2026',
      kind: 'amount',
      value: 2000,
      max_off: 0,
      min_amount: 0,
      start_time: fmt.minuteStart('2026-12-01T00:00'),
      end_time: fmt.minuteEnd('2026-12-31T23:59'),
      total_limit: 0,
      per_user_limit: 1,
      enabled: 1,
    })
    const pct = readCoupon(
      form({
        kind: 'percent',
        value: '15',
        max_off: '50',
        min_amount: '1000.5',
        total_limit: '100',
        per_user_limit: '2',
        enabled: '',
      }),
    ).coupon
    assert.deepEqual(
      [pct.kind, pct.value, pct.max_off, pct.min_amount, pct.total_limit, pct.per_user_limit, pct.enabled],
      ['percent', 15, 5000, 100050, 100, 2, 0],
    )
  })

  test('each problem is named in words before anything is sent', () => {
    const problems: [Record<string, string>, RegExp][] = [
      [{ code: 'abc' }, /代码/],
      [{ code: '满减券码' }, /代码/],
      [{ value: '0' }, /减免金额/],
      [{ value: '1.234' }, /减免金额/],
      [{ kind: 'percent', value: '101' }, /1到100/],
      [{ kind: 'percent', value: '7.5' }, /1到100/],
      [{ kind: 'percent', value: '10', max_off: 'lots' }, /最多减免/],
      [{ min_amount: '-1' }, /门槛/],
      [{ start: '' }, /有效期/],
      [{ end: '2026-11-30T23:59' }, /结束时间不能早于/],
      [{ total_limit: '-1' }, /总次数/],
      [{ per_user_limit: '0' }, /每人次数/],
    ]
    for (const [v, words] of problems) assert.match(readCoupon(form(v)).problem ?? '', words, JSON.stringify(v))
  })
})
