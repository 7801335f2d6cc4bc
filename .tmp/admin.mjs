import SQLite from 'better-sqlite3'
const db = new SQLite(process.argv[2])
const now = Math.floor(Date.now()/1000)
const t = (label, s, ...p) => { const st = db.prepare(s); st.all(...p); const T=performance.now(); const N=20; for (let i=0;i<N;i++) st.all(...p); console.log(label.padEnd(28), ((performance.now()-T)/N).toFixed(2), 'ms |', db.prepare('explain query plan '+s).all(...p).map(r=>r.detail).join(' / ')) }
t('count all join', 'select count(*) as n from orders inner join users on users.id = orders.user_id')
t('count all', 'select count(*) as n from orders')
t('list all', 'select orders.*, users.user_name, users.mobile as user_mobile from orders inner join users on users.id = orders.user_id order by orders.create_time desc, orders.order_id desc limit 20 offset 0')
t('count paid 7d', 'select count(*) as n from orders inner join users on users.id = orders.user_id where orders.create_time >= ? and orders.state in (1)', now-7*86400)
t('list paid 7d', 'select orders.*, users.user_name from orders inner join users on users.id = orders.user_id where orders.create_time >= ? and orders.state in (1) order by orders.create_time desc, orders.order_id desc limit 20', now-7*86400)
t('count mobile substr', "select count(*) as n from orders inner join users on users.id = orders.user_id where substr(users.mobile,1,9) = '138000012'")
t('count mobile range', "select count(*) as n from orders inner join users on users.id = orders.user_id where users.mobile >= '138000012' and users.mobile < '138000013' and substr(users.mobile,1,9) = '138000012'")
t('list mobile range', "select orders.*, users.user_name from orders inner join users on users.id = orders.user_id where users.mobile >= '138000012' and users.mobile < '138000013' and substr(users.mobile,1,9) = '138000012' order by orders.create_time desc, orders.order_id desc limit 20")
