import { useState } from 'preact/hooks'
import { api } from '../api.js'
import { parseYuan, yuan, yuanInput } from '../format.js'
import { navigate } from '../router.js'
import { Confirm, Empty, Field, formValues, html, Loaded, Notice, Pager, Thumb, useAction, useLoad } from '../ui.js'

const PAGE_SIZE = 20

/** The form's words → save's parameters, or the first problem in words. */
function readSku(v, isNew) {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(v.sku_id ?? ''))
    return { problem: '商品编号只能用字母、数字和 _ . -,最多64个字符' }
  if (!v.name) return { problem: '请填写商品名称' }
  const realPrice = parseYuan(v.real_price)
  if (realPrice === null || realPrice <= 0) return { problem: '价格须为大于0的金额(元,最多两位小数)' }
  const parts = (v.first_pay ?? '').split(/[,,\s]+/).filter(Boolean)
  const firstPay = parts.map((p) => parseYuan(p))
  if (firstPay.length === 0 || firstPay.some((p) => p === null))
    return { problem: '首付选项须为金额(元),多个用逗号分开' }
  if (firstPay.some((p) => p > realPrice)) return { problem: '首付不能高于价格' }
  const postfee = parseYuan(v.postfee || '0')
  if (postfee === null) return { problem: '运费须为金额(元)' }
  if (!/^\d{1,10}$/.test(v.weight || '0')) return { problem: '重量须为整数克' }
  const images = (v.images ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
  const sku = {
    sku_id: v.sku_id,
    name: v.name,
    real_price: realPrice,
    first_pay: firstPay,
    postfee,
    weight: Number(v.weight || 0),
    images,
    on_sale: v.on_sale === 'on',
  }
  if (isNew) {
    if (!/^\d{1,10}$/.test(v.stock || '0')) return { problem: '库存须为不小于0的整数' }
    sku.stock = Number(v.stock || 0)
  }
  return { sku }
}

function SkuForm({ sku, onDone, onCancel }) {
  const isNew = !sku
  const action = useAction()
  const submit = (e) => {
    e.preventDefault()
    const { sku: input, problem } = readSku(formValues(e.currentTarget), isNew)
    if (problem) return action.setError(problem)
    action.run(async () => {
      await api.saveSku(input)
      onDone(`商品 ${input.sku_id} 已${isNew ? '创建' : '保存'}`)
    })
  }
  return html`<form class="panel" onSubmit=${submit} aria-label=${isNew ? '新建商品' : '编辑商品'}>
    <h3>${isNew ? '新建商品' : `编辑商品 ${sku.sku_id}`}</h3>
    <div class="form-grid">
      <${Field} label="商品编号"><input name="sku_id" defaultValue=${sku?.sku_id ?? ''} readonly=${!isNew} maxlength="64" /><//>
      <${Field} label="名称" wide><input name="name" defaultValue=${sku?.name ?? ''} maxlength="200" /><//>
      <${Field} label="价格(元)"><input name="real_price" defaultValue=${sku ? yuanInput(sku.real_price) : ''} inputmode="decimal" /><//>
      <${Field} label="首付选项(元,逗号分开)"><input name="first_pay" defaultValue=${sku ? sku.first_pay.map(yuanInput).join(', ') : ''} /><//>
      <${Field} label="运费(元)"><input name="postfee" defaultValue=${sku ? yuanInput(sku.postfee) : '0.00'} inputmode="decimal" /><//>
      <${Field} label="重量(克)"><input name="weight" defaultValue=${sku?.weight ?? 0} inputmode="numeric" /><//>
      ${isNew && html`<${Field} label="初始库存"><input name="stock" value="0" inputmode="numeric" /><//>`}
      <${Field} label="图片地址(每行一个)" wide><textarea name="images" rows="2" defaultValue=${(sku?.images ?? []).join('\n')}></textarea><//>
      <label class="check"><input type="checkbox" name="on_sale" defaultChecked=${sku ? sku.on_sale : true} /> 上架销售</label>
    </div>
    ${action.error && html`<${Notice} kind="error">${action.error}<//>`}
    <div class="row">
      <button class="primary" disabled=${action.busy}>${isNew ? '创建' : '保存'}</button>
      <button type="button" onClick=${onCancel}>取消</button>
    </div>
  </form>`
}

function SetStock({ sku, onDone, onCancel }) {
  const [text, setText] = useState(String(sku.stock))
  const action = useAction()
  const confirm = () => {
    if (!/^\d{1,10}$/.test(text.trim())) return action.setError('库存须为不小于0的整数')
    action.run(async () => {
      await api.setStock({ sku_id: sku.sku_id, stock: Number(text.trim()) })
      onDone(`商品 ${sku.sku_id} 的库存已设为 ${Number(text.trim())}`)
    })
  }
  return html`<${Confirm} title=${`设置库存:${sku.name}`} busy=${action.busy} error=${action.error} onConfirm=${confirm} onCancel=${onCancel}>
    <${Field} label="库存(件)"><input value=${text} onInput=${(e) => setText(e.currentTarget.value)} inputmode="numeric" /><//>
    <p class="muted">当前 ${sku.stock} 件。直接设为新的数量,不是增加。</p>
  <//>`
}

