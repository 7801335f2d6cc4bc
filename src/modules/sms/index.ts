// Text messages that wait for no one: the outbox. Any module puts a message in it with
// enqueueSms, in the transaction of the event that causes it; the worker sends it
// (sendDueSms). Verification codes do not come here: they are sent while the customer waits.
export {
  enqueueSms,
  MAX_SMS_ATTEMPTS,
  sendDueSms,
  smsBackoffSeconds,
  SMS_LEASE_SECONDS,
  type OutboxDeps,
} from './outbox.ts'
export { default as smsAdminRoutes } from './routes.ts'
