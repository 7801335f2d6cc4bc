export {
  adminActor,
  historyOf,
  SYSTEM,
  userActor,
  writeLog,
  type Actor,
  type LogAmount,
  type LogEntry,
} from './repo.ts'
export { LogEntryAnswer } from './schemas.ts'
