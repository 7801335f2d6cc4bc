import SQLite from 'better-sqlite3'
const db = new SQLite('/tmp/seeded.db')
const q = (s, ...p) => { console.log(s); for (const r of db.prepare('explain query plan ' + s).all(...p)) console.log('   ', r.detail); const t=performance.now(); for (let i=0;i<200;i++) db.prepare(s).all(...p); console.log('    %s ms', ((performance.now()-t)/200).toFixed(3)) }
q('select count(*) as n from orders where user_id = ? and status = ?', 1, 1)
q('select * from orders where user_id = ? and status = ? order by create_time desc, order_id desc limit ? offset ?', 1, 1, 10, 0)
q('select * from orders where user_id = ? and state in (?, ?) and status = ? order by create_time desc, order_id desc limit ? offset ?', 1, 0, 99, 1, 10, 0)
q("select orders.order_id from orders inner join users on users.id = orders.user_id left join repay_reminders on repay_reminders.order_id = orders.order_id where orders.state in (1,2,3) and orders.credit_held = 1 and orders.credit_card_state = 0 and orders.pay_time < ? and repay_reminders.order_id is null limit 100", Math.floor(Date.now()/1000) - 60*86400)
q("select order_id from orders where state in (0, 99) and expire_time <= ? order by expire_time limit 100", Math.floor(Date.now()/1000))
q('select * from order_items where order_id in (?,?,?) order by id', '1','2','3')
