import SQLite from 'better-sqlite3'
const db = new SQLite('/tmp/seeded2.db')
const time = (label, s, ...p) => { const st = db.prepare(s); for (let i=0;i<200;i++) st.all(...p); const t=performance.now(); const N=2000; for (let i=0;i<N;i++) st.all(...p); console.log(label, ((performance.now()-t)/N*1000).toFixed(1), 'µs'); for (const r of db.prepare('explain query plan ' + s).all(...p)) console.log('   ', r.detail) }
time('count', 'select count(*) as n from orders where user_id = ? and status = ?', 1, 1)
time('list', 'select * from orders where user_id = ? and status = ? order by create_time desc, order_id desc limit ? offset ?', 1, 1, 10, 0)
const ids = db.prepare('select order_id from orders where user_id = 1 order by create_time desc limit 10').all().map(r=>r.order_id)
time('items', `select * from order_items where order_id in (${ids.map(()=>'?').join(',')}) order by id`, ...ids)
