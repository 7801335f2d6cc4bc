explain analyze select * from orders where user_id = 1 and status = 1 order by create_time desc, order_id desc limit 10 offset 0;
explain analyze select count(*) from orders where user_id = 1 and status = 1;
explain analyze select orders.order_id from orders inner join users on users.id = orders.user_id left join repay_reminders on repay_reminders.order_id = orders.order_id where orders.state in (1,2,3) and orders.credit_held = 1 and orders.credit_card_state = 0 and orders.pay_time < extract(epoch from now())::bigint - 60*86400 and repay_reminders.order_id is null limit 100;
explain analyze select order_id from orders where state in (0, 99) and expire_time <= extract(epoch from now())::bigint order by expire_time limit 100;
