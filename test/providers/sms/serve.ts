// Runs a fake provider until Ctrl-C, for trying sfm's real SMS path locally:
//   npx tsx test/providers/sms/serve.ts aliyun      (or tencent)
// then start sfm with the settings it prints; each message it takes is printed as it arrives.
import { FAKES, settingsFor } from './setup.ts'

const name = process.argv[2] ?? 'aliyun'
const start = FAKES.find(([n]) => n === name)?.[1]
if (!start) {
  console.error(`usage: serve.ts ${FAKES.map(([n]) => n).join('|')}`)
  process.exit(2)
}
const fake = await start()
const env = Object.entries(settingsFor(fake))
  .map(([k, v]) => `${k}='${v}'`)
  .join(' ')
console.log(`fake ${name} SMS at ${fake.url}; start sfm with:\n\n${env} npm start\n`)
let shown = 0
setInterval(() => {
  for (const m of fake.sent.slice(shown)) console.log(`[${name}] to ${m.mobile}: ${m.text}`)
  shown = fake.sent.length
  for (const f of fake.authFailures.splice(0)) console.log(`[${name}] refused a request: ${f}`)
}, 200)
