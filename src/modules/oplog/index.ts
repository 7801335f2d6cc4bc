export { adminActor, historyOf, SYSTEM, userActor, writeLog, type Actor, type LogEntry } from './repo.ts'
export { LogEntryAnswer } from './schemas.ts'
