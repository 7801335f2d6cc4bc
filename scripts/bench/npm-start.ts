import { readFileSync } from 'node:fs'

/**
 * `npm start` (package.json): its settings (`NAME=value` before node) and node's flags, so every
 * server the bench starts runs as production's.
 */
export const NPM_START = (() => {
  const words = (
    JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }
  ).scripts.start.split(/\s+/)
  const node = words.indexOf('node')
  const env: Record<string, string> = Object.fromEntries(words.slice(0, node).map((kv) => kv.split('=', 2)))
  return { env, flags: words.slice(node + 1, words.indexOf('dist/server.js')) }
})()
