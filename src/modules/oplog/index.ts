export { SYSTEM, userActor, writeLog, type Actor } from './repo.ts'
