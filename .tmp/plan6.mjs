import SQLite from 'better-sqlite3'
const db = new SQLite('/tmp/seeded2.db')
const time = (label, st, ...p) => { for (let i=0;i<500;i++) st.all(...p); const t=performance.now(); const N=3000; for (let i=0;i<N;i++) st.all(...p); return `${label} ${((performance.now()-t)/N*1000).toFixed(1)}µs` }
const q = 'select * from orders where user_id = ? and status = ? order by create_time desc, order_id desc limit ? offset ?'
console.log(time('objects', db.prepare(q), 1, 1, 10, 0))
console.log(time('raw', db.prepare(q).raw(true), 1, 1, 10, 0))
console.log(time('ids', db.prepare(q.replace('*','order_id')), 1, 1, 10, 0))
console.log(time('ids+rowid', db.prepare(q.replace('*','order_id, rowid')), 1, 1, 10, 0))
console.log(time('3 cols from table', db.prepare(q.replace('*','order_id, pay_amount, address_text')), 1, 1, 10, 0))
console.log(time('by pk x10', db.prepare('select * from orders where order_id in (select order_id from orders where user_id = ? and status = ? order by create_time desc, order_id desc limit ? offset ?)'), 1, 1, 10, 0))
{
  const st = db.prepare(q).raw(true)
  const names = st.columns().map((c) => c.name)
  const build = new Function('r', `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(',')}}`)
  const wrapped = { all: (...p) => st.all(...p).map(build) }
  console.log(time('raw+codegen', wrapped, 1, 1, 10, 0))
  const wrapped2 = { all: (...p) => st.all(...p).map((r) => { const o = {}; for (let i = 0; i < names.length; i++) o[names[i]] = r[i]; return o }) }
  console.log(time('raw+loop', wrapped2, 1, 1, 10, 0))
}
