// Small pieces every page uses: htm bound to preact, loading data, running an action, paging.
import { h } from 'preact'
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import htm from 'htm'

export const html = htm.bind(h)

/**
 * Loads data for a page. A new query (deps) shows 加载中 rather than the last query's rows, which
 * would read as its answer; `reload` (after a change) keeps the rows on screen until the new
 * ones arrive. Errors are kept as words.
 */
export function useLoad(load, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true })
  const seq = useRef(0)
  const run = useCallback((keep) => {
    const mine = ++seq.current
    setState((s) => ({ data: keep ? s.data : null, error: null, loading: true }))
    load().then(
      (data) => mine === seq.current && setState({ data, error: null, loading: false }),
      (err) => mine === seq.current && setState({ data: null, error: err.message, loading: false }),
    )
  }, deps)
  useEffect(() => run(false), [run])
  return { ...state, reload: () => run(true) }
}

/** Runs one write at a time; `error` holds the server's words when it is refused. */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState(null)
  const run = async (fn) => {
    setBusy(true)
    setError(null)
    try {
      return await fn()
    } catch (err) {
      setError(err.message)
      return undefined
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, setError, run }
}

export function Notice({ kind = 'info', children }) {
  return html`<div class=${`notice ${kind}`} role=${kind === 'error' ? 'alert' : 'status'}>${children}</div>`
}

/** What a page shows while it loads, when it failed, or its content. */
export function Loaded({ state, children }) {
  if (state.error) return html`<${Notice} kind="error">${state.error}<//>`
  // No data yet: loading, or a new query whose load starts after this render (the page was showing a refusal).
  if (state.data == null) return html`<p class="muted">加载中…</p>`
  return children(state.data)
}

export function Field({ label, children, wide }) {
  return html`<label class=${wide ? 'field wide' : 'field'}><span>${label}</span>${children}</label>`
}

/** `pagination` as the API gives it: {page, allpage, count or total}. */
export function Pager({ pagination, onPage }) {
  if (!pagination) return null
  const page = Number(pagination.page) || 1
  const pages = Math.max(
    1,
    Number(pagination.allpage ?? Math.ceil((pagination.total ?? 0) / (pagination.count || 1))) || 1,
  )
  const total = pagination.total ?? pagination.count
  // A capped count ("10 000+"): more match than the server counted; an exact total would read them all.
  const more = pagination.capped === 1 ? '+' : ''
  const shown = total === undefined ? undefined : `${Number(total).toLocaleString('en-US').replace(/,/g, ' ')}${more}`
  return html`<nav class="pager" aria-label="分页">
    <button type="button" disabled=${page <= 1} onClick=${() => onPage(page - 1)}>上一页</button>
    <span>第 ${page} / ${pages}${more} 页${shown !== undefined ? ` · 共 ${shown} 条` : ''}</span>
    <button type="button" disabled=${page >= pages} onClick=${() => onPage(page + 1)}>下一页</button>
  </nav>`
}

/** A modal question: the change happens only on 确定. */
export function Confirm({ title, children, confirmText = '确定', danger, busy, error, onConfirm, onCancel }) {
  const ok = useRef(null)
  useEffect(() => ok.current?.focus(), [])
  const onKey = (e) => e.key === 'Escape' && onCancel()
  return html`<div class="overlay" onKeyDown=${onKey}>
    <div class="dialog" role="dialog" aria-modal="true" aria-label=${title}>
      <h3>${title}</h3>
      <div class="dialog-body">${children}</div>
      ${error && html`<${Notice} kind="error">${error}<//>`}
      <div class="actions">
        <button type="button" class=${danger ? 'danger' : 'primary'} ref=${ok} disabled=${busy} onClick=${onConfirm}>${confirmText}</button>
        <button type="button" disabled=${busy} onClick=${onCancel}>取消</button>
      </div>
    </div>
  </div>`
}

/**
 * A form's fields, held in state: each input shows exactly what the person typed, whatever
 * re-renders (an error shown, a list reloading, a field appearing). `text`, `select` and `check`
 * give an input its name, value and handler; `trimmed()` is what a submit sends.
 */
export function useForm(initial) {
  const [values, setValues] = useState(initial)
  const set = (name, value) => setValues((v) => ({ ...v, [name]: value }))
  return {
    values,
    set,
    text: (name) => ({ name, value: values[name] ?? '', onInput: (e) => set(name, e.currentTarget.value) }),
    select: (name) => ({ name, value: values[name] ?? '', onChange: (e) => set(name, e.currentTarget.value) }),
    check: (name) => ({ name, checked: Boolean(values[name]), onChange: (e) => set(name, e.currentTarget.checked) }),
    trimmed: () =>
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])),
    reset: () => setValues(initial),
  }
}

/**
 * Text that a customer (or anyone but this page) wrote, isolated from what stands beside it: a
 * right-to-left override (U+202E) in a name or a note cannot turn the mobile or the time next
 * to it around.
 */
export const T = ({ children }) => html`<bdi>${children}</bdi>`

/** A table that scrolls sideways inside its own box, so a phone-width page never gets wider than the phone. */
export const Scroll = ({ children }) => html`<div class="scroll">${children}</div>`

/** A product picture; an empty box when there is none or it does not load (a picture on another server). */
export function Thumb({ src }) {
  const [failed, setFailed] = useState(false)
  if (!src || failed) return html`<span class="thumb" aria-hidden="true"></span>`
  return html`<img class="thumb" src=${src} alt="" loading="lazy" onError=${() => setFailed(true)} />`
}

export const Empty = ({ children = '没有符合条件的记录' }) => html`<p class="empty">${children}</p>`
