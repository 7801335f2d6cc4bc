import assert from 'node:assert/strict'
import type { AdminRole } from '../src/http/auth.ts'
import { createAdmin } from '../src/modules/admin/accounts.ts'
import { SYSTEM } from '../src/modules/oplog/repo.ts'
import { type Client, type TestApp, okValue } from './helper.ts'

let adminSeq = 0

export interface TestAdmin {
  id: number
  name: string
  pwd: string
  client: Client
}

/** A new admin account of `role`; signed in on a client of its own unless `signIn` is false. */
export async function makeAdmin(t: TestApp, role: AdminRole = 'admin', signIn = true): Promise<TestAdmin> {
  const name = `${role}${process.pid}_${++adminSeq}`
  const pwd = 'admin-pass-1'
  const created = okValue(await createAdmin(t.db, SYSTEM, name, pwd, role, 'test'))
  const client = t.client()
  if (signIn) {
    const res = await client.post('/api/admin/signin', { name, pwd })
    assert.equal(res.code, 0, JSON.stringify(res.body))
  }
  return { id: created!.id, name, pwd, client }
}

/** The operate log of one target, oldest first. */
export const logOf = (t: TestApp, type: string, id: string | number) =>
  t.db
    .selectFrom('operate_log')
    .selectAll()
    .where('target_type', '=', type)
    .where('target_id', '=', String(id))
    .orderBy('id')
    .execute()
