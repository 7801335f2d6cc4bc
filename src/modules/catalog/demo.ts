/**
 * Demo goods so development's embedded shop works at once (prices in fen, first payments about
 * 10/20/30 %). No images: there is no image host behind them, and a picture of nothing is worse.
 */
export const DEMO_SKUS = [
  {
    sku_id: 'ad501',
    name: 'Apple iPhone 15 128GB 黑色',
    real_price: 599900,
    first_pay: [59900, 119900, 179900],
    postfee: 0,
    weight: 171,
    stock: 120,
  },
  {
    sku_id: 'ad502',
    name: '华为 Mate 60 Pro 12GB+512GB 雅川青',
    real_price: 699900,
    first_pay: [69900, 139900, 209900],
    postfee: 0,
    weight: 225,
    stock: 80,
  },
  {
    sku_id: 'ad503',
    name: '小米 Redmi Note 13 Pro 8GB+256GB',
    real_price: 149900,
    first_pay: [14900, 29900, 44900],
    postfee: 1000,
    weight: 187,
    stock: 300,
  },
  {
    sku_id: 'ad504',
    name: '联想 小新 Pro 14 轻薄笔记本 32GB+1TB',
    real_price: 549900,
    first_pay: [54900, 109900, 164900],
    postfee: 0,
    weight: 1460,
    stock: 40,
  },
  {
    sku_id: 'ad505',
    name: '索尼 WH-1000XM5 无线降噪耳机',
    real_price: 249900,
    first_pay: [24900, 49900, 74900],
    postfee: 800,
    weight: 250,
    stock: 60,
  },
  {
    sku_id: 'ad506',
    name: '任天堂 Switch OLED 游戏机 日版',
    real_price: 209900,
    first_pay: [20900, 41900, 62900],
    postfee: 1200,
    weight: 420,
    stock: 25,
  },
  {
    sku_id: 'ad507',
    name: '戴森 V12 Detect Slim 无绳吸尘器',
    real_price: 429000,
    first_pay: [42900, 85800, 128700],
    postfee: 2000,
    weight: 2200,
    stock: 15,
  },
]