export function Skus({ params }) {
  const page = Math.max(1, Number(params.page) || 1)
  const onSale = params.on_sale === '1' || params.on_sale === '0' ? params.on_sale : ''
  const state = useLoad(() => api.skus({ on_sale: onSale, page, count: PAGE_SIZE }), [onSale, page])
  // null: no form; 'new': the create form; a SKU: editing it.
  const [editing, setEditing] = useState(null)
  const [stockOf, setStockOf] = useState(null)
  const [done, setDone] = useState(null)
  // Opening a form clears the last success message, so it cannot be read as this form's outcome.
  const edit = (sku) => {
    setDone(null)
    setEditing(sku)
    if (sku !== 'new') scrollTo(0, 0)
  }
  const openStock = (sku) => {
    setDone(null)
    setStockOf(sku)
  }
  const changed = (text) => {
    setEditing(null)
    setStockOf(null)
    setDone(text)
    state.reload()
  }

  return html`<h2>商品</h2>
    ${done && html`<${Notice} kind="ok">${done}<//>`}
    ${
      editing
        ? html`<${SkuForm} key=${editing === 'new' ? 'new' : editing.sku_id} sku=${editing === 'new' ? null : editing} onDone=${changed} onCancel=${() => setEditing(null)} />`
        : html`<div class="toolbar">
          <button class="primary" onClick=${() => edit('new')}>新建商品</button>
          <label class="check">显示
            <select aria-label="显示哪些商品" value=${onSale} onChange=${(e) => navigate('/skus', { on_sale: e.currentTarget.value })}>
              <option value="">全部商品</option><option value="1">在售</option><option value="0">已下架</option>
            </select>
          </label>
        </div>`
    }
    ${stockOf && html`<${SetStock} sku=${stockOf} onDone=${changed} onCancel=${() => setStockOf(null)} />`}
    <${Loaded} state=${state}>
      ${(data) => {
        const skus = data.sku_list
        return html`${
          skus.length === 0
            ? html`<${Empty}>还没有商品<//>`
            : html`<table class="list">
                <thead><tr><th></th><th>编号</th><th>名称</th><th class="num">价格</th><th>首付选项</th><th class="num">运费</th><th class="num">库存</th><th>状态</th><th></th></tr></thead>
                <tbody>
                  ${skus.map(
                    (s) => html`<tr>
                      <td><${Thumb} src=${s.images[0]} /></td>
                      <td class="mono">${s.sku_id}</td>
                      <td>${s.name}</td>
                      <td class="num">${yuan(s.real_price)}</td>
                      <td>${s.first_pay.map(yuan).join(' / ')}</td>
                      <td class="num">${yuan(s.postfee)}</td>
                      <td class="num">${s.stock}</td>
                      <td>${s.on_sale ? html`<span class="badge s1">在售</span>` : html`<span class="badge s4">已下架</span>`}</td>
                      <td class="actions-cell">
                        <button type="button" class="link" onClick=${() => edit(s)}>编辑</button>
                        <button type="button" class="link" onClick=${() => openStock(s)}>库存</button>
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
        }
          <${Pager} pagination=${data.pagination} onPage=${(p) => navigate('/skus', { on_sale: onSale, page: p })} />`
      }}
    <//>`
}
