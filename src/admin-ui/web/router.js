// Hash routes (#/orders?page=2): the server serves one page, and back/forward keep the filters.
import { useEffect, useState } from 'preact/hooks'

export function parseHash(hash = location.hash) {
  const [path, qs = ''] = hash.replace(/^#/, '').split('?')
  return { path: path || '/', params: Object.fromEntries(new URLSearchParams(qs)) }
}

export function href(path, params = {}) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v))
  const s = q.toString()
  return `#${path}${s ? `?${s}` : ''}`
}

export function navigate(path, params) {
  location.hash = href(path, params)
}

export function useRoute() {
  const [route, setRoute] = useState(parseHash)
  useEffect(() => {
    const onChange = () => setRoute(parseHash())
    addEventListener('hashchange', onChange)
    return () => removeEventListener('hashchange', onChange)
  }, [])
  return route
}
