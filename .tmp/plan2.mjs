import SQLite from 'better-sqlite3'
const db = new SQLite('/tmp/seeded2.db')
db.exec('create index orders_owed_idx on orders (credit_card_state, credit_held, pay_time)')
db.exec('create index orders_user_list_idx on orders (user_id, status, create_time, order_id)')
db.exec('analyze')
const q = (s, ...p) => { console.log(s); for (const r of db.prepare('explain query plan ' + s).all(...p)) console.log('   ', r.detail); const t=performance.now(); for (let i=0;i<200;i++) db.prepare(s).all(...p); console.log('    %s ms', ((performance.now()-t)/200).toFixed(3)) }
q('select * from orders where user_id = ? and status = ? order by create_time desc, order_id desc limit ? offset ?', 1, 1, 10, 0)
q('select * from orders where user_id = ? and status = ? order by create_time desc, order_id desc limit ? offset ?', 1, 1, 10, 990)
q('select * from orders where user_id = ? and state in (?, ?) and status = ? order by create_time desc, order_id desc limit ? offset ?', 1, 0, 99, 1, 10, 0)
q("select orders.order_id from orders inner join users on users.id = orders.user_id left join repay_reminders on repay_reminders.order_id = orders.order_id where orders.state in (1,2,3) and orders.credit_held = 1 and orders.credit_card_state = 0 and orders.pay_time < ? and repay_reminders.order_id is null limit 100", Math.floor(Date.now()/1000) - 60*86400)
