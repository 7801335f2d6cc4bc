import SQLite from 'better-sqlite3'
const db = new SQLite('/tmp/seeded2.db')
const time = (label, s, ...p) => { const st = db.prepare(s); for (let i=0;i<200;i++) st.all(...p); const t=performance.now(); const N=2000; for (let i=0;i<N;i++) st.all(...p); console.log(label, ((performance.now()-t)/N*1000).toFixed(1), 'µs') }
time('list star', 'select * from orders where user_id = ? and status = ? order by create_time desc, order_id desc limit ? offset ?', 1, 1, 10, 0)
time('list id only', 'select order_id from orders where user_id = ? and status = ? order by create_time desc, order_id desc limit ? offset ?', 1, 1, 10, 0)
time('list lit limit', 'select * from orders where user_id = ? and status = ? order by create_time desc, order_id desc limit 10 offset 0', 1, 1)
time('list one order', 'select * from orders where user_id = ? and status = ? order by create_time desc limit ? offset ?', 1, 1, 10, 0)
time('pk', 'select * from orders where order_id = ?', '1')
time('users pk', 'select * from users where id = ?', 1)
